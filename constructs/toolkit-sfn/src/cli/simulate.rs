//! `simulate`: runs the app's state machine offline, its tasks' results mocked in a Step
//! Functions Local mock file, and prints the path it took and its output. No AWS access.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cdk_sfn_simulator::Status;
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cli::Context;
use clap::Args;
use serde_json::Value;

use super::run::resolve_input;
use crate::{
    choose_machine, json_lines, path_lines, read_mock_config, resolve_test_case, simulate_machine,
    ExecutionInput,
};

/// `simulate`'s flags: the mock file and test case, the input (the app's typed flags, or
/// JSON), and which machine.
#[derive(Args, Debug)]
pub struct SimulateArgs<R: ExecutionInput> {
    /// A mock configuration file in the MockConfigFile format of Step Functions Local.
    #[arg(long, value_name = "FILE")]
    mock_config: PathBuf,
    /// The test case of the mock file: `TestCase`, or `StateMachine#TestCase`.
    #[arg(long, value_name = "NAME")]
    test_case: String,
    #[command(flatten)]
    typed: R,
    /// The execution's input as JSON.
    #[arg(long, value_name = "JSON", conflicts_with = "input_file")]
    input: Option<String>,
    /// A file holding the execution's input as JSON.
    #[arg(long, value_name = "FILE")]
    input_file: Option<PathBuf>,
    /// The stack whose state machine to simulate, when the app has several.
    #[arg(long)]
    stack: Option<String>,
    /// The state machine to simulate (its logical ID or name), when a stack has several.
    #[arg(long, value_name = "ID")]
    machine: Option<String>,
    /// One JSON object per history event on standard output, then a summary, and nothing
    /// else there.
    #[arg(long)]
    json: bool,
}

pub(crate) fn simulate<R: ExecutionInput>(
    context: &Context<'_>,
    args: &SimulateArgs<R>,
) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(context.app.synth()?);
    let machine = choose_machine(&assembly, args.stack.as_deref(), args.machine.as_deref())?;
    let mocks = read_mock_config(&args.mock_config, "--mock-config")?;
    let input = resolve_input(
        &args.typed,
        args.input.as_deref(),
        args.input_file.as_deref(),
        false,
    )?;
    let test_case = resolve_test_case(&mocks, &machine, &args.test_case);
    let started = Instant::now();
    let execution = simulate_machine(&machine, &input, &mocks, &test_case)?;
    let took = started.elapsed();
    let succeeded = execution.status == Status::Succeeded;
    let code = if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    if args.json {
        for line in json_lines(&execution, &machine, &test_case) {
            println!("{line}");
        }
        return Ok(code);
    }
    eprintln!(
        "Simulating state machine {} ({}{}) with test case {test_case} of {}, offline",
        machine.display_name(),
        machine.path(),
        if machine.express { ", Express" } else { "" },
        args.mock_config.display()
    );
    for line in path_lines(&execution, &machine.definition) {
        eprintln!("{line}");
    }
    let status = serde_json::to_value(execution.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{:?}", execution.status));
    let timing = format!(
        "after {:.2} s of virtual time, simulated in {:.1} ms",
        execution.duration_ms as f64 / 1000.0,
        took.as_secs_f64() * 1000.0
    );
    if succeeded {
        eprintln!("Simulation SUCCEEDED {timing}");
        let output = execution.output.unwrap_or(Value::Null);
        println!(
            "{}",
            serde_json::to_string_pretty(&output).unwrap_or_else(|_| output.to_string())
        );
    } else {
        eprintln!(
            "Simulation {status} {timing}: {}{}",
            execution.error.as_deref().unwrap_or("no error given"),
            execution
                .cause
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(|c| format!(": {c}"))
                .unwrap_or_default()
        );
    }
    Ok(code)
}
