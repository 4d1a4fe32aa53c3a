//! [`Expr`]: a template value that may hold intrinsic functions.

use indexmap::IndexMap;

/// A reference to a resource node of one app, resolved to a logical ID at synthesis.
///
/// Eight bytes (two `u32`s), so that the [`Expr`] variants holding one stay small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub(crate) tree: u32,
    pub(crate) node: u32,
}

impl Target {
    pub(crate) fn new(tree: u32, node: usize) -> Target {
        Target {
            tree,
            node: u32::try_from(node).expect("fewer than 2^32 constructs in one app"),
        }
    }

    /// The node's index in its tree.
    pub(crate) fn index(self) -> usize {
        self.node as usize
    }
}

/// CloudFormation pseudo parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Region`
    Region,
    /// `AWS::Partition`
    Partition,
    /// `AWS::StackName`
    StackName,
    /// `AWS::StackId`
    StackId,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::NoValue`: removes the property it is given to.
    NoValue,
}

impl Pseudo {
    /// The pseudo parameter's name, as used in `Ref` and `${}`.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Region => "AWS::Region",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }
}

/// A template value: plain JSON, or an intrinsic function. References to resources are typed
/// ([`Expr::Ref`], [`Expr::GetAtt`]) and become `Ref`/`Fn::GetAtt` in the same stack or an
/// export/`Fn::ImportValue` pair across stacks, at synthesis.
///
/// ```
/// use cdk_core::{Expr, Pseudo};
/// let arn = Expr::sub(
///     "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Name}",
///     [("Name", Expr::from("my-token"))],
/// );
/// assert!(arn.is_token());
/// assert!(!Expr::from("plain").is_token());
/// assert_eq!(Expr::pseudo(Pseudo::Region), Expr::Pseudo(Pseudo::Region));
/// ```
///
/// An `Expr` is 32 bytes: a template holds millions of them when an app has thousands of
/// stacks, so the variants whose payload would be larger keep it behind a box (`Map`, `Sub`,
/// `Join`) or as a `Box<str>` (`GetAtt`, `Sub`, `Split`).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// JSON `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A literal string.
    String(String),
    /// A list of values.
    List(Vec<Expr>),
    /// An object, in insertion order (boxed: see [`Expr::map`] to make one).
    Map(Box<IndexMap<String, Expr>>),
    /// `Ref` to a resource of the app.
    Ref(Target),
    /// `Fn::GetAtt` of a resource of the app: the resource and the attribute's name.
    GetAtt(Target, Box<str>),
    /// `Ref` to a pseudo parameter.
    Pseudo(Pseudo),
    /// `Fn::Sub` with a variable map (variables may hold any expression); see [`Expr::sub`].
    Sub(Box<str>, Box<IndexMap<String, Expr>>),
    /// `Fn::Join`: the separator and the parts; see [`Expr::join`].
    Join(Box<(String, Vec<Expr>)>),
    /// `Fn::Select`.
    Select(usize, Box<Expr>),
    /// `Fn::Split`.
    Split(Box<str>, Box<Expr>),
    /// `Fn::ImportValue` of an export name.
    ImportValue(Box<Expr>),
    /// `Fn::If`: the first value when the stack's condition holds, else the second.
    If(Target, Box<Expr>, Box<Expr>),
    /// `{"Condition": ...}`: a condition of the stack, inside a condition function.
    Condition(Target),
    /// `Fn::Equals`.
    Equals(Box<Expr>, Box<Expr>),
    /// `Fn::And` (2 to 10 conditions).
    And(Vec<Expr>),
    /// `Fn::Or` (2 to 10 conditions).
    Or(Vec<Expr>),
    /// `Fn::Not`.
    Not(Box<Expr>),
    /// `Fn::FindInMap` in a mapping of the stack.
    FindInMap(Target, Box<Expr>, Box<Expr>),
    /// `Fn::GetAZs` of a region (empty: the stack's).
    GetAzs(Box<Expr>),
    /// `Fn::Base64`.
    Base64(Box<Expr>),
    /// `Fn::Cidr`: IP block, count, bits per subnet.
    Cidr(Box<Expr>, Box<Expr>, Box<Expr>),
    /// The object key of an asset, from its content hash (see [`crate::Asset`]).
    AssetKey(Target),
}

