//! [`Sfn`]: the Step Functions calls of the toolkit.

use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_sfn::config::retry::RetryConfig;
use aws_sdk_sfn::config::timeout::TimeoutConfig;
use aws_sdk_sfn::types::HistoryEvent;
use aws_sdk_sfn::Client;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use cdk_toolkit::aws::{aws_error, CallTrace};
use cdk_toolkit::{AwsErrorKind, ToolkitError};

use crate::error::SfnError;

type Result<T> = std::result::Result<T, SfnError>;

/// An execution, as Step Functions describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionInfo {
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// The state machine it runs.
    pub machine_arn: String,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`.
    pub status: String,
    /// When it started.
    pub start: Option<DateTime>,
    /// When it stopped.
    pub stop: Option<DateTime>,
    /// Its output (JSON), once succeeded.
    pub output: Option<String>,
    /// Its error, once failed.
    pub error: Option<String>,
    /// The cause of the error.
    pub cause: Option<String>,
}

/// A state machine, as Step Functions describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct MachineInfo {
    /// ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `ACTIVE` or `DELETING`.
    pub status: String,
    /// `STANDARD` or `EXPRESS`.
    pub kind: String,
    /// The role it runs with.
    pub role_arn: String,
    /// When it was created.
    pub created: Option<DateTime>,
    /// Its definition (JSON).
    pub definition: String,
    /// The CloudWatch Logs log groups it logs to (ARNs), from its logging configuration.
    pub log_groups: Vec<String>,
}

impl MachineInfo {
    /// True for an Express state machine: its executions are run with `StartSyncExecution`
    /// and leave no history in Step Functions.
    pub fn is_express(&self) -> bool {
        self.kind == "EXPRESS"
    }
}

/// True when `arn` is the ARN of an Express execution
/// (`arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID`), as `StartSyncExecution` and a
/// `StartExecution` of an Express machine return; a Standard execution's is `...:execution:...`.
///
/// ```
/// use cdk_toolkit_sfn::is_express_execution;
/// assert!(is_express_execution("arn:aws:states:us-east-1:123456789012:express:Bot:run-1:5b0f6c1e"));
/// assert!(!is_express_execution("arn:aws:states:us-east-1:123456789012:execution:Bot:run-1"));
/// assert!(!is_express_execution("express"));
/// ```
pub fn is_express_execution(arn: &str) -> bool {
    arn.starts_with("arn:") && arn.split(':').nth(5) == Some("express")
}

/// The longest a `StartSyncExecution` call may take: an Express execution runs at most five
/// minutes, and the answer comes when it ends.
pub const SYNC_READ_TIMEOUT: Duration = Duration::from_secs(330);

/// A date for people (`2026-11-27T10:00:00Z`).
pub fn format_date(d: Option<&DateTime>) -> String {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
        .unwrap_or_else(|| "-".into())
}

/// Seconds between two dates.
pub fn seconds_between(a: &DateTime, b: &DateTime) -> f64 {
    b.as_secs_f64() - a.as_secs_f64()
}

/// The Step Functions client of the toolkit.
#[derive(Clone, Debug)]
pub struct Sfn {
    client: Client,
}

impl Sfn {
    /// A client from loaded configuration; its calls are traced (`-v`).
    pub fn new(config: &SdkConfig) -> Self {
        Sfn {
            client: sfn_client(config),
        }
    }

    /// A client from an SDK client.
    pub fn from_client(client: Client) -> Self {
        Sfn { client }
    }

    /// Starts an execution; returns its ARN.
    pub async fn start(&self, machine: &str, name: &str, input: &str) -> Result<String> {
        let out = self
            .client
            .start_execution()
            .state_machine_arn(machine)
            .name(name)
            .input(input)
            .send()
            .await
            .map_err(|e| aws_error(format!("starting an execution of {machine}"), &e))?;
        Ok(out.execution_arn().to_string())
    }

    /// Stops a running Standard execution (`StopExecution`), recording `error` and `cause`;
    /// the execution ends `ABORTED`.
    pub async fn stop(&self, arn: &str, error: &str, cause: &str) -> Result<()> {
        self.client
            .stop_execution()
            .execution_arn(arn)
            .error(error)
            .cause(cause)
            .send()
            .await
            .map_err(|e| aws_error(format!("stopping execution {arn}"), &e))?;
        Ok(())
    }

