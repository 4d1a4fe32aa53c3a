//! Choice rules in JSONPath (`Variable` with a comparison operator, `And`, `Or`, `Not`).

use serde_json::Value;

use crate::clock;
use crate::query::{Data, Failure};

/// Whether `rule` holds for `input`.
pub(crate) fn holds(rule: &Value, input: &Value, data: &Data<'_>) -> Result<bool, Failure> {
    let bad = |m: String| Failure::runtime(m);
    if let Some(all) = rule.get("And") {
        let list = all
            .as_array()
            .ok_or_else(|| bad("And must be a list".into()))?;
        for r in list {
            if !holds(r, input, data)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(any) = rule.get("Or") {
        let list = any
            .as_array()
            .ok_or_else(|| bad("Or must be a list".into()))?;
        for r in list {
            if holds(r, input, data)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(inner) = rule.get("Not") {
        return Ok(!holds(inner, input, data)?);
    }
    let variable = rule
        .get("Variable")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("a Choice rule needs a Variable: {rule}")))?;
    let obj = rule
        .as_object()
        .ok_or_else(|| bad("a Choice rule must be an object".into()))?;
    let (op, expected) = obj
        .iter()
        .find(|(k, _)| {
            !matches!(
                k.as_str(),
                "Variable" | "Next" | "Comment" | "Assign" | "Output"
            )
        })
        .ok_or_else(|| {
            bad(format!(
                "the Choice rule on {variable} has no comparison operator"
            ))
        })?;
    let found = data.path("Variable", variable, input);
    if op == "IsPresent" {
        return Ok(found.is_ok() == (expected == &Value::Bool(true)));
    }
    let value = found.map_err(|_| {
        Failure::runtime(format!(
            "Invalid path '{variable}': The choice state's condition path references an invalid value."
        ))
    })?;
    let (base, expected) = match op.strip_suffix("Path") {
        Some(base) => {
            let path = expected
                .as_str()
                .ok_or_else(|| bad(format!("{op} must hold a path")))?;
            (base, data.path(op, path, input)?)
        }
        None => (op.as_str(), expected.clone()),
    };
    let flag = || expected == Value::Bool(true);
    Ok(match base {
        "IsNull" => value.is_null() == flag(),
        "IsNumeric" => value.is_number() == flag(),
        "IsString" => value.is_string() == flag(),
        "IsBoolean" => value.is_boolean() == flag(),
        "IsTimestamp" => value.as_str().and_then(clock::parse).is_some() == flag(),
        "BooleanEquals" => value.is_boolean() && value == expected,
        "StringMatches" => match (value.as_str(), expected.as_str()) {
            (Some(v), Some(p)) => wildcard(p, v),
            _ => false,
        },
        _ => {
            let ord = if let Some(kind) = base.strip_prefix("String") {
                match (value.as_str(), expected.as_str()) {
                    (Some(a), Some(b)) => Some((kind, a.cmp(b))),
                    _ => None,
                }
            } else if let Some(kind) = base.strip_prefix("Numeric") {
                match (value.as_f64(), expected.as_f64()) {
                    (Some(a), Some(b)) => a.partial_cmp(&b).map(|o| (kind, o)),
                    _ => None,
                }
            } else if let Some(kind) = base.strip_prefix("Timestamp") {
                match (
                    value.as_str().and_then(clock::parse),
                    expected.as_str().and_then(clock::parse),
                ) {
                    (Some(a), Some(b)) => Some((kind, a.cmp(&b))),
                    _ => None,
                }
            } else {
                return Err(bad(format!("unknown Choice operator {op}")));
            };
            use std::cmp::Ordering::*;
            match ord {
                None => false,
                Some(("Equals", o)) => o == Equal,
                Some(("LessThan", o)) => o == Less,
                Some(("GreaterThan", o)) => o == Greater,
                Some(("LessThanEquals", o)) => o != Greater,
                Some(("GreaterThanEquals", o)) => o != Less,
                Some(_) => return Err(bad(format!("unknown Choice operator {op}"))),
            }
        }
    })
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard(pattern: &str, text: &str) -> bool {
    #[derive(PartialEq)]
    enum P {
        Star,
        Char(char),
    }
    let mut parts = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => parts.push(P::Char(chars.next().unwrap_or('\\'))),
            '*' => parts.push(P::Star),
            c => parts.push(P::Char(c)),
        }
    }
    let t: Vec<char> = text.chars().collect();
    // Dynamic programming over (pattern position, text position).
    let mut dp = vec![vec![false; t.len() + 1]; parts.len() + 1];
    dp[0][0] = true;
    for i in 1..=parts.len() {
        for j in 0..=t.len() {
            dp[i][j] = match &parts[i - 1] {
                P::Star => dp[i - 1][j] || (j > 0 && dp[i][j - 1]),
                P::Char(c) => j > 0 && dp[i - 1][j - 1] && t[j - 1] == *c,
            };
        }
    }
    dp[parts.len()][t.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    fn check(rule: Value, input: Value) -> Result<bool, Failure> {
        let vars = Map::new();
        let data = Data {
            context: &json!({}),
            vars: &vars,
            now_ms: 0,
        };
        holds(&rule, &input, &data)
    }

    #[test]
    fn operators() {
        let i = json!({"n": 5, "s": "log-2024.txt", "b": true, "t": "2024-01-01T00:00:00Z", "m": 7, "z": null});
        assert!(check(
            json!({"Variable": "$.n", "NumericGreaterThan": 4}),
            i.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.n", "NumericLessThanPath": "$.m"}),
            i.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.s", "StringMatches": "log-*.txt"}),
            i.clone()
        )
        .unwrap());
        assert!(!check(
            json!({"Variable": "$.s", "StringMatches": "log-\\*.txt"}),
            i.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.t", "TimestampLessThan": "2024-01-02T00:00:00Z"}),
            i.clone()
        )
        .unwrap());
        assert!(check(json!({"Variable": "$.z", "IsNull": true}), i.clone()).unwrap());
        assert!(check(json!({"Variable": "$.nope", "IsPresent": false}), i.clone()).unwrap());
        assert!(!check(json!({"Variable": "$.s", "NumericEquals": 5}), i.clone()).unwrap());
        assert!(check(json!({"And": [{"Variable": "$.b", "BooleanEquals": true}, {"Not": {"Variable": "$.n", "IsString": true}}]}), i.clone()).unwrap());
        assert_eq!(
            check(json!({"Variable": "$.nope", "StringEquals": "x"}), i)
                .unwrap_err()
                .error,
            "States.Runtime"
        );
    }
}
