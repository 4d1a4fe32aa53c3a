//! Which differences between the deployed template and the new one can be hotswapped, and
//! what a hotswap sends: only the properties that differ from what the stack runs now (the
//! values the last hotswap sent, else the deployed template's).

use std::sync::Arc;

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use super::{HotswapTarget, NotHotswappable};

/// The hotswappable properties of one resource, as recorded by earlier hotswaps:
/// logical ID → property → value (the template's, unresolved).
pub type Recorded = IndexMap<String, IndexMap<String, Value>>;

/// What a hotswap does to one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceHotswap {
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// The properties to send: they differ from what the resource runs now.
    pub changed: Vec<String>,
    /// Properties that differ from the deployed template but that an earlier hotswap already
    /// sent with the same value: not sent again.
    pub already: Vec<String>,
    /// The new template's values of the target's properties (unresolved), recorded once sent.
    pub properties: IndexMap<String, Value>,
}

/// A stack's changes, sorted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Classification {
    /// Resources with a hotswappable property to send, or already sent.
    pub resources: Vec<ResourceHotswap>,
    /// Changes that cannot be hotswapped.
    pub not_hotswappable: Vec<NotHotswappable>,
}

impl Classification {
    /// True when every change can be hotswapped.
    pub fn is_hotswappable(&self) -> bool {
        self.not_hotswappable.is_empty()
    }

    /// The resources with something to send.
    pub fn to_send(&self) -> impl Iterator<Item = &ResourceHotswap> {
        self.resources.iter().filter(|r| !r.changed.is_empty())
    }
}

/// Template sections whose changes do not change any resource.
const IGNORED_SECTIONS: [&str; 1] = ["Metadata"];

/// Resource attributes besides `Type` and `Properties` whose changes only CloudFormation makes.
const IGNORED_ATTRIBUTES: [&str; 1] = ["Metadata"];

fn object(v: Option<&Value>) -> IndexMap<String, Value> {
    v.and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn keys<'a>(
    a: &'a IndexMap<String, Value>,
    b: &'a IndexMap<String, Value>,
) -> IndexSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

fn target_for<'a>(
    targets: &'a [Arc<dyn HotswapTarget>],
    resource_type: &str,
) -> Option<&'a Arc<dyn HotswapTarget>> {
    targets.iter().find(|t| t.resource_type() == resource_type)
}