    /// Runs an execution of an Express state machine to its end with `StartSyncExecution`,
    /// and returns how it ended (a failed execution is a result, not an error).
    ///
    /// The call waits up to [`SYNC_READ_TIMEOUT`] for the answer and is sent once, never
    /// retried: a Synchronous Express execution runs at most once, and a request sent again
    /// after a timeout or a server error could run the machine twice.
    pub async fn start_sync(
        &self,
        machine: &str,
        name: &str,
        input: &str,
    ) -> Result<ExecutionInfo> {
        let out = self
            .client
            .start_sync_execution()
            .state_machine_arn(machine)
            .name(name)
            .input(input)
            .customize()
            .config_override(
                aws_sdk_sfn::config::Builder::default()
                    .timeout_config(
                        TimeoutConfig::builder()
                            .connect_timeout(Duration::from_secs(3))
                            .read_timeout(SYNC_READ_TIMEOUT)
                            .build(),
                    )
                    .retry_config(RetryConfig::disabled()),
            )
            .send()
            .await
            .map_err(|e| {
                let mut err = aws_error(format!("running an Express execution of {machine}"), &e);
                if let ToolkitError::Aws {
                    kind: AwsErrorKind::Unreachable,
                    message,
                    ..
                } = &mut err
                {
                    message.push_str(" (StartSyncExecution is sent to the endpoint's host with the prefix `sync-`, as AWS requires: sync-states.REGION.amazonaws.com; an endpoint set with AWS_ENDPOINT_URL must answer on that host too)");
                }
                err
            })?;
        Ok(ExecutionInfo {
            arn: out.execution_arn().to_string(),
            name: out.name().unwrap_or(name).to_string(),
            machine_arn: out.state_machine_arn().unwrap_or(machine).to_string(),
            status: out.status().as_str().to_string(),
            start: Some(*out.start_date()),
            stop: Some(*out.stop_date()),
            output: out.output().map(str::to_string),
            error: out.error().map(str::to_string),
            cause: out.cause().map(str::to_string),
        })
    }

    /// Describes an execution.
    pub async fn execution(&self, arn: &str) -> Result<ExecutionInfo> {
        let e = self
            .client
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .map_err(|e| aws_error(format!("describing execution {arn}"), &e))?;
        Ok(ExecutionInfo {
            arn: e.execution_arn().to_string(),
            name: e.name().unwrap_or_default().to_string(),
            machine_arn: e.state_machine_arn().to_string(),
            status: e.status().as_str().to_string(),
            start: Some(*e.start_date()),
            stop: e.stop_date().copied(),
            output: e.output().map(str::to_string),
            error: e.error().map(str::to_string),
            cause: e.cause().map(str::to_string),
        })
    }

    /// The execution's whole history, oldest first.
    pub async fn history(&self, arn: &str) -> Result<Vec<HistoryEvent>> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .get_execution_history()
                .execution_arn(arn)
                .set_next_token(token)
                .max_results(1000)
                .send()
                .await
                .map_err(|e| aws_error(format!("reading the history of execution {arn}"), &e))?;
            out.extend(page.events().iter().cloned());
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// Describes a state machine.
    pub async fn machine(&self, arn: &str) -> Result<MachineInfo> {
        let m = self
            .client
            .describe_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .map_err(|e| aws_error(format!("describing state machine {arn}"), &e))?;
        Ok(MachineInfo {
            arn: m.state_machine_arn().to_string(),
            name: m.name().to_string(),
            status: m
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            kind: m.r#type().as_str().to_string(),
            role_arn: m.role_arn().to_string(),
            created: Some(*m.creation_date()),
            definition: m.definition().to_string(),
            log_groups: m
                .logging_configuration()
                .map(|l| {
                    l.destinations()
                        .iter()
                        .filter_map(|d| d.cloud_watch_logs_log_group()?.log_group_arn())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// The most recent executions of a state machine, newest first.
    pub async fn executions(&self, machine: &str, max: i32) -> Result<Vec<ExecutionInfo>> {
        let out = self
            .client
            .list_executions()
            .state_machine_arn(machine)
            .max_results(max)
            .send()
            .await
            .map_err(|e| aws_error(format!("listing the executions of {machine}"), &e))?;
        Ok(out
            .executions()
            .iter()
            .map(|e| ExecutionInfo {
                arn: e.execution_arn().to_string(),
                name: e.name().to_string(),
                machine_arn: e.state_machine_arn().to_string(),
                status: e.status().as_str().to_string(),
                start: Some(*e.start_date()),
                stop: e.stop_date().copied(),
                output: None,
                error: None,
                cause: None,
            })
            .collect())
    }
}

/// A Step Functions client from loaded configuration; its calls are traced (`-v`).
pub(crate) fn sfn_client(config: &SdkConfig) -> Client {
    let sfn_config = aws_sdk_sfn::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    Client::from_conf(sfn_config)
}
