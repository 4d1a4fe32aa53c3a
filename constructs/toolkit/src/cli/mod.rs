//! The command line every app mounts: `cdk_toolkit::cli::run::<Settings>(name, build)`, or,
//! with verbs of the app's own choosing flattened in (the Step Functions verbs of
//! `cdk-toolkit-sfn`, say), `cdk_toolkit::cli::run_with::<Settings, Verbs>(name, build)`.
//!
//! An app whose edits should relink fast makes that its *toolkit binary* and has a main binary
//! without the AWS SDK run `synth` and hand it every other verb: `cdk_synth::cli::run_synth`.
//!
//! The verbs here only parse flags, call the [engine](crate::engine) and render its events
//! ([`render`]). This is the binary's edge: errors are `anyhow` from here on.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage, 130 interrupted.

mod bootstrap;
mod confirm;
mod deploy;
mod destroy;
mod diff;
mod ls;
pub mod progress;
pub mod render;
mod runtime;
mod source;
mod trace;
mod watch;

use std::process::ExitCode;

use cdk_core::App;
use clap::{Args, Parser, Subcommand};

use cdk_synth::cli::synth;
pub use cdk_synth::cli::{context, GlobalOptions, NoSettings};
pub use progress::ProgressMode;
pub use runtime::{with_aws, INTERRUPTED};

use crate::aws::AwsOptions;

/// What a mounted verb gets: the app's name, the app built from its settings, and the options
/// every verb takes.
pub struct Context<'a> {
    /// The app's name (`tweetbot-app`), for messages and generated names.
    pub name: &'a str,
    /// The app.
    pub app: &'a App,
    /// The options every verb takes.
    pub global: &'a GlobalOptions,
    /// Where and as whom to talk to AWS.
    pub aws: &'a AwsOptions,
}

/// Verbs an app adds to the toolkit's CLI: a clap subcommand enum whose variants are flattened
/// next to `synth`, `deploy`, ... (`#[command(flatten)]`).
pub trait Verbs: Subcommand {
    /// Runs the verb; the exit code, or an error printed as `error: ...` with exit code 1.
    fn run(&self, context: &Context<'_>) -> anyhow::Result<ExitCode>;

    /// What `deploy --hotswap` can update in place besides Lambda functions (the Step
    /// Functions verbs add state machines' definitions); none by default.
    fn hotswap_targets() -> Vec<std::sync::Arc<dyn crate::hotswap::HotswapTarget>>
    where
        Self: Sized,
    {
        Vec::new()
    }
}

/// No verbs beyond the toolkit's.
#[derive(Clone, Copy, Debug)]
pub enum NoVerbs {}

impl clap::FromArgMatches for NoVerbs {
    fn from_arg_matches(_: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Err(clap::Error::raw(
            clap::error::ErrorKind::InvalidSubcommand,
            "no such verb",
        ))
    }

    fn update_from_arg_matches(&mut self, _: &clap::ArgMatches) -> Result<(), clap::Error> {
        match *self {}
    }
}

impl Subcommand for NoVerbs {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd
    }

    fn has_subcommand(_: &str) -> bool {
        false
    }
}

impl Verbs for NoVerbs {
    fn run(&self, _: &Context<'_>) -> anyhow::Result<ExitCode> {
        match *self {}
    }
}

#[derive(Parser, Debug)]
#[command(version, about = "Synthesize, list, diff, deploy and destroy the stacks of this app", long_about = None)]
struct Cli<A: Args, X: Verbs> {
    #[command(flatten)]
    settings: A,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(flatten)]
    aws: AwsOptions,
    #[command(subcommand)]
    command: Command<X>,
}

