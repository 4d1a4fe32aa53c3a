//! Protecting data: finding the changes that would replace or delete a resource that holds
//! data, before anything changes.
//!
//! What holds data and which properties replace a resource come from the resource schemas,
//! through [`cdk_cfn::registry`]: a type is stateful when cfn-lint lists it as such (or when its
//! construct marks it `cdk:stateful` in its metadata), and its create-only properties are the
//! schema's `createOnlyProperties`.

use cdk_cfn::registry;
use cdk_core::names::STATEFUL_METADATA;
use serde::Serialize;
use serde_json::Value;

use crate::cfn::{ChangeAction, ChangeSummary, Replacement};
use crate::error::DataLossRefusal;

/// A change that would lose data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataLoss {
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// What happens to it.
    pub why: String,
}

/// Whether a template resource holds data: its type is stateful by the registry, or its
/// construct marks it `cdk:stateful`.
pub fn is_stateful(r: &Value) -> bool {
    r["Metadata"][STATEFUL_METADATA] == Value::Bool(true)
        || registry::is_stateful(r["Type"].as_str().unwrap_or_default())
}

/// The create-only properties (as the registry spells them: `A` or, nested, `A/B`) whose value
/// differs between two versions of a resource of type `ty`.
pub fn changed_create_only(ty: &str, before: &Value, after: &Value) -> Vec<&'static str> {
    let Some(info) = registry::type_info(ty) else {
        return Vec::new();
    };
    info.create_only
        .iter()
        .copied()
        .filter(|path| {
            let segments: Vec<&str> = path.split('/').collect();
            at_path(&before["Properties"], &segments) != at_path(&after["Properties"], &segments)
        })
        .collect()
}

/// The value at a property path; `*` stands for every item of a list. A missing property is
/// `null`, so that a property added or removed counts as a change.
fn at_path(v: &Value, segments: &[&str]) -> Value {
    match segments.split_first() {
        None => v.clone(),
        Some((&"*", rest)) => match v {
            Value::Array(items) => Value::Array(items.iter().map(|i| at_path(i, rest)).collect()),
            _ => Value::Null,
        },
        Some((key, rest)) => match v.get(key) {
            Some(inner) => at_path(inner, rest),
            None => Value::Null,
        },
    }
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
                let changed = changed_create_only(&ty, r, after);
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
                            "{} change{}, which replaces it{}",
                            changed.join(", "),
                            if changed.len() == 1 { "s" } else { "" },
                            names_changed(&changed, r, after)
                        ),
                    });
                }
            }
        }
    }
    out
}

