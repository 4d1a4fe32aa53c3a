//! [`Value`]: a property value that is a literal or a reference, and [`ToCfn`], how values
//! become template values.

use cdk_core::Expr;
use indexmap::IndexMap;

/// A property value: a literal of the property's type, or a token ([`Expr`]) such as another
/// construct's ARN, a `Ref`, `Fn::Sub` or an import, resolved at synthesis like every other
/// reference (within a stack or across stacks).
///
/// Literals convert in with `.into()`: `&str` and `String` for strings, integers, floats,
/// `bool`, the generated property types and enums, `Vec`s and arrays of those, and maps.
///
/// ```
/// use cdk_cfn::Value;
/// use cdk_core::{Expr, Pseudo};
/// let name: Value<String> = "orders".into();
/// assert_eq!(name.as_literal().map(String::as_str), Some("orders"));
/// let region: Value<String> = Expr::pseudo(Pseudo::Region).into();
/// assert!(region.as_literal().is_none());
/// let ids: Value<Vec<Value<String>>> = vec!["a", "b"].into();
/// assert_eq!(ids.as_literal().map(Vec::len), Some(2));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value<T> {
    /// A literal, checked against the schema's constraints at synthesis.
    Literal(Box<T>),
    /// A token, resolved at synthesis.
    Token(Box<Expr>),
}

impl<T> Value<T> {
    /// A literal value.
    pub fn literal(value: T) -> Self {
        Value::Literal(Box::new(value))
    }

    /// A token value.
    pub fn token(expr: Expr) -> Self {
        Value::Token(Box::new(expr))
    }

    /// The literal, if this is one.
    pub fn as_literal(&self) -> Option<&T> {
        match self {
            Value::Literal(v) => Some(v),
            Value::Token(_) => None,
        }
    }
}

impl<T> From<Expr> for Value<T> {
    fn from(e: Expr) -> Self {
        Value::token(e)
    }
}

impl<T> From<&Expr> for Value<T> {
    fn from(e: &Expr) -> Self {
        Value::token(e.clone())
    }
}

impl From<&str> for Value<String> {
    fn from(s: &str) -> Self {
        Value::literal(s.to_string())
    }
}

impl From<String> for Value<String> {
    fn from(s: String) -> Self {
        Value::literal(s)
    }
}

impl From<&String> for Value<String> {
    fn from(s: &String) -> Self {
        Value::literal(s.clone())
    }
}

impl From<bool> for Value<bool> {
    fn from(b: bool) -> Self {
        Value::literal(b)
    }
}

macro_rules! from_number {
    ($target:ty: $($t:ty),*) => {$(
        impl From<$t> for Value<$target> {
            fn from(n: $t) -> Self {
                Value::literal(<$target>::from(n))
            }
        }
    )*};
}
from_number!(i64: i8, i16, i32, i64, u8, u16, u32);
from_number!(f64: f32, f64, i8, i16, i32, u8, u16, u32);

