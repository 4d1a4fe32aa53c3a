//! The part of a resource schema that synthesis checks literal values against: structure and
//! constraints, without descriptions, handlers or read-only properties.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::property_path;

/// The keywords kept, with their meaning unchanged (JSON Schema draft-07).
const KEPT: &[&str] = &[
    "type",
    "$ref",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "required",
];

fn prune(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "properties" | "patternProperties" => {
                if let Some(props) = v.as_object() {
                    let p: Map<String, Value> =
                        props.iter().map(|(n, s)| (n.clone(), prune(s))).collect();
                    out.insert(k.clone(), Value::Object(p));
                }
            }
            "items" | "additionalProperties" if v.is_object() => {
                out.insert(k.clone(), prune(v));
            }
            "enum" if schema.get("enumCaseInsensitive") == Some(&Value::Bool(true)) => {}
            k if KEPT.contains(&k) => {
                out.insert(k.to_string(), v.clone());
            }
            _ => {}
        }
    }
    Value::Object(out)
}

fn refs(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                if let Some(d) = r.strip_prefix("#/definitions/") {
                    out.insert(d.to_string());
                }
            }
            o.values().for_each(|v| refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The validation schema of a resource type: its settable properties and the definitions
/// they reach, pruned to structure and constraints.
pub fn validation_schema(schema: &Value) -> Value {
    let read_only: Vec<String> = schema
        .get("readOnlyProperties")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(property_path)
                .collect()
        })
        .unwrap_or_default();
    let mut props = Map::new();
    if let Some(p) = schema.get("properties").and_then(Value::as_object) {
        for (name, s) in p {
            if !read_only.contains(name) {
                props.insert(name.clone(), prune(s));
            }
        }
    }
    let empty = Map::new();
    let all_defs = schema
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut reached = BTreeSet::new();
    refs(&Value::Object(props.clone()), &mut reached);
    let mut done = BTreeSet::new();
    while let Some(d) = reached.iter().find(|d| !done.contains(*d)).cloned() {
        done.insert(d.clone());
        if let Some(def) = all_defs.get(&d) {
            refs(def, &mut reached);
        }
    }
    let defs: Map<String, Value> = done
        .iter()
        .filter_map(|d| Some((d.clone(), prune(all_defs.get(d)?))))
        .collect();
    let required: Vec<Value> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter(|v| {
                    v.as_str()
                        .is_some_and(|n| !read_only.iter().any(|r| r == n))
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut out = Map::new();
    out.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if !defs.is_empty() {
        out.insert("definitions".into(), Value::Object(defs));
    }
    Value::Object(out)
}
