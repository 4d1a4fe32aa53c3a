//! `tree.json`: the construct tree, as AWS CDK writes it.
//!
//! Serialized straight from the tree (no `serde_json::Value` of the whole tree in between: for
//! 10,000 stacks that value alone took several hundred megabytes).

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::tree::store::{NodeKind, Tree};

/// `tree.json`, pretty-printed.
pub(crate) fn render(tree: &Tree, logical_ids: &[Option<String>]) -> String {
    serde_json::to_string_pretty(&Document(TreeNode {
        tree,
        logical_ids,
        index: 0,
    }))
    .unwrap_or_default()
}

struct Document<'a>(TreeNode<'a>);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("version", "tree-0.1")?;
        map.serialize_entry("tree", &self.0)?;
        map.end()
    }
}

#[derive(Clone, Copy)]
struct TreeNode<'a> {
    tree: &'a Tree,
    logical_ids: &'a [Option<String>],
    index: usize,
}

/// A node's children, by id.
struct Children<'a>(TreeNode<'a>);

impl Serialize for Children<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = &self.0.tree.nodes[self.0.index];
        let mut map = serializer.serialize_map(Some(n.children.len()))?;
        for (id, c) in n.children.iter() {
            map.serialize_entry(id, &TreeNode { index: c, ..self.0 })?;
        }
        map.end()
    }
}

/// A resource's type and the logical ID of anything that has one.
struct Attributes<'a> {
    resource_type: Option<&'a str>,
    logical_id: Option<&'a str>,
}

impl Serialize for Attributes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(t) = self.resource_type {
            map.serialize_entry("aws:cdk:cloudformation:type", t)?;
        }
        if let Some(lid) = self.logical_id {
            map.serialize_entry("aws:cdk:cloudformation:logicalId", lid)?;
        }
        map.end()
    }
}

struct ConstructInfo<'a>(&'a str);

impl Serialize for ConstructInfo<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("fqn", self.0)?;
        map.serialize_entry("version", env!("CARGO_PKG_VERSION"))?;
        map.end()
    }
}

impl Serialize for TreeNode<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = &self.tree.nodes[self.index];
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "id",
            if self.index == 0 {
                "App"
            } else {
                n.id.as_str()
            },
        )?;
        map.serialize_entry("path", &self.tree.path(self.index))?;
        if !n.children.is_empty() {
            map.serialize_entry("children", &Children(*self))?;
        }
        let attributes = Attributes {
            resource_type: match &n.kind {
                NodeKind::Resource(_) => Some(self.tree.type_name(self.index)),
                _ => None,
            },
            logical_id: self.logical_ids[self.index].as_deref(),
        };
        if attributes.resource_type.is_some() || attributes.logical_id.is_some() {
            map.serialize_entry("attributes", &attributes)?;
        }
        map.serialize_entry(
            "constructInfo",
            &ConstructInfo(self.tree.type_name(self.index)),
        )?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::*;
    use crate::tree::node::Construct;

    /// The tree as a `Value`, built the way `tree.json` was before it was streamed.
    fn as_value(tree: &Tree, logical_ids: &[Option<String>], index: usize) -> Value {
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
                .map(|(id, c)| (id.clone(), as_value(tree, logical_ids, c)))
                .collect();
            out.insert("children".into(), Value::Object(children));
        }
        let mut attributes = Map::new();
        if let NodeKind::Resource(_) = &n.kind {
            attributes.insert(
                "aws:cdk:cloudformation:type".into(),
                json!(tree.type_name(index)),
            );
        }
        if let Some(lid) = &logical_ids[index] {
            attributes.insert("aws:cdk:cloudformation:logicalId".into(), json!(lid));
        }
        if !attributes.is_empty() {
            out.insert("attributes".into(), Value::Object(attributes));
        }
        out.insert(
            "constructInfo".into(),
            json!({ "fqn": tree.type_name(index), "version": env!("CARGO_PKG_VERSION") }),
        );
        Value::Object(out)
    }

    #[test]
    fn streamed_tree_json_is_byte_for_byte_the_value_it_replaced() {
        let app = crate::App::new();
        let stack = crate::Stack::new(&app, "Stack").unwrap();
        let scope = crate::Node::with_type(&stack, "Scope", "My\"Type\n").unwrap();
        let r = crate::CfnResource::new(&scope, "Bucket", "AWS::S3::Bucket").unwrap();
        r.set_property("BucketName", "b");
        crate::Node::new(&stack, "Empty").unwrap();
        let tree = app.node().tree.borrow();
        let logical_ids: Vec<Option<String>> = (0..tree.nodes.len())
            .map(|i| (i % 2 == 1).then(|| format!("Id{i}")))
            .collect();
        let expected = serde_json::to_string_pretty(
            &json!({ "version": "tree-0.1", "tree": as_value(&tree, &logical_ids, 0) }),
        )
        .unwrap();
        assert_eq!(render(&tree, &logical_ids), expected);
    }
}
