//! `manifest.json`, following AWS CDK's cloud assembly schema so that the CDK CLI reads it.

use serde_json::{json, Map, Value};

use super::CloudAssembly;

/// The cloud assembly schema version written to `manifest.json` and `cdk.out`.
pub const CLOUD_ASSEMBLY_VERSION: &str = "36.0.0";

pub(crate) fn render(assembly: &CloudAssembly) -> Value {
    let mut artifacts = Map::new();
    for s in &assembly.stacks {
        let mut metadata: Map<String, Value> = s
            .logical_ids
            .iter()
            .map(|(path, lid)| {
                (
                    format!("/{path}"),
                    json!([{ "type": "aws:cdk:logicalId", "data": lid }]),
                )
            })
            .collect();
        // Warnings and information, where the AWS CDK CLI looks for them.
        let inside =
            |p: &str| p == s.construct_path || p.starts_with(&format!("{}/", s.construct_path));
        for m in assembly.messages.iter().filter(|m| inside(&m.path)) {
            let entry = metadata
                .entry(format!("/{}", m.path))
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = entry {
                list.push(json!({ "type": m.level.metadata_type(), "data": m.message }));
            }
        }
        let mut properties = Map::new();
        properties.insert("templateFile".into(), json!(s.template_file));
        properties.insert("stackName".into(), json!(s.stack_name));
        properties.insert(
            "terminationProtection".into(),
            json!(s.termination_protection),
        );
        if !s.tags.is_empty() {
            properties.insert("tags".into(), json!(s.tags));
        }
        properties.insert("validateOnSynth".into(), json!(false));
        artifacts.insert(
            s.artifact_id.clone(),
            json!({
                "type": "aws:cloudformation:stack",
                "environment": s.environment.to_string(),
                "properties": properties,
                "dependencies": s.dependencies,
                "metadata": metadata,
                "displayName": s.construct_path,
            }),
        );
    }
    artifacts.insert(
        "Tree".into(),
        json!({ "type": "cdk:tree", "properties": { "file": "tree.json" } }),
    );
    json!({ "version": CLOUD_ASSEMBLY_VERSION, "artifacts": artifacts })
}
