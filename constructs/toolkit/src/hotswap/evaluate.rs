//! Resolving a template's values as CloudFormation would for the deployed stack: `Ref` of a
//! resource is its physical ID (DescribeStackResources), of a parameter its deployed value,
//! of a pseudo parameter the stack's region, account, partition, ...; `Fn::GetAtt` is read
//! from a deployed output whose value is the same expression, else built from the physical ID
//! for the attributes whose form AWS documents (a function's, role's, table's, log group's,
//! queue's, bucket's ARN, ...); `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`,
//! `Fn::FindInMap`, `Fn::Base64`, `Fn::ToJsonString` are evaluated; `Fn::ImportValue` reads the
//! region's exports (ListExports). Anything else (conditions, `Fn::GetAZs`, an attribute whose
//! form is not known) is [`Unresolved`], and the change that needs it is not hotswapped.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::cfn::{StackInfo, StackResourceInfo};

/// A value that cannot be resolved without CloudFormation, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// The expression, as JSON (cut at 120 characters).
    pub expression: String,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} cannot be resolved: {}", self.expression, self.reason)
    }
}

fn unresolved(expression: &Value, reason: impl Into<String>) -> Unresolved {
    let mut text = expression.to_string();
    if text.chars().count() > 120 {
        text = text.chars().take(117).collect::<String>() + "...";
    }
    Unresolved {
        expression: text,
        reason: reason.into(),
    }
}

type Result<T> = std::result::Result<T, Unresolved>;

/// What resolves a stack's values: the deployed stack, its resources and the region's exports.
#[derive(Clone, Debug, Default)]
pub struct Evaluator {
    stack_name: String,
    stack_id: String,
    partition: String,
    region: String,
    account: String,
    /// logical ID → (physical ID, type)
    resources: IndexMap<String, (String, String)>,
    parameters: IndexMap<String, String>,
    /// (the deployed template's expression of an output, its deployed value)
    outputs: Vec<(Value, String)>,
    exports: Option<IndexMap<String, String>>,
    mappings: Value,
}

/// The parts of a stack ARN: `arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/NAME/ID`.
pub fn stack_arn_parts(arn: &str) -> Option<(String, String, String)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "cloudformation", region, account, _] => Some((
            partition.to_string(),
            region.to_string(),
            account.to_string(),
        )),
        _ => None,
    }
}

impl Evaluator {
    /// The evaluator of a deployed stack: `stack` as DescribeStacks gave it, its `resources`
    /// (DescribeStackResources), its `deployed` template (for its outputs' expressions) and
    /// the `new` one (for its mappings). Exports are given with [`Evaluator::with_exports`]
    /// when a value needs them ([`needs_exports`]).
    pub fn new(
        stack: &StackInfo,
        resources: &[StackResourceInfo],
        deployed: &Value,
        new: &Value,
    ) -> Evaluator {
        let (partition, region, account) =
            stack_arn_parts(&stack.id).unwrap_or(("aws".into(), String::new(), String::new()));
        let outputs = deployed["Outputs"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(key, o)| {
                let value = stack.outputs.get(key)?;
                Some((o.get("Value")?.clone(), value.clone()))
            })
            .collect();
        Evaluator {
            stack_name: stack.name.clone(),
            stack_id: stack.id.clone(),
            partition,
            region,
            account,
            resources: resources
                .iter()
                .map(|r| {
                    (
                        r.logical_id.clone(),
                        (r.physical_id.clone(), r.resource_type.clone()),
                    )
                })
                .collect(),
            parameters: stack.parameters.clone(),
            outputs,
            exports: None,
            mappings: new["Mappings"].clone(),
        }
    }

    /// The region's exports (ListExports): name → value.
    pub fn with_exports(mut self, exports: IndexMap<String, String>) -> Evaluator {
        self.exports = Some(exports);
        self
    }

