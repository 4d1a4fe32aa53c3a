//! [`Match`]: patterns that values are matched against, with the mismatches found.

use std::fmt;

use indexmap::IndexMap;
use regex::Regex;
use serde_json::Value;

/// A pattern. Plain JSON converts into one (`json!({...}).into()`): objects in it match
/// partially and deeply (other keys may be there), arrays exactly, other values by equality.
#[derive(Clone, Debug)]
pub enum Match {
    /// Equal to this JSON, with objects matched partially.
    Literal(Value),
    /// Equal to this JSON, exactly (no extra keys anywhere).
    Exact(Value),
    /// Present, whatever the value.
    AnyValue,
    /// Not present (only meaningful as an object's field).
    Absent,
    /// An array containing elements that match these, in this order (others may be between).
    ArrayWith(Vec<Match>),
    /// An object with at least these fields, each matching.
    ObjectLike(IndexMap<String, Match>),
    /// A string matching this regular expression.
    StringLike(Regex),
    /// Anything that does not match the pattern.
    Not(Box<Match>),
}

/// One difference between a value and a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Where, as a JSON pointer (`/Properties/Timeout`).
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "at {path}: {}", self.message)
    }
}

impl From<Value> for Match {
    fn from(v: Value) -> Self {
        Match::Literal(v)
    }
}

impl From<&str> for Match {
    fn from(v: &str) -> Self {
        Match::Literal(Value::String(v.to_string()))
    }
}

impl From<i64> for Match {
    fn from(v: i64) -> Self {
        Match::Literal(v.into())
    }
}

impl From<bool> for Match {
    fn from(v: bool) -> Self {
        Match::Literal(v.into())
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    }
}

impl Match {
    /// Present, whatever the value.
    pub fn any_value() -> Match {
        Match::AnyValue
    }

    /// Not present.
    pub fn absent() -> Match {
        Match::Absent
    }

    /// Exactly this JSON.
    pub fn exact(v: impl Into<Value>) -> Match {
        Match::Exact(v.into())
    }

    /// An array containing elements matching these, in order.
    pub fn array_with(items: impl IntoIterator<Item = Match>) -> Match {
        Match::ArrayWith(items.into_iter().collect())
    }

