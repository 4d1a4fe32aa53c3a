//! Ctrl-C during `run` or `watch`. Stopping the command does not stop the execution: Step
//! Functions runs it to its end. So the command says that it goes on, with its ARN and the
//! `watch` command that follows it (running `run` again would start a second execution), or,
//! with `--stop-on-interrupt`, stops it (`StopExecution`) and says so. Exit code 130 either way.

use std::future::Future;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::SdkConfig;
use cdk_toolkit::cli::Context;
use cdk_toolkit::{AwsErrorKind, ToolkitError};

use crate::{Sfn, SfnError};

/// How long stopping an execution may take after Ctrl-C.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the command is with its execution, for a Ctrl-C.
#[derive(Clone, Debug, Default)]
enum Phase {
    /// No execution asked for yet (the state machine is being located).
    #[default]
    Before,
    /// `StartExecution` sent, not answered: the execution may or may not have started. `arn`
    /// is the ARN it gets if it did.
    Starting { name: String, arn: String },
    /// An Express execution run through `StartSyncExecution`, not answered yet.
    StartingExpress { name: String, logs: Vec<String> },
    /// The execution runs (started by `run`, or followed by `watch`).
    Running { arn: String },
}

/// What the command tells its Ctrl-C handler as it goes: the client, and the execution.
#[derive(Clone, Default)]
pub(crate) struct Tracker {
    inner: Arc<Mutex<(Option<Sfn>, Phase)>>,
}

impl Tracker {
    fn set(&self, f: impl FnOnce(&mut (Option<Sfn>, Phase))) {
        if let Ok(mut inner) = self.inner.lock() {
            f(&mut inner);
        }
    }

    fn get(&self) -> (Option<Sfn>, Phase) {
        self.inner
            .lock()
            .map(|inner| inner.clone())
            .unwrap_or_default()
    }

    /// The client the command uses (and the handler stops executions with).
    pub(crate) fn client(&self, sfn: &Sfn) {
        self.set(|inner| inner.0 = Some(sfn.clone()));
    }

    /// `StartExecution` of `name` on the Standard machine `machine_arn` is about to be sent.
    pub(crate) fn starting(&self, machine_arn: &str, name: &str) {
        let arn = execution_arn(machine_arn, name);
        self.set(|inner| {
            inner.1 = Phase::Starting {
                name: name.to_string(),
                arn,
            }
        });
    }

    /// `StartSyncExecution` of `name` is about to be sent (an Express machine logging to
    /// `logs`).
    pub(crate) fn starting_express(&self, name: &str, logs: &[String]) {
        self.set(|inner| {
            inner.1 = Phase::StartingExpress {
                name: name.to_string(),
                logs: logs.to_vec(),
            }
        });
    }

    /// The execution `arn` runs.
    pub(crate) fn running(&self, arn: &str) {
        self.set(|inner| {
            inner.1 = Phase::Running {
                arn: arn.to_string(),
            }
        });
    }
}

/// The ARN an execution named `name` of the Standard state machine `machine_arn` gets
/// (`arn:aws:states:R:A:stateMachine:M` → `arn:aws:states:R:A:execution:M:NAME`).
fn execution_arn(machine_arn: &str, name: &str) -> String {
    format!(
        "{}:{name}",
        machine_arn.replacen(":stateMachine:", ":execution:", 1)
    )
}

/// Loads the AWS configuration and runs `verb` (`run` or `watch`) on a new runtime. Ctrl-C
/// ends the command with exit code 130, saying what became of the execution `verb` reported
/// to its [`Tracker`]; with `stop`, a running execution is stopped first.
pub(crate) fn with_execution<F, Fut>(
    context: &Context<'_>,
    verb_name: &str,
    stop: bool,
    verb: F,
) -> anyhow::Result<ExitCode>
where
    F: FnOnce(SdkConfig, Tracker) -> Fut,
    Fut: Future<Output = anyhow::Result<ExitCode>>,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let tracker = Tracker::default();
    runtime.block_on(async {
        let work = async {
            let config = cdk_toolkit::aws::load(context.aws).await?;
            verb(config, tracker.clone()).await
        };
        tokio::select! {
            result = work => result,
            _ = tokio::signal::ctrl_c() => {
                let (sfn, phase) = tracker.get();
                eprintln!("{}", interrupted(context.name, verb_name, stop, sfn, phase).await);
                Ok(ExitCode::from(130))
            }
        }
    })
}

