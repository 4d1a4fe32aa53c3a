//! Adopting retained resources back: after `destroy`, a resource kept by its Retain policy
//! still exists under its fixed name, and creating the stack again would fail with "already
//! exists". Instead, `deploy` imports it into the new stack (a CloudFormation IMPORT change set),
//! then updates the stack to the full template. Its data stays where it is.
//!
//! Which resources can be adopted comes from [`cdk_cfn::registry`], for every type: a resource
//! kept on delete (`Retain` or `RetainExceptOnCreate`), of a type CloudFormation can import,
//! whose primary identifier (`TableName`, `BucketName`, ...) is written in the template as a
//! literal, or as a `Ref` to or `Fn::Sub` of pseudo parameters the deploy knows before it
//! starts ([`PseudoValues`]: the account, region, partition, URL suffix and stack name, as in
//! the toolkit's own staging bucket, `cdk-rs-assets-${AWS::AccountId}-${AWS::Region}`). Whether it exists is asked of its service where the toolkit has a client for it
//! (DynamoDB tables, S3 buckets); for any other type, CloudFormation itself is asked to import
//! it if it exists (`ImportExistingResources` on the change set).

use cdk_cfn::registry;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::aws::aws_error;
use crate::error::ToolkitError;

/// A resource of the template that may already exist, and would then be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Adoption {
    /// Its logical ID in the template.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its primary identifier: each property (as the schema names it) with its value, e.g.
    /// `[("BucketName", "tweet-archive")]`.
    pub identifier: Vec<(String, String)>,
}

impl Adoption {
    /// Its physical name: the identifier's values, joined by `|` when there are several.
    pub fn name(&self) -> String {
        self.identifier
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }
}

/// A retained resource that cannot be adopted, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unadoptable {
    /// Its logical ID in the template.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Why it cannot be found again or imported.
    pub why: String,
}

impl std::fmt::Display for Unadoptable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} is kept on delete but cannot be adopted after a destroy: {}; a copy kept by an earlier destroy stays outside the stack",
            self.resource_type, self.logical_id, self.why
        )
    }
}

fn kept_on_delete(r: &Value) -> bool {
    matches!(
        r["DeletionPolicy"].as_str(),
        Some("Retain" | "RetainExceptOnCreate")
    )
}

/// The value of an identifier property (`A` or, nested, `A/B`) in the resource's properties.
fn identifier_value<'a>(properties: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/')
        .try_fold(properties, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

/// The pseudo parameters' values for one stack's deploy, known before CloudFormation is asked
/// anything: what an identifier such as `{"Fn::Sub": "archive-${AWS::AccountId}"}` or
/// `{"Ref": "AWS::Region"}` becomes. An unknown value (the account, when nothing asked STS)
/// leaves the identifier computed, and the resource not adoptable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PseudoValues {
    /// `AWS::AccountId`: the credentials' account.
    pub account: Option<String>,
    /// `AWS::Region`: the stack's region (`AWS::Partition` and `AWS::URLSuffix` follow from it).
    pub region: Option<String>,
    /// `AWS::StackName`.
    pub stack_name: Option<String>,
}

impl PseudoValues {
    /// The value of the pseudo parameter `name` (`AWS::Region`, ...), if known.
    pub fn get(&self, name: &str) -> Option<String> {
        let region = self.region.as_deref();
        let china = region.is_some_and(|r| r.starts_with("cn-"));
        match name {
            "AWS::AccountId" => self.account.clone(),
            "AWS::Region" => self.region.clone(),
            "AWS::StackName" => self.stack_name.clone(),
            "AWS::Partition" => region.map(|r| {
                if china {
                    "aws-cn"
                } else if r.starts_with("us-gov-") {
                    "aws-us-gov"
                } else {
                    "aws"
                }
                .to_string()
            }),
            "AWS::URLSuffix" => region.map(|_| {
                if china {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                }
                .to_string()
            }),
            _ => None,
        }
    }

