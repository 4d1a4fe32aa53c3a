//! The data flow of a state: JSONPath fields (`InputPath`, `Parameters`, `ResultSelector`,
//! `ResultPath`, `OutputPath`, payload templates with `.$` keys and intrinsic functions) and
//! JSONata fields (`Arguments`, `Output`, `Assign`, `{% %}` strings), with the errors Step
//! Functions raises when they fail.

use serde_json::{Map, Value};

use cdk_aws::stepfunctions::jsonata::{expression_of, parse};

use crate::intrinsics::{is_call, Call};
use crate::jsonata::{evaluate, Env, JValue};
use crate::jsonpath::{Path, Scope};
use crate::rng::Rng;

/// A States Language error: a name and a cause.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Failure {
    pub error: String,
    pub cause: String,
}

impl Failure {
    pub fn new(error: &str, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.to_string(),
            cause: cause.into(),
        }
    }

    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure::new("States.Runtime", cause)
    }

    /// The error output `{"Error": ..., "Cause": ...}`.
    pub fn output(&self) -> Value {
        serde_json::json!({"Error": self.error, "Cause": self.cause})
    }
}

/// The query language of a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    JsonPath,
    Jsonata,
}

/// What expressions of a state see.
pub(crate) struct Data<'a> {
    pub context: &'a Value,
    pub vars: &'a Map<String, Value>,
    pub now_ms: i64,
}

impl Data<'_> {
    fn scope<'s>(&'s self, data: &'s Value) -> Scope<'s> {
        Scope {
            data,
            context: self.context,
            variables: self.vars,
        }
    }

    /// A JSONPath (`InputPath`, `OutputPath`, `ItemsPath`, ...) on `data`; a missing value is
    /// `States.Runtime`.
    pub fn path(&self, field: &str, path: &str, data: &Value) -> Result<Value, Failure> {
        let p = Path::parse(path).map_err(Failure::runtime)?;
        p.eval(&self.scope(data)).map_err(|_| {
            Failure::runtime(format!(
                "An error occurred while executing the state. Invalid path '{path}' : The {field} '{path}' could not be found in the input '{data}'"
            ))
        })
    }

    /// `InputPath`/`OutputPath` semantics: absent is `$`, `null` is `{}`.
    pub fn filter(&self, field: &str, spec: Option<&Value>, data: Value) -> Result<Value, Failure> {
        match spec {
            None => Ok(data),
            Some(Value::Null) => Ok(Value::Object(Map::new())),
            Some(Value::String(p)) => self.path(field, p, &data),
            Some(other) => Err(Failure::runtime(format!(
                "{field} must be a path or null, not {other}"
            ))),
        }
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath
    /// `Assign`): keys ending in `.$` take a path or an intrinsic function.
    pub fn payload(&self, template: &Value, data: &Value, rng: &mut Rng) -> Result<Value, Failure> {
        match template {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    if let Some(key) = k.strip_suffix(".$") {
                        let Value::String(expr) = v else {
                            return Err(Failure::runtime(format!(
                                "the field '{k}' must hold a path or an intrinsic function"
                            )));
                        };
                        let value = if is_call(expr) {
                            Call::parse(expr)
                                .and_then(|c| c.eval(&self.scope(data), rng))
                                .map_err(|e| Failure::new("States.IntrinsicFailure", e))?
                        } else {
                            let p = Path::parse(expr).map_err(Failure::runtime)?;
                            p.eval(&self.scope(data)).map_err(|_| {
                                Failure::runtime(format!(
                                    "An error occurred while executing the state. The JSONPath '{expr}' specified for the field '{k}' could not be found in the input '{data}'"
                                ))
                            })?
                        };
                        out.insert(key.to_string(), value);
                    } else {
                        out.insert(k.clone(), self.payload(v, data, rng)?);
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => Ok(Value::Array(
                items
                    .iter()
                    .map(|i| self.payload(i, data, rng))
                    .collect::<Result<_, _>>()?,
            )),
            other => Ok(other.clone()),
        }
    }

    /// `ResultPath`: absent is `$` (the result replaces the input), `null` keeps the input.
    pub fn result_path(
        &self,
        spec: Option<&Value>,
        input: Value,
        result: Value,
    ) -> Result<Value, Failure> {
        match spec {
            None => Ok(result),
            Some(Value::Null) => Ok(input),
            Some(Value::String(p)) => {
                let path = Path::parse(p).map_err(Failure::runtime)?;
                path.set(input, result).map_err(|e| {
                    Failure::runtime(format!(
                        "An error occurred while executing the state. Unable to apply ResultPath '{p}': {e}"
                    ))
                })
            }
            Some(other) => Err(Failure::runtime(format!(
                "ResultPath must be a path or null, not {other}"
            ))),
        }
    }

    /// The `$states` variable and the machine's variables, for JSONata.
    fn env(&self, states: &Map<String, Value>) -> Env {
        let mut vars = self.vars.clone();
        vars.insert("states".into(), Value::Object(states.clone()));
        Env::root(&vars)
    }

    /// A JSONata template: every `{% %}` string evaluated, everything else as it is. Fields
    /// whose expression gives no value are left out.
    pub fn jsonata(
        &self,
        template: &Value,
        states: &Map<String, Value>,
        rng: &mut Rng,
    ) -> Result<Value, Failure> {
        let env = self.env(states);
        match self.jsonata_in(template, &env, rng)? {
            Some(v) => Ok(v),
            None => Err(Failure::new(
                "States.QueryEvaluationError",
                format!("the JSONata expression {template} gave no value"),
            )),
        }
    }

    fn jsonata_in(
        &self,
        template: &Value,
        env: &Env,
        rng: &mut Rng,
    ) -> Result<Option<Value>, Failure> {
        Ok(match template {
            Value::String(s) => match expression_of(s) {
                Some(expr) => {
                    let ast = parse(expr).map_err(|e| {
                        Failure::new("States.QueryEvaluationError", format!("{s}: {e}"))
                    })?;
                    let v = evaluate(&ast, env, rng, self.now_ms).map_err(|e| {
                        Failure::new("States.QueryEvaluationError", format!("{s}: {e}"))
                    })?;
                    match v {
                        JValue::Undefined => None,
                        other => Some(
                            other
                                .to_json()
                                .map_err(|e| Failure::new("States.QueryEvaluationError", e))?
                                .unwrap_or(Value::Null),
                        ),
                    }
                }
                None => Some(template.clone()),
            },
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    if let Some(v) = self.jsonata_in(v, env, rng)? {
                        out.insert(k.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            Value::Array(items) => {
                let mut out = Vec::new();
                for i in items {
                    out.extend(self.jsonata_in(i, env, rng)?);
                }
                Some(Value::Array(out))
            }
            other => Some(other.clone()),
        })
    }
}

/// The `$states` object of JSONata: input, context, and result or error output when known.
pub(crate) fn states_var(
    input: &Value,
    context: &Value,
    result: Option<&Value>,
    error: Option<&Value>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("input".into(), input.clone());
    m.insert("context".into(), context.clone());
    if let Some(r) = result {
        m.insert("result".into(), r.clone());
    }
    if let Some(e) = error {
        m.insert("errorOutput".into(), e.clone());
    }
    m
}
