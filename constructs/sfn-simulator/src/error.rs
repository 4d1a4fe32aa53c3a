//! [`SimError`]: why a simulation could not run (as opposed to an execution that failed, which
//! is a result: [`crate::Status::Failed`]).

/// A problem that stops the simulator itself: a definition it cannot read, a mock file that is
/// malformed or lacks the test case, a task with no mocked response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The definition is not a state machine the simulator can run.
    #[error("invalid definition: {0}")]
    Definition(String),
    /// The mock configuration is malformed.
    #[error("invalid mock configuration: {0}")]
    MockConfig(String),
    /// The mock file could not be read.
    #[error("cannot read the mock configuration {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The test case is not in the mock configuration.
    #[error("{0}")]
    UnknownTestCase(String),
    /// A Task state (or a Map's ItemReader) has no mocked response in the test case.
    #[error("state '{state}' has no mocked response in test case '{test_case}' (invocation {invocation}); add it to the mock configuration")]
    Unmocked {
        /// The state.
        state: String,
        /// The test case.
        test_case: String,
        /// Which invocation of the state (0 is the first).
        invocation: usize,
    },
    /// The execution ran more state transitions than the limit (a loop that never ends).
    #[error("the execution exceeded {0} state transitions (a loop that never ends?); raise Simulator::max_transitions if it is intended")]
    TransitionLimit(usize),
}