    /// `value` as a string: a literal, a `Ref` to a known pseudo parameter, or an `Fn::Sub` (the
    /// one-string form) whose variables are all known pseudo parameters; `None` for anything
    /// else (a resource's attribute, say), which only the deploy itself computes.
    pub fn resolve(&self, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) if o.len() == 1 => match o.iter().next() {
                Some((k, Value::String(name))) if k == "Ref" => self.get(name),
                Some((k, Value::String(text))) if k == "Fn::Sub" => self.substitute(text),
                _ => None,
            },
            _ => None,
        }
    }

    /// `text` with each `${Name}` replaced, `${!Literal}` written as `${Literal}`.
    fn substitute(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            let name = &after[..end];
            match name.strip_prefix('!') {
                Some(literal) => {
                    out.push_str("${");
                    out.push_str(literal);
                    out.push('}');
                }
                None => out.push_str(&self.get(name)?),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Whether adopting the template's retained resources needs the account (an identifier that
/// mentions `AWS::AccountId`): the caller then asks STS once and fills [`PseudoValues::account`].
pub fn needs_account(template: &Value) -> bool {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| kept_on_delete(r))
        .any(|(_, r)| {
            let properties = r.get("Properties").map(Value::to_string);
            properties.is_some_and(|p| p.contains("AWS::AccountId"))
        })
}

/// Whether a resource kept on delete can be adopted: `Ok` with what to import, or `Err` with why
/// not. `None` for a resource that is not kept on delete.
fn classify(id: &str, r: &Value, pseudo: &PseudoValues) -> Option<Result<Adoption, Unadoptable>> {
    if !kept_on_delete(r) {
        return None;
    }
    let ty = r["Type"].as_str().unwrap_or_default();
    let refuse = |why: String| {
        Some(Err(Unadoptable {
            logical_id: id.to_string(),
            resource_type: ty.to_string(),
            why,
        }))
    };
    let Some(info) = registry::type_info(ty) else {
        return refuse(
            "CloudFormation has no resource schema for this type, so it cannot import it".into(),
        );
    };
    if !info.importable {
        return refuse("CloudFormation does not support importing this type".into());
    }
    if info.primary_identifier.is_empty() {
        return refuse("its schema names no primary identifier".into());
    }
    let mut identifier = Vec::new();
    for key in info.primary_identifier {
        let value = identifier_value(&r["Properties"], key);
        match value.map(|v| (v, pseudo.resolve(v))) {
            Some((_, Some(resolved))) => identifier.push((key.to_string(), resolved)),
            Some((other, None)) => {
                return refuse(format!(
                    "its identifier {key} is computed when the stack is deployed ({other}), so the toolkit cannot tell which existing resource it is"
                ))
            }
            None => {
                return refuse(format!(
                    "its identifier {key} is not set in the template (AWS generates or assigns it), so the toolkit cannot find the one kept before"
                ))
            }
        }
    }
    Some(Ok(Adoption {
        logical_id: id.to_string(),
        resource_type: ty.to_string(),
        identifier,
    }))
}

fn classified<'a>(
    template: &'a Value,
    pseudo: &'a PseudoValues,
) -> impl Iterator<Item = Result<Adoption, Unadoptable>> + 'a {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(move |(id, r)| classify(id, r, pseudo))
}

/// Resources of a template that may already exist: kept on delete, importable, and with their
/// primary identifier written in the template (literally, or from the pseudo parameters in
/// `pseudo`).
pub fn candidates(template: &Value, pseudo: &PseudoValues) -> Vec<Adoption> {
    classified(template, pseudo)
        .filter_map(Result::ok)
        .collect()
}

/// Resources of a template kept on delete that cannot be adopted, with the reason.
pub fn unadoptable(template: &Value, pseudo: &PseudoValues) -> Vec<Unadoptable> {
    classified(template, pseudo)
        .filter_map(Result::err)
        .collect()
}

