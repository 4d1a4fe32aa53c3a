//! The export deadlock (AWS CDK issue 7602): when a consumer stack stops using a value that
//! another stack exports, the producer's new template drops the export, and CloudFormation
//! refuses to update the producer while the deployed consumer still imports it ("Export ...
//! cannot be deleted as it is in use by ..."). A deploy never gets stuck this way: an export
//! that deployed stacks still import (ListImports) is kept, with its deployed value, in the
//! template the producer is deployed with first; once every importer is deployed without it,
//! in the same run, the producer is deployed again with its own template, which removes it.
//! An importer that this deploy does not deploy keeps the export until it is deployed without
//! it, and the deploy says so.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::{json, Value};

use super::plan::Plan;
use crate::cfn::Cfn;
use crate::engine::events::KeptExport;
use crate::error::ToolkitError;

/// The exports a template declares: export name → output key (names written as plain
/// strings, as synthesis writes them).
pub fn exported(template: &Value) -> IndexMap<String, String> {
    template["Outputs"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(key, output)| {
            let name = output["Export"]["Name"].as_str()?;
            Some((name.to_string(), key.clone()))
        })
        .collect()
}

/// The export names a template imports (`Fn::ImportValue` of a plain string).
pub fn imported(template: &Value) -> HashSet<String> {
    fn walk(v: &Value, into: &mut HashSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, inner) in map {
                    match (k.as_str(), inner) {
                        ("Fn::ImportValue", Value::String(name)) => {
                            into.insert(name.clone());
                        }
                        _ => walk(inner, into),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, into)),
            _ => {}
        }
    }
    let mut into = HashSet::new();
    walk(template, &mut into);
    into
}

/// The exports the deployed stack has and its new template drops that deployed stacks still
/// import (asked of ListImports, only for dropped exports). `run` is every stack of this deploy
/// with its new template: an export whose importers are all in it, none still importing it,
/// is removed after them (`removed_after`).
pub async fn still_imported(
    cfn: &Cfn,
    plan: &Plan,
    run: &[(String, Value)],
) -> Result<Vec<KeptExport>, ToolkitError> {
    let Some(deployed) = plan.existing.as_ref() else {
        return Ok(Vec::new());
    };
    let keeps = exported(plan.artifact.template());
    let outputs = exported(&plan.deployed);
    let mut kept = Vec::new();
    for (export, value) in &deployed.exports {
        if keeps.contains_key(export) {
            continue;
        }
        let importers: Vec<String> = cfn
            .importers(export)
            .await?
            .into_iter()
            .filter(|s| *s != deployed.name)
            .collect();
        if importers.is_empty() {
            continue;
        }
        let removed_after = importers.iter().all(|i| {
            run.iter()
                .any(|(name, template)| name == i && !imported(template).contains(export))
        });
        kept.push(KeptExport {
            export: export.clone(),
            output: outputs
                .get(export)
                .cloned()
                .unwrap_or_else(|| output_key(export)),
            value: value.clone(),
            importers,
            removed_after,
        });
    }
    Ok(kept)
}

/// An output key for an export whose deployed output is not known: its letters and digits.
fn output_key(export: &str) -> String {
    let key: String = export.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Kept{key}")
}

/// The template with the kept exports added back, each as an output of its deployed value (a
/// literal: the resource it came from may be gone from the template; the value CloudFormation
/// compares stays the same).
pub fn with_kept(template: &Value, kept: &[KeptExport]) -> Value {
    let mut template = template.clone();
    if let Some(root) = template.as_object_mut() {
        let outputs = root.entry("Outputs").or_insert_with(|| json!({}));
        if let Some(outputs) = outputs.as_object_mut() {
            for k in kept {
                let mut key = k.output.clone();
                while outputs.contains_key(&key) {
                    key.push('K');
                }
                outputs.insert(key, json!({"Value": k.value, "Export": {"Name": k.export}}));
            }
        }
    }
    template
}

/// Deploys the plan's stack with the kept exports first: its artifact becomes the template
/// with them, and its own template is kept for the second step.
pub fn keep(plan: &mut Plan, kept: Vec<KeptExport>) -> Result<(), ToolkitError> {
    let template = with_kept(plan.artifact.template(), &kept);
    let json = serde_json::to_string(&template).map_err(|e| {
        ToolkitError::Unexpected(format!(
            "the template of stack {} with its kept exports: {e}",
            plan.artifact.stack_name
        ))
    })?;
    plan.final_artifact = Some(plan.artifact.clone());
    plan.artifact = plan.artifact.with_template(json);
    plan.kept_exports = kept;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(name: &str, removed_after: bool) -> KeptExport {
        KeptExport {
            export: name.into(),
            output: "ExportsOutputRefTopic".into(),
            value: "arn:aws:sns:us-east-1:123456789012:t".into(),
            importers: vec!["Consumer".into()],
            removed_after,
        }
    }

    #[test]
    fn exports_and_imports_are_read_from_templates() {
        let producer = json!({"Outputs": {
            "ExportsOutputRefTopic": {"Value": {"Ref": "Topic"}, "Export": {"Name": "Producer:ExportsOutputRefTopic"}},
            "Plain": {"Value": "x"}
        }});
        assert_eq!(
            exported(&producer),
            [(
                "Producer:ExportsOutputRefTopic".to_string(),
                "ExportsOutputRefTopic".to_string()
            )]
            .into_iter()
            .collect::<IndexMap<_, _>>()
        );
        let consumer = json!({"Resources": {"P": {"Properties": {"Value": {"Fn::Join": ["", [{"Fn::ImportValue": "Producer:ExportsOutputRefTopic"}]]}}}}});
        assert!(imported(&consumer).contains("Producer:ExportsOutputRefTopic"));
        assert!(imported(&producer).is_empty());
    }

    #[test]
    fn a_kept_export_is_an_output_of_its_deployed_value() {
        let new = json!({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}});
        let kept = with_kept(&new, &[export("Producer:ExportsOutputRefTopic", true)]);
        assert_eq!(
            kept["Outputs"]["ExportsOutputRefTopic"],
            json!({"Value": "arn:aws:sns:us-east-1:123456789012:t", "Export": {"Name": "Producer:ExportsOutputRefTopic"}})
        );
        assert_eq!(kept["Resources"], new["Resources"]);
        // An output of the same key in the new template is left alone.
        let taken = json!({"Outputs": {"ExportsOutputRefTopic": {"Value": "other"}}});
        let kept = with_kept(&taken, &[export("Producer:ExportsOutputRefTopic", true)]);
        assert_eq!(kept["Outputs"]["ExportsOutputRefTopic"]["Value"], "other");
        assert_eq!(
            kept["Outputs"]["ExportsOutputRefTopicK"]["Export"]["Name"],
            "Producer:ExportsOutputRefTopic"
        );
    }
}
