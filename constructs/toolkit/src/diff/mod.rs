//! Comparing a deployed template with a synthesized one, readably.

mod iam;
mod render;

pub use iam::{IamChanges, IamStatement};
pub use render::compact;

use cdk_core::names::PATH_METADATA;
use serde::Serialize;
use serde_json::{Map, Value};

/// How a resource or output changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ChangeKind {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// Changed.
    Modified,
}

impl ChangeKind {
    fn mark(self) -> &'static str {
        match self {
            ChangeKind::Added => "[+]",
            ChangeKind::Removed => "[-]",
            ChangeKind::Modified => "[~]",
        }
    }
}

/// A changed property or resource attribute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropertyChange {
    /// `Properties.X`, or an attribute such as `DeletionPolicy`.
    pub name: String,
    /// Before.
    pub old: Option<Value>,
    /// After.
    pub new: Option<Value>,
}

/// A resource that changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceChange {
    /// How.
    pub kind: ChangeKind,
    /// Logical ID.
    pub logical_id: String,
    /// Type.
    pub resource_type: String,
    /// The construct path, when the template records it.
    pub path: Option<String>,
    /// What changed (for modifications).
    pub properties: Vec<PropertyChange>,
}

/// A parameter whose value changes: a value given that differs from the deployed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterChange {
    /// The parameter.
    pub name: String,
    /// The deployed value (`None` when the stack has none, or it is hidden).
    pub old: Option<String>,
    /// The new value (`****` when hidden).
    pub new: Option<String>,
    /// The parameter is `NoEcho`: neither value is shown.
    pub no_echo: bool,
}

impl ParameterChange {
    /// The change of a parameter, when deploying changes its value.
    pub fn of(p: &crate::deploy::parameters::StackParameter) -> Option<ParameterChange> {
        p.changes().then(|| ParameterChange {
            name: p.name.clone(),
            old: p.deployed_value().map(str::to_string),
            new: p.shown_value().map(str::to_string),
            no_echo: p.no_echo,
        })
    }
}

/// The differences between two templates of one stack (and, from the engine's diff, the
/// parameter values given against the deployed ones).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StackDiff {
    /// Resources added, removed or changed.
    pub resources: Vec<ResourceChange>,
    /// Outputs added, removed or changed, by key.
    pub outputs: Vec<(ChangeKind, String)>,
    /// Other top-level sections that changed (`Description`, ...).
    pub other: Vec<String>,
    /// IAM statements added and removed.
    pub iam: IamChanges,
    /// Parameters whose value changes.
    pub parameters: Vec<ParameterChange>,
}

fn section<'a>(t: &'a Value, name: &str) -> Option<&'a Map<String, Value>> {
    t.get(name).and_then(Value::as_object)
}

fn compare_maps(
    old: Option<&Map<String, Value>>,
    new: Option<&Map<String, Value>>,
) -> Vec<(ChangeKind, String)> {
    let empty = Map::new();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let mut out = Vec::new();
    for (k, v) in new {
        match old.get(k) {
            None => out.push((ChangeKind::Added, k.clone())),
            Some(o) if o != v => out.push((ChangeKind::Modified, k.clone())),
            Some(_) => {}
        }
    }
    for k in old.keys() {
        if !new.contains_key(k) {
            out.push((ChangeKind::Removed, k.clone()));
        }
    }
    out
}

/// The leaves where `old` and `new` differ, named by their path below `name`.
fn leaf_changes(
    name: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    out: &mut Vec<PropertyChange>,
) {
    match (old, new) {
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            for (_, key) in compare_maps(Some(o), Some(n)) {
                leaf_changes(&format!("{name}.{key}"), o.get(&key), n.get(&key), out);
            }
        }
        (Some(Value::Array(o)), Some(Value::Array(n))) if o.len() == n.len() => {
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                if a != b {
                    leaf_changes(&format!("{name}[{i}]"), Some(a), Some(b), out);
                }
            }
        }
        (o, n) if o != n => out.push(PropertyChange {
            name: name.to_string(),
            old: o.cloned(),
            new: n.cloned(),
        }),
        _ => {}
    }
}

fn property_changes(old: &Value, new: &Value) -> Vec<PropertyChange> {
    let mut out = Vec::new();
    leaf_changes(
        "Properties",
        old.get("Properties"),
        new.get("Properties"),
        &mut out,
    );
    for attr in [
        "DependsOn",
        "DeletionPolicy",
        "UpdateReplacePolicy",
        "Metadata",
        "Condition",
    ] {
        if old.get(attr) != new.get(attr) {
            out.push(PropertyChange {
                name: attr.to_string(),
                old: old.get(attr).cloned(),
                new: new.get(attr).cloned(),
            });
        }
    }
    out
}