/// What the command says (and does) on Ctrl-C.
async fn interrupted(app: &str, verb: &str, stop: bool, sfn: Option<Sfn>, phase: Phase) -> String {
    let stop_hint = if verb == "watch" {
        format!("`{app} watch --stop-on-interrupt ARN` stops the execution on Ctrl-C instead")
    } else {
        "`run --stop-on-interrupt` stops the execution on Ctrl-C instead".to_string()
    };
    match (phase, sfn) {
        (Phase::Before, _) => {
            "interrupted before any execution was started: nothing runs".to_string()
        }
        (Phase::StartingExpress { name, logs }, _) => format!(
            "interrupted: Express execution {name} goes on in Step Functions without this command (an Express execution cannot be stopped or watched; {})",
            if logs.is_empty() {
                "Step Functions keeps no record of it".to_string()
            } else {
                format!("its states are in the machine's CloudWatch Logs: {}", logs.join(", "))
            }
        ),
        (Phase::Running { arn }, Some(sfn)) if stop => match stop_execution(&sfn, &arn).await {
            Ok(()) => format!("interrupted: stopped execution {arn} (StopExecution; it ends ABORTED)"),
            Err(e) => format!(
                "interrupted, but execution {arn} could not be stopped ({e}): it goes on in Step Functions; follow it with `{app} watch {arn}`, or stop it with `aws stepfunctions stop-execution --execution-arn {arn}`"
            ),
        },
        (Phase::Running { arn }, _) => format!(
            "interrupted: execution {arn} goes on in Step Functions; only this command stopped.\nFollow it with `{app} watch {arn}`; {stop_hint}, and `aws stepfunctions stop-execution --execution-arn {arn}` stops this one now"
        ),
        (Phase::Starting { name, arn }, Some(sfn)) if stop => match stop_execution(&sfn, &arn).await {
            Ok(()) => format!("interrupted: stopped execution {arn} (StopExecution; it ends ABORTED)"),
            Err(e) if is_missing_execution(&e) => format!(
                "interrupted before execution {name} started: nothing runs"
            ),
            Err(e) => format!(
                "interrupted while starting execution {name}; it may have started and could not be stopped ({e}): `{app} executions` lists it if it did, and `{app} watch {arn}` follows it"
            ),
        },
        (Phase::Starting { name, arn }, _) => format!(
            "interrupted while starting execution {name}: it may have started, and then goes on in Step Functions; `{app} executions` lists it if it did, and `{app} watch {arn}` follows it ({stop_hint})"
        ),
    }
}

async fn stop_execution(sfn: &Sfn, arn: &str) -> Result<(), SfnError> {
    let stopping = sfn.stop(
        arn,
        "Interrupted",
        "the command that started or followed the execution was interrupted (Ctrl-C) with --stop-on-interrupt",
    );
    match tokio::time::timeout(STOP_TIMEOUT, stopping).await {
        Ok(result) => result,
        Err(_) => Err(SfnError::Input(format!(
            "StopExecution did not answer within {} s",
            STOP_TIMEOUT.as_secs()
        ))),
    }
}

fn is_missing_execution(e: &SfnError) -> bool {
    matches!(
        e,
        SfnError::Toolkit(ToolkitError::Aws { kind: AwsErrorKind::Service { code }, .. })
            if code == "ExecutionDoesNotExist"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_execution_arn_is_its_machines_with_its_name() {
        assert_eq!(
            execution_arn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:TweetBot",
                "run-1"
            ),
            "arn:aws:states:us-east-1:123456789012:execution:TweetBot:run-1"
        );
    }

    #[tokio::test]
    async fn without_a_client_nothing_is_stopped_and_the_message_never_says_run_again() {
        for (verb, phase) in [
            ("run", Phase::Before),
            (
                "run",
                Phase::Starting {
                    name: "n".into(),
                    arn: "arn:x".into(),
                },
            ),
            (
                "run",
                Phase::StartingExpress {
                    name: "n".into(),
                    logs: vec!["arn:logs".into()],
                },
            ),
            (
                "run",
                Phase::Running {
                    arn: "arn:x".into(),
                },
            ),
            (
                "watch",
                Phase::Running {
                    arn: "arn:x".into(),
                },
            ),
        ] {
            let said = interrupted("app", verb, false, None, phase.clone()).await;
            assert!(!said.contains("run the command again"), "{said}");
            assert!(!said.contains("CloudFormation"), "{said}");
            if let Phase::Running { .. } | Phase::Starting { .. } = phase {
                assert!(said.contains("`app watch arn:x`"), "{said}");
                assert!(said.contains("--stop-on-interrupt"), "{said}");
            }
        }
    }
}
