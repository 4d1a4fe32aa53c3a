//! JSONata values: JSON, sequences, functions, regular expressions, and "undefined".

use std::rc::Rc;

use cdk_aws::stepfunctions::jsonata::Ast;
use serde_json::Value;

use super::eval::Env;

/// A JSONata value.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum JValue {
    /// No value (a missing field).
    Undefined,
    /// A JSON value (arrays made by constructors or found in the data).
    Json(Value),
    /// A sequence produced by path navigation (flattened, unwrapped when it holds one value).
    Seq(Vec<Value>),
    /// A function.
    Func(Rc<Function>),
    /// A regular expression literal.
    Regex(Rc<regex::Regex>),
}

/// A function value.
#[derive(Debug)]
pub enum Function {
    /// `function($a) { ... }` with the environment it was made in.
    Lambda {
        /// Parameter names.
        params: Vec<String>,
        /// The body.
        body: Ast,
        /// The closure.
        env: Env,
    },
    /// A library function, by name.
    Builtin(String),
    /// A partial application: `None` marks a `?`.
    Partial(Rc<Function>, Vec<Option<JValue>>),
}

impl JValue {
    /// JSON `null`.
    pub fn null() -> JValue {
        JValue::Json(Value::Null)
    }

    /// True for [`JValue::Undefined`].
    pub fn is_undefined(&self) -> bool {
        matches!(self, JValue::Undefined)
    }

    /// A sequence normalized: empty is undefined, one value is that value.
    pub fn from_seq(mut items: Vec<Value>, keep: bool) -> JValue {
        match items.len() {
            0 => JValue::Undefined,
            1 if !keep => JValue::Json(items.remove(0)),
            _ if keep => JValue::Json(Value::Array(items)),
            _ => JValue::Seq(items),
        }
    }

    /// The value as JSON (`None` when undefined; functions become `null`... never: an error).
    pub fn to_json(&self) -> Result<Option<Value>, String> {
        Ok(match self {
            JValue::Undefined => None,
            JValue::Json(v) => Some(v.clone()),
            JValue::Seq(items) => Some(Value::Array(items.clone())),
            JValue::Func(_) | JValue::Regex(_) => {
                return Err("a function cannot be part of a JSON result".into())
            }
        })
    }

    /// The items to iterate: a sequence's or an array's items, or the value alone.
    pub fn items(&self) -> Vec<Value> {
        match self {
            JValue::Undefined | JValue::Func(_) | JValue::Regex(_) => Vec::new(),
            JValue::Json(Value::Array(a)) => a.clone(),
            JValue::Seq(items) => items.clone(),
            JValue::Json(v) => vec![v.clone()],
        }
    }

    /// JSONata's boolean cast.
    pub fn truthy(&self) -> bool {
        match self {
            JValue::Undefined | JValue::Func(_) | JValue::Regex(_) => false,
            JValue::Json(v) => truthy_json(v),
            JValue::Seq(items) => items.iter().any(truthy_json),
        }
    }
}

fn truthy_json(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.iter().any(truthy_json),
        Value::Object(m) => !m.is_empty(),
    }
}

/// A number as JSON: an integer when it is one.
pub fn number(f: f64) -> Result<Value, String> {
    if !f.is_finite() {
        return Err("the number is not finite (division by zero?)".into());
    }
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        Ok(Value::from(f as i64))
    } else {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| "the number is not finite".into())
    }
}

/// JSONata's `$string` of a JSON value.
pub fn stringify(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{}", f as i128),
            Some(f) => {
                // 15 significant digits, as JSONata does.
                let s = format!("{:.*e}", 14, f);
                let parsed: f64 = s.parse().unwrap_or(f);
                format!("{parsed}")
            }
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}
