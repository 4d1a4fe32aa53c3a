//! Turns [`Expr`] values into template JSON, making exports and imports for references that
//! cross stacks.

use indexmap::IndexMap;
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use super::dependencies::Edges;
use crate::error::ValidationError;
use crate::template::expr::{Expr, Target};
use crate::tree::store::{NodeKind, Tree};

/// An output added to a producing stack for a reference from another stack.
pub(crate) struct Export {
    pub output_id: String,
    pub export_name: String,
    pub value: Value,
}

pub(crate) struct Resolver<'a> {
    pub tree: &'a Tree,
    /// Logical ID of each resource node (indexed by node).
    pub logical_ids: &'a [Option<String>],
    /// Exports per producing stack, keyed by what they export.
    pub exports: IndexMap<usize, IndexMap<(usize, Option<String>), Export>>,
    pub edges: Edges,
    pub errors: Vec<ValidationError>,
}

impl<'a> Resolver<'a> {
    /// Resolves `expr` as used by node `user`, which sits in stack `consumer`.
    pub fn resolve(&mut self, consumer: usize, user: usize, expr: &Expr) -> Value {
        match expr {
            Expr::Null => Value::Null,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(n.clone()),
            Expr::String(s) => Value::String(s.clone()),
            Expr::List(items) => Value::Array(
                items
                    .iter()
                    .map(|e| self.resolve(consumer, user, e))
                    .collect(),
            ),
            Expr::Map(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(consumer, user, v)))
                    .collect(),
            ),
            Expr::Ref(t) => self.reference(consumer, user, *t, None),
            Expr::GetAtt(t, attr) => self.reference(consumer, user, *t, Some(attr)),
            Expr::Pseudo(p) => json!({ "Ref": p.name() }),
            Expr::Sub(template, vars) if vars.is_empty() => json!({ "Fn::Sub": template }),
            Expr::Sub(template, vars) => {
                let vars: Map<String, Value> = vars
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve(consumer, user, v)))
                    .collect();
                json!({ "Fn::Sub": [template, vars] })
            }
            Expr::Join(join) => {
                let (sep, parts) = &**join;
                let parts: Vec<Value> = parts
                    .iter()
                    .map(|e| self.resolve(consumer, user, e))
                    .collect();
                json!({ "Fn::Join": [sep, parts] })
            }
            Expr::Select(i, list) => {
                json!({ "Fn::Select": [i, self.resolve(consumer, user, list)] })
            }
            Expr::Split(sep, source) => {
                json!({ "Fn::Split": [sep, self.resolve(consumer, user, source)] })
            }
            Expr::ImportValue(name) => {
                json!({ "Fn::ImportValue": self.resolve(consumer, user, name) })
            }
            Expr::If(cond, a, b) => {
                let name = self.local_name(consumer, user, *cond, "condition");
                json!({ "Fn::If": [name, self.resolve(consumer, user, a), self.resolve(consumer, user, b)] })
            }
            Expr::Condition(cond) => {
                json!({ "Condition": self.local_name(consumer, user, *cond, "condition") })
            }
            Expr::Equals(a, b) => {
                json!({ "Fn::Equals": [self.resolve(consumer, user, a), self.resolve(consumer, user, b)] })
            }
            Expr::And(items) | Expr::Or(items) => {
                let key = if matches!(expr, Expr::And(_)) {
                    "Fn::And"
                } else {
                    "Fn::Or"
                };
                let items: Vec<Value> = items
                    .iter()
                    .map(|e| self.resolve(consumer, user, e))
                    .collect();
                json!({ key: items })
            }
            Expr::Not(e) => json!({ "Fn::Not": [self.resolve(consumer, user, e)] }),
            Expr::FindInMap(mapping, a, b) => {
                let name = self.local_name(consumer, user, *mapping, "mapping");
                self.check_mapping_keys(user, *mapping, a, b);
                json!({ "Fn::FindInMap": [name, self.resolve(consumer, user, a), self.resolve(consumer, user, b)] })
            }
            Expr::GetAzs(region) => json!({ "Fn::GetAZs": self.resolve(consumer, user, region) }),
            Expr::AssetKey(asset) => {
                let tree = self.tree;
                match tree.nodes.get(asset.index()).map(|n| &n.kind) {
                    Some(NodeKind::Asset(_)) if asset.tree == tree.tree_id => {
                        let path = tree.path(asset.index());
                        let hash = crate::assets::prepared(&path)
                            .map(|p| p.hash)
                            .unwrap_or_else(|| crate::assets::placeholder(&path));
                        Value::String(format!("{hash}.zip"))
                    }
                    _ => {
                        self.errors.push(ValidationError {
                            path: tree.path(user),
                            message: "refers to an asset of another app".into(),
                        });
                        Value::Null
                    }
                }
            }
            Expr::Base64(e) => json!({ "Fn::Base64": self.resolve(consumer, user, e) }),
            Expr::Cidr(ip, count, bits) => json!({ "Fn::Cidr": [
                self.resolve(consumer, user, ip),
                self.resolve(consumer, user, count),
                self.resolve(consumer, user, bits)
            ] }),
        }
    }

    fn reference(
        &mut self,
        consumer: usize,
        user: usize,
        target: Target,
        attr: Option<&str>,
    ) -> Value {
        let tree = self.tree;
        let valid = target.tree == tree.tree_id
            && match tree.nodes.get(target.index()).map(|n| &n.kind) {
                Some(NodeKind::Resource(_)) => true,
                Some(NodeKind::Parameter(_)) => attr.is_none(),
                _ => false,
            };
        let (Some(lid), true) = (
            self.logical_ids.get(target.index()).cloned().flatten(),
            valid,
        ) else {
            let message = if target.tree == tree.tree_id && target.index() < tree.nodes.len() {
                format!(
                    "refers to '{}' with {}, which takes a resource{}",
                    tree.path(target.index()),
                    if attr.is_some() { "Fn::GetAtt" } else { "Ref" },
                    if attr.is_some() {
                        ""
                    } else {
                        " or a parameter"
                    }
                )
            } else {
                "refers to a resource of another app; references only work within one app".into()
            };
            self.errors.push(ValidationError {
                path: tree.path(user),
                message,
            });
            return Value::Null;
        };
        let local = match attr {
            None => json!({ "Ref": lid }),
            Some(a) => json!({ "Fn::GetAtt": [lid, a] }),
        };
        let Some(producer) = tree.stack_of(target.index()) else {
            return local;
        };
        if producer == consumer {
            return local;
        }
        if let (NodeKind::Stack(p), NodeKind::Stack(c)) =
            (&tree.nodes[producer].kind, &tree.nodes[consumer].kind)
        {
            if p.props.env != c.props.env {
                self.errors.push(ValidationError {
                    path: tree.path(user),
                    message: format!(
                        "stack '{}' ({}) references '{}' of stack '{}' ({}): stacks in different environments cannot reference each other; pass the value another way (a parameter, SSM) or put both in one environment",
                        stack_name(tree, consumer),
                        c.props.env,
                        tree.path(target.index()),
                        stack_name(tree, producer),
                        p.props.env
                    ),
                });
                return Value::Null;
            }
        }
        self.edges.entry((consumer, producer)).or_insert_with(|| {
            format!(
                "{} references {}",
                tree.path(user),
                tree.path(target.index())
            )
        });
        let producer_name = stack_name(tree, producer);
        let key = (target.index(), attr.map(str::to_string));
        let export = self
            .exports
            .entry(producer)
            .or_default()
            .entry(key)
            .or_insert_with(|| {
                let kind = match attr {
                    None => "Ref".to_string(),
                    Some(a) => format!(
                        "FnGetAtt{}",
                        a.replace(|c: char| !c.is_ascii_alphanumeric(), "")
                    ),
                };
                let digest = Md5::digest(format!("{producer_name}/{lid}/{kind}").as_bytes());
                let hash: String = digest.iter().take(4).map(|b| format!("{b:02X}")).collect();
                let mut human = format!("{}{kind}{lid}", crate::names::EXPORTS_OUTPUT_PREFIX);
                human.truncate(200);
                let output_id = human + &hash;
                Export {
                    export_name: format!("{producer_name}:{output_id}"),
                    output_id,
                    value: local,
                }
            });
        json!({ "Fn::ImportValue": export.export_name })
    }
}