/// Whether a candidate exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Presence {
    /// It exists: import it.
    Exists,
    /// It does not: create it.
    Absent,
    /// The toolkit cannot tell for this type: CloudFormation is asked to import it if it exists.
    Unknown,
}

/// The service clients that tell whether a resource exists (a missing one leaves its types
/// to CloudFormation's `ImportExistingResources`).
#[derive(Clone, Debug, Default)]
pub struct Probes {
    /// For DynamoDB tables.
    pub dynamodb: Option<aws_sdk_dynamodb::Client>,
    /// For S3 buckets.
    pub s3: Option<aws_sdk_s3::Client>,
}

impl Probes {
    /// The clients, from the loaded configuration.
    pub fn new(config: &aws_config::SdkConfig) -> Probes {
        Probes {
            dynamodb: Some(crate::aws::dynamodb_client(config)),
            s3: Some(crate::aws::s3_client(config)),
        }
    }

    /// Whether the candidate exists, asked of its service; [`Presence::Unknown`] for a type the
    /// toolkit has no client for.
    pub async fn presence(&self, a: &Adoption) -> Result<Presence, ToolkitError> {
        let name = a.name();
        // Per-service calls: which SDK client reads which type. What can be adopted at all is
        // the registry's business (`classify`).
        match (a.resource_type.as_str(), &self.dynamodb, &self.s3) {
            ("AWS::DynamoDB::Table", Some(dynamodb), _) => {
                match dynamodb.describe_table().table_name(&name).send().await {
                    Ok(_) => Ok(Presence::Exists),
                    Err(e)
                        if e.as_service_error()
                            .is_some_and(|s| s.is_resource_not_found_exception()) =>
                    {
                        Ok(Presence::Absent)
                    }
                    Err(e) => Err(aws_error(
                        format!("checking whether table {name} exists"),
                        &e,
                    )),
                }
            }
            ("AWS::S3::Bucket", _, Some(s3)) => match s3.head_bucket().bucket(&name).send().await {
                Ok(_) => Ok(Presence::Exists),
                Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {
                    Ok(Presence::Absent)
                }
                Err(e) => {
                    let mut err = aws_error(format!("checking whether bucket {name} exists"), &e);
                    if let ToolkitError::Aws { message, .. } = &mut err {
                        message.push_str(" (a bucket of that name owned by another account cannot be adopted: choose another name)");
                    }
                    Err(err)
                }
            },
            _ => Ok(Presence::Unknown),
        }
    }
}

/// The candidates sorted by presence: those that exist (imported explicitly), and those whose
/// presence the toolkit cannot check (left to CloudFormation's `ImportExistingResources`).
/// Absent ones are dropped: they are created.
pub async fn sort_by_presence(
    probes: &Probes,
    candidates: Vec<Adoption>,
) -> Result<(Vec<Adoption>, Vec<Adoption>), ToolkitError> {
    let (mut exist, mut unknown) = (Vec::new(), Vec::new());
    for c in candidates {
        match probes.presence(&c).await? {
            Presence::Exists => exist.push(c),
            Presence::Unknown => unknown.push(c),
            Presence::Absent => {}
        }
    }
    Ok((exist, unknown))
}

