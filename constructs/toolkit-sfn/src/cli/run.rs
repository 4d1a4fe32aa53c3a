//! `run` and `watch`: start an execution and follow it, or follow one already running.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cfn::{Cfn, PollConfig};
use cdk_toolkit::cli::{with_aws, Context, ProgressMode};
use clap::Args;
use serde_json::Value;

use crate::{
    branches, deployed_arn, execution_name, follow, parse_input, single_output, ExecutionInfo,
    ExecutionInput, Sfn,
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
}

fn resolve_input<R: ExecutionInput>(args: &RunArgs<R>) -> anyhow::Result<Value> {
    let typed = args.typed.input()?;
    let from_json = match (&args.input, &args.input_file) {
        (Some(text), _) => Some(parse_input(text, "--input")?),
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read --input-file {}", file.display()))?;
            Some(parse_input(&text, &file.display().to_string())?)
        }
        (None, None) => None,
    };
    match (typed, from_json) {
        (Some(_), Some(_)) => anyhow::bail!(
            "give the input either as flags or as JSON (--input, --input-file), not both"
        ),
        (Some(v), None) => Ok(v),
        (None, Some(v)) => {
            R::check(&v)?;
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

async fn branches_of(sfn: &Sfn, machine: &str) -> std::collections::HashMap<String, String> {
    match sfn.machine(machine).await {
        Ok(m) => serde_json::from_str::<Value>(&m.definition)
            .map(|d| branches(&d))
            .unwrap_or_default(),
        Err(_) => Default::default(),
    }
}

pub(crate) fn run<R: ExecutionInput>(
    context: &Context<'_>,
    args: &RunArgs<R>,
) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(context.app.synth()?);
    let output = single_output(&assembly, args.stack.as_deref())?;
    let input = resolve_input(args)?;
    let execution = execution_name(args.name.as_deref(), context.name)?;
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    let no_wait = args.no_wait;
    with_aws(context.aws, |config| async move {
        let cfn = Cfn::new(&config);
        let sfn = Sfn::new(&config);
        let machine = deployed_arn(&cfn, &output).await?;
        let arn = sfn.start(&machine, &execution, &input.to_string()).await?;
        if no_wait {
            println!("{arn}");
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("Execution {execution} started: {arn}");
        let branches = branches_of(&sfn, &machine).await;
        let info = follow(&sfn, &arn, &branches, mode, PollConfig::default()).await?;
        Ok(finish(&info))
    })
}

pub(crate) fn watch(context: &Context<'_>, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    with_aws(context.aws, |config| async move {
        let sfn = Sfn::new(&config);
        let info = sfn.execution(&args.execution).await?;
        eprintln!("Following execution {} ({})", info.name, info.status);
        let branches = branches_of(&sfn, &info.machine_arn).await;
        let info = follow(
            &sfn,
            &args.execution,
            &branches,
            mode,
            PollConfig::default(),
        )
        .await?;
        Ok(finish(&info))
    })
}
