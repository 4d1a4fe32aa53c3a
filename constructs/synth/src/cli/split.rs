//! An app's binary in two, for fast edits: [`run_synth`].
//!
//! The app's main binary (the one `cargo run -p my-app` runs) links the constructs and this
//! crate, not the AWS SDK, so an edit to the app relinks it in a fraction of the time. It runs
//! `synth` itself and hands every other command line, unchanged, to the app's *toolkit binary*:
//! a second binary of the app's package whose main is `cdk_toolkit::cli::run_with` with the
//! same settings and verbs, and which also answers `--help`, bad usage and anything `synth`
//! is given that only the toolkit knows (AWS options, `-v`).
//!
//! Started by `cargo run` of the app's package, the main binary first has cargo build the
//! toolkit binary (nothing to do when it is up to date; the same profile). Started otherwise,
//! it runs the toolkit binary next to its own executable, where `cargo build` puts both.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal as _, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use super::synth::SynthArgs;
use super::GlobalOptions;
use anyhow::{bail, Context as _};
use cdk_core::App;
use clap::{Args, Parser, Subcommand};

/// The app's toolkit binary: its name, and the package that builds it. Made by
/// [`toolkit_bin!`](crate::toolkit_bin), which reads the package from the app's build.
#[derive(Clone, Copy, Debug)]
pub struct ToolkitBin {
    /// The binary's name (`tweetbot-app-toolkit`).
    pub bin: &'static str,
    /// The package that builds it (the app's `CARGO_PKG_NAME`).
    pub package: &'static str,
    /// That package's directory (its `CARGO_MANIFEST_DIR`): tells a `cargo run` of this
    /// package from any other start.
    pub manifest_dir: &'static str,
}

/// The app's toolkit binary `$bin`, a binary of the package this macro is used in.
///
/// ```
/// let toolkit = cdk_synth::toolkit_bin!("my-app-toolkit");
/// assert_eq!(toolkit.bin, "my-app-toolkit");
/// assert_eq!(toolkit.package, "cdk-synth"); // this example's package
/// ```
#[macro_export]
macro_rules! toolkit_bin {
    ($bin:expr) => {
        $crate::cli::ToolkitBin {
            bin: $bin,
            package: env!("CARGO_PKG_NAME"),
            manifest_dir: env!("CARGO_MANIFEST_DIR"),
        }
    };
}

/// What the main binary parses: the app's settings, the options every verb takes, and `synth`;
/// any other verb is the toolkit binary's.
#[derive(Parser, Debug)]
struct SynthCli<A: Args> {
    #[command(flatten)]
    settings: A,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: SynthCommand,
}

#[derive(Subcommand, Debug)]
enum SynthCommand {
    Synth(SynthArgs),
    /// Another verb, with its arguments (the toolkit binary parses them).
    #[command(external_subcommand)]
    #[allow(dead_code)]
    Other(Vec<OsString>),
}

/// The app's main binary (module docs): runs `synth` with the app `build` makes from its
/// settings, and hands every other command line to `toolkit`. Returns the exit code; errors
/// are printed for people, never as a panic.
///
/// ```no_run
/// // src/main.rs, the binary `cargo run -p my-app` runs:
/// fn main() -> std::process::ExitCode {
///     cdk_synth::cli::run_synth::<cdk_synth::cli::NoSettings>(
///         "my-app",
///         |_| Ok(cdk_core::App::new()),
///         cdk_synth::toolkit_bin!("my-app-toolkit"),
///     )
/// }
/// // src/bin/my-app-toolkit.rs, every verb, with the same settings:
/// // fn main() -> std::process::ExitCode {
/// //     cdk_toolkit::cli::run::<NoSettings>("my-app", |_| Ok(cdk_core::App::new()))
/// // }
/// ```
pub fn run_synth<A: Args>(
    name: &str,
    build: impl Fn(&A) -> anyhow::Result<App>,
    toolkit: ToolkitBin,
) -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let result = match SynthCli::<A>::try_parse_from(&args) {
        Ok(SynthCli {
            settings,
            global,
            command: SynthCommand::Synth(synth),
        }) if global.verbose == 0 => super::context::load(Path::new("."), &global.context)
            .map(cdk_core::context::provide)
            .and_then(|()| build(&settings))
            .and_then(|app| super::synth::run(&app, &global, &synth)),
        // Every other verb, `-v`, help and bad usage: the toolkit binary's whole command line.
        _ => hand_over(name, &toolkit, &args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::FAILURE
    })
}

/// Runs the toolkit binary with this command line; returns only when it cannot.
fn hand_over(name: &str, toolkit: &ToolkitBin, args: &[OsString]) -> anyhow::Result<ExitCode> {
    let this = std::env::current_exe().context("cannot tell where this executable is")?;
    let exe = match under_cargo(toolkit) {
        Some(cargo) => build_toolkit(&cargo, toolkit, &this)?,
        None => beside(&this, toolkit.bin),
    };
    if !exe.is_file() {
        bail!(
            "{name}'s toolkit binary {} is not built: build it with `cargo build -p {} --bin {}`, or run the app with `cargo run -p {}`",
            exe.display(),
            toolkit.package,
            toolkit.bin,
            toolkit.package
        );
    }
    let mut command = Command::new(&exe);
    command.args(args.iter().skip(1));
    exec(command, &exe, args.first())
}

