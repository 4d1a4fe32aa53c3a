//! The IAM statements a chain's states need: collected once each, in the order first seen.
//! Every place that gathers statements (a state, a chain, a Parallel's or Map's branches)
//! goes through [`add_statement`].

use crate::iam::PolicyStatement;

/// Adds `statement` to `list` unless an equal statement is there already.
pub(crate) fn add_statement(list: &mut Vec<PolicyStatement>, statement: PolicyStatement) {
    if !list.contains(&statement) {
        list.push(statement);
    }
}

/// Adds each of `statements` to `list` unless present.
pub(crate) fn add_statements(
    list: &mut Vec<PolicyStatement>,
    statements: impl IntoIterator<Item = PolicyStatement>,
) {
    for s in statements {
        add_statement(list, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdk_core::Expr;

    #[test]
    fn each_statement_once_in_first_seen_order() {
        let a = PolicyStatement::allow(["s3:GetObject"], [Expr::from("arn:aws:s3:::b/*")]);
        let b = PolicyStatement::allow(["sns:Publish"], [Expr::from("arn:aws:sns:us-east-1:1:t")]);
        let mut list = vec![a.clone()];
        add_statements(&mut list, [b.clone(), a.clone(), b.clone()]);
        assert_eq!(list, [a, b]);
    }
}