macro_rules! from_wide_integer {
    ($($t:ty),*) => {$(
        /// Values above `i64::MAX` saturate (and then fail the schema's maximum, if any).
        impl From<$t> for Value<i64> {
            fn from(n: $t) -> Self {
                Value::literal(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
from_wide_integer!(u64, usize);

impl<T, X: Into<Value<T>>> From<Vec<X>> for Value<Vec<Value<T>>> {
    fn from(items: Vec<X>) -> Self {
        Value::literal(items.into_iter().map(Into::into).collect())
    }
}

impl<T, X: Into<Value<T>>, const N: usize> From<[X; N]> for Value<Vec<Value<T>>> {
    fn from(items: [X; N]) -> Self {
        Value::literal(items.into_iter().map(Into::into).collect())
    }
}

impl<X: Into<Expr>> From<Vec<X>> for Value<Vec<Expr>> {
    fn from(items: Vec<X>) -> Self {
        Value::literal(items.into_iter().map(Into::into).collect())
    }
}

impl<T, K: Into<String>, X: Into<Value<T>>> From<IndexMap<K, X>>
    for Value<IndexMap<String, Value<T>>>
{
    fn from(m: IndexMap<K, X>) -> Self {
        Value::literal(m.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<T, K: Into<String>, X: Into<Value<T>>, const N: usize> From<[(K, X); N]>
    for Value<IndexMap<String, Value<T>>>
{
    fn from(entries: [(K, X); N]) -> Self {
        Value::literal(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, X: Into<Expr>, const N: usize> From<[(K, X); N]>
    for Value<IndexMap<String, Expr>>
{
    fn from(entries: [(K, X); N]) -> Self {
        Value::literal(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, X: Into<Expr>> From<IndexMap<K, X>> for Value<IndexMap<String, Expr>> {
    fn from(m: IndexMap<K, X>) -> Self {
        Value::literal(m.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

/// Rendering into a template value.
pub trait ToCfn {
    /// The template value.
    fn to_cfn(&self) -> Expr;
}

impl ToCfn for String {
    fn to_cfn(&self) -> Expr {
        Expr::String(self.clone())
    }
}

impl ToCfn for i64 {
    fn to_cfn(&self) -> Expr {
        Expr::from(*self)
    }
}

impl ToCfn for f64 {
    fn to_cfn(&self) -> Expr {
        serde_json::Number::from_f64(*self).map_or(Expr::Null, Expr::Number)
    }
}

impl ToCfn for bool {
    fn to_cfn(&self) -> Expr {
        Expr::Bool(*self)
    }
}

impl ToCfn for Expr {
    fn to_cfn(&self) -> Expr {
        self.clone()
    }
}

impl<T: ToCfn> ToCfn for Vec<T> {
    fn to_cfn(&self) -> Expr {
        Expr::List(self.iter().map(ToCfn::to_cfn).collect())
    }
}

impl<T: ToCfn> ToCfn for IndexMap<String, T> {
    fn to_cfn(&self) -> Expr {
        Expr::map(self.iter().map(|(k, v)| (k.clone(), v.to_cfn())))
    }
}

impl<T: ToCfn> ToCfn for Value<T> {
    fn to_cfn(&self) -> Expr {
        match self {
            Value::Literal(v) => v.to_cfn(),
            Value::Token(e) => (**e).clone(),
        }
    }
}

/// Builds the object of a props struct or property type, leaving out unset properties.
#[allow(dead_code)] // used by the generated modules
pub(crate) struct Object(IndexMap<String, Expr>);

#[allow(dead_code)]
impl Object {
    pub(crate) fn new() -> Self {
        Object(IndexMap::new())
    }

    pub(crate) fn req<T: ToCfn>(&mut self, name: &str, value: &T) {
        self.0.insert(name.to_string(), value.to_cfn());
    }

    pub(crate) fn opt<T: ToCfn>(&mut self, name: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.req(name, v);
        }
    }
}

impl From<Object> for Expr {
    fn from(o: Object) -> Self {
        Expr::from(o.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdk_core::Pseudo;

    #[test]
    fn values_render_as_template_values() {
        let v: Value<Vec<Value<String>>> =
            vec![Value::from("a"), Value::from(Expr::pseudo(Pseudo::Region))].into();
        assert_eq!(
            v.to_cfn(),
            Expr::list([Expr::from("a"), Expr::pseudo(Pseudo::Region)])
        );
        let n: Value<i64> = 5.into();
        assert_eq!(n.to_cfn(), Expr::from(5));
        let f: Value<f64> = 0.5.into();
        assert_eq!(f.to_cfn().to_literal_json(), Some(serde_json::json!(0.5)));
        let m: Value<IndexMap<String, Value<String>>> = [("k", "v")].into();
        assert_eq!(m.to_cfn(), Expr::map([("k", Expr::from("v"))]));
        let mut o = Object::new();
        o.opt::<Value<bool>>("Unset", &None);
        o.opt("Set", &Some(Value::from(true)));
        assert_eq!(Expr::from(o), Expr::map([("Set", Expr::from(true))]));
    }
}
