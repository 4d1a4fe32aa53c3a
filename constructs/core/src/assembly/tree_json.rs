//! `tree.json`: the construct tree, as AWS CDK writes it.

use serde_json::{json, Map, Value};

use crate::tree::store::{NodeKind, Tree};

pub(crate) fn render(tree: &Tree, logical_ids: &[Option<String>]) -> Value {
    json!({ "version": "tree-0.1", "tree": node(tree, logical_ids, 0) })
}

fn node(tree: &Tree, logical_ids: &[Option<String>], index: usize) -> Value {
    let n = &tree.nodes[index];
    let mut out = Map::new();
    out.insert(
        "id".into(),
        json!(if index == 0 { "App" } else { n.id.as_str() }),
    );
    out.insert("path".into(), json!(tree.path(index)));
    if !n.children.is_empty() {
        let children: Map<String, Value> = n
            .children
            .iter()
            .map(|(id, &c)| (id.clone(), node(tree, logical_ids, c)))
            .collect();
        out.insert("children".into(), Value::Object(children));
    }
    let mut attributes = Map::new();
    if let NodeKind::Resource(r) = &n.kind {
        attributes.insert("aws:cdk:cloudformation:type".into(), json!(r.resource_type));
    }
    if let Some(lid) = &logical_ids[index] {
        attributes.insert("aws:cdk:cloudformation:logicalId".into(), json!(lid));
    }
    if !attributes.is_empty() {
        out.insert("attributes".into(), Value::Object(attributes));
    }
    out.insert(
        "constructInfo".into(),
        json!({ "fqn": n.type_name, "version": env!("CARGO_PKG_VERSION") }),
    );
    Value::Object(out)
}