impl Expr {
    /// `Ref` to a pseudo parameter.
    pub fn pseudo(p: Pseudo) -> Expr {
        Expr::Pseudo(p)
    }

    /// `Fn::Sub` with variables.
    pub fn sub<K: Into<String>>(
        template: impl Into<String>,
        vars: impl IntoIterator<Item = (K, Expr)>,
    ) -> Expr {
        Expr::Sub(
            template.into().into_boxed_str(),
            Box::new(vars.into_iter().map(|(k, v)| (k.into(), v)).collect()),
        )
    }

    /// `Fn::Join`.
    pub fn join(separator: impl Into<String>, parts: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::Join(Box::new((separator.into(), parts.into_iter().collect())))
    }

    /// `Fn::Select`.
    pub fn select(index: usize, list: Expr) -> Expr {
        Expr::Select(index, Box::new(list))
    }

    /// `Fn::Split`.
    pub fn split(separator: impl Into<String>, source: Expr) -> Expr {
        Expr::Split(separator.into().into_boxed_str(), Box::new(source))
    }

    /// `Fn::ImportValue` of an export made outside this app.
    pub fn import_value(export_name: impl Into<Expr>) -> Expr {
        Expr::ImportValue(Box::new(export_name.into()))
    }

    /// `Fn::Equals` (AWS CDK's `Fn.conditionEquals`), for [`crate::CfnCondition`].
    pub fn condition_equals(a: impl Into<Expr>, b: impl Into<Expr>) -> Expr {
        Expr::Equals(Box::new(a.into()), Box::new(b.into()))
    }

    /// `Fn::And` of conditions (2 to 10, checked at synth).
    pub fn condition_and(conditions: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::And(conditions.into_iter().collect())
    }

    /// `Fn::Or` of conditions (2 to 10, checked at synth).
    pub fn condition_or(conditions: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::Or(conditions.into_iter().collect())
    }

    /// `Fn::Not`.
    pub fn condition_not(condition: impl Into<Expr>) -> Expr {
        Expr::Not(Box::new(condition.into()))
    }

    /// `Fn::If`: `then` when `condition` holds, else `otherwise` (use
    /// `Expr::pseudo(Pseudo::NoValue)` to leave a property out).
    pub fn condition_if(
        condition: &crate::CfnCondition,
        then: impl Into<Expr>,
        otherwise: impl Into<Expr>,
    ) -> Expr {
        Expr::If(
            condition.target(),
            Box::new(then.into()),
            Box::new(otherwise.into()),
        )
    }

    /// `Fn::GetAZs` of `region` (`""` for the stack's region).
    pub fn get_azs(region: impl Into<Expr>) -> Expr {
        Expr::GetAzs(Box::new(region.into()))
    }

    /// `Fn::Base64`.
    pub fn base64(value: impl Into<Expr>) -> Expr {
        Expr::Base64(Box::new(value.into()))
    }

    /// `Fn::Cidr`: `count` CIDR blocks of `bits` host bits each, from `ip_block`.
    pub fn cidr(ip_block: impl Into<Expr>, count: impl Into<Expr>, bits: impl Into<Expr>) -> Expr {
        Expr::Cidr(
            Box::new(ip_block.into()),
            Box::new(count.into()),
            Box::new(bits.into()),
        )
    }

