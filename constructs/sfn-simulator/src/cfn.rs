//! State machine definitions found in a synthesized CloudFormation template, made runnable:
//! `DefinitionSubstitutions` are replaced by placeholders (an ARN for keys ending in `Arn`, the
//! key itself otherwise), `Fn::Sub` of pseudo parameters is resolved with `aws`, `us-east-1`
//! and `123456789012`.

use serde_json::Value;

/// A state machine of a template.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateStateMachine {
    /// Its logical ID.
    pub logical_id: String,
    /// Its `StateMachineName`, when the template fixes one.
    pub name: Option<String>,
    /// Its definition, substituted.
    pub definition: Value,
}

/// The partition, region and account the placeholders use.
pub const PARTITION: &str = "aws";
/// The region the placeholders use.
pub const REGION: &str = "us-east-1";
/// The account the placeholders use.
pub const ACCOUNT: &str = "123456789012";

/// Every `AWS::StepFunctions::StateMachine` of `template` with a runnable definition.
///
/// ```
/// use cdk_sfn_simulator::cfn::state_machines;
/// let template = serde_json::json!({"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
///     "Definition": {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${FnArn}", "End": true},}},
///     "DefinitionSubstitutions": {"FnArn": {"Fn::GetAtt": ["Fn", "Arn"]}}}}}});
/// let machines = state_machines(&template);
/// assert_eq!(machines[0].definition["States"]["A"]["Resource"], "arn:aws:lambda:us-east-1:123456789012:function:Fn");
/// ```
pub fn state_machines(template: &Value) -> Vec<TemplateStateMachine> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::StepFunctions::StateMachine")
        .filter_map(|(id, r)| {
            let props = &r["Properties"];
            let definition = match (&props["Definition"], &props["DefinitionString"]) {
                (d @ Value::Object(_), _) => d.clone(),
                (_, Value::String(s)) => serde_json::from_str(s).ok()?,
                _ => return None,
            };
            let mut text = definition.to_string();
            if let Some(subs) = props["DefinitionSubstitutions"].as_object() {
                for (key, value) in subs {
                    let replacement = placeholder(key, value);
                    // The replacement goes inside a JSON string.
                    let escaped = Value::String(replacement).to_string();
                    let escaped = &escaped[1..escaped.len() - 1];
                    text = text.replace(&format!("${{{key}}}"), escaped);
                }
            }
            Some(TemplateStateMachine {
                logical_id: id.clone(),
                name: props["StateMachineName"].as_str().map(str::to_string),
                definition: serde_json::from_str(&text).ok()?,
            })
        })
        .collect()
}

/// The placeholder of one substitution.
fn placeholder(key: &str, value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Object(m) => match m.get("Fn::Sub") {
            Some(Value::String(t)) => resolve_sub(t, &serde_json::Map::new()),
            Some(Value::Array(a)) => match (
                a.first().and_then(Value::as_str),
                a.get(1).and_then(Value::as_object),
            ) {
                (Some(t), Some(vars)) => resolve_sub(t, vars),
                _ => reference_placeholder(key),
            },
            _ => match m.get("Ref").and_then(Value::as_str) {
                Some("AWS::Partition") => PARTITION.into(),
                Some("AWS::Region") => REGION.into(),
                Some("AWS::AccountId") => ACCOUNT.into(),
                _ => reference_placeholder(key),
            },
        },
        _ => reference_placeholder(key),
    }
}

fn reference_placeholder(key: &str) -> String {
    match key.strip_suffix("Arn") {
        Some(name) => format!("arn:{PARTITION}:lambda:{REGION}:{ACCOUNT}:function:{name}"),
        None => key.to_string(),
    }
}

fn resolve_sub(template: &str, vars: &serde_json::Map<String, Value>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &rest[start + 2..start + end];
        out.push_str(&match name {
            "AWS::Partition" => PARTITION.to_string(),
            "AWS::Region" => REGION.to_string(),
            "AWS::AccountId" => ACCOUNT.to_string(),
            "AWS::URLSuffix" => "amazonaws.com".to_string(),
            other => vars
                .get(other)
                .map_or_else(|| other.to_string(), |v| placeholder(other, v)),
        });
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}
