//! The command line every app mounts: `cdk_toolkit::cli::run::<Settings>(name, build)`.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage, 130 interrupted.

mod bootstrap;
mod confirm;
mod deploy;
mod describe;
mod destroy;
mod diff;
mod graph;
mod ls;
mod run;
mod runtime;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use cdk_core::App;
use clap::{Args, Parser, Subcommand};

use crate::aws::AwsOptions;
use crate::sfn::{ExecutionInput, NoInput};

/// Options every verb takes.
#[derive(Args, Debug, Clone)]
pub struct GlobalOptions {
    /// Directory of the cloud assembly.
    #[arg(
        short,
        long,
        global = true,
        default_value = "cdk.out",
        value_name = "DIR"
    )]
    pub output: PathBuf,
}

/// An app without settings of its own.
#[derive(Args, Debug, Clone, Default)]
pub struct NoSettings {}

#[derive(Parser, Debug)]
#[command(version, about = "Synthesize, list, diff, deploy, destroy and run the stacks of this app", long_about = None)]
struct Cli<A: Args, R: ExecutionInput> {
    #[command(flatten)]
    settings: A,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(flatten)]
    aws: AwsOptions,
    #[command(subcommand)]
    command: Command<R>,
}

#[derive(Subcommand, Debug)]
enum Command<R: ExecutionInput> {
    /// Synthesize the app into the cloud assembly directory (offline, no AWS access).
    Synth(synth::SynthArgs),
    /// List the app's stacks and their dependencies (with --long, their deployed status).
    Ls(ls::LsArgs),
    /// Compare the deployed stacks with the app.
    Diff(diff::DiffArgs),
    /// Deploy stacks (all of them by default), in dependency order.
    Deploy(deploy::DeployArgs),
    /// Delete stacks (all of them by default), dependents first.
    Destroy(destroy::DestroyArgs),
    /// Create the toolkit's stack: the staging bucket that large templates are deployed from.
    Bootstrap(bootstrap::BootstrapArgs),
    /// Start an execution of the deployed state machine and follow it to its end.
    Run(run::RunArgs<R>),
    /// Follow an execution that is already running.
    Watch(run::WatchArgs),
    /// Describe the deployed state machine and its definition.
    Describe(describe::DescribeArgs),
    /// List the state machine's recent executions.
    Executions(describe::ExecutionsArgs),
    /// Draw the state machine (Mermaid, DOT or SVG), offline; coloured by an execution's states.
    Graph(graph::GraphArgs),
}

/// Parses the command line, builds the app with `build` and runs the verb. Returns the exit
/// code; errors are printed for people, never as a panic.
pub fn run<A: Args>(name: &str, build: impl Fn(&A) -> anyhow::Result<App>) -> ExitCode {
    run_with_input::<A, NoInput>(name, build)
}

/// Like [`run`], with the app's own typed input flags for `run` (`R`).
pub fn run_with_input<A: Args, R: ExecutionInput>(
    name: &str,
    build: impl Fn(&A) -> anyhow::Result<App>,
) -> ExitCode {
    let cli = match Cli::<A, R>::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match dispatch(name, &cli, &build) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses a command line without running it (for the fuzz tests): the usage error, if any.
#[doc(hidden)]
pub fn parse_only<A: Args, R: ExecutionInput>(args: &[String]) -> Result<(), String> {
    Cli::<A, R>::try_parse_from(args)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn dispatch<A: Args, R: ExecutionInput>(
    name: &str,
    cli: &Cli<A, R>,
    build: &impl Fn(&A) -> anyhow::Result<App>,
) -> anyhow::Result<ExitCode> {
    let app = build(&cli.settings)?;
    match &cli.command {
        Command::Synth(args) => synth::run(&app, &cli.global, args),
        Command::Ls(args) => ls::run(&app, &cli.aws, args),
        Command::Diff(args) => diff::run(&app, &cli.aws, args),
        Command::Deploy(args) => deploy::run(name, &app, &cli.global, &cli.aws, args),
        Command::Destroy(args) => destroy::run(name, &app, &cli.aws, args),
        Command::Bootstrap(args) => bootstrap::run(&cli.aws, args),
        Command::Run(args) => run::run(name, &app, &cli.aws, args),
        Command::Watch(args) => run::watch(&cli.aws, args),
        Command::Describe(args) => describe::describe(&app, &cli.aws, args),
        Command::Executions(args) => describe::executions(&app, &cli.aws, args),
        Command::Graph(args) => graph::run(&app, &cli.aws, args),
    }
}
