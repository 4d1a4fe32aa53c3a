//! [`Schema`]: a resource type's constraints, checked against literal property values at
//! synthesis (types, enums, patterns, lengths, ranges, item counts, required properties).
//!
//! Tokens (references, `Fn::Sub`, imports, ...) are not checked: their value is only known at
//! deploy time. Like cfn-lint, a string is accepted where a number or boolean is expected if it
//! reads as one. Patterns the `regex` crate cannot compile (look-around) are not checked.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use cdk_core::{Expr, PropertyCheck};
use indexmap::IndexMap;
use regex::Regex;
use serde_json::Value as Json;

/// The constraints of one resource type, parsed on first use.
pub struct Schema {
    type_name: &'static str,
    json: &'static str,
    parsed: OnceLock<Json>,
}

impl Schema {
    /// A schema from its pruned JSON text.
    pub const fn new(type_name: &'static str, json: &'static str) -> Self {
        Schema {
            type_name,
            json,
            parsed: OnceLock::new(),
        }
    }

    /// The resource type it belongs to.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn root(&self) -> &Json {
        self.parsed
            .get_or_init(|| serde_json::from_str(self.json).unwrap_or(Json::Null))
    }
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Schema({})", self.type_name)
    }
}

impl PropertyCheck for Schema {
    fn check(&self, properties: &IndexMap<String, Expr>) -> Vec<String> {
        let root = self.root();
        let mut problems = Vec::new();
        let checker = Checker { root };
        checker.object(root, properties, "", &mut problems);
        problems
            .into_iter()
            .map(|p| format!("{}: {p}", self.type_name))
            .collect()
    }
}

/// Compiled patterns, by pattern: `regex-lite` (quick to compile, ASCII classes) and `regex`
/// (Unicode classes). `None`: the engine cannot compile it.
type Cache<R> = OnceLock<Mutex<HashMap<String, Option<R>>>>;
static LITE: Cache<regex_lite::Regex> = OnceLock::new();
static FULL: Cache<Regex> = OnceLock::new();

fn compiled<R: Clone>(
    cache: &Cache<R>,
    pattern: &str,
    compile: impl FnOnce(&str) -> Option<R>,
) -> Option<R> {
    let cache = cache.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| compile(pattern))
        .clone()
}

/// Whether `s` matches `pattern` (unanchored, as JSON Schema's `pattern`). An ASCII value is
/// matched with `regex-lite` when it compiles the pattern: on ASCII text its classes (`\w`,
/// `\s`, `\d`) mean what `regex`'s Unicode ones do, and it compiles ten times faster, which is
/// most of a small app's synthesis. Patterns neither engine compiles are not checked.
fn matches_pattern(pattern: &str, s: &str) -> bool {
    if s.is_ascii() {
        if let Some(re) = compiled(&LITE, pattern, |p| regex_lite::Regex::new(p).ok()) {
            return re.is_match(s);
        }
    }
    compiled(&FULL, pattern, |p| Regex::new(p).ok()).is_none_or(|re| re.is_match(s))
}

