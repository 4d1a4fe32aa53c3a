//! Starting executions and listing them, for Standard and Express state machines alike:
//! an Express machine's execution is run to its end with `StartSyncExecution`, and what Step
//! Functions does not record for Express machines (their executions' list, description and
//! history) is refused with [`SfnError::Express`] before any call that would fail obscurely.

use crate::client::{is_express_execution, ExecutionInfo, MachineInfo, Sfn};
use crate::error::SfnError;

/// What starting an execution gave.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Started {
    /// The execution runs (a Standard one, or an Express one started without waiting): its
    /// ARN. A Standard execution can be followed through its history.
    Running {
        /// The execution's ARN.
        arn: String,
    },
    /// An Express execution, run to its end through `StartSyncExecution`: how it ended.
    Finished(ExecutionInfo),
}

/// Starts an execution of `machine` (as [`Sfn::machine`] describes it) named `name` with
/// `input` (JSON). An Express machine's execution, when `wait` is set, is run to its end with
/// `StartSyncExecution` ([`Started::Finished`]); otherwise `StartExecution` starts it
/// ([`Started::Running`]).
pub async fn start_execution(
    sfn: &Sfn,
    machine: &MachineInfo,
    name: &str,
    input: &str,
    wait: bool,
) -> Result<Started, SfnError> {
    if machine.is_express() && wait {
        return Ok(Started::Finished(
            sfn.start_sync(&machine.arn, name, input).await?,
        ));
    }
    Ok(Started::Running {
        arn: sfn.start(&machine.arn, name, input).await?,
    })
}

/// The most recent executions of the state machine `machine_arn`, newest first; for an
/// Express machine, [`SfnError::Express`] (Step Functions lists no Express executions).
pub async fn list_executions(
    sfn: &Sfn,
    machine_arn: &str,
    max: i32,
) -> Result<Vec<ExecutionInfo>, SfnError> {
    let machine = sfn.machine(machine_arn).await?;
    if machine.is_express() {
        return Err(SfnError::Express {
            what: "no executions to list".into(),
            machine: machine.arn,
            logs: machine.log_groups,
        });
    }
    sfn.executions(machine_arn, max).await
}

/// The state machine ARN of an Express execution's ARN
/// (`arn:aws:states:R:A:express:M:N:ID` → `arn:aws:states:R:A:stateMachine:M`).
///
/// ```
/// use cdk_toolkit_sfn::express_machine_arn;
/// assert_eq!(
///     express_machine_arn("arn:aws:states:us-east-1:123456789012:express:Bot:run-1:5b0f").as_deref(),
///     Some("arn:aws:states:us-east-1:123456789012:stateMachine:Bot")
/// );
/// assert_eq!(express_machine_arn("arn:aws:states:us-east-1:123456789012:execution:Bot:run-1"), None);
/// ```
pub fn express_machine_arn(execution_arn: &str) -> Option<String> {
    if !is_express_execution(execution_arn) {
        return None;
    }
    let parts: Vec<&str> = execution_arn.split(':').collect();
    let machine = parts.get(6)?;
    Some(format!(
        "{}:stateMachine:{machine}",
        parts.get(..5)?.join(":")
    ))
}

/// Refuses an Express execution's ARN where an execution's history is needed (`watch`,
/// `graph --execution`): [`SfnError::Express`], naming the machine's log groups when it can be
/// described. A Standard execution's ARN passes without any call.
pub async fn check_has_history(sfn: &Sfn, execution_arn: &str, verb: &str) -> Result<(), SfnError> {
    let Some(machine_arn) = express_machine_arn(execution_arn) else {
        return Ok(());
    };
    let logs = match sfn.machine(&machine_arn).await {
        Ok(m) => m.log_groups,
        Err(_) => Vec::new(),
    };
    Err(SfnError::Express {
        what: format!("{verb} cannot follow execution {execution_arn}"),
        machine: machine_arn,
        logs,
    })
}

/// What `describe` adds for an Express machine: what does not apply to it, and where its
/// executions are recorded. `None` for a Standard machine.
pub fn express_note(machine: &MachineInfo) -> Option<String> {
    if !machine.is_express() {
        return None;
    }
    let logs = if machine.log_groups.is_empty() {
        "its logging configuration has no log group".to_string()
    } else {
        format!("they are logged to {}", machine.log_groups.join(", "))
    };
    Some(format!(
        "an Express state machine: Step Functions keeps no record of its executions, so `executions`, `watch` and `graph --execution` do not apply (no ListExecutions, DescribeExecution or GetExecutionHistory); `run` waits for each execution's result through StartSyncExecution; {logs}"
    ))
}
