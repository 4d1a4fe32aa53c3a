//! The Task state: its input, the mocked call, its result.

use serde_json::Value;

use crate::engine::{Done, Frame, Run};
use crate::error::SimError;
use crate::history::EventKind;
use crate::mock::MockedResponse;
use crate::query::{Failure, Lang};

impl Run<'_> {
    /// One attempt of a Task: the result comes from the test case's mock of the state.
    pub(crate) fn task(
        &mut self,
        name: &str,
        state: &Value,
        raw: &Value,
        frame: &mut Frame,
        lang: Lang,
        context: &Value,
    ) -> Result<Result<Done, Failure>, SimError> {
        let resource = state
            .get("Resource")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let parameters = match self.work_input(state, raw, lang, context, frame) {
            Ok(p) => p,
            Err(f) => return Ok(Err(f)),
        };
        self.record(
            frame,
            EventKind::TaskScheduled {
                state: name.to_string(),
                resource,
                parameters,
            },
        );
        match self.mocked(name)? {
            MockedResponse::Return(result) => {
                self.record(
                    frame,
                    EventKind::TaskSucceeded {
                        state: name.to_string(),
                        output: result.clone(),
                    },
                );
                Ok(self.finish(state, raw, result, lang, context, frame))
            }
            MockedResponse::Throw { error, cause } => {
                self.record(
                    frame,
                    EventKind::TaskFailed {
                        state: name.to_string(),
                        error: error.clone(),
                        cause: cause.clone(),
                    },
                );
                Ok(Err(Failure { error, cause }))
            }
        }
    }
}