/// ` (old → new)` for the changed properties whose values are plain strings (names), so that
/// the message names the resource as people know it; empty otherwise.
fn names_changed(changed: &[&str], before: &Value, after: &Value) -> String {
    let shown: Vec<String> = changed
        .iter()
        .filter_map(|path| {
            let segments: Vec<&str> = path.split('/').collect();
            let text = |r: &Value| match at_path(&r["Properties"], &segments) {
                Value::String(s) => Some(s),
                Value::Null => Some("(none)".to_string()),
                _ => None,
            };
            Some(format!("{} → {}", text(before)?, text(after)?))
        })
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" ({})", shown.join("; "))
    }
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
            let why = match (&c.action, c.replacement) {
                (ChangeAction::Remove, _) if !kept_on_delete(r) => "CloudFormation would delete it",
                (ChangeAction::Modify, Some(Replacement::Always)) => {
                    "CloudFormation would replace it"
                }
                (ChangeAction::Modify, Some(Replacement::Conditional)) => {
                    "CloudFormation may replace it"
                }
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

/// The refusal for one stack's losses (what stops a deploy, with how to allow them).
pub fn refusal(stack: &str, losses: Vec<DataLoss>) -> DataLossRefusal {
    DataLossRefusal {
        stack: stack.to_string(),
        losses,
    }
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
    fn documented_replacing_properties_the_schema_omits_are_guarded_too() {
        let mut rekeyed = table("tweets", "Retain");
        rekeyed["Properties"]["KeySchema"] =
            json!([{"AttributeName": "tweetId", "KeyType": "HASH"}]);
        let losses = from_templates(
            &json!({"Resources": {"T": table("tweets", "Retain")}}),
            &json!({"Resources": {"T": rekeyed}}),
        );
        assert_eq!(losses.len(), 1, "{losses:?}");
        assert!(
            losses[0].why.starts_with("KeySchema changes"),
            "{}",
            losses[0].why
        );
    }

    fn bucket(name: &str) -> Value {
        // No `cdk:stateful` metadata: the registry alone says a bucket holds data.
        json!({"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain",
               "Properties": {"BucketName": name, "VersioningConfiguration": {"Status": "Enabled"}}})
    }

    #[test]
    fn a_bucket_rename_is_a_replacement_and_a_versioning_change_is_not() {
        let old = json!({"Resources": {"B": bucket("archive-v1")}});
        let losses = from_templates(&old, &json!({"Resources": {"B": bucket("archive-v2")}}));
        assert_eq!(losses.len(), 1, "{losses:?}");
        assert_eq!(
            (losses[0].resource_type.as_str(), losses[0].why.as_str()),
            (
                "AWS::S3::Bucket",
                "BucketName changes, which replaces it (archive-v1 → archive-v2)"
            )
        );
        let mut suspended = bucket("archive-v1");
        suspended["Properties"]["VersioningConfiguration"]["Status"] = json!("Suspended");
        assert!(from_templates(&old, &json!({"Resources": {"B": suspended}})).is_empty());
        // A name given where there was none is a change of a create-only property too.
        let mut unnamed = bucket("x");
        unnamed["Properties"]
            .as_object_mut()
            .unwrap()
            .remove("BucketName");
        let named = from_templates(
            &json!({"Resources": {"B": unnamed}}),
            &json!({"Resources": {"B": bucket("x")}}),
        );
        assert_eq!(named.len(), 1);
        assert!(named[0].why.ends_with("((none) → x)"), "{}", named[0].why);
    }

    #[test]
    fn statefulness_comes_from_the_registry_or_the_construct() {
        let queue = json!({"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "a"}});
        let topic = json!({"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "a"}});
        let marked =
            json!({"Type": "Custom::Store", "Metadata": {"cdk:stateful": true}, "Properties": {}});
        assert!(is_stateful(&queue) && is_stateful(&marked) && !is_stateful(&topic));
        let old = json!({"Resources": {"Q": queue, "T": topic, "M": marked}});
        let mut renamed_queue = old["Resources"]["Q"].clone();
        renamed_queue["Properties"]["QueueName"] = json!("b");
        let mut renamed_topic = old["Resources"]["T"].clone();
        renamed_topic["Properties"]["TopicName"] = json!("b");
        let losses = from_templates(
            &old,
            &json!({"Resources": {"Q": renamed_queue, "T": renamed_topic}}),
        );
        let ids: Vec<&str> = losses.iter().map(|l| l.logical_id.as_str()).collect();
        assert_eq!(
            ids,
            ["Q", "M"],
            "the renamed queue and the deleted marked resource; a topic holds no data"
        );
        assert_eq!(
            losses[0].why,
            "QueueName changes, which replaces it (a → b)"
        );
    }

    #[test]
    fn nested_create_only_properties_are_compared_by_path() {
        let p = |arn: &str| json!({"Properties": {"Name": "n", "Configuration": {"PartnerEventsConfiguration": {"PartnerEventSourceArn": arn}}}});
        let ty = "AWS::EventsV2::EventSource";
        assert!(
            registry::is_create_only(ty, "Name"),
            "the registry knows the type"
        );
        assert_eq!(
            changed_create_only(ty, &p("a"), &p("b")),
            ["Configuration/PartnerEventsConfiguration/PartnerEventSourceArn"]
        );
        assert!(changed_create_only(ty, &p("a"), &p("a")).is_empty());
        assert_eq!(
            at_path(&json!({"L": [{"K": 1}, {"K": 2}]}), &["L", "*", "K"]),
            json!([1, 2])
        );
        assert!(changed_create_only("AWS::Nope::Nothing", &p("a"), &p("b")).is_empty());
    }

    #[test]
    fn change_set_replacement_flags_count() {
        let old = json!({"Resources": {"T": table("tweets", "Retain"), "Fn": {"Type": "AWS::Lambda::Function"}}});
        let change = |id: &str, action: ChangeAction, replacement| ChangeSummary {
            action,
            logical_id: id.into(),
            resource_type: "x".into(),
            replacement,
        };
        let losses = from_change_set(
            &old,
            &[
                change("T", ChangeAction::Modify, Some(Replacement::Conditional)),
                change("Fn", ChangeAction::Modify, Some(Replacement::Always)),
                change("T", ChangeAction::Remove, None),
            ],
        );
        assert_eq!(
            losses.len(),
            1,
            "the function holds no data; the retained table is kept on removal"
        );
        assert_eq!(losses[0].why, "CloudFormation may replace it");
        let text = refusal("Data", losses).to_string();
        assert!(
            text.contains("stopped before changing anything")
                && text.contains("--allow-replacement LOGICAL_ID"),
            "{text}"
        );
    }
}
