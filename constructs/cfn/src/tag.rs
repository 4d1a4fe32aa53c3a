//! [`Tag`]: the `{Key, Value}` pair of CloudFormation's tag lists.

use cdk_core::Expr;

use crate::{ToCfn, Value};

/// A tag as CloudFormation's tag lists take it (AWS CDK's `CfnTag`). Resource types whose
/// schema has a map of tags take a map instead.
///
/// ```
/// use cdk_cfn::{Tag, ToCfn};
/// let t = Tag::new("team", "data");
/// assert_eq!(t.to_cfn().to_literal_json(), Some(serde_json::json!({"Key": "team", "Value": "data"})));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// The key.
    pub key: Value<String>,
    /// The value.
    pub value: Value<String>,
}

impl Tag {
    /// A tag.
    pub fn new(key: impl Into<Value<String>>, value: impl Into<Value<String>>) -> Self {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl ToCfn for Tag {
    fn to_cfn(&self) -> Expr {
        Expr::map([("Key", self.key.to_cfn()), ("Value", self.value.to_cfn())])
    }
}

impl From<Tag> for Value<Tag> {
    fn from(t: Tag) -> Self {
        Value::literal(t)
    }
}