    /// The stack's region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The stack's account.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The physical ID of a resource of the deployed stack.
    pub fn physical_id(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id).map(|(p, _)| p.as_str())
    }

    /// The value with every intrinsic resolved (`AWS::NoValue` removes the key or item it is
    /// in; a value that is `AWS::NoValue` itself resolves to `null`).
    pub fn resolve(&self, value: &Value) -> Result<Value> {
        Ok(self.eval(value)?.unwrap_or(Value::Null))
    }

    /// `None`: `AWS::NoValue`.
    fn eval(&self, value: &Value) -> Result<Option<Value>> {
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(v) = self.eval(item)? {
                        out.push(v);
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            Value::Object(o) => match intrinsic(o) {
                Some((name, arg)) => self.intrinsic(value, name, arg),
                None => {
                    let mut out = Map::new();
                    for (k, v) in o {
                        if let Some(v) = self.eval(v)? {
                            out.insert(k.clone(), v);
                        }
                    }
                    Ok(Some(Value::Object(out)))
                }
            },
            other => Ok(Some(other.clone())),
        }
    }

    fn string(&self, whole: &Value, value: &Value) -> Result<String> {
        match self.resolve(value)? {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(unresolved(whole, format!("{other} is not a string"))),
        }
    }

    fn list(&self, whole: &Value, value: &Value) -> Result<Vec<Value>> {
        match self.resolve(value)? {
            Value::Array(items) => Ok(items),
            other => Err(unresolved(whole, format!("{other} is not a list"))),
        }
    }

    fn intrinsic(&self, whole: &Value, name: &str, arg: &Value) -> Result<Option<Value>> {
        let s = |v: String| Ok(Some(Value::String(v)));
        match name {
            "Ref" => {
                let Some(target) = arg.as_str() else {
                    return Err(unresolved(whole, "Ref takes a name"));
                };
                if target == "AWS::NoValue" {
                    return Ok(None);
                }
                self.reference(whole, target).and_then(s)
            }
            "Fn::GetAtt" => {
                let (resource, attribute) = match arg {
                    Value::Array(a) if a.len() == 2 => (
                        a[0].as_str().unwrap_or_default().to_string(),
                        self.string(whole, &a[1])?,
                    ),
                    Value::String(dotted) => match dotted.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => {
                            return Err(unresolved(whole, "Fn::GetAtt takes RESOURCE.ATTRIBUTE"))
                        }
                    },
                    _ => return Err(unresolved(whole, "Fn::GetAtt takes [RESOURCE, ATTRIBUTE]")),
                };
                if let Some(v) = self.output_value(whole) {
                    return s(v);
                }
                self.attribute(whole, &resource, &attribute).and_then(s)
            }
            "Fn::Join" => {
                let Some([delimiter, items]) = arg
                    .as_array()
                    .map(Vec::as_slice)
                    .and_then(|a| <&[Value; 2]>::try_from(a).ok())
                else {
                    return Err(unresolved(whole, "Fn::Join takes [DELIMITER, [VALUES]]"));
                };
                let delimiter = self.string(whole, delimiter)?;
                let mut parts = Vec::new();
                for item in self.list(whole, items)? {
                    parts.push(self.string(whole, &item)?);
                }
                s(parts.join(&delimiter))
            }
            "Fn::Sub" => {
                let (text, vars) = match arg {
                    Value::String(t) => (t.clone(), Map::new()),
                    Value::Array(a) if a.len() == 2 => (
                        a[0].as_str().unwrap_or_default().to_string(),
                        a[1].as_object().cloned().unwrap_or_default(),
                    ),
                    _ => {
                        return Err(unresolved(
                            whole,
                            "Fn::Sub takes a string or [STRING, {VARIABLES}]",
                        ))
                    }
                };
                self.sub(whole, &text, &vars).and_then(s)
            }
            "Fn::Select" => {
                let Some([index, items]) = arg
                    .as_array()
                    .map(Vec::as_slice)
                    .and_then(|a| <&[Value; 2]>::try_from(a).ok())
                else {
                    return Err(unresolved(whole, "Fn::Select takes [INDEX, [VALUES]]"));
                };
                let index: usize = self
                    .string(whole, index)?
                    .parse()
                    .map_err(|_| unresolved(whole, "the index is not a number"))?;
                let items = self.list(whole, items)?;
                items.get(index).cloned().map(Some).ok_or_else(|| {
                    unresolved(whole, format!("index {index} of a list of {}", items.len()))
                })
            }
            "Fn::Split" => {
                let Some([delimiter, text]) = arg
                    .as_array()
                    .map(Vec::as_slice)
                    .and_then(|a| <&[Value; 2]>::try_from(a).ok())
                else {
                    return Err(unresolved(whole, "Fn::Split takes [DELIMITER, STRING]"));
                };
                let delimiter = self.string(whole, delimiter)?;
                let text = self.string(whole, text)?;
                Ok(Some(Value::Array(
                    text.split(delimiter.as_str())
                        .map(|p| Value::String(p.to_string()))
                        .collect(),
                )))
            }
            "Fn::ImportValue" => {
                let export = self.string(whole, arg)?;
                match &self.exports {
                    Some(exports) => exports
                        .get(&export)
                        .cloned()
                        .ok_or_else(|| {
                            unresolved(
                                whole,
                                format!("no export named {export} in {}", self.region),
                            )
                        })
                        .and_then(s),
                    None => Err(unresolved(whole, "the region's exports were not read")),
                }
            }
            "Fn::FindInMap" => {
                let Some(args) = arg.as_array().filter(|a| a.len() == 3) else {
                    return Err(unresolved(whole, "Fn::FindInMap takes [MAP, KEY, KEY]"));
                };
                let (map, first, second) = (
                    self.string(whole, &args[0])?,
                    self.string(whole, &args[1])?,
                    self.string(whole, &args[2])?,
                );
                let found = &self.mappings[&map][&first][&second];
                if found.is_null() {
                    return Err(unresolved(
                        whole,
                        format!("no {map}.{first}.{second} in the template's Mappings"),
                    ));
                }
                Ok(Some(found.clone()))
            }
            "Fn::Base64" => s(base64(self.string(whole, arg)?.as_bytes())),
            "Fn::ToJsonString" => Ok(Some(Value::String(self.resolve(arg)?.to_string()))),
            "Fn::If" | "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition" => Err(
                unresolved(whole, "conditions are evaluated by CloudFormation only"),
            ),
            other => Err(unresolved(
                whole,
                format!("{other} is not evaluated by the toolkit"),
            )),
        }
    }

    /// The deployed value of an output whose expression is exactly this one.
    fn output_value(&self, expression: &Value) -> Option<String> {
        self.outputs
            .iter()
            .find(|(e, _)| e == expression)
            .map(|(_, v)| v.clone())
    }

    fn reference(&self, whole: &Value, target: &str) -> Result<String> {
        let pseudo = match target {
            "AWS::Region" => Some(self.region.clone()),
            "AWS::AccountId" => Some(self.account.clone()),
            "AWS::Partition" => Some(self.partition.clone()),
            "AWS::StackName" => Some(self.stack_name.clone()),
            "AWS::StackId" => Some(self.stack_id.clone()),
            "AWS::URLSuffix" => Some(url_suffix(&self.partition).to_string()),
            _ => None,
        };
        if let Some(v) = pseudo.filter(|v| !v.is_empty()) {
            return Ok(v);
        }
        if let Some(v) = self.parameters.get(target) {
            if v == "****" {
                return Err(unresolved(
                    whole,
                    format!("parameter {target} is NoEcho: CloudFormation does not show its value"),
                ));
            }
            return Ok(v.clone());
        }
        if let Some((physical, _)) = self.resources.get(target) {
            return Ok(physical.clone());
        }
        Err(unresolved(
            whole,
            format!(
                "{target} is neither a resource of the deployed stack nor one of its parameters"
            ),
        ))
    }

    fn attribute(&self, whole: &Value, resource: &str, attribute: &str) -> Result<String> {
        let Some((id, resource_type)) = self.resources.get(resource) else {
            return Err(unresolved(
                whole,
                format!("{resource} is not a resource of the deployed stack"),
            ));
        };
        let (p, r, a) = (&self.partition, &self.region, &self.account);
        let last = |sep: char| id.rsplit(sep).next().unwrap_or(id).to_string();
        let known = match (resource_type.as_str(), attribute) {
            ("AWS::Lambda::Function", "Arn") => {
                Some(format!("arn:{p}:lambda:{r}:{a}:function:{id}"))
            }
            ("AWS::IAM::Role", "Arn") => Some(format!("arn:{p}:iam::{a}:role/{id}")),
            ("AWS::IAM::Role", "RoleId") => None,
            ("AWS::Logs::LogGroup", "Arn") => {
                Some(format!("arn:{p}:logs:{r}:{a}:log-group:{id}:*"))
            }
            ("AWS::DynamoDB::Table", "Arn") => Some(format!("arn:{p}:dynamodb:{r}:{a}:table/{id}")),
            ("AWS::StepFunctions::StateMachine", "Arn") => Some(id.clone()),
            ("AWS::StepFunctions::StateMachine", "Name") => Some(last(':')),
            ("AWS::SNS::Topic", "TopicArn") => Some(id.clone()),
            ("AWS::SNS::Topic", "TopicName") => Some(last(':')),
            ("AWS::SQS::Queue", "Arn") => Some(format!("arn:{p}:sqs:{r}:{a}:{}", last('/'))),
            ("AWS::SQS::Queue", "QueueUrl") => Some(id.clone()),
            ("AWS::SQS::Queue", "QueueName") => Some(last('/')),
            ("AWS::S3::Bucket", "Arn") => Some(format!("arn:{p}:s3:::{id}")),
            ("AWS::S3::Bucket", "DomainName") => Some(format!("{id}.s3.{}", url_suffix(p))),
            ("AWS::S3::Bucket", "RegionalDomainName") => {
                Some(format!("{id}.s3.{r}.{}", url_suffix(p)))
            }
            ("AWS::Events::Rule", "Arn") => Some(format!("arn:{p}:events:{r}:{a}:rule/{id}")),
            ("AWS::SSM::Parameter", "Type") => None,
            _ => None,
        };
        known.filter(|v| !v.is_empty()).ok_or_else(|| {
            unresolved(
                whole,
                format!(
                    "the toolkit does not know how to find the {attribute} of a {resource_type}, and no output of the deployed stack holds it"
                ),
            )
        })
    }

    fn sub(&self, whole: &Value, text: &str, vars: &Map<String, Value>) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(unresolved(whole, "an unclosed ${ in Fn::Sub"));
            };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.get(name) {
                out.push_str(&self.string(whole, v)?);
            } else if let Some((resource, attribute)) = name.split_once('.') {
                let expr = serde_json::json!({"Fn::GetAtt": [resource, attribute]});
                match self.output_value(&expr) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&self.attribute(whole, resource, attribute)?),
                }
            } else {
                out.push_str(&self.reference(whole, name)?);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// True when resolving `value` needs the region's exports.
pub fn needs_exports(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(needs_exports),
        Value::Object(o) => o.contains_key("Fn::ImportValue") || o.values().any(needs_exports),
        _ => false,
    }
}