#[derive(Subcommand, Debug)]
enum Command<X: Verbs> {
    /// Synthesize the app into the cloud assembly directory (offline, no AWS access).
    Synth(synth::SynthArgs),
    /// List the app's stacks and their dependencies (with --long, their deployed status).
    Ls(ls::LsArgs),
    /// Compare the deployed stacks with the app (or a cloud assembly: --assembly).
    Diff(diff::DiffArgs),
    /// Deploy stacks (all of them by default), in dependency order.
    Deploy(deploy::DeployArgs),
    /// Delete stacks (all of them by default), dependents first.
    Destroy(destroy::DestroyArgs),
    /// Create the toolkit's stack: the staging bucket that large templates are deployed from.
    Bootstrap(bootstrap::BootstrapArgs),
    #[command(flatten)]
    App(X),
}

/// Parses the command line, builds the app with `build` and runs the verb. Returns the exit
/// code; errors are printed for people, never as a panic.
pub fn run<A: Args>(name: &str, build: impl Fn(&A) -> anyhow::Result<App>) -> ExitCode {
    run_with::<A, NoVerbs>(name, build)
}

/// Like [`run`], with the app's own verbs `X` next to the toolkit's.
pub fn run_with<A: Args, X: Verbs>(
    name: &str,
    build: impl Fn(&A) -> anyhow::Result<App>,
) -> ExitCode {
    run_from::<A, X>(name, std::env::args_os(), build)
}

/// Like [`run_with`], with the command line given (the program name first): for tests and
/// programs that drive the CLI themselves.
pub fn run_from<A: Args, X: Verbs>(
    name: &str,
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
    build: impl Fn(&A) -> anyhow::Result<App>,
) -> ExitCode {
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::<A, X>::try_parse_from(args.clone()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    trace::init(cli.global.verbose);
    match dispatch(name, &cli, &build, &args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses a command line without running it (for the fuzz tests): the usage error, if any.
#[doc(hidden)]
pub fn parse_only<A: Args, X: Verbs>(args: &[String]) -> Result<(), String> {
    Cli::<A, X>::try_parse_from(args)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn dispatch<A: Args, X: Verbs>(
    name: &str,
    cli: &Cli<A, X>,
    build: &impl Fn(&A) -> anyhow::Result<App>,
    raw_args: &[std::ffi::OsString],
) -> anyhow::Result<ExitCode> {
    let (global, aws) = (&cli.global, &cli.aws);
    let app = || {
        cdk_core::context::provide(context::load(std::path::Path::new("."), &global.context)?);
        build(&cli.settings)
    };
    match &cli.command {
        Command::Synth(args) => synth::run(&app()?, global, args),
        Command::Ls(args) => ls::run(&app()?, aws, args),
        Command::Diff(args) => {
            let assets = source::Assets::for_verb(global.no_build, false);
            diff::run(name, args.source.load(app, None, assets)?, aws, args)
        }
        Command::Deploy(args) => {
            if args.hotswap_mode().is_on() {
                // A development loop: functions are built quickly (see RustBuild::Quick).
                crate::assets::set_rust_build(crate::assets::RustBuild::Quick);
            }
            let assets = source::Assets::for_verb(global.no_build, true);
            if let Some(dir) = &args.synth_to {
                // The app rebuilt by `deploy --watch`: synthesize for it, deploy nothing.
                args.source.load(app, Some(dir), assets)?;
                return Ok(ExitCode::SUCCESS);
            }
            if args.watch {
                return watch::run(&watch::Watch {
                    name,
                    app: &app,
                    reload: &|| args.source.load(app, Some(&global.output), assets),
                    aws,
                    args,
                    global,
                    raw_args,
                    targets: X::hotswap_targets,
                });
            }
            let assembly = args.source.load(app, Some(&global.output), assets)?;
            let dir = args.assembly_dir(&global.output);
            deploy::run(name, assembly, aws, args, X::hotswap_targets(), &dir)
        }
        Command::Destroy(args) => {
            let assembly = args.source.load(app, None, source::Assets::NotNeeded)?;
            destroy::run(assembly, aws, args)
        }
        Command::Bootstrap(args) => {
            app()?;
            bootstrap::run(aws, args)
        }
        Command::App(verbs) => verbs.run(&Context {
            name,
            app: &app()?,
            global,
            aws,
        }),
    }
}
