//! Template values written compactly for people: intrinsics as `${Logical.Attr}`.

use serde_json::Value;

/// A value in one line: `Ref` as `${X}`, `Fn::GetAtt` as `${X.Attr}`, `Fn::ImportValue` as
/// `${Import:Name}`, `Fn::Sub` as its template, `Fn::Join` joined; other JSON as JSON.
///
/// ```
/// use cdk_toolkit::diff::compact;
/// use serde_json::json;
/// assert_eq!(compact(&json!({"Fn::GetAtt": ["Table", "Arn"]})), "${Table.Arn}");
/// assert_eq!(compact(&json!({"Fn::Join": [":", [{"Ref": "F"}, "*"]]})), "${F}:*");
/// ```
pub fn compact(v: &Value) -> String {
    if let Some(obj) = v.as_object() {
        if obj.len() == 1 {
            let (k, arg) = obj.iter().next().expect("one entry");
            match (k.as_str(), arg) {
                ("Ref", Value::String(s)) => return format!("${{{s}}}"),
                ("Fn::GetAtt", Value::Array(a)) if a.len() == 2 => {
                    return format!("${{{}.{}}}", text(&a[0]), text(&a[1]))
                }
                ("Fn::ImportValue", x) => return format!("${{Import:{}}}", compact(x)),
                ("Fn::Sub", Value::String(s)) => return s.clone(),
                ("Fn::Sub", Value::Array(a)) if !a.is_empty() => {
                    let mut s = text(&a[0]);
                    if let Some(vars) = a.get(1).and_then(Value::as_object) {
                        for (k, v) in vars {
                            s = s.replace(&format!("${{{k}}}"), &compact(v));
                        }
                    }
                    return s;
                }
                ("Fn::Join", Value::Array(a)) if a.len() == 2 => {
                    let parts: Vec<String> = a[1]
                        .as_array()
                        .map(|p| p.iter().map(compact).collect())
                        .unwrap_or_default();
                    return parts.join(&text(&a[0]));
                }
                _ => {}
            }
        }
    }
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            items.iter().map(compact).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| compact(v), str::to_string)
}