fn intrinsic(o: &Map<String, Value>) -> Option<(&str, &Value)> {
    if o.len() != 1 {
        return None;
    }
    let (k, v) = o.iter().next()?;
    (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then_some((k.as_str(), v))
}

fn url_suffix(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "amazonaws.com.cn",
        _ => "amazonaws.com",
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{ResourceStatus, StackStatus};
    use serde_json::json;

    fn evaluator() -> Evaluator {
        let stack = StackInfo {
            id: "arn:aws:cloudformation:eu-west-1:123456789012:stack/Bot/1".into(),
            name: "Bot".into(),
            status: StackStatus::UpdateComplete,
            reason: None,
            outputs: [("MachineName".to_string(), "Machine-x1".to_string())]
                .into_iter()
                .collect(),
            tags: IndexMap::new(),
            termination_protection: false,
            parameters: [
                ("Stage".to_string(), "prod".to_string()),
                ("Token".to_string(), "****".to_string()),
            ]
            .into_iter()
            .collect(),
            exports: IndexMap::new(),
            created: None,
            last_updated: None,
        };
        let resource = |l: &str, p: &str, t: &str| StackResourceInfo {
            logical_id: l.into(),
            physical_id: p.into(),
            resource_type: t.into(),
            status: ResourceStatus::CreateComplete,
        };
        let deployed =
            json!({"Outputs": {"MachineName": {"Value": {"Fn::GetAtt": ["Machine", "Name"]}}}});
        Evaluator::new(
            &stack,
            &[
                resource("Fn", "Bot-Fn-1", "AWS::Lambda::Function"),
                resource("Role", "Bot-Role-1", "AWS::IAM::Role"),
                resource(
                    "Machine",
                    "arn:aws:states:eu-west-1:123456789012:stateMachine:Machine-x1",
                    "AWS::StepFunctions::StateMachine",
                ),
                resource(
                    "Queue",
                    "https://sqs.eu-west-1.amazonaws.com/123456789012/Bot-Queue-1",
                    "AWS::SQS::Queue",
                ),
            ],
            &deployed,
            &json!({"Mappings": {"Sizes": {"prod": {"Memory": 512}}}}),
        )
        .with_exports(
            [("Data:Table".to_string(), "tweets".to_string())]
                .into_iter()
                .collect(),
        )
    }

    #[test]
    fn references_attributes_and_functions_resolve_from_the_deployed_stack() {
        let e = evaluator();
        let cases = [
            (json!({"Ref": "Fn"}), json!("Bot-Fn-1")),
            (json!({"Ref": "Stage"}), json!("prod")),
            (json!({"Ref": "AWS::Region"}), json!("eu-west-1")),
            (
                json!({"Fn::GetAtt": ["Fn", "Arn"]}),
                json!("arn:aws:lambda:eu-west-1:123456789012:function:Bot-Fn-1"),
            ),
            (
                json!({"Fn::GetAtt": "Role.Arn"}),
                json!("arn:aws:iam::123456789012:role/Bot-Role-1"),
            ),
            (
                json!({"Fn::GetAtt": ["Queue", "Arn"]}),
                json!("arn:aws:sqs:eu-west-1:123456789012:Bot-Queue-1"),
            ),
            // From the deployed output that holds the same expression.
            (
                json!({"Fn::GetAtt": ["Machine", "Name"]}),
                json!("Machine-x1"),
            ),
            (
                json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":states:::sns:publish"]]}),
                json!("arn:aws:states:::sns:publish"),
            ),
            (
                json!({"Fn::Sub": "cdk-rs-assets-${AWS::AccountId}-${AWS::Region}"}),
                json!("cdk-rs-assets-123456789012-eu-west-1"),
            ),
            (
                json!({"Fn::Sub": ["${Fn.Arn}/${X}/${!Literal}", {"X": {"Ref": "Stage"}}]}),
                json!("arn:aws:lambda:eu-west-1:123456789012:function:Bot-Fn-1/prod/${Literal}"),
            ),
            (json!({"Fn::ImportValue": "Data:Table"}), json!("tweets")),
            (
                json!({"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}),
                json!("b"),
            ),
            (
                json!({"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "Memory"]}),
                json!(512),
            ),
            (json!({"Fn::Base64": "hello"}), json!("aGVsbG8=")),
            (
                json!({"Variables": {"A": {"Ref": "Fn"}, "B": {"Ref": "AWS::NoValue"}}}),
                json!({"Variables": {"A": "Bot-Fn-1"}}),
            ),
        ];
        for (value, want) in cases {
            assert_eq!(e.resolve(&value).unwrap(), want, "{value}");
        }
    }

    #[test]
    fn what_only_cloudformation_knows_is_unresolved_and_says_why() {
        let e = evaluator();
        let cases = [
            (json!({"Ref": "Token"}), "NoEcho"),
            (json!({"Ref": "Nope"}), "neither a resource"),
            (
                json!({"Fn::GetAtt": ["Role", "RoleId"]}),
                "does not know how to find the RoleId of a AWS::IAM::Role",
            ),
            (json!({"Fn::If": ["IsProd", "a", "b"]}), "conditions"),
            (
                json!({"Fn::ImportValue": "Other:Export"}),
                "no export named Other:Export",
            ),
            (json!({"Fn::GetAZs": ""}), "not evaluated"),
        ];
        for (value, why) in cases {
            let err = e.resolve(&value).unwrap_err();
            assert!(err.reason.contains(why), "{value}: {err}");
            assert!(err.to_string().contains("cannot be resolved"), "{err}");
        }
        assert!(needs_exports(&json!({"A": [{"Fn::ImportValue": "x"}]})));
        assert!(!needs_exports(&json!({"A": [{"Ref": "x"}]})));
    }
}