    /// An object with at least these fields.
    pub fn object_like<K: Into<String>>(fields: impl IntoIterator<Item = (K, Match)>) -> Match {
        Match::ObjectLike(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A string matching the regular expression `pattern`.
    ///
    /// # Panics
    /// When `pattern` is not a valid regular expression (a mistake in the test itself).
    pub fn string_like_regexp(pattern: &str) -> Match {
        Match::StringLike(
            Regex::new(pattern)
                .unwrap_or_else(|e| panic!("invalid regular expression {pattern:?}: {e}")),
        )
    }

    /// Anything that does not match `m` (also written `!m`).
    pub fn negate(m: Match) -> Match {
        Match::Not(Box::new(m))
    }

    /// The differences between `actual` (`None`: absent) and this pattern; empty when it matches.
    pub fn test(&self, actual: Option<&Value>) -> Vec<Mismatch> {
        let mut out = Vec::new();
        self.check("", actual, &mut out);
        out
    }

    fn check(&self, path: &str, actual: Option<&Value>, out: &mut Vec<Mismatch>) {
        let mut fail = |message: String| {
            out.push(Mismatch {
                path: path.to_string(),
                message,
            })
        };
        match (self, actual) {
            (Match::Absent, None) => {}
            (Match::Absent, Some(v)) => fail(format!("expected nothing, found {}", short(v))),
            (Match::Not(m), a) => {
                if m.test(a).is_empty() {
                    fail(format!(
                        "expected not to match, found {}",
                        a.map_or("nothing".into(), short)
                    ));
                }
            }
            (_, None) => fail("missing".into()),
            (Match::AnyValue, Some(_)) => {}
            (Match::Exact(e), Some(v)) => {
                if e != v {
                    fail(format!("expected exactly {}, found {}", short(e), short(v)));
                }
            }
            (Match::StringLike(re), Some(v)) => match v.as_str() {
                Some(s) if re.is_match(s) => {}
                _ => fail(format!("expected a string like /{re}/, found {}", short(v))),
            },
            (Match::Literal(Value::Object(e)), Some(v)) => {
                let fields = e
                    .iter()
                    .map(|(k, v)| (k.clone(), Match::Literal(v.clone())));
                Match::ObjectLike(fields.collect()).check(path, Some(v), out);
            }
            (Match::Literal(Value::Array(e)), Some(v)) => match v.as_array() {
                Some(a) if a.len() == e.len() => {
                    for (i, (ei, ai)) in e.iter().zip(a).enumerate() {
                        Match::Literal(ei.clone()).check(&format!("{path}/{i}"), Some(ai), out);
                    }
                }
                Some(a) => fail(format!(
                    "expected an array of {} elements, found {}: {}",
                    e.len(),
                    a.len(),
                    short(v)
                )),
                None => fail(format!("expected an array, found {}", short(v))),
            },
            (Match::Literal(e), Some(v)) => {
                if e != v {
                    fail(format!("expected {}, found {}", short(e), short(v)));
                }
            }
            (Match::ObjectLike(fields), Some(v)) => match v.as_object() {
                Some(obj) => {
                    for (k, m) in fields {
                        m.check(
                            &format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                            obj.get(k),
                            out,
                        );
                    }
                }
                None => fail(format!("expected an object, found {}", short(v))),
            },
            (Match::ArrayWith(items), Some(v)) => match v.as_array() {
                Some(a) => {
                    let mut from = 0;
                    for (n, m) in items.iter().enumerate() {
                        match a.iter().skip(from).position(|x| m.test(Some(x)).is_empty()) {
                            Some(p) => from += p + 1,
                            None => {
                                fail(format!("expected an array containing element {n} of the pattern (in order), found {}", short(v)));
                                return;
                            }
                        }
                    }
                }
                None => fail(format!("expected an array, found {}", short(v))),
            },
        }
    }
}

impl std::ops::Not for Match {
    type Output = Match;

    fn not(self) -> Match {
        Match::negate(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literal_objects_match_partially_and_deeply() {
        let v = json!({"a": 1, "b": {"c": 2, "d": 3}, "l": [1, 2]});
        assert!(Match::from(json!({"b": {"c": 2}}))
            .test(Some(&v))
            .is_empty());
        let m = Match::from(json!({"b": {"c": 9}})).test(Some(&v));
        assert_eq!(
            m,
            [Mismatch {
                path: "/b/c".into(),
                message: "expected 9, found 2".into()
            }]
        );
        assert!(
            !Match::from(json!({"l": [1]})).test(Some(&v)).is_empty(),
            "arrays match exactly"
        );
        assert!(
            !Match::exact(json!({"a": 1})).test(Some(&v)).is_empty(),
            "exact means exact"
        );
    }

    #[test]
    fn matchers() {
        let v = json!({"s": "python3.13", "l": [1, 2, 3], "o": {"x": 1}});
        let ok = |m: Match| assert!(m.test(Some(&v)).is_empty(), "{m:?}");
        ok(Match::object_like([(
            "s",
            Match::string_like_regexp("^python"),
        )]));
        ok(Match::object_like([(
            "l",
            Match::array_with([1.into(), 3.into()]),
        )]));
        ok(Match::object_like([
            ("missing", Match::absent()),
            ("o", Match::any_value()),
        ]));
        ok(Match::object_like([("s", !Match::from("nodejs"))]));
        let bad =
            Match::object_like([("l", Match::array_with([3.into(), 1.into()]))]).test(Some(&v));
        assert!(bad[0].message.contains("in order"), "{bad:?}");
        let bad = Match::object_like([("missing", Match::any_value()), ("s", Match::absent())])
            .test(Some(&v));
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].to_string(), "at /missing: missing");
        assert_eq!(
            bad[1].to_string(),
            "at /s: expected nothing, found \"python3.13\""
        );
    }
}