/// The template of the import step: only the adopted resources (an import may not create or
/// change anything else), with the sections their properties may refer to (`Parameters`,
/// `Mappings`, `Conditions`; the import gets the deploy's parameter values).
pub fn import_template(template: &Value, adoptions: &[Adoption]) -> Value {
    let mut out = Map::new();
    for key in [
        "AWSTemplateFormatVersion",
        "Description",
        "Parameters",
        "Mappings",
        "Conditions",
    ] {
        if let Some(v) = template.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let resources: Map<String, Value> = adoptions
        .iter()
        .filter_map(|a| {
            Some((
                a.logical_id.clone(),
                template["Resources"].get(&a.logical_id)?.clone(),
            ))
        })
        .collect();
    out.insert("Resources".into(), Value::Object(resources));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retained_named_tables_are_candidates_and_the_import_template_holds_only_them() {
        let t = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Kept": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {"TableName": "tweetTable"}},
                "Unnamed": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {}},
                "Deleted": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "Properties": {"TableName": "x"}},
                "Topic": {"Type": "AWS::SNS::Topic"}
            },
            "Outputs": {"Name": {"Value": {"Ref": "Kept"}}}
        });
        let c = candidates(&t, &PseudoValues::default());
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].logical_id.as_str(), c[0].name()),
            ("Kept", "tweetTable".to_string())
        );
        assert_eq!(
            c[0].identifier,
            [("TableName".to_string(), "tweetTable".to_string())]
        );
        let import = import_template(&t, &c);
        assert_eq!(
            import["Resources"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["Kept"]
        );
        assert!(import.get("Outputs").is_none());
        assert_eq!(import["AWSTemplateFormatVersion"], "2010-09-09");
        // What an adopted resource's properties may refer to comes along.
        let mut with_parameter = t.clone();
        with_parameter["Parameters"] =
            json!({"Mode": {"Type": "String", "Default": "PROVISIONED"}});
        with_parameter["Conditions"] = json!({"Prod": {"Fn::Equals": [{"Ref": "Mode"}, "x"]}});
        with_parameter["Mappings"] = json!({"Sizes": {"a": {"b": "c"}}});
        with_parameter["Resources"]["Kept"]["Properties"]["BillingMode"] = json!({"Ref": "Mode"});
        let import = import_template(&with_parameter, &c);
        assert_eq!(import["Parameters"], with_parameter["Parameters"]);
        assert_eq!(import["Conditions"], with_parameter["Conditions"]);
        assert_eq!(import["Mappings"], with_parameter["Mappings"]);
        assert!(import_template(&t, &c).get("Mappings").is_none());
        let skipped = unadoptable(&t, &PseudoValues::default());
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].logical_id, "Unnamed");
        assert!(
            skipped[0]
                .to_string()
                .contains("its identifier TableName is not set in the template"),
            "{}",
            skipped[0]
        );
    }

    #[test]
    fn every_retained_importable_type_with_a_literal_identifier_is_a_candidate() {
        let t = json!({"Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": "tweet-archive"}},
            "Param": {"Type": "AWS::SSM::Parameter", "DeletionPolicy": "RetainExceptOnCreate", "Properties": {"Name": "/a/b", "Type": "String", "Value": "v"}},
            "Window": {"Type": "AWS::SSM::MaintenanceWindowTarget", "DeletionPolicy": "Retain", "Properties": {"WindowId": "mw-1", "ResourceType": "INSTANCE", "Targets": []}},
            "Topic": {"Type": "AWS::SNS::Topic", "DeletionPolicy": "Retain", "Properties": {"TopicName": "t"}},
            "Computed": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": {"Fn::Sub": "archive-${AWS::AccountId}"}}},
            "Policy": {"Type": "AWS::SQS::QueuePolicy", "DeletionPolicy": "Retain", "Properties": {}},
            "Custom": {"Type": "Custom::Thing", "DeletionPolicy": "Retain", "Properties": {}}
        }});
        let c = candidates(&t, &PseudoValues::default());
        let found: Vec<(&str, String)> = c
            .iter()
            .map(|a| (a.logical_id.as_str(), a.name()))
            .collect();
        assert_eq!(
            found,
            [
                ("Bucket", "tweet-archive".to_string()),
                ("Param", "/a/b".to_string())
            ]
        );
        assert_eq!(c[1].resource_type, "AWS::SSM::Parameter");
        assert_eq!(c[1].identifier[0].0, "Name");
        // A compound identifier needs every part: WindowTargetId is assigned by AWS.
        let why: Vec<(String, String)> = unadoptable(&t, &PseudoValues::default())
            .into_iter()
            .map(|u| (u.logical_id, u.why))
            .collect();
        let reason = |id: &str| {
            why.iter()
                .find(|(l, _)| l == id)
                .map(|(_, w)| w.clone())
                .unwrap_or_else(|| panic!("{id} is not reported: {why:?}"))
        };
        assert!(reason("Window").contains("WindowTargetId is not set"));
        assert!(
            reason("Topic").contains("TopicArn is not set"),
            "{}",
            reason("Topic")
        );
        assert!(reason("Computed").contains("computed when the stack is deployed"));
        assert!(reason("Policy").contains("does not support importing"));
        assert!(reason("Custom").contains("no resource schema"));
        assert_eq!(why.len(), 5);
    }

    #[test]
    fn identifiers_made_of_known_pseudo_parameters_are_resolved_and_others_stay_computed() {
        let t = json!({"Resources": {
            "Staging": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": {"Fn::Sub": "cdk-rs-assets-${AWS::AccountId}-${AWS::Region}"}}},
            "ByRegion": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {"TableName": {"Ref": "AWS::Region"}}},
            "Escaped": {"Type": "AWS::SSM::Parameter", "DeletionPolicy": "Retain", "Properties": {"Name": {"Fn::Sub": "/${AWS::StackName}/${!Literal}/${AWS::Partition}"}, "Type": "String", "Value": "v"}},
            "ByAttribute": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": {"Fn::Sub": "logs-${Other.Arn}"}}},
            "Unclosed": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": {"Fn::Sub": "logs-${AWS::Region"}}}
        }});
        assert!(needs_account(&t));
        let known = PseudoValues {
            account: Some("123456789012".into()),
            region: Some("cn-north-1".into()),
            stack_name: Some("Kept".into()),
        };
        let names: Vec<(String, String)> = candidates(&t, &known)
            .into_iter()
            .map(|a| (a.logical_id.clone(), a.name()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "Staging".into(),
                    "cdk-rs-assets-123456789012-cn-north-1".into()
                ),
                ("ByRegion".into(), "cn-north-1".into()),
                ("Escaped".into(), "/Kept/${Literal}/aws-cn".into()),
            ]
        );
        let refused: Vec<String> = unadoptable(&t, &known)
            .into_iter()
            .map(|u| u.logical_id)
            .collect();
        assert_eq!(refused, ["ByAttribute", "Unclosed"]);
        // Without the account, the staging bucket's name is not known: not adoptable.
        let no_account = PseudoValues {
            account: None,
            ..known.clone()
        };
        let refused: Vec<String> = unadoptable(&t, &no_account)
            .into_iter()
            .map(|u| u.logical_id)
            .collect();
        assert_eq!(refused, ["Staging", "ByAttribute", "Unclosed"]);
        let no_account_needed = json!({"Resources": {
            "T": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {"TableName": {"Fn::Sub": "t-${AWS::Region}"}}},
            "D": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "b-${AWS::AccountId}"}}}
        }});
        assert!(!needs_account(&no_account_needed));
        assert_eq!(
            PseudoValues {
                region: Some("us-gov-west-1".into()),
                ..PseudoValues::default()
            }
            .get("AWS::Partition")
            .as_deref(),
            Some("aws-us-gov")
        );
        assert_eq!(
            known.get("AWS::URLSuffix").as_deref(),
            Some("amazonaws.com.cn")
        );
        let us = PseudoValues {
            region: Some("us-east-1".into()),
            ..PseudoValues::default()
        };
        assert_eq!(us.get("AWS::URLSuffix").as_deref(), Some("amazonaws.com"));
        assert_eq!(us.get("AWS::Partition").as_deref(), Some("aws"));
        assert_eq!(us.get("AWS::NotificationARNs"), None);
    }

    #[test]
    fn a_compound_identifier_is_joined_for_display() {
        let a = Adoption {
            logical_id: "T".into(),
            resource_type: "AWS::SSM::MaintenanceWindowTarget".into(),
            identifier: vec![
                ("WindowId".into(), "mw-1".into()),
                ("WindowTargetId".into(), "t-2".into()),
            ],
        };
        assert_eq!(a.name(), "mw-1|t-2");
    }
}
