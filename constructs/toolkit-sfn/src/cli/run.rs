//! `run` and `watch`: start an execution and follow it, or follow one already running.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cfn::{Cfn, PollConfig};
use cdk_toolkit::cli::{Context, ProgressMode};
use clap::Args;
use serde_json::Value;

use super::interrupt::with_execution;
use crate::{
    branches, check_has_history, check_input_size, deployed_arn, execution_name,
    express_in_template, follow, parse_input, single_output, start_execution, ExecutionInfo,
    ExecutionInput, MachineInfo, Sfn, Started,
};

/// `run`'s flags: the app's typed input `R`, or JSON.
#[derive(Args, Debug)]
pub struct RunArgs<R: ExecutionInput> {
    #[command(flatten)]
    typed: R,
    /// The execution's input as JSON.
    #[arg(long, value_name = "JSON", conflicts_with = "input_file")]
    input: Option<String>,
    /// A file holding the execution's input as JSON.
    #[arg(long, value_name = "FILE")]
    input_file: Option<PathBuf>,
    /// The execution's name (default: generated from the time).
    #[arg(long)]
    name: Option<String>,
    /// Print the execution's ARN and return at once.
    #[arg(long)]
    no_wait: bool,
    /// On Ctrl-C, stop the execution (StopExecution) instead of leaving it running.
    #[arg(long, conflicts_with = "no_wait")]
    stop_on_interrupt: bool,
    /// The stack whose state machine to run, when the app has several.
    #[arg(long)]
    stack: Option<String>,
    /// How to show progress (default: a live view on a terminal, lines elsewhere).
    #[arg(long, value_enum)]
    progress: Option<ProgressMode>,
}

/// `watch`'s flags.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// The execution's ARN.
    execution: String,
    /// How to show progress (default: a live view on a terminal, lines elsewhere).
    #[arg(long, value_enum)]
    progress: Option<ProgressMode>,
    /// On Ctrl-C, stop the execution (StopExecution) instead of leaving it running.
    #[arg(long)]
    stop_on_interrupt: bool,
}

/// The execution's input: from the app's typed flags, or JSON (`--input`, `--input-file`),
/// checked by the app's rules when `check_json` is set; `{}` when none is given.
pub(crate) fn resolve_input<R: ExecutionInput>(
    typed: &R,
    input: Option<&str>,
    input_file: Option<&Path>,
    check_json: bool,
) -> anyhow::Result<Value> {
    let typed = typed.input()?;
    let from_json = match (input, input_file) {
        (Some(text), _) => {
            let value = parse_input(text, "--input")?;
            if check_json {
                check_input_size(&value, "--input", text.len())?;
            }
            Some(value)
        }
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read --input-file {}", file.display()))?;
            let value = parse_input(&text, &file.display().to_string())?;
            if check_json {
                let source = format!("--input-file {}", file.display());
                check_input_size(&value, &source, text.len())?;
            }
            Some(value)
        }
        (None, None) => None,
    };
    match (typed, from_json) {
        (Some(_), Some(_)) => anyhow::bail!(
            "give the input either as flags or as JSON (--input, --input-file), not both"
        ),
        (Some(v), None) => Ok(v),
        (None, Some(v)) => {
            if check_json {
                R::check(&v)?;
            }
            Ok(v)
        }
        (None, None) => Ok(Value::Object(Default::default())),
    }
}

/// Prints how the execution ended; success only when it SUCCEEDED.
fn finish(info: &ExecutionInfo) -> ExitCode {
    if info.status == "SUCCEEDED" {
        eprintln!("Execution {} SUCCEEDED", info.name);
        let output = info.output.as_deref().unwrap_or("null");
        let pretty = serde_json::from_str::<Value>(output)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| output.to_string());
        println!("{pretty}");
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "Execution {} {}: {}{}",
            info.name,
            info.status,
            info.error.as_deref().unwrap_or("no error given"),
            info.cause
                .as_deref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default()
        );
        ExitCode::FAILURE
    }
}