fn only(target: &dyn HotswapTarget) -> String {
    let props = target.properties();
    let list = match props {
        [] => "nothing".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!(
        "only {list} of a {} can be hotswapped",
        target.resource_type()
    )
}

fn not_hotswappable(
    logical_id: Option<&str>,
    resource_type: Option<&str>,
    change: impl Into<String>,
    reason: impl Into<String>,
) -> NotHotswappable {
    NotHotswappable {
        logical_id: logical_id.map(str::to_string),
        resource_type: resource_type.map(str::to_string),
        change: change.into(),
        reason: reason.into(),
    }
}

/// Sorts the differences between the `deployed` template and the `new` one: what `targets` can
/// hotswap, and why the rest cannot be. What to send is found against `recorded` (what earlier
/// hotswaps sent, when they were made on this deployed template) where it has the resource,
/// else against the deployed template.
pub fn classify(
    deployed: &Value,
    new: &Value,
    targets: &[Arc<dyn HotswapTarget>],
    recorded: Option<&Recorded>,
) -> Classification {
    let mut out = Classification::default();
    let (old_sections, new_sections) = (object(Some(deployed)), object(Some(new)));
    for section in keys(&old_sections, &new_sections) {
        if section == "Resources" || IGNORED_SECTIONS.contains(&section.as_str()) {
            continue;
        }
        let (a, b) = (old_sections.get(section), new_sections.get(section));
        if a == b {
            continue;
        }
        match (a.and_then(Value::as_object), b.and_then(Value::as_object)) {
            (Some(_), Some(_)) | (Some(_), None) | (None, Some(_)) => {
                let (a, b) = (object(a), object(b));
                for key in keys(&a, &b) {
                    if a.get(key) != b.get(key) {
                        out.not_hotswappable.push(not_hotswappable(
                            None,
                            None,
                            format!("{section}.{key}"),
                            section_reason(section),
                        ));
                    }
                }
            }
            _ => out.not_hotswappable.push(not_hotswappable(
                None,
                None,
                section.clone(),
                section_reason(section),
            )),
        }
    }
    let (old_resources, new_resources) = (
        object(old_sections.get("Resources")),
        object(new_sections.get("Resources")),
    );
    for id in keys(&old_resources, &new_resources) {
        let (old, new) = (old_resources.get(id), new_resources.get(id));
        let type_of = |r: Option<&Value>| r.and_then(|r| r["Type"].as_str()).map(str::to_string);
        let (old_type, new_type) = (type_of(old), type_of(new));
        match (old, new) {
            (None, Some(_)) => {
                out.not_hotswappable.push(not_hotswappable(
                    Some(id),
                    new_type.as_deref(),
                    "added",
                    "a new resource is created by CloudFormation",
                ));
                continue;
            }
            (Some(_), None) => {
                out.not_hotswappable.push(not_hotswappable(
                    Some(id),
                    old_type.as_deref(),
                    "removed",
                    "a resource is deleted by CloudFormation",
                ));
                continue;
            }
            _ => {}
        }
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        let resource_type = new_type.clone().unwrap_or_default();
        if old_type != new_type {
            out.not_hotswappable.push(not_hotswappable(
                Some(id),
                Some(&resource_type),
                "Type",
                format!(
                    "its type changes from {}, so CloudFormation replaces it",
                    old_type.as_deref().unwrap_or("none")
                ),
            ));
            continue;
        }
        let (old_attrs, new_attrs) = (object(Some(old)), object(Some(new)));
        for attr in keys(&old_attrs, &new_attrs) {
            if attr == "Type" || attr == "Properties" || IGNORED_ATTRIBUTES.contains(&attr.as_str())
            {
                continue;
            }
            if old_attrs.get(attr) != new_attrs.get(attr) {
                out.not_hotswappable.push(not_hotswappable(
                    Some(id),
                    Some(&resource_type),
                    attr.clone(),
                    "a resource attribute that only CloudFormation applies",
                ));
            }
        }
        let target = target_for(targets, &resource_type);
        let (old_props, new_props) = (object(old.get("Properties")), object(new.get("Properties")));
        for prop in keys(&old_props, &new_props) {
            let (a, b) = (old_props.get(prop), new_props.get(prop));
            if a == b {
                continue;
            }
            let reason = match target {
                None => Some(format!(
                    "a change to a {resource_type} is made by CloudFormation (hotswap updates {})",
                    hotswappable_types(targets)
                )),
                Some(t) if !t.properties().contains(&prop.as_str()) => Some(only(t.as_ref())),
                Some(t) => t.check(prop, a, b).err(),
            };
            if let Some(reason) = reason {
                out.not_hotswappable.push(not_hotswappable(
                    Some(id),
                    Some(&resource_type),
                    prop.clone(),
                    reason,
                ));
            }
        }
        let Some(target) = target else {
            continue;
        };
        let pick = |props: &IndexMap<String, Value>| -> IndexMap<String, Value> {
            target
                .properties()
                .iter()
                .filter_map(|p| props.get(*p).map(|v| (p.to_string(), v.clone())))
                .collect()
        };
        let (deployed_now, wanted) = (pick(&old_props), pick(&new_props));
        let running = recorded
            .and_then(|r| r.get(id))
            .cloned()
            .unwrap_or_else(|| deployed_now.clone());
        let mut resource = ResourceHotswap {
            logical_id: id.clone(),
            resource_type: resource_type.clone(),
            changed: Vec::new(),
            already: Vec::new(),
            properties: wanted.clone(),
        };
        for prop in target.properties() {
            let (was, now, deployed_value) = (
                running.get(*prop),
                wanted.get(*prop),
                deployed_now.get(*prop),
            );
            if was != now {
                match target.check(prop, was, now) {
                    Ok(()) => resource.changed.push(prop.to_string()),
                    Err(reason) => {
                        let refusal = not_hotswappable(
                            Some(id),
                            Some(&resource_type),
                            prop.to_string(),
                            reason,
                        );
                        if !out.not_hotswappable.iter().any(|n| {
                            n.logical_id == refusal.logical_id && n.change == refusal.change
                        }) {
                            out.not_hotswappable.push(refusal);
                        }
                    }
                }
            } else if deployed_value != now {
                resource.already.push(prop.to_string());
            }
        }
        if !resource.changed.is_empty() || !resource.already.is_empty() {
            out.resources.push(resource);
        }
    }
    out
}

fn hotswappable_types(targets: &[Arc<dyn HotswapTarget>]) -> String {
    let types: Vec<&str> = targets.iter().map(|t| t.resource_type()).collect();
    match types.as_slice() {
        [] => "nothing here".to_string(),
        [one] => format!("only {one}s"),
        [init @ .., last] => format!("only {} and {last}s", init.join("s, ")),
    }
}

fn section_reason(section: &str) -> &'static str {
    match section {
        "Outputs" => "outputs are changed by CloudFormation",
        "Parameters" => "parameters are changed by CloudFormation",
        "Conditions" | "Mappings" | "Rules" => {
            "the template's logic is evaluated by CloudFormation"
        }
        _ => "a change to the template itself, made by CloudFormation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotswap::LambdaFunctions;
    use serde_json::json;

    fn template(key: &str, timeout: u32, env: &str) -> Value {
        json!({
            "Resources": {
                "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                    "Code": {"S3Bucket": {"Fn::Sub": "assets-${AWS::Region}"}, "S3Key": key},
                    "Environment": {"Variables": {"MODE": env}},
                    "Timeout": timeout,
                }, "Metadata": {"aws:cdk:path": "S/Fn"}},
                "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}},
            },
            "Outputs": {"FnName": {"Value": {"Ref": "Fn"}}},
        })
    }

    fn targets() -> Vec<Arc<dyn HotswapTarget>> {
        vec![Arc::new(LambdaFunctions::new())]
    }

    #[test]
    fn code_and_environment_changes_are_hotswappable_and_sent() {
        let c = classify(
            &template("a.zip", 3, "x"),
            &template("b.zip", 3, "y"),
            &targets(),
            None,
        );
        assert!(c.is_hotswappable(), "{:?}", c.not_hotswappable);
        let sent: Vec<_> = c.to_send().collect();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].changed, ["Code", "Environment"]);
        assert_eq!(sent[0].properties["Code"]["S3Key"], "b.zip");
    }

    #[test]
    fn every_other_change_is_named_with_why() {
        let mut new = template("b.zip", 30, "x");
        new["Resources"]["Table"]["Properties"]["TableName"] = json!("u");
        new["Resources"]["Queue"] = json!({"Type": "AWS::SQS::Queue"});
        new["Outputs"]["Other"] = json!({"Value": "v"});
        new["Resources"]["Fn"]["Metadata"] = json!({"aws:cdk:path": "S/Other"});
        let c = classify(&template("a.zip", 3, "x"), &new, &targets(), None);
        let named: Vec<String> = c.not_hotswappable.iter().map(ToString::to_string).collect();
        assert_eq!(named.len(), 4, "{named:#?}");
        assert!(
            named.contains(&"Outputs.Other: outputs are changed by CloudFormation".to_string()),
            "{named:#?}"
        );
        assert!(named.contains(&"AWS::Lambda::Function Fn: Timeout: only Code, Environment and Description of a AWS::Lambda::Function can be hotswapped".to_string()), "{named:#?}");
        assert!(named.iter().any(|n| n.starts_with("AWS::DynamoDB::Table Table: TableName: a change to a AWS::DynamoDB::Table is made by CloudFormation")), "{named:#?}");
        assert!(
            named.contains(
                &"AWS::SQS::Queue Queue: added: a new resource is created by CloudFormation"
                    .to_string()
            ),
            "{named:#?}"
        );
    }

    #[test]
    fn only_what_changed_since_the_last_hotswap_is_sent() {
        let deployed = template("a.zip", 3, "x");
        // The last hotswap sent b.zip and y.
        let first = classify(&deployed, &template("b.zip", 3, "y"), &targets(), None);
        let recorded: Recorded = [("Fn".to_string(), first.resources[0].properties.clone())]
            .into_iter()
            .collect();
        // Now only the environment changes again.
        let c = classify(
            &deployed,
            &template("b.zip", 3, "z"),
            &targets(),
            Some(&recorded),
        );
        assert_eq!(c.resources[0].changed, ["Environment"]);
        assert_eq!(c.resources[0].already, ["Code"]);
        // Set back to the deployed values: sent, though the template equals the deployed one.
        let c = classify(&deployed, &deployed, &targets(), Some(&recorded));
        assert!(c.is_hotswappable());
        assert_eq!(c.resources[0].changed, ["Code", "Environment"]);
        // Nothing new: nothing sent.
        let c = classify(
            &deployed,
            &template("b.zip", 3, "y"),
            &targets(),
            Some(&recorded),
        );
        assert_eq!(c.to_send().count(), 0);
    }

    #[test]
    fn inline_code_is_not_hotswappable() {
        let old = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"ZipFile": "a"}}}}});
        let new = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"ZipFile": "b"}}}}});
        let c = classify(&old, &new, &targets(), None);
        assert_eq!(c.not_hotswappable.len(), 1, "{:?}", c.not_hotswappable);
        assert!(c.not_hotswappable[0].reason.contains("ZipFile"));
    }
}
