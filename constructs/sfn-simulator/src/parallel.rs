//! The Parallel state: every branch on the same input, from the same instant; the state ends
//! when the last branch does. Branches run one after the other in the simulator, each on its
//! own copy of the clock, so the history lists them in branch order.

use serde_json::Value;

use crate::engine::{Done, Frame, Run};
use crate::error::SimError;
use crate::history::EventKind;
use crate::query::{Failure, Lang};

impl Run<'_> {
    /// One attempt of a Parallel state.
    pub(crate) fn parallel(
        &mut self,
        name: &str,
        state: &Value,
        raw: &Value,
        frame: &mut Frame,
        lang: Lang,
        context: &Value,
    ) -> Result<Result<Done, Failure>, SimError> {
        let branches = state
            .get("Branches")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                SimError::Definition(format!("state '{name}': a Parallel needs Branches"))
            })?;
        let input = match self.work_input(state, raw, lang, context, frame) {
            Ok(i) => i,
            Err(f) => return Ok(Err(f)),
        };
        let mut results = Vec::with_capacity(branches.len());
        let mut end = frame.clock;
        for (i, branch) in branches.iter().enumerate() {
            let mut inner = Frame {
                clock: frame.clock,
                vars: frame.vars.clone(),
                scope: scoped(&frame.scope, name, i),
                lang: crate::engine::lang_of(branch, frame.lang),
                map_item: None,
            };
            let outcome = self.run_states(branch, input.clone(), &mut inner)?;
            end = end.max(inner.clock);
            match outcome {
                Ok(v) => results.push(v),
                Err(f) => {
                    frame.clock = end;
                    self.record(
                        frame,
                        EventKind::TaskFailed {
                            state: name.to_string(),
                            error: f.error.clone(),
                            cause: f.cause.clone(),
                        },
                    );
                    return Ok(Err(f));
                }
            }
        }
        frame.clock = end;
        Ok(self.finish(state, raw, Value::Array(results), lang, context, frame))
    }
}

/// The scope label of branch or iteration `i` of `state`.
pub(crate) fn scoped(parent: &str, state: &str, i: usize) -> String {
    if parent.is_empty() {
        format!("{state}/{i}")
    } else {
        format!("{parent}/{state}/{i}")
    }
}
