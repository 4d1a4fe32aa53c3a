//! Protecting data: finding the changes that would replace or delete a resource that holds
//! data, before anything changes.

use serde_json::Value;

use crate::cfn::ChangeSummary;

/// Types that hold data, whatever their construct says.
const STATEFUL_TYPES: [&str; 5] = [
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
];

/// Properties whose change replaces the resource, for the stateful types: the resource
/// schemas' `createOnlyProperties` (checked against the schemas cfn-lint ships, in
/// `tests/tests/create_only.rs`), plus those the CloudFormation reference documents as
/// "Update requires: Replacement".
pub const CREATE_ONLY: [(&str, &[&str]); 2] = [
    (
        "AWS::DynamoDB::Table",
        &[
            "TableName",
            "ImportSourceSpecification",
            "KeySchema",
            "LocalSecondaryIndexes",
        ],
    ),
    (
        "AWS::S3::Bucket",
        &[
            "BucketName",
            "BucketNamePrefix",
            "BucketNamespace",
            "ObjectLockEnabled",
        ],
    ),
];

/// A change that would lose data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataLoss {
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// What happens to it.
    pub why: String,
}

fn is_stateful(r: &Value) -> bool {
    r["Metadata"]["cdk:stateful"] == Value::Bool(true)
        || STATEFUL_TYPES.contains(&r["Type"].as_str().unwrap_or_default())
}

fn kept_on_delete(r: &Value) -> bool {
    matches!(
        r["DeletionPolicy"].as_str(),
        Some("Retain" | "RetainExceptOnCreate" | "Snapshot")
    )
}

/// From the templates: stateful resources deleted (without a Retain policy) or whose
/// create-only properties change.
pub fn from_templates(old: &Value, new: &Value) -> Vec<DataLoss> {
    let mut out = Vec::new();
    let Some(before) = old["Resources"].as_object() else {
        return out;
    };
    for (id, r) in before.iter().filter(|(_, r)| is_stateful(r)) {
        let ty = r["Type"].as_str().unwrap_or_default().to_string();
        match new["Resources"].get(id) {
            None if !kept_on_delete(r) => out.push(DataLoss {
                logical_id: id.clone(),
                resource_type: ty,
                why: "it leaves the stack and would be deleted (its DeletionPolicy is not Retain)"
                    .into(),
            }),
            None => {}
            Some(after) => {
                let create_only = CREATE_ONLY
                    .iter()
                    .find(|(t, _)| *t == ty)
                    .map_or(&[][..], |(_, p)| *p);
                let changed: Vec<&str> = create_only
                    .iter()
                    .copied()
                    .filter(|p| r["Properties"].get(*p) != after["Properties"].get(*p))
                    .collect();
                if after["Type"] != r["Type"] {
                    out.push(DataLoss {
                        logical_id: id.clone(),
                        resource_type: ty,
                        why: "its type changes: it would be replaced".into(),
                    });
                } else if !changed.is_empty() {
                    out.push(DataLoss {
                        logical_id: id.clone(),
                        resource_type: ty,
                        why: format!(
                            "{} change{}, which replaces it",
                            changed.join(", "),
                            if changed.len() == 1 { "s" } else { "" }
                        ),
                    });
                }
            }
        }
    }
    out
}

/// From a change set: stateful resources (by the deployed template) that CloudFormation says
/// it would replace or remove.
pub fn from_change_set(old: &Value, changes: &[ChangeSummary]) -> Vec<DataLoss> {
    changes
        .iter()
        .filter_map(|c| {
            let r = old["Resources"].get(&c.logical_id)?;
            if !is_stateful(r) {
                return None;
            }
            let why = match (c.action.as_str(), c.replacement.as_str()) {
                ("Remove", _) if !kept_on_delete(r) => "CloudFormation would delete it",
                ("Modify", "True") => "CloudFormation would replace it",
                ("Modify", "Conditional") => "CloudFormation may replace it",
                _ => return None,
            };
            Some(DataLoss {
                logical_id: c.logical_id.clone(),
                resource_type: c.resource_type.clone(),
                why: why.into(),
            })
        })
        .collect()
}

/// The losses not allowed by `--allow-replacement` (logical IDs) or `--allow-data-loss`.
pub fn not_allowed(losses: Vec<DataLoss>, allowed: &[String], allow_all: bool) -> Vec<DataLoss> {
    if allow_all {
        return Vec::new();
    }
    losses
        .into_iter()
        .filter(|l| !allowed.contains(&l.logical_id))
        .collect()
}

/// The message that stops a deploy.
pub fn refusal(stack: &str, losses: &[DataLoss]) -> String {
    let list: Vec<String> = losses
        .iter()
        .map(|l| format!("  {} ({}): {}", l.logical_id, l.resource_type, l.why))
        .collect();
    format!(
        "stack {stack}: this deploy would replace or delete resources that hold data, so it stopped before changing anything:\n{}\nRerun with --allow-replacement LOGICAL_ID for each one you accept to lose, or --allow-data-loss for all",
        list.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(name: &str, policy: &str) -> Value {
        json!({"Type": "AWS::DynamoDB::Table", "DeletionPolicy": policy, "Metadata": {"cdk:stateful": true},
               "Properties": {"TableName": name, "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}})
    }

    #[test]
    fn replacements_and_deletions_of_stateful_resources_are_found() {
        let old = json!({"Resources": {"T": table("tweets", "Retain"), "D": table("drop", "Delete"), "K": table("kept", "Retain")}});
        let mut renamed = table("tweets-v2", "Retain");
        renamed["Properties"]["BillingMode"] = json!("PROVISIONED");
        let new = json!({"Resources": {"T": renamed}});
        let losses = from_templates(&old, &new);
        assert_eq!(losses.len(), 2, "{losses:?}");
        assert_eq!(losses[0].logical_id, "T");
        assert!(
            losses[0].why.starts_with("TableName changes"),
            "{}",
            losses[0].why
        );
        assert_eq!(losses[1].logical_id, "D");
        assert!(losses[1].why.contains("would be deleted"));
        // Billing mode alone, or a retained table leaving the stack, loses nothing.
        let mut billing = table("tweets", "Retain");
        billing["Properties"]["BillingMode"] = json!("PROVISIONED");
        assert!(from_templates(
            &json!({"Resources": {"T": table("tweets", "Retain")}}),
            &json!({"Resources": {"T": billing}})
        )
        .is_empty());
        assert_eq!(not_allowed(losses.clone(), &["T".into()], false).len(), 1);
        assert!(not_allowed(losses, &[], true).is_empty());
    }

    #[test]
    fn change_set_replacement_flags_count() {
        let old = json!({"Resources": {"T": table("tweets", "Retain"), "Fn": {"Type": "AWS::Lambda::Function"}}});
        let change = |id: &str, action: &str, replacement: &str| ChangeSummary {
            action: action.into(),
            logical_id: id.into(),
            resource_type: "x".into(),
            replacement: replacement.into(),
        };
        let losses = from_change_set(
            &old,
            &[
                change("T", "Modify", "Conditional"),
                change("Fn", "Modify", "True"),
                change("T", "Remove", ""),
            ],
        );
        assert_eq!(
            losses.len(),
            1,
            "the function holds no data; the retained table is kept on removal"
        );
        assert_eq!(losses[0].why, "CloudFormation may replace it");
        let text = refusal("Data", &losses);
        assert!(
            text.contains("stopped before changing anything")
                && text.contains("--allow-replacement LOGICAL_ID"),
            "{text}"
        );
    }
}