struct Checker<'a> {
    root: &'a Json,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn number_of(e: &Expr) -> Option<f64> {
    match e {
        Expr::Number(n) => n.as_f64(),
        Expr::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn shown(e: &Expr) -> String {
    let s = e
        .to_literal_json()
        .map(|j| j.to_string())
        .unwrap_or_default();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

impl<'a> Checker<'a> {
    fn resolve(&self, mut schema: &'a Json) -> &'a Json {
        for _ in 0..32 {
            match schema.get("$ref").and_then(Json::as_str) {
                Some(r) => {
                    let name = r.trim_start_matches("#/definitions/");
                    match self.root.get("definitions").and_then(|d| d.get(name)) {
                        Some(def) => schema = def,
                        None => return &Json::Null,
                    }
                }
                None => break,
            }
        }
        schema
    }

    fn object(
        &self,
        schema: &'a Json,
        map: &IndexMap<String, Expr>,
        path: &str,
        out: &mut Vec<String>,
    ) {
        for name in schema
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
        {
            if !map.contains_key(name) {
                out.push(format!("required property {} is missing", join(path, name)));
            }
        }
        let props = schema.get("properties").and_then(Json::as_object);
        let patterns = schema.get("patternProperties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties").filter(|a| a.is_object());
        for (name, value) in map {
            let sub = props
                .and_then(|p| p.get(name))
                .or_else(|| patterns.and_then(|p| p.values().next()).or(additional));
            if let Some(sub) = sub {
                self.value(sub, value, &join(path, name), out);
            }
        }
    }

    fn value(&self, schema: &'a Json, value: &Expr, path: &str, out: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if value.is_intrinsic() || matches!(value, Expr::Null) {
            return;
        }
        let ty = schema.get("type").and_then(Json::as_str);
        let mismatch = |expected: &str| format!("{path}: {} is not {expected}", shown(value));
        match (ty, value) {
            (Some("string"), Expr::Map(_) | Expr::List(_)) => out.push(mismatch("a string")),
            (Some("integer"), v) if number_of(v).is_none_or(|n| n.fract() != 0.0) => {
                out.push(mismatch("an integer"))
            }
            (Some("number"), v) if number_of(v).is_none() => out.push(mismatch("a number")),
            (Some("boolean"), Expr::Bool(_)) => {}
            (Some("boolean"), Expr::String(s)) if s == "true" || s == "false" => {}
            (Some("boolean"), _) => out.push(mismatch("a boolean")),
            (Some("array"), v) if !matches!(v, Expr::List(_)) => out.push(mismatch("a list")),
            (Some("object"), v) if !matches!(v, Expr::Map(_)) => out.push(mismatch("an object")),
            _ => {}
        }
        match value {
            Expr::String(s) => self.string(schema, s, path, out),
            Expr::Number(_) | Expr::Bool(_) => {
                if let Some(n) = number_of(value) {
                    self.number(schema, n, path, out);
                }
                self.enumeration(schema, value, path, out);
            }
            Expr::List(items) => self.list(schema, items, path, out),
            Expr::Map(m) => self.object(schema, m, path, out),
            _ => {}
        }
    }

    fn enumeration(&self, schema: &Json, value: &Expr, path: &str, out: &mut Vec<String>) {
        let Some(allowed) = schema.get("enum").and_then(Json::as_array) else {
            return;
        };
        let Some(v) = value.to_literal_json() else {
            return;
        };
        let as_text = |j: &Json| match j {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !allowed.iter().any(|a| as_text(a) == as_text(&v)) {
            let list: Vec<String> = allowed.iter().take(12).map(as_text).collect();
            let more = if allowed.len() > 12 { ", ..." } else { "" };
            out.push(format!(
                "{path}: {} is not one of {}{more}",
                shown(value),
                list.join(", ")
            ));
        }
    }

    fn string(&self, schema: &Json, s: &str, path: &str, out: &mut Vec<String>) {
        let len = s.chars().count();
        if let Some(min) = schema.get("minLength").and_then(Json::as_u64) {
            if (len as u64) < min {
                out.push(format!(
                    "{path}: {:?} is {len} characters, at least {min} needed",
                    s
                ));
            }
        }
        if let Some(max) = schema.get("maxLength").and_then(Json::as_u64) {
            if len as u64 > max {
                out.push(format!("{path}: {len} characters, at most {max} allowed"));
            }
        }
        if let Some(p) = schema.get("pattern").and_then(Json::as_str) {
            if !matches_pattern(p, s) {
                out.push(format!("{path}: {s:?} does not match the pattern {p}"));
            }
        }
        self.enumeration(schema, &Expr::String(s.to_string()), path, out);
        if let Some(n) = number_of(&Expr::String(s.to_string())) {
            if matches!(
                schema.get("type").and_then(Json::as_str),
                Some("integer" | "number")
            ) {
                self.number(schema, n, path, out);
            }
        }
    }

    fn number(&self, schema: &Json, n: f64, path: &str, out: &mut Vec<String>) {
        let bound = |k: &str| schema.get(k).and_then(Json::as_f64);
        if let Some(min) = bound("minimum") {
            if n < min {
                out.push(format!("{path}: {n} is less than the minimum {min}"));
            }
        }
        if let Some(max) = bound("maximum") {
            if n > max {
                out.push(format!("{path}: {n} is greater than the maximum {max}"));
            }
        }
        if let Some(min) = bound("exclusiveMinimum") {
            if n <= min {
                out.push(format!("{path}: {n} must be greater than {min}"));
            }
        }
        if let Some(max) = bound("exclusiveMaximum") {
            if n >= max {
                out.push(format!("{path}: {n} must be less than {max}"));
            }
        }
    }

    fn list(&self, schema: &'a Json, items: &[Expr], path: &str, out: &mut Vec<String>) {
        let n = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Json::as_u64) {
            if n < min {
                out.push(format!("{path}: {n} items, at least {min} needed"));
            }
        }
        if let Some(max) = schema.get("maxItems").and_then(Json::as_u64) {
            if n > max {
                out.push(format!("{path}: {n} items, at most {max} allowed"));
            }
        }
        if schema.get("uniqueItems") == Some(&Json::Bool(true)) {
            let literal: Vec<Json> = items.iter().filter_map(Expr::to_literal_json).collect();
            for (i, a) in literal.iter().enumerate() {
                if literal[..i].contains(a) {
                    out.push(format!("{path}: {a} appears more than once"));
                    break;
                }
            }
        }
        if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
            for (i, item) in items.iter().enumerate() {
                self.value(item_schema, item, &format!("{path}[{i}]"), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Json, props: Json) -> Vec<String> {
        let text: &'static str = Box::leak(schema.to_string().into_boxed_str());
        let s = Schema::new("AWS::Test::Thing", text);
        let Expr::Map(m) = Expr::from(props) else {
            panic!("props must be an object")
        };
        s.check(&m)
    }

    #[test]
    fn literal_values_are_checked_and_tokens_are_not() {
        let schema = json!({
            "properties": {
                "Name": {"type": "string", "minLength": 3, "maxLength": 5, "pattern": "^[a-z]+$"},
                "Delay": {"type": "integer", "minimum": 0, "maximum": 900},
                "Mode": {"type": "string", "enum": ["A", "B"]},
                "Items": {"type": "array", "maxItems": 2, "uniqueItems": true, "items": {"$ref": "#/definitions/Item"}},
                "Flag": {"type": "boolean"}
            },
            "required": ["Name"],
            "definitions": {"Item": {"type": "object", "properties": {"Size": {"type": "integer", "maximum": 10}}, "required": ["Size"]}}
        });
        assert!(check(
            schema.clone(),
            json!({"Name": "abc", "Delay": "90", "Flag": "true"})
        )
        .is_empty());
        let problems = check(
            schema.clone(),
            json!({"Name": "AB", "Delay": 901, "Mode": "C", "Flag": 3,
                   "Items": [{"Size": 11}, {"Size": 11}, {}]}),
        );
        let all = problems.join("\n");
        for expected in [
            "AWS::Test::Thing: Name: \"AB\" is 2 characters, at least 3 needed",
            "Name: \"AB\" does not match the pattern ^[a-z]+$",
            "Delay: 901 is greater than the maximum 900",
            "Mode: \"C\" is not one of A, B",
            "Flag: 3 is not a boolean",
            "Items: 3 items, at most 2 allowed",
            "Items: {\"Size\":11} appears more than once",
            "Items[0].Size: 11 is greater than the maximum 10",
            "Items[1].Size: 11 is greater than the maximum 10",
            "required property Items[2].Size is missing",
        ] {
            assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
        }
        assert_eq!(problems.len(), 10, "{all}");
        let missing = check(schema, json!({}));
        assert_eq!(
            missing,
            vec!["AWS::Test::Thing: required property Name is missing"]
        );
    }

    #[test]
    fn both_engines_agree_on_ascii_and_unicode_values() {
        let cases = [
            (r"^[\w+=,.@-]+$", "my-role_1", true),
            (r"^[\w+=,.@-]+$", "my role", false),
            (r"^[\w+=,.@-]+$", "rôle", true), // Unicode \w: only the full engine
            (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "tag value 1", true),
            (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "bad!", false),
            (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "émoji", true),
            (r"^\S+$", "a\u{a0}b", false), // a no-break space is whitespace to Unicode
        ];
        for (pattern, value, expected) in cases {
            assert_eq!(
                matches_pattern(pattern, value),
                expected,
                "{pattern} on {value:?}"
            );
            assert_eq!(
                Regex::new(pattern).unwrap().is_match(value),
                expected,
                "the full engine agrees on {value:?}"
            );
        }
    }

    #[test]
    fn tokens_and_uncompilable_patterns_pass() {
        let schema = json!({"properties": {
            "Name": {"type": "string", "maxLength": 1, "pattern": "^(?!x)"},
            "Other": {"type": "string", "pattern": "^(?!aws:)"}
        }});
        let props = Expr::map([
            ("Name", Expr::pseudo(cdk_core::Pseudo::Region)),
            ("Other", Expr::from("aws:thing")),
        ]);
        let Expr::Map(m) = props else { unreachable!() };
        let s = Schema::new("T", Box::leak(schema.to_string().into_boxed_str()));
        assert!(s.check(&m).is_empty());
    }
}