    /// An object from key/value pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Expr)>) -> Expr {
        Expr::Map(Box::new(
            entries.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        ))
    }

    /// A list.
    pub fn list(items: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::List(items.into_iter().collect())
    }

    /// True when this value contains an intrinsic function anywhere.
    pub fn is_token(&self) -> bool {
        match self {
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => false,
            Expr::List(items) => items.iter().any(Expr::is_token),
            Expr::Map(m) => m.values().any(Expr::is_token),
            _ => true,
        }
    }

    /// True for an intrinsic function at the top (not a literal, list or object).
    pub fn is_intrinsic(&self) -> bool {
        !matches!(
            self,
            Expr::Null
                | Expr::Bool(_)
                | Expr::Number(_)
                | Expr::String(_)
                | Expr::List(_)
                | Expr::Map(_)
        )
    }

    /// The literal string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object entries, if this is an object.
    pub fn as_map(&self) -> Option<&IndexMap<String, Expr>> {
        match self {
            Expr::Map(m) => Some(&**m),
            _ => None,
        }
    }

    /// The object entries, mutably, if this is an object.
    pub fn as_map_mut(&mut self) -> Option<&mut IndexMap<String, Expr>> {
        match self {
            Expr::Map(m) => Some(&mut **m),
            _ => None,
        }
    }

    /// A copy in which every intrinsic function (at any depth inside lists and objects) is
    /// replaced by what `f` returns for it.
    pub fn replace_intrinsics(&self, f: &mut dyn FnMut(&Expr) -> Expr) -> Expr {
        match self {
            Expr::List(items) => {
                Expr::List(items.iter().map(|e| e.replace_intrinsics(f)).collect())
            }
            Expr::Map(m) => Expr::Map(Box::new(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.replace_intrinsics(f)))
                    .collect(),
            )),
            e if e.is_intrinsic() => f(e),
            e => e.clone(),
        }
    }

    /// Gives back the spare capacity of every list, object and string inside, for a value kept
    /// in the tree until synthesis (objects built one entry at a time, or cloned, hold up to
    /// twice the room their entries need).
    pub(crate) fn shrink_to_fit(&mut self) {
        match self {
            Expr::String(s) => s.shrink_to_fit(),
            Expr::List(items) | Expr::And(items) | Expr::Or(items) => {
                items.shrink_to_fit();
                items.iter_mut().for_each(Expr::shrink_to_fit);
            }
            Expr::Map(m) | Expr::Sub(_, m) => shrink_map(m),
            Expr::Join(join) => {
                join.1.shrink_to_fit();
                join.1.iter_mut().for_each(Expr::shrink_to_fit);
            }
            Expr::Select(_, e)
            | Expr::Split(_, e)
            | Expr::ImportValue(e)
            | Expr::Not(e)
            | Expr::GetAzs(e)
            | Expr::Base64(e) => e.shrink_to_fit(),
            Expr::If(_, a, b) | Expr::Equals(a, b) | Expr::FindInMap(_, a, b) => {
                a.shrink_to_fit();
                b.shrink_to_fit();
            }
            Expr::Cidr(a, b, c) => {
                a.shrink_to_fit();
                b.shrink_to_fit();
                c.shrink_to_fit();
            }
            Expr::Null
            | Expr::Bool(_)
            | Expr::Number(_)
            | Expr::Ref(_)
            | Expr::GetAtt(..)
            | Expr::Pseudo(_)
            | Expr::Condition(_)
            | Expr::AssetKey(_) => {}
        }
    }

    /// Every resource node this value references, at any depth.
    pub(crate) fn targets(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Ref(t) | Expr::GetAtt(t, _) => out.push(t.index()),
            Expr::List(items) => items.iter().for_each(|e| e.targets(out)),
            Expr::Join(join) => join.1.iter().for_each(|e| e.targets(out)),
            Expr::Map(m) | Expr::Sub(_, m) => m.values().for_each(|e| e.targets(out)),
            Expr::Select(_, e)
            | Expr::Split(_, e)
            | Expr::ImportValue(e)
            | Expr::Not(e)
            | Expr::GetAzs(e)
            | Expr::Base64(e) => e.targets(out),
            Expr::If(_, a, b) | Expr::Equals(a, b) | Expr::FindInMap(_, a, b) => {
                a.targets(out);
                b.targets(out);
            }
            Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| e.targets(out)),
            Expr::Cidr(a, b, c) => [a, b, c].iter().for_each(|e| e.targets(out)),
            Expr::Null
            | Expr::Bool(_)
            | Expr::Number(_)
            | Expr::String(_)
            | Expr::Pseudo(_)
            | Expr::Condition(_)
            | Expr::AssetKey(_) => {}
        }
    }

    /// The plain JSON value, when this holds no intrinsic function.
    pub fn to_literal_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match self {
            Expr::Null => Value::Null,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(n.clone()),
            Expr::String(s) => Value::String(s.clone()),
            Expr::List(items) => Value::Array(
                items
                    .iter()
                    .map(Expr::to_literal_json)
                    .collect::<Option<_>>()?,
            ),
            Expr::Map(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| Some((k.clone(), v.to_literal_json()?)))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        })
    }
}

