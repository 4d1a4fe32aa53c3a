//! Escape-hatch overrides of a resource (AWS CDK's `addOverride`): a dotted path into the
//! resource's template body and a value, or a deletion. `Properties.*` overrides apply to the
//! properties before they are checked and resolved; the others apply to the resolved body.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::expr::Expr;

/// One override: the path's segments and the value (`None` deletes).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Override {
    pub path: Vec<String>,
    pub value: Option<Expr>,
}

/// Splits a CDK override path on `.`, where `\.` is a literal dot.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                if let Some(s) = out.last_mut() {
                    s.push('.');
                }
            }
            '.' => out.push(String::new()),
            c => {
                if let Some(s) = out.last_mut() {
                    s.push(c)
                }
            }
        }
    }
    out
}

/// The problem with a path, if any (empty segments).
pub(crate) fn check_path(path: &str) -> Option<String> {
    split_path(path)
        .iter()
        .any(String::is_empty)
        .then(|| format!("override path {path:?} has an empty segment"))
}

/// Applies `value` (or a deletion) at `path` inside properties held as [`Expr`]s.
pub(crate) fn apply_to_exprs(
    map: &mut IndexMap<String, Expr>,
    path: &[String],
    value: Option<Expr>,
) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        match value {
            Some(v) => {
                map.insert(head.clone(), v);
            }
            None => {
                map.shift_remove(head);
            }
        }
        return;
    }
    if value.is_none() && !map.contains_key(head) {
        return;
    }
    let slot = map
        .entry(head.clone())
        .or_insert_with(|| Expr::Map(Box::default()));
    apply_in_expr(slot, rest, value);
}

fn apply_in_expr(target: &mut Expr, path: &[String], value: Option<Expr>) {
    if let (Expr::List(items), Some((head, rest))) = (&mut *target, path.split_first()) {
        if let Ok(i) = head.parse::<usize>() {
            if i < items.len() {
                if rest.is_empty() {
                    match value {
                        Some(v) => items[i] = v,
                        None => {
                            items.remove(i);
                        }
                    }
                } else {
                    apply_in_expr(&mut items[i], rest, value);
                }
                return;
            }
        }
    }
    if !matches!(target, Expr::Map(_)) {
        if value.is_none() {
            return;
        }
        *target = Expr::Map(Box::default());
    }
    if let Expr::Map(m) = target {
        apply_to_exprs(m, path, value);
    }
}

/// Applies `value` (or a deletion) at `path` inside a resolved template body.
pub(crate) fn apply_to_json(map: &mut Map<String, Value>, path: &[String], value: Option<Value>) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        match value {
            Some(v) => {
                map.insert(head.clone(), v);
            }
            None => {
                map.remove(head);
            }
        }
        return;
    }
    if value.is_none() && !map.contains_key(head) {
        return;
    }
    let slot = map
        .entry(head.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if let (Value::Array(items), Some(Ok(i))) =
        (&mut *slot, rest.first().map(|s| s.parse::<usize>()))
    {
        if i < items.len() {
            if rest.len() == 1 {
                match value {
                    Some(v) => items[i] = v,
                    None => {
                        items.remove(i);
                    }
                }
                return;
            }
            if let Value::Object(m) = &mut items[i] {
                apply_to_json(m, &rest[1..], value);
            }
            return;
        }
    }
    if !slot.is_object() {
        if value.is_none() {
            return;
        }
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(m) = slot {
        apply_to_json(m, rest, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_split_on_unescaped_dots() {
        assert_eq!(split_path("Properties.A.B"), ["Properties", "A", "B"]);
        assert_eq!(split_path(r"Metadata.a\.b"), ["Metadata", "a.b"]);
        assert!(check_path("Properties..A").is_some());
        assert!(check_path("Properties.A").is_none());
    }

    #[test]
    fn overrides_create_replace_index_and_delete() {
        let mut m = IndexMap::new();
        m.insert(
            "List".to_string(),
            Expr::list([Expr::map([("X", Expr::from(1))])]),
        );
        apply_to_exprs(&mut m, &split_path("New.Deep"), Some(Expr::from(true)));
        apply_to_exprs(&mut m, &split_path("List.0.X"), Some(Expr::from(2)));
        apply_to_exprs(&mut m, &split_path("Absent.Deep"), None);
        let json = Expr::from(m.clone()).to_literal_json().unwrap();
        assert_eq!(json, json!({"List": [{"X": 2}], "New": {"Deep": true}}));
        apply_to_exprs(&mut m, &split_path("New"), None);
        assert!(!m.contains_key("New"));

        let mut body = json!({"Type": "T", "Metadata": {"a": 1}});
        let obj = body.as_object_mut().unwrap();
        apply_to_json(obj, &split_path("Metadata.b.c"), Some(json!("x")));
        apply_to_json(obj, &split_path("Metadata.a"), None);
        apply_to_json(obj, &split_path("DependsOn"), Some(json!(["Other"])));
        assert_eq!(
            body,
            json!({"Type": "T", "Metadata": {"b": {"c": "x"}}, "DependsOn": ["Other"]})
        );
    }
}
