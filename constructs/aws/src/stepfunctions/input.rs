//! [`Params`]: `Parameters`, `ResultSelector` and payload objects, with typed JSONPath fields.

use cdk_core::Expr;
use indexmap::IndexMap;

#[derive(Clone, Debug, PartialEq)]
enum Param {
    Value(Expr),
    Path(String),
    Nested(Params),
}

/// An object passed as `Parameters` (or `ResultSelector`, or a payload). Fields taken from the
/// state's input are given as paths and get the `.$` suffix for you.
///
/// ```
/// use cdk_aws::stepfunctions::Params;
/// let p = Params::new().path("Message", "$.message").value("Subject", "Hi");
/// let json = p.to_expr().to_literal_json().unwrap();
/// assert_eq!(json, serde_json::json!({"Message.$": "$.message", "Subject": "Hi"}));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(IndexMap<String, Param>);

impl Params {
    /// An empty object.
    pub fn new() -> Self {
        Params::default()
    }

    /// A fixed value (which may hold references to resources).
    pub fn value(mut self, key: &str, value: impl Into<Expr>) -> Self {
        self.0.insert(key.to_string(), Param::Value(value.into()));
        self
    }

    /// A value taken from the input at `path` (or an intrinsic function like `States.Format`).
    pub fn path(mut self, key: &str, path: &str) -> Self {
        self.0
            .insert(key.to_string(), Param::Path(path.to_string()));
        self
    }

    /// The task token (`$$.Task.Token`) at `key`, for `.waitForTaskToken` tasks.
    ///
    /// ```
    /// use cdk_aws::stepfunctions::Params;
    /// let p = Params::new().task_token("token");
    /// assert_eq!(p.to_expr().to_literal_json().unwrap(), serde_json::json!({"token.$": "$$.Task.Token"}));
    /// ```
    pub fn task_token(self, key: &str) -> Self {
        self.path(key, super::integration::TASK_TOKEN_PATH)
    }

    /// A nested object.
    pub fn nested(mut self, key: &str, params: Params) -> Self {
        self.0.insert(key.to_string(), Param::Nested(params));
        self
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The object as ASL JSON.
    pub fn to_expr(&self) -> Expr {
        Expr::map(self.0.iter().map(|(k, p)| match p {
            Param::Value(v) => (k.clone(), v.clone()),
            Param::Path(path) => (format!("{k}.$"), Expr::from(path.as_str())),
            Param::Nested(n) => (k.clone(), n.to_expr()),
        }))
    }
}

impl From<Params> for Expr {
    fn from(p: Params) -> Expr {
        p.to_expr()
    }
}
