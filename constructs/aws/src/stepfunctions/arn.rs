//! ARNs built with the partition (`arn:${AWS::Partition}:...`), never `arn:aws:` literals, so
//! that templates deploy in `aws-cn` and `aws-us-gov` too.

use cdk_core::Expr;

/// The ARN of a service integration, `arn:${AWS::Partition}:states:::{integration}` (for
/// example `lambda:invoke`, `states:startExecution.sync:2`).
///
/// ```
/// use cdk_aws::stepfunctions::integration_arn;
/// let arn = integration_arn("sns:publish");
/// assert_eq!(arn, cdk_core::Expr::sub("arn:${AWS::Partition}:states:::sns:publish", Vec::<(String, cdk_core::Expr)>::new()));
/// ```
pub fn integration_arn(integration: &str) -> Expr {
    Expr::sub(
        format!("arn:${{AWS::Partition}}:states:::{integration}"),
        Vec::<(String, Expr)>::new(),
    )
}

/// An ARN in this stack's partition, region and account:
/// `arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:{resource}`.
pub(crate) fn regional_arn(service: &str, resource: &str) -> Expr {
    Expr::sub(
        format!(
            "arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"
        ),
        Vec::<(String, Expr)>::new(),
    )
}

/// The name a `DefinitionSubstitutions` entry gets for an integration ARN:
/// `arn:${AWS::Partition}:states:::lambda:invoke` → `LambdaInvokeArn`.
pub(crate) fn substitution_label(expr: &Expr) -> Option<String> {
    let Expr::Sub(template, vars) = expr else {
        return None;
    };
    let rest = template.strip_prefix("arn:${AWS::Partition}:states:::")?;
    if !vars.is_empty() {
        return None;
    }
    let mut label = String::new();
    for word in rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            label.push(first.to_ascii_uppercase());
            label.push_str(chars.as_str());
        }
    }
    label.push_str("Arn");
    Some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            substitution_label(&integration_arn("lambda:invoke")).as_deref(),
            Some("LambdaInvokeArn")
        );
        assert_eq!(
            substitution_label(&integration_arn("states:startExecution.sync:2")).as_deref(),
            Some("StatesStartExecutionSync2Arn")
        );
        assert_eq!(substitution_label(&Expr::from("x")), None);
    }
}