/// Cargo, when this process is a `cargo run` of the toolkit binary's package: cargo gives what
/// it runs `CARGO` and the package's `CARGO_MANIFEST_DIR`.
fn under_cargo(toolkit: &ToolkitBin) -> Option<OsString> {
    let cargo = std::env::var_os("CARGO")?;
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    (Path::new(&dir) == Path::new(toolkit.manifest_dir)).then_some(cargo)
}

/// `cargo build` of the toolkit binary with this executable's profile; the executable it names.
fn build_toolkit(cargo: &OsString, toolkit: &ToolkitBin, this: &Path) -> anyhow::Result<PathBuf> {
    let color = if std::io::stderr().is_terminal() {
        "--color=always"
    } else {
        "--color=never"
    };
    let mut child = crate::cargo::command(cargo)
        .args(crate::cargo::build_args(toolkit.package, toolkit.bin, this))
        .arg(color)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", Path::new(cargo).display()))?;
    // cargo's messages, as they come (a first build takes minutes), on a thread of their own:
    // its JSON on standard output is read meanwhile.
    let relay = child.stderr.take().map(|stderr| {
        std::thread::spawn(move || relay_build_messages(BufReader::new(stderr), std::io::stderr()))
    });
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)
            .context("cannot read cargo's output")?;
    }
    let status = child.wait().context("cannot wait for cargo")?;
    if let Some(relay) = relay {
        let _ = relay.join();
    }
    if !status.success() {
        bail!(
            "cargo build -p {} --bin {} failed ({status}): its errors are above",
            toolkit.package,
            toolkit.bin,
        );
    }
    crate::cargo::built_executable(&stdout, toolkit.bin).with_context(|| {
        format!(
            "cargo build -p {} named no executable {}",
            toolkit.package, toolkit.bin
        )
    })
}

/// Copies cargo's messages to `out`, except a lone `Finished` line: when the toolkit binary is
/// up to date, every verb would otherwise start with one.
fn relay_build_messages(messages: impl BufRead, mut out: impl Write) {
    let mut relayed = false;
    for line in messages.lines().map_while(Result::ok) {
        if !relayed && line.contains("Finished") {
            continue;
        }
        relayed = true;
        let _ = writeln!(out, "{line}");
    }
}

/// The binary `bin` in the directory of the executable `this`.
fn beside(this: &Path, bin: &str) -> PathBuf {
    this.with_file_name(format!("{bin}{}", std::env::consts::EXE_SUFFIX))
}

/// Becomes `command` (Unix: the same process, so signals and the exit code are the toolkit
/// binary's), or runs it and exits with its code.
fn exec(mut command: Command, exe: &Path, arg0: Option<&OsString>) -> anyhow::Result<ExitCode> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // The same program name, so that usage and help name the app as it was started.
        if let Some(arg0) = arg0 {
            command.arg0(arg0);
        }
        let e = command.exec();
        Err(e).with_context(|| format!("cannot run the app's toolkit binary {}", exe.display()))
    }
    #[cfg(not(unix))]
    {
        let _ = arg0;
        let status = command
            .status()
            .with_context(|| format!("cannot run the app's toolkit binary {}", exe.display()))?;
        Ok(ExitCode::from(
            status.code().unwrap_or(1).clamp(0, 255) as u8
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargos_messages_are_relayed_but_a_lone_finished_line() {
        let relay = |messages: &str| {
            let mut out = Vec::new();
            relay_build_messages(messages.as_bytes(), &mut out);
            String::from_utf8(out).unwrap()
        };
        let finished = "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.15s\n";
        assert_eq!(relay(finished), "");
        let built = format!("   Compiling tweetbot-app v0.1.0\n{finished}");
        assert_eq!(relay(&built), built);
        let failed = "error[E0425]: cannot find value `x`\nerror: could not compile `app`\n";
        assert_eq!(relay(failed), failed);
    }

    #[test]
    fn the_toolkit_binary_is_found_beside_this_one() {
        assert_eq!(
            beside(Path::new("/ws/target/debug/my-app"), "my-app-toolkit"),
            PathBuf::from(format!(
                "/ws/target/debug/my-app-toolkit{}",
                std::env::consts::EXE_SUFFIX
            ))
        );
    }

    #[test]
    fn synth_is_parsed_here_and_everything_else_is_handed_over() {
        let parse = |args: &[&str]| SynthCli::<super::super::NoSettings>::try_parse_from(args);
        let synth = parse(&["app", "synth", "-q", "--output", "out", "-c", "k=v"]).unwrap();
        assert!(matches!(synth.command, SynthCommand::Synth(_)));
        assert_eq!(synth.global.output, PathBuf::from("out"));
        assert_eq!(synth.global.context, [("k".to_string(), "v".to_string())]);
        let deploy = parse(&["app", "deploy", "--hotswap", "--profile", "dev"]).unwrap();
        let SynthCommand::Other(rest) = deploy.command else {
            panic!("deploy parsed as synth");
        };
        assert_eq!(rest, ["deploy", "--hotswap", "--profile", "dev"]);
        // Only the toolkit binary knows the AWS options and prints the whole help.
        assert!(parse(&["app", "synth", "--profile", "dev"]).is_err());
        assert!(parse(&["app", "--help"]).is_err());
    }
}
