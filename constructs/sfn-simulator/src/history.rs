//! What a simulation returns: the [`Execution`] with its status, output and history.

use serde::Serialize;
use serde_json::Value;

/// How the execution ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Status {
    /// It reached an end state.
    Succeeded,
    /// An error nobody caught, or a Fail state.
    Failed,
    /// The machine's `TimeoutSeconds` passed (on the virtual clock).
    TimedOut,
}

/// One event of the history.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum EventKind {
    /// The execution started with this input.
    ExecutionStarted {
        /// The input.
        input: Value,
    },
    /// A state was entered with this (raw) input.
    StateEntered {
        /// The state.
        state: String,
        /// Its input.
        input: Value,
    },
    /// A state was left with this output.
    StateExited {
        /// The state.
        state: String,
        /// Its output.
        output: Value,
    },
    /// A task was called with these parameters (after `InputPath` and `Parameters`, or
    /// `Arguments`).
    TaskScheduled {
        /// The state.
        state: String,
        /// Its `Resource`.
        resource: String,
        /// What was sent.
        parameters: Value,
    },
    /// The task (its mock) returned this result.
    TaskSucceeded {
        /// The state.
        state: String,
        /// The raw result.
        output: Value,
    },
    /// The task, a branch or an iteration failed.
    TaskFailed {
        /// The state.
        state: String,
        /// `Error`.
        error: String,
        /// `Cause`.
        cause: String,
    },
    /// A retrier matched: the state runs again after this delay.
    RetryScheduled {
        /// The state.
        state: String,
        /// The error retried.
        error: String,
        /// Which retry this is (1 is the first).
        attempt: u32,
        /// The delay on the virtual clock, in milliseconds (after backoff, cap and jitter).
        delay_ms: u64,
    },
    /// A catcher matched: the execution continues at `next`.
    ErrorCaught {
        /// The state.
        state: String,
        /// The error caught.
        error: String,
        /// The catcher's `Next`.
        next: String,
    },
    /// A Map iteration started.
    MapIterationStarted {
        /// The Map state.
        state: String,
        /// The item's index.
        index: usize,
    },
    /// The execution succeeded.
    ExecutionSucceeded {
        /// The output.
        output: Value,
    },
    /// The execution failed.
    ExecutionFailed {
        /// `Error`.
        error: String,
        /// `Cause`.
        cause: String,
    },
    /// The execution timed out.
    ExecutionTimedOut,
}

/// An event, when it happened on the virtual clock, and where: `scope` is empty for the
/// top-level states, `Parallel/0` for the first branch of the state `Parallel`, `Map/2` for
/// the third iteration of the Map state `Map`, nested with `/`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Milliseconds since the execution started (virtual).
    pub at_ms: u64,
    /// The branch or iteration, `""` at the top level.
    pub scope: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The result of a simulation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The output when it succeeded.
    pub output: Option<Value>,
    /// The error when it failed or timed out.
    pub error: Option<String>,
    /// The cause when it failed or timed out.
    pub cause: Option<String>,
    /// Every event, in order.
    pub history: Vec<Event>,
    /// How long it took on the virtual clock, in milliseconds.
    pub duration_ms: u64,
}

impl Execution {
    /// The states entered, in order, at every depth (branches and iterations included).
    pub fn path(&self) -> Vec<&str> {
        self.history
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::StateEntered { state, .. } => Some(state.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The top-level states entered, in order.
    pub fn top_level_path(&self) -> Vec<&str> {
        self.history
            .iter()
            .filter(|e| e.scope.is_empty())
            .filter_map(|e| match &e.kind {
                EventKind::StateEntered { state, .. } => Some(state.as_str()),
                _ => None,
            })
            .collect()
    }

    /// True when `state` was entered.
    pub fn entered(&self, state: &str) -> bool {
        self.path().contains(&state)
    }

    /// The input of the first time `state` was entered.
    pub fn input_of(&self, state: &str) -> Option<&Value> {
        self.history.iter().find_map(|e| match &e.kind {
            EventKind::StateEntered { state: s, input } if s == state => Some(input),
            _ => None,
        })
    }

    /// The output of the first time `state` was left.
    pub fn output_of(&self, state: &str) -> Option<&Value> {
        self.history.iter().find_map(|e| match &e.kind {
            EventKind::StateExited { state: s, output } if s == state => Some(output),
            _ => None,
        })
    }

    /// The parameters of every call of the task `state`, retries included.
    pub fn task_calls(&self, state: &str) -> Vec<&Value> {
        self.history
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::TaskScheduled {
                    state: s,
                    parameters,
                    ..
                } if s == state => Some(parameters),
                _ => None,
            })
            .collect()
    }

    /// The retries of `state`: the delays (virtual milliseconds) before each.
    pub fn retries(&self, state: &str) -> Vec<u64> {
        self.history
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::RetryScheduled {
                    state: s, delay_ms, ..
                } if s == state => Some(*delay_ms),
                _ => None,
            })
            .collect()
    }

    /// The history as JSON (one object per event), for snapshots and printing.
    pub fn history_json(&self) -> Value {
        serde_json::to_value(&self.history).unwrap_or(Value::Null)
    }
}
