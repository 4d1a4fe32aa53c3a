//! [`CfnMapping`]: a two-level lookup table of a stack, for `Fn::FindInMap`.

use indexmap::IndexMap;

use super::expr::Expr;
use crate::error::ConstructError;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

/// A mapping: top-level key → second-level key → value (a string or a list of strings).
/// Literal keys given to [`CfnMapping::find_in_map`] are checked at synthesis.
///
/// ```
/// use cdk_core::{App, CfnMapping, CfnResource, Expr, Pseudo, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let sizes = CfnMapping::new(&stack, "Sizes", [
///     ("us-east-1", vec![("Memory", Expr::from("256"))]),
///     ("eu-west-1", vec![("Memory", Expr::from("128"))]),
/// ])?;
/// let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic")?;
/// topic.set_property("DisplayName", sizes.find_in_map(Expr::pseudo(Pseudo::Region), "Memory"));
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Mappings"]["Sizes"]["eu-west-1"]["Memory"], "128");
/// assert_eq!(t["Resources"]["Topic"]["Properties"]["DisplayName"]["Fn::FindInMap"][0], "Sizes");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnMapping {
    node: Node,
}

impl Construct for CfnMapping {
    fn node(&self) -> &Node {
        &self.node
    }
}

/// The contents of a mapping.
pub(crate) type MappingData = IndexMap<String, IndexMap<String, Expr>>;

impl CfnMapping {
    /// A mapping of the stack `scope` is in.
    pub fn new<K1, K2>(
        scope: &impl Construct,
        id: &str,
        entries: impl IntoIterator<Item = (K1, Vec<(K2, Expr)>)>,
    ) -> Result<CfnMapping, ConstructError>
    where
        K1: Into<String>,
        K2: Into<String>,
    {
        let scope = scope.node();
        let path = join_path(&scope.path(), id);
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path,
                message: "a mapping must be created inside a stack".into(),
            });
        }
        let data: MappingData = entries
            .into_iter()
            .map(|(k, inner)| {
                (
                    k.into(),
                    inner.into_iter().map(|(k, v)| (k.into(), v)).collect(),
                )
            })
            .collect();
        let key_ok = |k: &str| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        let mut problems = Vec::new();
        for (k, inner) in &data {
            for key in std::iter::once(k).chain(inner.keys()) {
                if !key_ok(key) {
                    problems.push(format!(
                        "mapping key {key:?} is invalid: use letters, digits, '-', '_' and '.'"
                    ));
                }
            }
            for v in inner.values() {
                let literal = v.to_literal_json();
                let ok = match &literal {
                    Some(serde_json::Value::String(_)) => true,
                    Some(serde_json::Value::Array(a)) => a.iter().all(|x| x.is_string()),
                    _ => false,
                };
                if !ok {
                    problems.push(format!(
                        "mapping {k}: values must be literal strings or lists of strings"
                    ));
                }
            }
        }
        if data.is_empty() {
            problems.push("a mapping needs at least one key".into());
        }
        let node = scope.add_child(id, NodeKind::Mapping(Box::new(data)), "CfnMapping")?;
        if !problems.is_empty() {
            node.add_validation(move || problems.clone());
        }
        Ok(CfnMapping { node }.registered())
    }

    /// `Fn::FindInMap` of the two keys.
    pub fn find_in_map(&self, top_key: impl Into<Expr>, second_key: impl Into<Expr>) -> Expr {
        Expr::FindInMap(
            self.node.target(),
            Box::new(top_key.into()),
            Box::new(second_key.into()),
        )
    }
}
