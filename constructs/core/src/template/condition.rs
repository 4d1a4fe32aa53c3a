//! [`CfnCondition`]: a named condition of a stack, for `Fn::If` and resources' `Condition`.

use super::expr::{Expr, Target};
use crate::error::ConstructError;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

/// A condition: an expression of `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and other
/// conditions, evaluated at deploy time.
///
/// ```
/// use cdk_core::{App, CfnCondition, CfnParameter, CfnParameterProps, CfnResource, Expr,
///     ParameterType, Pseudo, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let env = CfnParameter::new(&stack, "Env", CfnParameterProps::new(ParameterType::String))?;
/// let prod = CfnCondition::new(&stack, "IsProd", Expr::condition_equals(env.value(), "prod"))?;
/// let table = CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table")?;
/// table.set_property("DeletionProtectionEnabled",
///     Expr::condition_if(&prod, true, Expr::pseudo(Pseudo::NoValue)));
/// let alarm = CfnResource::new(&stack, "Alarm", "AWS::SNS::Topic")?;
/// alarm.set_condition(&prod);
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Conditions"]["IsProd"]["Fn::Equals"][1], "prod");
/// assert_eq!(t["Resources"]["Alarm"]["Condition"], "IsProd");
/// assert_eq!(t["Resources"]["Table"]["Properties"]["DeletionProtectionEnabled"]["Fn::If"][0], "IsProd");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnCondition {
    node: Node,
}

impl Construct for CfnCondition {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnCondition {
    /// A condition of the stack `scope` is in.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        expression: Expr,
    ) -> Result<CfnCondition, ConstructError> {
        let scope = scope.node();
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path: join_path(&scope.path(), id),
                message: "a condition must be created inside a stack".into(),
            });
        }
        let problems = check_condition(&expression);
        let node = scope.add_child(
            id,
            NodeKind::Condition(Box::new(expression)),
            "CfnCondition",
        )?;
        if !problems.is_empty() {
            node.add_validation(move || problems.clone());
        }
        Ok(CfnCondition { node }.registered())
    }

    /// This condition inside another condition function (`{"Condition": name}`).
    pub fn reference(&self) -> Expr {
        Expr::Condition(self.target())
    }

    pub(crate) fn target(&self) -> Target {
        self.node.target()
    }
}

/// A condition must be a condition function or a reference to another condition, and `Fn::And`
/// and `Fn::Or` take 2 to 10.
fn check_condition(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    match e {
        Expr::Equals(..) | Expr::Condition(_) => {}
        Expr::Not(inner) => out.extend(check_condition(inner)),
        Expr::And(items) | Expr::Or(items) => {
            if !(2..=10).contains(&items.len()) {
                out.push(format!(
                    "Fn::And and Fn::Or take 2 to 10 conditions, not {}",
                    items.len()
                ));
            }
            items.iter().for_each(|i| out.extend(check_condition(i)));
        }
        _ => out.push(
            "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or another condition (Expr::condition_equals, ...)"
                .into(),
        ),
    }
    out
}