fn branches_of(machine: &MachineInfo) -> HashMap<String, String> {
    serde_json::from_str::<Value>(&machine.definition)
        .map(|d| branches(&d))
        .unwrap_or_default()
}

pub(crate) fn run<R: ExecutionInput>(
    context: &Context<'_>,
    args: &RunArgs<R>,
) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(context.app.synth()?);
    let output = single_output(&assembly, args.stack.as_deref())?;
    let express_in_app = express_in_template(&assembly, &output);
    let input = resolve_input(
        &args.typed,
        args.input.as_deref(),
        args.input_file.as_deref(),
        true,
    )?;
    // What is sent, checked against Step Functions' limit before any request.
    let input = check_input_size(&input, "the input", 0)?;
    let execution = execution_name(args.name.as_deref(), context.name)?;
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    let no_wait = args.no_wait;
    with_execution(
        context,
        "run",
        args.stop_on_interrupt,
        |config, tracker| async move {
            let cfn = Cfn::new(&config);
            let sfn = Sfn::new(&config);
            tracker.client(&sfn);
            let arn = deployed_arn(&cfn, &output).await?;
            // The deployed machine says whether it is Express; when it cannot be described, the
            // template does.
            let machine = sfn.machine(&arn).await.unwrap_or_else(|_| MachineInfo {
                arn: arn.clone(),
                name: String::new(),
                status: String::new(),
                kind: if express_in_app {
                    "EXPRESS"
                } else {
                    "STANDARD"
                }
                .into(),
                role_arn: String::new(),
                created: None,
                definition: String::new(),
                log_groups: Vec::new(),
            });
            if machine.is_express() && !no_wait {
                eprintln!(
                "Execution {execution} of Express state machine {arn}: waiting for its result (StartSyncExecution, at most five minutes)"
            );
            }
            if machine.is_express() {
                tracker.starting_express(&execution, &machine.log_groups);
            } else {
                tracker.starting(&machine.arn, &execution);
            }
            let started = start_execution(&sfn, &machine, &execution, &input, !no_wait).await?;
            if let Started::Running { arn } = &started {
                tracker.running(arn);
            }
            match started {
                Started::Running { arn } if no_wait => {
                    println!("{arn}");
                    if machine.is_express() {
                        eprintln!("An Express execution keeps no history: it cannot be watched; its states are in the machine's CloudWatch Logs");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Started::Running { arn } => {
                    eprintln!("Execution {execution} started: {arn}");
                    let info = follow(
                        &sfn,
                        &arn,
                        &branches_of(&machine),
                        mode,
                        PollConfig::default(),
                    )
                    .await?;
                    Ok(finish(&info))
                }
                Started::Finished(info) => {
                    eprintln!(
                    "Execution {}: {} (an Express execution has no history to show its states: they are in the machine's CloudWatch Logs{})",
                    info.name,
                    info.arn,
                    if machine.log_groups.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", machine.log_groups.join(", "))
                    }
                );
                    Ok(finish(&info))
                }
            }
        },
    )
}

pub(crate) fn watch(context: &Context<'_>, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    with_execution(
        context,
        "watch",
        args.stop_on_interrupt,
        |config, tracker| async move {
            let sfn = Sfn::new(&config);
            tracker.client(&sfn);
            check_has_history(&sfn, &args.execution, "watch").await?;
            tracker.running(&args.execution);
            let info = sfn.execution(&args.execution).await?;
            eprintln!("Following execution {} ({})", info.name, info.status);
            let branches = sfn
                .machine(&info.machine_arn)
                .await
                .map(|m| branches_of(&m))
                .unwrap_or_default();
            let info = follow(
                &sfn,
                &args.execution,
                &branches,
                mode,
                PollConfig::default(),
            )
            .await?;
            Ok(finish(&info))
        },
    )
}
