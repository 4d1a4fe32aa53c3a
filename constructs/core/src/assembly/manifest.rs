//! `manifest.json`, following AWS CDK's cloud assembly schema so that the CDK CLI reads it.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::CloudAssembly;
use crate::names::manifest as names;
use crate::Message;

/// The cloud assembly schema version written to `manifest.json` and `cdk.out`.
pub const CLOUD_ASSEMBLY_VERSION: &str = "36.0.0";

pub(crate) fn render(assembly: &CloudAssembly) -> Value {
    // Each message goes to the stacks at or above its path: found by looking up the path's
    // prefixes, once per message (not by scanning every message for every stack).
    let by_path: HashMap<&str, usize> = assembly
        .stacks
        .iter()
        .enumerate()
        .map(|(i, s)| (s.construct_path.as_str(), i))
        .collect();
    let mut messages: Vec<Vec<&Message>> = vec![Vec::new(); assembly.stacks.len()];
    for m in &assembly.messages {
        let prefixes = m
            .path
            .match_indices('/')
            .map(|(at, _)| &m.path[..at])
            .chain(std::iter::once(m.path.as_str()));
        for prefix in prefixes {
            if let Some(&i) = by_path.get(prefix) {
                messages[i].push(m);
            }
        }
    }
    let mut artifacts = Map::new();
    for (s, messages) in assembly.stacks.iter().zip(messages) {
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
        for m in messages {
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
