//! The command line every app mounts: `cdk_toolkit::cli::run::<Settings>(name, build)`.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage, 130 interrupted.

mod confirm;
mod deploy;
mod destroy;
mod diff;
mod ls;
mod runtime;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use cdk_core::App;
use clap::{Args, Parser, Subcommand};

use crate::aws::AwsOptions;

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
#[command(version, about = "Synthesize, list, diff, deploy and destroy the stacks of this app", long_about = None)]
struct Cli<A: Args> {
    #[command(flatten)]
    settings: A,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(flatten)]
    aws: AwsOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
}

/// Parses the command line, builds the app with `build` and runs the verb. Returns the exit
/// code; errors are printed for people, never as a panic.
pub fn run<A: Args>(name: &str, build: impl Fn(&A) -> anyhow::Result<App>) -> ExitCode {
    let cli = match Cli::<A>::try_parse() {
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

fn dispatch<A: Args>(
    name: &str,
    cli: &Cli<A>,
    build: &impl Fn(&A) -> anyhow::Result<App>,
) -> anyhow::Result<ExitCode> {
    let app = build(&cli.settings)?;
    match &cli.command {
        Command::Synth(args) => synth::run(&app, &cli.global, args),
        Command::Ls(args) => ls::run(&app, &cli.aws, args),
        Command::Diff(args) => diff::run(&app, &cli.aws, args),
        Command::Deploy(args) => deploy::run(name, &app, &cli.global, &cli.aws, args),
        Command::Destroy(args) => destroy::run(name, &app, &cli.aws, args),
    }
}
