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
    /// The app (or the stack chosen) has no state machine resource, or none of the name
    /// asked for.
    #[error("{}", no_machine(stack.as_deref(), machine.as_deref(), known))]
    NoMachine {
        /// The stack chosen with `--stack`, if any.
        stack: Option<String>,
        /// The machine asked for with `--machine`, if any.
        machine: Option<String>,
        /// The app's state machines (`Stack/LogicalId`), in every stack.
        known: Vec<String>,
    },
    /// Several state machines in the stack chosen: `--stack` cannot tell them apart.
    #[error("stack {stack} has several state machines ({}): choose one with --machine (its logical ID or name)", names.join(", "))]
    SeveralInStack {
        /// The stack.
        stack: String,
        /// The logical ID of each (with its name when the template fixes one).
        names: Vec<String>,
    },
    /// A state machine the simulator cannot read (its definition is not a JSON object).
    #[error("the definition of state machine {machine} cannot be simulated: it is not a JSON object once its substitutions are replaced")]
    UnreadableDefinition {
        /// `Stack/LogicalId`.
        machine: String,
    },
    /// The mock configuration file is missing, not JSON, or not a MockConfigFile.
    #[error("{0}")]
    MockConfig(String),
    /// The simulator could not run the machine: an unknown test case, a Task without a mocked
    /// response, a loop that never ends, a definition it cannot run.
    #[error(transparent)]
    Simulation(#[from] cdk_sfn_simulator::SimError),
    /// What an Express state machine does not have: its executions are not recorded, so they
    /// cannot be listed, described, followed or drawn.
    #[error("{what}: {machine} is an Express state machine, and Step Functions keeps no record of Express executions (ListExecutions, DescribeExecution and GetExecutionHistory do not apply to them). `run` waits for an Express execution's result itself; the states an execution went through are in the machine's CloudWatch Logs{}", log_hint(logs))]
    Express {
        /// What cannot be done (`no executions to list`, `watch cannot follow execution ...`).
        what: String,
        /// The state machine's ARN.
        machine: String,
        /// Its log groups, when known.
        logs: Vec<String>,
    },
}

fn no_machine(stack: Option<&str>, machine: Option<&str>, known: &[String]) -> String {
    let place = match stack {
        Some(s) => format!("stack {s}"),
        None => "this app".to_string(),
    };
    let missing = match machine {
        None => format!("{place} has no state machine"),
        Some(m) => format!("{place} has no state machine '{m}' (by logical ID or name)"),
    };
    if known.is_empty() {
        missing
    } else {
        format!(
            "{missing}; the state machines are: {} (choose with --stack, and --machine within a stack)",
            known.join(", ")
        )
    }
}

fn log_hint(logs: &[String]) -> String {
    if logs.is_empty() {
        String::new()
    } else {
        format!(" ({})", logs.join(", "))
    }
}