/// The differences from `old` (deployed; `{}` when there is no stack) to `new`.
pub fn diff(old: &Value, new: &Value) -> StackDiff {
    let (or, nr) = (section(old, "Resources"), section(new, "Resources"));
    let pick = |kind: ChangeKind, id: &str| -> &Value {
        let from = if kind == ChangeKind::Removed { or } else { nr };
        from.and_then(|m| m.get(id)).unwrap_or(&Value::Null)
    };
    let resources = compare_maps(or, nr)
        .into_iter()
        .map(|(kind, id)| {
            let r = pick(kind, &id);
            let properties = match kind {
                ChangeKind::Modified => {
                    property_changes(or.and_then(|m| m.get(&id)).unwrap_or(&Value::Null), r)
                }
                _ => Vec::new(),
            };
            ResourceChange {
                kind,
                resource_type: r["Type"].as_str().unwrap_or_default().to_string(),
                path: r["Metadata"][PATH_METADATA].as_str().map(str::to_string),
                logical_id: id,
                properties,
            }
        })
        .collect();
    let outputs = compare_maps(section(old, "Outputs"), section(new, "Outputs"));
    let other = [
        "Description",
        "Parameters",
        "Conditions",
        "Mappings",
        "Transform",
    ]
    .iter()
    .filter(|k| old.get(**k) != new.get(**k))
    .map(|k| k.to_string())
    .collect();
    StackDiff {
        resources,
        outputs,
        other,
        iam: IamChanges::between(old, new),
        parameters: Vec::new(),
    }
}

fn short(v: &Option<Value>) -> String {
    match v {
        None => "(absent)".to_string(),
        Some(v) => {
            let s = compact(v);
            if s.chars().count() > 120 {
                format!("{}…", s.chars().take(119).collect::<String>())
            } else {
                s
            }
        }
    }
}

impl StackDiff {
    /// True when the templates are the same in every part that is compared.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
            && self.outputs.is_empty()
            && self.other.is_empty()
            && self.parameters.is_empty()
    }

    /// The differences as text for people.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.is_empty() {
            out.push_str("There were no differences\n");
            return out;
        }
        if !self.iam.is_empty() {
            out.push_str("IAM Statement Changes\n");
            out.push_str(&self.iam.table());
            out.push('\n');
        }
        if !self.resources.is_empty() {
            out.push_str("Resources\n");
            for r in &self.resources {
                let path = r
                    .path
                    .as_deref()
                    .map(|p| format!(" {p}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{} {} {}{path}\n",
                    r.kind.mark(),
                    r.resource_type,
                    r.logical_id
                ));
                for p in &r.properties {
                    out.push_str(&format!(
                        "    [~] {}: {} → {}\n",
                        p.name,
                        short(&p.old),
                        short(&p.new)
                    ));
                }
            }
        }
        if !self.outputs.is_empty() {
            out.push_str("Outputs\n");
            for (kind, key) in &self.outputs {
                out.push_str(&format!("{} {key}\n", kind.mark()));
            }
        }
        for o in &self.other {
            out.push_str(&format!("[~] {o}\n"));
        }
        if !self.parameters.is_empty() {
            out.push_str("Parameter values\n");
            for p in &self.parameters {
                if p.no_echo {
                    out.push_str(&format!(
                        "[~] {} (NoEcho): a new value is given (not shown)\n",
                        p.name
                    ));
                } else {
                    out.push_str(&format!(
                        "[~] {}: {} → {}\n",
                        p.name,
                        p.old.as_deref().unwrap_or("(none)"),
                        p.new.as_deref().unwrap_or("(none)")
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn added_removed_and_modified_resources() {
        let old = json!({"Resources": {
            "Keep": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "a"}},
            "Gone": {"Type": "AWS::SQS::Queue"}
        }});
        let new = json!({"Resources": {
            "Keep": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "b"}, "DeletionPolicy": "Retain"},
            "New": {"Type": "AWS::SQS::Queue", "Metadata": {"aws:cdk:path": "S/New"}}
        }});
        let d = diff(&old, &new);
        let kinds: Vec<(ChangeKind, &str)> = d
            .resources
            .iter()
            .map(|r| (r.kind, r.logical_id.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Modified, "Keep"),
                (ChangeKind::Added, "New"),
                (ChangeKind::Removed, "Gone")
            ]
        );
        let names: Vec<&str> = d.resources[0]
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Properties.DisplayName", "DeletionPolicy"]);
        let text = d.render();
        assert!(text.contains("[~] AWS::SNS::Topic Keep"), "{text}");
        assert!(text.contains("[~] Properties.DisplayName: a → b"), "{text}");
        assert!(text.contains("[+] AWS::SQS::Queue New S/New"), "{text}");
        assert!(text.contains("[-] AWS::SQS::Queue Gone"), "{text}");
    }

    #[test]
    fn a_new_parameter_value_is_a_difference_and_a_hidden_one_is_not_shown() {
        let t = json!({"Parameters": {"Stage": {"Type": "String"}, "Token": {"Type": "String", "NoEcho": true}}});
        let mut d = diff(&t, &t);
        assert!(d.is_empty());
        d.parameters = vec![
            ParameterChange {
                name: "Stage".into(),
                old: Some("test".into()),
                new: Some("prod".into()),
                no_echo: false,
            },
            ParameterChange {
                name: "Token".into(),
                old: None,
                new: Some("****".into()),
                no_echo: true,
            },
        ];
        assert!(!d.is_empty());
        let text = d.render();
        assert!(
            text.contains("Parameter values\n[~] Stage: test → prod\n"),
            "{text}"
        );
        assert!(
            text.contains("[~] Token (NoEcho): a new value is given (not shown)"),
            "{text}"
        );
    }

    #[test]
    fn equal_templates_have_no_differences() {
        let t = json!({"Resources": {"A": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"O": {"Value": "x"}}});
        let d = diff(&t, &t);
        assert!(d.is_empty());
        assert_eq!(d.render(), "There were no differences\n");
    }
}
