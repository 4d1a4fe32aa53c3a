//! [`SfnError`]: what the Step Functions part reports.

use cdk_toolkit::cfn::StackStatus;
use cdk_toolkit::ToolkitError;

/// An error of the Step Functions verbs' library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SfnError {
    /// A call to AWS (or a stack lookup) failed.
    #[error(transparent)]
    Toolkit(#[from] ToolkitError),
    /// The stack holding the state machine is not deployed.
    #[error("stack {stack} is not deployed: run deploy first")]
    NotDeployed {
        /// The stack.
        stack: String,
    },
    /// The deployed stack lacks the output that holds the state machine's ARN.
    #[error("stack {stack} has no output {output} ({status}): deploy the app again")]
    MissingOutput {
        /// The stack.
        stack: String,
        /// The output key.
        output: String,
        /// The stack's status.
        status: StackStatus,
    },
    /// No stack of the app outputs a state machine's ARN.
    #[error("no stack of this app outputs a state machine's ARN (add a CfnOutput of `state_machine_arn()`)")]
    NoStateMachine,
    /// Several state machines, and none chosen.
    #[error("this app has several state machines ({}): choose one with --stack", names.join(", "))]
    SeveralStateMachines {
        /// `Stack.OutputKey` of each.
        names: Vec<String>,
    },
    /// Input that cannot be used: malformed JSON (with its line and column), a bad name.
    #[error("{0}")]
    Input(String),
    /// The drawing could not be made.
    #[error("{0}")]
    Drawing(String),
}
