//! `manifest.json`, following AWS CDK's cloud assembly schema so that the CDK CLI reads it.

use serde_json::{json, Map, Value};

use super::CloudAssembly;
use crate::names::manifest as names;

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
                    json!([{ names::TYPE: names::LOGICAL_ID_ENTRY, "data": lid }]),
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
                list.push(json!({ names::TYPE: m.level.metadata_type(), "data": m.message }));
            }
        }
        let mut properties = Map::new();
        properties.insert(names::TEMPLATE_FILE.into(), json!(s.template_file));
        properties.insert(names::STACK_NAME.into(), json!(s.stack_name));
        properties.insert(
            names::TERMINATION_PROTECTION.into(),
            json!(s.termination_protection),
        );
        if !s.tags.is_empty() {
            properties.insert(names::TAGS.into(), json!(s.tags));
        }
        properties.insert("validateOnSynth".into(), json!(false));
        let mut dependencies = s.dependencies.clone();
        if !s.assets.is_empty() {
            let id = format!("{}.assets", s.artifact_id);
            artifacts.insert(
                id.clone(),
                json!({
                    names::TYPE: "cdk:asset-manifest",
                    names::PROPERTIES: { "file": s.asset_manifest_file() },
                }),
            );
            dependencies.push(id);
        }
        artifacts.insert(
            s.artifact_id.clone(),
            json!({
                names::TYPE: names::STACK_ARTIFACT_TYPE,
                names::ENVIRONMENT: s.environment.to_string(),
                names::PROPERTIES: properties,
                names::DEPENDENCIES: dependencies,
                names::METADATA: metadata,
                names::DISPLAY_NAME: s.construct_path,
            }),
        );
    }
    artifacts.insert(
        "Tree".into(),
        json!({ names::TYPE: "cdk:tree", names::PROPERTIES: { "file": "tree.json" } }),
    );
    json!({ names::VERSION: CLOUD_ASSEMBLY_VERSION, names::ARTIFACTS: artifacts })
}
