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
}

impl Builder {
    pub fn new(name: &str, def: StateDef) -> Self {
        Builder {
            name: name.to_string(),
            def,
            extras: Vec::new(),
            statements: Vec::new(),
        }
    }

    /// The state as a chain; `open` when `next` may continue from it.
    pub fn into_chain(self, open: bool) -> Chain {
        let mut chain = Chain::single(self.name, self.def, open);
        for extra in self.extras {
            chain.absorb(extra);
        }
        for s in self.statements {
            if !chain.statements.contains(&s) {
                chain.statements.push(s);
            }
        }
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
