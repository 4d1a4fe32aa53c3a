//! The per-type metadata table (`registry.rs` of cdk-cfn) the toolkit reads: create-only
//! properties, primary identifier, whether a type holds data, tagging, import support.

use std::fmt::Write;

use serde_json::Value;

use crate::model::property_path;

fn paths(schema: &Value, key: &str) -> Vec<String> {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(property_path)
                .collect()
        })
        .unwrap_or_default()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", quoted.join(", "))
}

/// How a type's tags are written, from the schema of its tag property.
fn tag_format(schema: &Value, property: &str) -> &'static str {
    let mut p = &schema["properties"][property];
    if let Some(def) = p.get("$ref").and_then(Value::as_str) {
        p = &schema["definitions"][def.trim_start_matches("#/definitions/")];
    }
    match p.get("type").and_then(Value::as_str) {
        Some("object") => "Map",
        Some("array") => {
            let mut item = &p["items"];
            if let Some(def) = item.get("$ref").and_then(Value::as_str) {
                item = &schema["definitions"][def.trim_start_matches("#/definitions/")];
            }
            let props = item.get("properties").and_then(Value::as_object);
            if props.is_some_and(|p| p.contains_key("Key") && p.contains_key("Value")) {
                "List"
            } else {
                "Other"
            }
        }
        _ => "Other",
    }
}

/// One `TypeInfo` entry.
pub fn entry(out: &mut String, type_name: &str, schema: &Value, stateful: &Value) {
    let tagging = schema.get("tagging");
    let taggable = tagging
        .and_then(|t| t.get("taggable"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let tag_property = tagging
        .and_then(|t| t.get("tagProperty"))
        .and_then(Value::as_str)
        .and_then(property_path)
        .or_else(|| schema["properties"].get("Tags").map(|_| "Tags".to_string()))
        .filter(|p| taggable && !p.contains('/') && schema["properties"].get(p).is_some());
    let tags = match &tag_property {
        Some(p) => format!(
            "Some(({p:?}, crate::registry::TagFormat::{}))",
            tag_format(schema, p)
        ),
        None => "None".into(),
    };
    let state = &stateful["ResourceTypes"][type_name];
    let mut create_only = paths(schema, "createOnlyProperties");
    for p in crate::supplement::replacing_properties(type_name) {
        if !create_only.iter().any(|c| c == p) {
            create_only.push(p.to_string());
        }
    }
    let handlers = schema.get("handlers");
    let importable = handlers.is_some_and(|h| h.get("read").is_some() && h.get("create").is_some());
    let _ = writeln!(
        out,
        "    crate::registry::TypeInfo {{ type_name: {type_name:?}, create_only: {}, primary_identifier: {}, stateful: {}, delete_requires_empty: {}, importable: {importable}, tags: {tags} }},",
        list(&create_only),
        list(&paths(schema, "primaryIdentifier")),
        state.is_object(),
        state["DeleteRequiresEmptyResource"] == Value::Bool(true),
    );
}