/// [`Expr::shrink_to_fit`] for an object and everything in it.
pub(crate) fn shrink_map(m: &mut IndexMap<String, Expr>) {
    m.shrink_to_fit();
    m.values_mut().for_each(Expr::shrink_to_fit);
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::String(s.to_string())
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::String(s)
    }
}

impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::String(s.clone())
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Expr {
            fn from(n: $t) -> Self {
                Expr::Number(n.into())
            }
        }
    )*};
}
number_from!(i32, i64, u16, u32, u64, usize);

impl From<Pseudo> for Expr {
    fn from(p: Pseudo) -> Self {
        Expr::Pseudo(p)
    }
}

impl<T: Into<Expr>> From<Vec<T>> for Expr {
    fn from(items: Vec<T>) -> Self {
        Expr::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<IndexMap<String, Expr>> for Expr {
    fn from(m: IndexMap<String, Expr>) -> Self {
        Expr::Map(Box::new(m))
    }
}

impl From<serde_json::Value> for Expr {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => Expr::Null,
            Value::Bool(b) => Expr::Bool(b),
            Value::Number(n) => Expr::Number(n),
            Value::String(s) => Expr::String(s),
            Value::Array(a) => Expr::List(a.into_iter().map(Expr::from).collect()),
            Value::Object(o) => Expr::Map(Box::new(
                o.into_iter().map(|(k, v)| (k, Expr::from(v))).collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literal_json_round_trips_and_tokens_are_detected() {
        let v = json!({"a": [1, "x", true, null], "b": {"c": 2}});
        let e = Expr::from(v.clone());
        assert!(!e.is_token());
        assert_eq!(e.to_literal_json(), Some(v));
        let with_token = Expr::map([("k", Expr::list([Expr::pseudo(Pseudo::Region)]))]);
        assert!(with_token.is_token());
        assert_eq!(with_token.to_literal_json(), None);
    }

    #[test]
    fn an_expr_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Expr>(), 32);
        assert_eq!(std::mem::size_of::<Target>(), 8);
    }

    #[test]
    fn shrink_to_fit_keeps_the_value_and_drops_spare_room() {
        let mut inner = IndexMap::new();
        for k in ["a", "b", "c", "d", "e"] {
            inner.insert(k.to_string(), Expr::from(k));
        }
        let mut list = Vec::with_capacity(10);
        list.push(Expr::from(inner.clone()));
        let mut e = Expr::map([("list", Expr::List(list))]);
        let before = e.clone();
        e.shrink_to_fit();
        assert_eq!(e, before);
        let Some(Expr::List(list)) = e.as_map().and_then(|m| m.get("list")) else {
            unreachable!()
        };
        assert_eq!(list.capacity(), 1);
        assert_eq!(list[0].as_map().unwrap().capacity(), 5);
    }

    #[test]
    fn replace_intrinsics_reaches_nested_tokens_only() {
        let e = Expr::map([
            ("plain", Expr::from("x")),
            ("deep", Expr::list([Expr::pseudo(Pseudo::AccountId)])),
        ]);
        let replaced = e.replace_intrinsics(&mut |_| Expr::from("${Account}"));
        assert_eq!(
            replaced.to_literal_json(),
            Some(json!({"plain": "x", "deep": ["${Account}"]}))
        );
    }
}
