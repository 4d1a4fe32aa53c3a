//! The command line every app mounts: `cdk_toolkit::cli::run::<Settings>(name, build)`.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage.

mod ls;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use cdk_core::App;
use clap::{Args, Parser, Subcommand};

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
#[command(version, about = "Synthesize, list and deploy the stacks of this app", long_about = None)]
struct Cli<A: Args> {
    #[command(flatten)]
    settings: A,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Synthesize the app into the cloud assembly directory (offline, no AWS access).
    Synth(synth::SynthArgs),
    /// List the app's stacks and their dependencies.
    Ls(ls::LsArgs),
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
    let _ = name;
    match dispatch(&cli, &build) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch<A: Args>(
    cli: &Cli<A>,
    build: &impl Fn(&A) -> anyhow::Result<App>,
) -> anyhow::Result<ExitCode> {
    let app = build(&cli.settings)?;
    match &cli.command {
        Command::Synth(args) => synth::run(&app, &cli.global, args),
        Command::Ls(args) => ls::run(&app, args),
    }
}
