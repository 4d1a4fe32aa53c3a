//! What every state builder holds, and the builder methods shared between state types.

use super::super::chain::Chain;
use super::super::state::StateDef;
use crate::iam::PolicyStatement;

/// A state under construction: its name and definition, plus the chains of its Catch handlers
/// and the IAM statements it needs.
#[derive(Clone, Debug)]
pub(crate) struct Builder {
    pub name: String,
    pub def: StateDef,
    pub extras: Vec<Chain>,
    pub statements: Vec<PolicyStatement>,
    /// Problems found while building, reported at synth with the state's name.
    pub errors: Vec<String>,
}

impl Builder {
    pub fn new(name: &str, def: StateDef) -> Self {
        Builder {
            name: name.to_string(),
            def,
            extras: Vec::new(),
            statements: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The state as a chain; `open` when `next` may continue from it.
    pub fn into_chain(self, open: bool) -> Chain {
        let mut chain = Chain::single(self.name.clone(), self.def, open);
        chain.errors.extend(self.errors.into_iter().map(|message| {
            crate::stepfunctions::state::StateError {
                state: self.name.clone(),
                message,
            }
        }));
        for extra in self.extras {
            chain.absorb(extra);
        }
        crate::stepfunctions::grants::add_statements(&mut chain.statements, self.statements);
        chain
    }
}

/// `Comment`, `InputPath`, `OutputPath`: every state type but Fail.
macro_rules! io_methods {
    ($t:ty) => {
        impl $t {
            /// Sets `Comment`.
            pub fn comment(mut self, comment: &str) -> Self {
                self.0.def.comment = Some(comment.to_string());
                self
            }

            /// Sets `InputPath`: the part of the input the state sees.
            pub fn input_path(mut self, path: &str) -> Self {
                self.0.def.input_path = Some(path.to_string());
                self
            }

            /// Sets `OutputPath`: the part of the output passed on.
            pub fn output_path(mut self, path: &str) -> Self {
                self.0.def.output_path = Some(path.to_string());
                self
            }
        }
    };
}

/// `Parameters` and `ResultPath`: Task, Pass and Parallel.
macro_rules! result_methods {
    ($t:ty) => {
        impl $t {
            /// Sets `Parameters`: the input given to the state's work.
            pub fn parameters(mut self, params: $crate::stepfunctions::Params) -> Self {
                self.0.def.parameters = Some(params.to_expr());
                self
            }

            /// Sets `ResultPath`: where the result goes in the input.
            pub fn result_path(mut self, path: &str) -> Self {
                self.0.def.result_path = Some(Some(path.to_string()));
                self
            }

            /// Discards the result: the output is the input (`ResultPath: null`).
            pub fn discard_result(mut self) -> Self {
                self.0.def.result_path = Some(None);
                self
            }
        }
    };
}

/// `ResultSelector`, `Retry` and `Catch`: Task and Parallel.
macro_rules! error_methods {
    ($t:ty) => {
        impl $t {
            /// Sets `ResultSelector`: reshapes the raw result.
            pub fn result_selector(mut self, params: $crate::stepfunctions::Params) -> Self {
                self.0.def.result_selector = Some(params.to_expr());
                self
            }

            /// Adds a `Retry` rule.
            pub fn retry(mut self, retry: $crate::stepfunctions::Retry) -> Self {
                self.0.def.retry.push(retry);
                self
            }

            /// Adds a `Catch` rule: on these errors, continue with `handler`, the error
            /// replacing the input.
            pub fn catch(
                self,
                errors: &[&str],
                handler: impl Into<$crate::stepfunctions::Chain>,
            ) -> Self {
                self.catch_into(errors, None, handler)
            }

            /// Adds a `Catch` rule that puts the error at `result_path` in the input.
            pub fn catch_into(
                mut self,
                errors: &[&str],
                result_path: Option<&str>,
                handler: impl Into<$crate::stepfunctions::Chain>,
            ) -> Self {
                let handler = handler.into();
                self.0.def.catch.push($crate::stepfunctions::Catch {
                    errors: errors.iter().map(|e| e.to_string()).collect(),
                    result_path: result_path.map(str::to_string),
                    next: handler.start_state().to_string(),
                });
                self.0.extras.push(handler);
                self
            }
        }
    };
}

/// `QueryLanguage`, `Output` and `Assign`: every state type but Choice and Fail (which have
/// their own).
macro_rules! jsonata_methods {
    ($t:ty) => {
        impl $t {
            /// Sets this state's `QueryLanguage`.
            pub fn query_language(
                mut self,
                language: $crate::stepfunctions::QueryLanguage,
            ) -> Self {
                self.0.def.query_language = Some(language);
                self
            }

            /// Makes this a JSONata state (`QueryLanguage: JSONata`).
            pub fn jsonata(self) -> Self {
                self.query_language($crate::stepfunctions::QueryLanguage::Jsonata)
            }

            /// Sets `Output` (JSONata): the state's output, a `{% %}` expression or a template
            /// holding expressions.
            pub fn output(mut self, output: impl Into<::cdk_core::Expr>) -> Self {
                self.0.def.output = Some(output.into());
                self
            }

            /// Adds a variable to `Assign`: in a JSONata state a value or `{% %}` expression;
            /// in a JSONPath state a fixed value (see `assign_path`).
            pub fn assign(mut self, variable: &str, value: impl Into<::cdk_core::Expr>) -> Self {
                $crate::stepfunctions::states::builder::add_assign(
                    &mut self.0.def,
                    variable,
                    value.into(),
                );
                self
            }

            /// Adds a variable to `Assign` from a JSONPath or an intrinsic function (JSONPath
            /// states; the key gets the `.$` suffix).
            pub fn assign_path(mut self, variable: &str, path: &str) -> Self {
                $crate::stepfunctions::states::builder::add_assign(
                    &mut self.0.def,
                    &format!("{variable}.$"),
                    ::cdk_core::Expr::from(path),
                );
                self
            }
        }
    };
}

/// `Arguments` (JSONata): Task and Parallel.
macro_rules! arguments_methods {
    ($t:ty) => {
        impl $t {
            /// Sets `Arguments` (JSONata): what the state sends, a `{% %}` expression or a
            /// template holding expressions.
            pub fn arguments(mut self, arguments: impl Into<::cdk_core::Expr>) -> Self {
                self.0.def.arguments = Some(arguments.into());
                self
            }
        }
    };
}

/// Adds one entry to a state's `Assign` object.
pub(crate) fn add_assign(def: &mut StateDef, key: &str, value: cdk_core::Expr) {
    let assign = def
        .assign
        .get_or_insert_with(|| cdk_core::Expr::Map(Default::default()));
    if let Some(m) = assign.as_map_mut() {
        m.insert(key.to_string(), value);
    }
}