impl Resolver<'_> {
    /// The logical ID of a condition or mapping, which only its own stack can use.
    fn local_name(&mut self, consumer: usize, user: usize, target: Target, what: &str) -> Value {
        let tree = self.tree;
        let lid = (target.tree == tree.tree_id)
            .then(|| self.logical_ids.get(target.index()).cloned().flatten())
            .flatten();
        let Some(lid) = lid else {
            self.errors.push(ValidationError {
                path: tree.path(user),
                message: format!("refers to a {what} of another app"),
            });
            return Value::Null;
        };
        if tree.stack_of(target.index()) != Some(consumer) {
            self.errors.push(ValidationError {
                path: tree.path(user),
                message: format!(
                    "uses the {what} '{}' of stack '{}'; a {what} can only be used in its own stack: create it in '{}' too",
                    tree.path(target.index()),
                    tree.stack_of(target.index()).map(|s| stack_name(tree, s)).unwrap_or_default(),
                    stack_name(tree, consumer)
                ),
            });
        }
        Value::String(lid)
    }

    /// Literal keys of `Fn::FindInMap` must exist in the mapping.
    fn check_mapping_keys(&mut self, user: usize, mapping: Target, a: &Expr, b: &Expr) {
        let tree = self.tree;
        let Some(NodeKind::Mapping(data)) = tree.nodes.get(mapping.index()).map(|n| &n.kind) else {
            return;
        };
        let name = tree.path(mapping.index());
        match (a.as_str(), b.as_str()) {
            (Some(k1), _) if !data.contains_key(k1) => self.errors.push(ValidationError {
                path: tree.path(user),
                message: format!(
                    "mapping '{name}' has no key {k1:?}; it has {}",
                    data.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            }),
            (Some(k1), Some(k2)) if !data[k1].contains_key(k2) => {
                self.errors.push(ValidationError {
                    path: tree.path(user),
                    message: format!("mapping '{name}' has no key {k2:?} under {k1:?}"),
                })
            }
            (None, Some(k2)) if !data.values().all(|inner| inner.contains_key(k2)) => {
                self.errors.push(ValidationError {
                    path: tree.path(user),
                    message: format!("mapping '{name}': not every top-level key has {k2:?}"),
                })
            }
            _ => {}
        }
    }
}

pub(crate) fn stack_name(tree: &Tree, stack: usize) -> String {
    match &tree.nodes[stack].kind {
        NodeKind::Stack(d) => d.stack_name.clone(),
        _ => tree.nodes[stack].id.clone(),
    }
}
