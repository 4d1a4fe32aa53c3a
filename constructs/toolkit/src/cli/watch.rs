//! `deploy --watch` (AWS CDK's `cdk watch`): deploys once, then watches the app's sources and
//! its assets' (the Rust functions' crates, asset directories), and on each change, once the
//! files have been quiet for [`DEBOUNCE`], runs a round: build what changed, synthesize, deploy
//! with hotswap (`--hotswap`, or `--hotswap-fallback` when given), and print the round's result.
//! Changes made during a round start one more round after it. Ctrl-C ends it.
//!
//! The app is a Rust binary, and this process is the app as it was built. So:
//!
//! - when only assets changed (a function's crate, an asset directory), the app's code is the
//!   same: this process builds the app again in memory, which builds the changed functions
//!   (their content hash changed) and synthesizes;
//! - when the app's own sources changed (its package or a workspace crate it depends on),
//!   this process's code is out of date: `cargo build -p PACKAGE --bin BIN` rebuilds the app
//!   (with the profile this binary was built with), and the new binary synthesizes, with the
//!   same command line plus `--synth-to DIR` (it writes the cloud assembly, building the assets,
//!   and deploys nothing); this process then reads that assembly and deploys it with its own
//!   engine. The app's package is the one of this workspace (`cargo metadata`, from the
//!   current directory) with a binary named as this executable; when there is none (an app
//!   installed elsewhere), only the assets are watched, as the first lines say.
//!
//! An edit to the toolkit itself (a path dependency of the app) rebuilds the app too; the
//! rounds are still deployed by this process's engine, as it was built.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use cdk_core::{App, AssetSource};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{
    new_debouncer, DebounceEventResult, DebouncedEvent, DebouncedEventKind,
};
use serde::Serialize;
use serde_json::Value;

use super::deploy::{engine, DeployArgs};
use super::progress::now;
use super::GlobalOptions;
use crate::assembly::Assembly;
use crate::assets::packages::{cargo_metadata, package_dirs, packages};
use crate::aws::AwsOptions;
use crate::deploy::Outcome;
use crate::engine::DeployReport;
use crate::hotswap::{HotswapMode, HotswapTarget};
use cdk_synth::cargo;

/// How long files must be quiet before a round starts.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(300);

/// What `deploy --watch` is given by the CLI.
pub(crate) struct Watch<'a> {
    pub(crate) name: &'a str,
    /// Builds the app (its code as this binary has it).
    pub(crate) app: &'a dyn Fn() -> anyhow::Result<App>,
    /// Builds the app's assets, synthesizes and writes the assembly, in this process.
    pub(crate) reload: &'a dyn Fn() -> anyhow::Result<Assembly>,
    pub(crate) aws: &'a AwsOptions,
    pub(crate) args: &'a DeployArgs,
    pub(crate) global: &'a GlobalOptions,
    /// The command line, as given (for the rebuilt app).
    pub(crate) raw_args: &'a [OsString],
    pub(crate) targets: fn() -> Vec<Arc<dyn HotswapTarget>>,
}

/// The app's package, rebuilt when its sources change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AppPackage {
    /// The package.
    pub(crate) package: String,
    /// Its binary (this executable's name).
    pub(crate) bin: String,
    /// Built in release.
    pub(crate) release: bool,
    /// The executable, whose directory names the profile it is rebuilt with.
    #[serde(skip)]
    pub(crate) exe: PathBuf,
}

/// What is watched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WatchSet {
    /// The app's package, when this workspace has it.
    pub(crate) app: Option<AppPackage>,
    /// The app's package directory and those of the workspace crates it depends on: a change
    /// there rebuilds the app.
    pub(crate) app_dirs: Vec<PathBuf>,
    /// The assets' sources (the Rust functions' package directories and their path
    /// dependencies', asset directories and files): a change there builds them again.
    pub(crate) asset_paths: Vec<PathBuf>,
    /// Never a reason for a round (the cloud assembly written by the rounds).
    pub(crate) ignored: Vec<PathBuf>,
    /// What could not be watched, for people.
    pub(crate) notes: Vec<String>,
}

/// Why a round runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RoundKind {
    /// The first deploy, when watching starts.
    Initial,
    /// Assets changed: built again in this process.
    Assets,
    /// The app's sources changed: the app is rebuilt and synthesizes.
    App,
}

/// What `deploy --watch` reports, one JSON object each with `--json`.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub(crate) enum WatchEvent {
    /// Watching begins.
    WatchStarted {
        app: Option<AppPackage>,
        app_dirs: Vec<String>,
        asset_paths: Vec<String>,
        notes: Vec<String>,
        debounce_ms: u64,
        hotswap: HotswapMode,
    },
    /// A round begins.
    RoundStarted {
        round: u32,
        kind: RoundKind,
        changed: Vec<String>,
    },
    /// A round ended.
    RoundFinished {
        round: u32,
        ok: bool,
        seconds: f64,
        /// `cargo build` of the app (an app round).
        build_seconds: Option<f64>,
        /// Synthesis, with the assets' builds.
        synth_seconds: f64,
        /// The deploy (hotswap, or CloudFormation).
        deploy_seconds: f64,
        /// Each stack's result (`TweetBot: hotswapped`), or the error.
        result: Vec<String>,
    },
    /// Watching ended.
    WatchStopped { rounds: u32, reason: String },
}

fn show(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    p.strip_prefix(&cwd).unwrap_or(p).display().to_string()
}

/// What an asset's sources are: a Rust package (by name) or files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AssetSources {
    /// A Rust function's package.
    Package(String),
    /// A directory or file (relative to the app's directory).
    Path(PathBuf),
    /// What cannot be watched, said so.
    Unwatched(String),
}

/// The sources of the app's assets.
pub(crate) fn asset_sources(assets: &[(String, AssetSource)]) -> Vec<(String, AssetSources)> {
    assets
        .iter()
        .map(|(path, source)| {
            let sources = match source {
                AssetSource::RustFunction { package, .. } => AssetSources::Package(package.clone()),
                AssetSource::Directory(dir) => AssetSources::Path(dir.clone()),
                AssetSource::ZipFile(file) => AssetSources::Path(file.clone()),
                other => AssetSources::Unwatched(other.to_string()),
            };
            (path.clone(), sources)
        })
        .collect()
}

/// What to watch: the app's package (the one with a binary named `exe`) and its path
/// dependencies, from the workspace's `metadata`; the assets' sources; `base` is the directory
/// relative asset paths start from.
pub(crate) fn watch_set(
    metadata: Option<&Value>,
    exe: &Path,
    assets: &[(String, AssetSources)],
    base: &Path,
    output: &Path,
) -> WatchSet {
    let packages = metadata.map(packages).unwrap_or_default();
    let mut set = WatchSet {
        ignored: vec![base.join(output)],
        ..WatchSet::default()
    };
    let bin = exe
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    match packages.iter().find(|p| p.bins.contains(&bin)) {
        Some(app) => {
            set.app = Some(AppPackage {
                package: app.name.clone(),
                bin: bin.clone(),
                release: exe.components().any(|c| c.as_os_str() == "release"),
                exe: exe.to_path_buf(),
            });
            set.app_dirs = package_dirs(&packages, &app.name).unwrap_or_default();
        }
        None => set.notes.push(format!(
            "no package of this workspace builds the binary {bin}: the app's own sources are not watched (an edit there needs the app rebuilt and the command run again); its assets are"
        )),
    }
    let mut asset_paths = BTreeSet::new();
    for (path, source) in assets {
        match source {
            AssetSources::Package(package) => {
                let dirs = package_dirs(&packages, package).unwrap_or_default();
                if dirs.is_empty() {
                    set.notes.push(format!(
                        "the Rust function {package} ({path}) is not a package of this workspace: its sources are not watched"
                    ));
                }
                asset_paths.extend(dirs);
            }
            AssetSources::Path(p) => {
                asset_paths.insert(base.join(p));
            }
            AssetSources::Unwatched(what) => set
                .notes
                .push(format!("the asset {path} ({what}) is not watched")),
        }
    }
    set.asset_paths = asset_paths.into_iter().collect();
    set
}

/// Paths never worth a round: what the set ignores, and, within the watched directory `root`,
/// what no binary is built from (a package's `tests/`, `benches/` and `examples/`), build
/// output, `node_modules`, hidden files and directories, editors' backup and swap files.
pub(crate) fn is_ignored(path: &Path, root: &Path, set: &WatchSet) -> bool {
    if set.ignored.iter().any(|i| path.starts_with(i)) {
        return true;
    }
    let path = path.strip_prefix(root).unwrap_or(path);
    let first = path
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    if ["tests", "benches", "examples"].contains(&first.as_str()) {
        return true;
    }
    if path.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == "target" || c == "node_modules" || (c.starts_with('.') && c != "." && c != "..")
    }) {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name == "4913"
}

/// The round the changed `paths` call for (the app's when any is the app's), and the paths
/// that matter, sorted.
pub(crate) fn classify(paths: &[PathBuf], set: &WatchSet) -> (Option<RoundKind>, Vec<PathBuf>) {
    let mut kind = None;
    let mut relevant = BTreeSet::new();
    for p in paths {
        let app_root = set
            .app_dirs
            .iter()
            .filter(|_| set.app.is_some())
            .find(|d| p.starts_with(d));
        if let Some(root) = app_root {
            if !is_ignored(p, root, set) {
                kind = Some(RoundKind::App);
                relevant.insert(p.clone());
            }
        } else if let Some(root) = set.asset_paths.iter().find(|d| p.starts_with(d)) {
            if !is_ignored(p, root, set) {
                kind = kind.or(Some(RoundKind::Assets));
                relevant.insert(p.clone());
            }
        }
    }
    (kind, relevant.into_iter().collect())
}

/// The paths of the events that say a file has been quiet for [`DEBOUNCE`] (a file still being
/// written to after that is reported again once it is quiet: it waits for then).
pub(crate) fn settled(events: Vec<DebouncedEvent>) -> Vec<PathBuf> {
    events
        .into_iter()
        .filter(|e| e.kind == DebouncedEventKind::Any)
        .map(|e| e.path)
        .collect()
}

/// The rebuilt app's command line: this one's, without the program, plus `--synth-to DIR`.
pub(crate) fn synth_args(raw_args: &[OsString], dir: &Path) -> Vec<OsString> {
    raw_args
        .iter()
        .skip(1)
        .cloned()
        .chain([OsString::from("--synth-to"), dir.as_os_str().to_os_string()])
        .collect()
}

/// The `cargo build` that rebuilds the app, with the profile it was built with.
pub(crate) fn build_args(app: &AppPackage) -> Vec<String> {
    cargo::build_args(&app.package, &app.bin, &app.exe)
}

/// Each stack's result, in brief.
fn results(report: &DeployReport) -> Vec<String> {
    report
        .stacks
        .iter()
        .map(|s| {
            let what = match &s.result {
                Ok(Outcome::Hotswapped { .. }) => "hotswapped".to_string(),
                Ok(Outcome::Deployed { .. }) => "deployed".to_string(),
                Ok(Outcome::Unchanged { .. }) => "unchanged".to_string(),
                Err(e) => format!("failed: {e}"),
            };
            format!("{}: {what}", s.stack)
        })
        .collect()
}

struct Printer {
    json: bool,
}

impl Printer {
    fn emit(&self, event: &WatchEvent) {
        if self.json {
            let mut line = serde_json::Map::new();
            line.insert(
                "time".into(),
                Value::String(
                    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
                        .fmt(aws_smithy_types::date_time::Format::DateTime)
                        .unwrap_or_default(),
                ),
            );
            if let Ok(Value::Object(fields)) = serde_json::to_value(event) {
                line.extend(fields);
            }
            println!("{}", Value::Object(line));
            return;
        }
        for l in text(event) {
            eprintln!("{} watch | {l}", now());
        }
    }
}

/// A watch event for people.
pub(crate) fn text(event: &WatchEvent) -> Vec<String> {
    match event {
        WatchEvent::WatchStarted {
            app,
            app_dirs,
            asset_paths,
            notes,
            debounce_ms,
            hotswap,
        } => {
            let mut out = Vec::new();
            if let Some(app) = app {
                out.push(format!(
                    "the app {} (rebuilt with cargo build -p {}{} when these change): {}",
                    app.bin,
                    app.package,
                    if app.release { " --release" } else { "" },
                    app_dirs.join(", ")
                ));
            }
            if !asset_paths.is_empty() {
                out.push(format!("its assets: {}", asset_paths.join(", ")));
            }
            out.extend(notes.iter().cloned());
            out.push(format!(
                "watching; a round starts {debounce_ms} ms after the last change and {}; Ctrl-C to stop",
                match hotswap {
                    HotswapMode::Fallback =>
                        "hotswaps what it can, deploying the rest through CloudFormation (--hotswap-fallback)",
                    _ => "hotswaps (a change that needs CloudFormation is refused: --hotswap-fallback deploys it)",
                }
            ));
            out
        }
        WatchEvent::RoundStarted {
            round,
            kind,
            changed,
        } => {
            let what = match kind {
                RoundKind::Initial => "deploying the app as it is".to_string(),
                RoundKind::Assets => {
                    "building the changed assets, synthesizing, hotswapping".into()
                }
                RoundKind::App => "rebuilding the app, synthesizing, hotswapping".into(),
            };
            if changed.is_empty() {
                vec![format!("round {round}: {what}")]
            } else {
                let shown: Vec<&str> = changed.iter().take(5).map(String::as_str).collect();
                let more = changed.len().saturating_sub(shown.len());
                vec![format!(
                    "round {round}: {}{} changed; {what}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                )]
            }
        }
        WatchEvent::RoundFinished {
            round,
            ok,
            seconds,
            build_seconds,
            synth_seconds,
            deploy_seconds,
            result,
        } => {
            let mut out = vec![format!(
                "round {round} {} in {seconds:.2} s ({}synth {synth_seconds:.2} s, deploy {deploy_seconds:.2} s){}",
                if *ok { "done" } else { "failed" },
                build_seconds.map_or(String::new(), |b| format!("app build {b:.2} s, ")),
                if *ok { "" } else { "; waiting for the next change" }
            )];
            out.extend(
                result
                    .iter()
                    .flat_map(|r| r.lines().map(|l| format!("  {l}")).collect::<Vec<_>>()),
            );
            out
        }
        WatchEvent::WatchStopped { rounds, reason } => {
            vec![format!(
                "stopped after {rounds} round{} ({reason})",
                if *rounds == 1 { "" } else { "s" }
            )]
        }
    }
}

/// The assembly of an app round: `cargo build` of the app, then the new binary synthesizes
/// into `dir`. Returns it with the build's and the synthesis' seconds.
async fn rebuild(
    app: &AppPackage,
    raw_args: &[OsString],
    dir: &Path,
) -> anyhow::Result<(Assembly, f64, f64)> {
    let started = Instant::now();
    let program = cargo::program();
    let out = tokio::process::Command::from(cargo::command(&program))
        .args(build_args(app))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .output()
        .await
        .with_context(|| format!("cannot run {program}"))?;
    if !out.status.success() {
        bail!(
            "cargo build -p {} failed ({}): its errors are above",
            app.package,
            out.status
        );
    }
    let exe = cargo::built_executable(&String::from_utf8_lossy(&out.stdout), &app.bin)
        .with_context(|| {
            format!(
                "cargo build -p {} named no executable {}",
                app.package, app.bin
            )
        })?;
    let build = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let status = tokio::process::Command::new(&exe)
        .args(synth_args(raw_args, dir))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .status()
        .await
        .with_context(|| format!("cannot run the rebuilt app {}", exe.display()))?;
    if !status.success() {
        bail!("the rebuilt app could not synthesize ({status}): its errors are above");
    }
    let assembly = Assembly::read(dir)?;
    Ok((assembly, build, started.elapsed().as_secs_f64()))
}

/// `deploy --watch`.
pub(crate) fn run(w: &Watch<'_>) -> anyhow::Result<ExitCode> {
    let args = w.args;
    if args.source.dir().is_some() {
        bail!("--watch builds and synthesizes the app on each change; it cannot watch a cloud assembly (--assembly)");
    }
    let output = w.global.output.clone();
    let options = args.deploy_options(&output)?;
    let outputs_file = args.outputs_file()?.cloned();
    let base = std::env::current_dir()?;
    // The app's binary, as built (read before any round rebuilds it).
    let exe = std::env::current_exe()
        .ok()
        .or_else(|| w.raw_args.first().map(PathBuf::from))
        .unwrap_or_default();
    let assets = asset_sources(&(w.app)()?.assets());
    let set = watch_set(
        cargo_metadata(&base).ok().as_ref(),
        &exe,
        &assets,
        &base,
        &output,
    );
    let printer = Printer {
        json: args.renderer().is_json(),
    };
    let first = (w.reload)()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let code = runtime.block_on(async {
        let config = crate::aws::load(w.aws).await?;
        let toolkit = engine(w.name, &config, (w.targets)());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<DebounceEventResult>();
        let mut debouncer = new_debouncer(DEBOUNCE, move |res: DebounceEventResult| {
            let _ = tx.send(res);
        })
        .context("cannot watch files")?;
        let roots: Vec<PathBuf> = set
            .app_dirs
            .iter()
            .filter(|_| set.app.is_some())
            .chain(&set.asset_paths)
            .cloned()
            .collect();
        let mut notes = set.notes.clone();
        for root in &roots {
            if let Err(e) = debouncer.watcher().watch(root, RecursiveMode::Recursive) {
                notes.push(format!("cannot watch {}: {e}", show(root)));
            }
        }
        printer.emit(&WatchEvent::WatchStarted {
            app: set.app.clone(),
            app_dirs: set.app_dirs.iter().map(|d| show(d)).collect(),
            asset_paths: set.asset_paths.iter().map(|d| show(d)).collect(),
            notes,
            debounce_ms: DEBOUNCE.as_millis() as u64,
            hotswap: options.hotswap.mode,
        });
        let max = args.watch_rounds.unwrap_or(u32::MAX).max(1);
        let mut round = 0u32;
        let mut last_ok = true;
        let mut next: Option<(RoundKind, Vec<PathBuf>)> = Some((RoundKind::Initial, Vec::new()));
        let mut first = Some(first);
        loop {
            let (kind, changed) = match next.take() {
                Some(n) => n,
                None => {
                    let batch = tokio::select! {
                        b = rx.recv() => b,
                        _ = tokio::signal::ctrl_c() => {
                            printer.emit(&WatchEvent::WatchStopped { rounds: round, reason: "Ctrl-C".into() });
                            return Ok(ExitCode::SUCCESS);
                        }
                    };
                    let Some(batch) = batch else { break };
                    let mut paths = Vec::new();
                    for b in std::iter::once(batch).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                        match b {
                            Ok(events) => paths.extend(settled(events)),
                            Err(e) => eprintln!("{} watch | cannot watch: {e}", now()),
                        }
                    }
                    match classify(&paths, &set) {
                        (Some(kind), relevant) => (kind, relevant),
                        (None, _) => continue,
                    }
                }
            };
            round += 1;
            printer.emit(&WatchEvent::RoundStarted {
                round,
                kind,
                changed: changed.iter().map(|p| show(p)).collect(),
            });
            let started = Instant::now();
            let work = async {
                let (assembly, build, synth) = match kind {
                    RoundKind::Initial => (first.take().context("no first assembly")?, None, 0.0),
                    RoundKind::App => {
                        let app = set.app.as_ref().context("no app package")?;
                        let (a, b, s) = rebuild(app, w.raw_args, &output).await?;
                        (a, Some(b), s)
                    }
                    RoundKind::Assets => {
                        let t = Instant::now();
                        ((w.reload)()?, None, t.elapsed().as_secs_f64())
                    }
                };
                let t = Instant::now();
                let renderer = args.renderer();
                let report = toolkit
                    .clone()
                    .events(renderer.events())
                    .deploy(&assembly, &options)
                    .await;
                anyhow::Ok((report, build, synth, t.elapsed().as_secs_f64()))
            };
            let outcome = tokio::select! {
                r = work => r,
                _ = tokio::signal::ctrl_c() => {
                    eprintln!("{}", super::INTERRUPTED);
                    printer.emit(&WatchEvent::WatchStopped { rounds: round, reason: "Ctrl-C during a round".into() });
                    return Ok(ExitCode::from(130));
                }
            };
            let (ok, build, synth, deploy, result) = match outcome {
                Ok((Ok(report), build, synth, deploy)) => {
                    if let Some(file) = &outputs_file {
                        let _ = std::fs::write(file, serde_json::to_string_pretty(&report.outputs()).unwrap_or_default() + "\n");
                    }
                    (report.is_success(), build, synth, deploy, results(&report))
                }
                Ok((Err(e), build, synth, deploy)) => (false, build, synth, deploy, vec![e.to_string()]),
                Err(e) => (false, None, 0.0, 0.0, vec![format!("{e:#}")]),
            };
            last_ok = ok;
            printer.emit(&WatchEvent::RoundFinished {
                round,
                ok,
                seconds: started.elapsed().as_secs_f64(),
                build_seconds: build,
                synth_seconds: synth,
                deploy_seconds: deploy,
                result,
            });
            if round >= max {
                printer.emit(&WatchEvent::WatchStopped {
                    rounds: round,
                    reason: "--watch-rounds".into(),
                });
                break;
            }
        }
        drop(debouncer);
        anyhow::Ok(if last_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
    });
    runtime.shutdown_background();
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn metadata() -> Value {
        let package = |name: &str, dir: &str, deps: &[&str], bins: &[&str]| {
            json!({
                "name": name,
                "manifest_path": format!("/ws/{dir}/Cargo.toml"),
                "dependencies": deps.iter().map(|d| json!({"name": d, "path": format!("/ws/{d}"), "kind": null}))
                    .chain([json!({"name": "proptest", "kind": "dev"})]).collect::<Vec<_>>(),
                "targets": bins.iter().map(|b| json!({"name": b, "kind": ["bin"]}))
                    .chain([json!({"name": name, "kind": ["lib"]})]).collect::<Vec<_>>(),
            })
        };
        json!({"packages": [
            package("my-app", "apps/my-app", &["cdk-core", "my-constructs"], &["my-app"]),
            package("my-constructs", "constructs/mine", &["cdk-core"], &[]),
            package("cdk-core", "constructs/core", &[], &[]),
            package("hello-fn", "functions/hello", &["fn-common"], &["hello-fn"]),
            package("fn-common", "functions/common", &[], &[]),
            package("other", "other", &[], &["other"]),
        ]})
    }

    fn set() -> WatchSet {
        let assets = vec![
            (
                "S/Fn/Code".to_string(),
                AssetSources::Package("hello-fn".into()),
            ),
            (
                "S/Py/Code".to_string(),
                AssetSources::Path("handlers/py".into()),
            ),
        ];
        watch_set(
            Some(&metadata()),
            Path::new("/ws/target/release/my-app"),
            &assets,
            Path::new("/ws"),
            Path::new("cdk.out"),
        )
    }

    #[test]
    fn the_app_and_its_path_dependencies_and_the_function_crates_are_watched() {
        let s = set();
        assert_eq!(
            s.app,
            Some(AppPackage {
                package: "my-app".into(),
                bin: "my-app".into(),
                release: true,
                exe: "/ws/target/release/my-app".into(),
            })
        );
        let dirs = |v: &[&str]| {
            v.iter()
                .map(|d| PathBuf::from(format!("/ws/{d}")))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            s.app_dirs,
            dirs(&["apps/my-app", "constructs/core", "constructs/mine"])
        );
        assert_eq!(
            s.asset_paths,
            dirs(&["functions/common", "functions/hello", "handlers/py"])
        );
        assert!(s.notes.is_empty(), "{:?}", s.notes);
        assert_eq!(
            build_args(s.app.as_ref().unwrap()).join(" "),
            "build -p my-app --bin my-app --message-format=json-render-diagnostics --release"
        );
        // A binary no package builds: only the assets are watched, and it is said.
        let other = watch_set(
            Some(&metadata()),
            Path::new("/tmp/x/test-bin"),
            &[],
            Path::new("/ws"),
            Path::new("cdk.out"),
        );
        assert_eq!(other.app, None);
        assert!(
            other.notes[0].contains("no package of this workspace builds the binary test-bin"),
            "{:?}",
            other.notes
        );
    }

    #[test]
    fn a_change_to_the_app_rebuilds_it_a_change_to_a_function_only_builds_the_assets() {
        let s = set();
        let p = |v: &[&str]| {
            v.iter()
                .map(|d| PathBuf::from(format!("/ws/{d}")))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            classify(&p(&["functions/hello/src/main.rs"]), &s).0,
            Some(RoundKind::Assets)
        );
        assert_eq!(
            classify(&p(&["functions/common/src/lib.rs"]), &s).0,
            Some(RoundKind::Assets)
        );
        assert_eq!(
            classify(&p(&["handlers/py/index.py"]), &s).0,
            Some(RoundKind::Assets)
        );
        assert_eq!(
            classify(
                &p(&["functions/hello/src/main.rs", "constructs/mine/src/lib.rs"]),
                &s
            ),
            (
                Some(RoundKind::App),
                p(&["constructs/mine/src/lib.rs", "functions/hello/src/main.rs"])
            )
        );
        // A watched directory below a hidden one (a temporary directory) is watched.
        let hidden = watch_set(
            Some(&metadata()),
            Path::new("/x"),
            &[(
                "S/Py/Code".to_string(),
                AssetSources::Path("/tmp/.tmpAb12/handler".into()),
            )],
            Path::new("/ws"),
            Path::new("cdk.out"),
        );
        assert_eq!(
            classify(&[PathBuf::from("/tmp/.tmpAb12/handler/index.py")], &hidden).0,
            Some(RoundKind::Assets)
        );
        // Build output, the assembly, hidden files, editors' files, other packages: no round.
        let quiet = p(&[
            "apps/my-app/target/debug/x",
            "cdk.out/manifest.json",
            "cdk.out/hotswap-state.json",
            "apps/my-app/src/.lib.rs.swp",
            "apps/my-app/src/lib.rs~",
            "apps/my-app/src/4913",
            "apps/my-app/.git/index",
            "apps/my-app/tests/cli.rs",
            "apps/my-app/benches/cdk-ts/bin/app.ts",
            "functions/hello/benches/b.rs",
            "functions/hello/src/node_modules/x/index.js",
            "other/src/main.rs",
        ]);
        assert_eq!(classify(&quiet, &s), (None, Vec::new()));
    }

    #[test]
    fn the_rebuilt_app_synthesizes_with_the_same_command_line() {
        let raw: Vec<OsString> = [
            "target/debug/my-app",
            "--wait",
            "3s",
            "deploy",
            "--watch",
            "TweetBot",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        let args = synth_args(&raw, Path::new("cdk.out"));
        assert_eq!(
            args,
            [
                "--wait",
                "3s",
                "deploy",
                "--watch",
                "TweetBot",
                "--synth-to",
                "cdk.out"
            ]
            .map(OsString::from)
        );
        let stdout = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"my-constructs","kind":["lib"]},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"my-app","kind":["bin"]},"executable":"/ws/target/debug/my-app"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
            "\n",
        );
        assert_eq!(
            cargo::built_executable(stdout, "my-app"),
            Some(PathBuf::from("/ws/target/debug/my-app"))
        );
    }

    #[test]
    fn quick_successive_writes_make_one_debounced_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut debouncer =
            new_debouncer(Duration::from_millis(500), move |r: DebounceEventResult| {
                let _ = tx.send(r);
            })
            .unwrap();
        debouncer
            .watcher()
            .watch(dir.path(), RecursiveMode::Recursive)
            .unwrap();
        let started = Instant::now();
        for i in 0..5 {
            std::fs::write(dir.path().join("main.rs"), format!("fn main() {{ {i}; }}")).unwrap();
            std::thread::sleep(Duration::from_millis(10));
        }
        let written = started.elapsed();
        let mut batches = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(3);
        while let Ok(r) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            let paths = settled(r.unwrap());
            if !paths.is_empty() {
                batches.push(paths);
            }
        }
        if written < Duration::from_millis(400) {
            assert_eq!(batches.len(), 1, "{batches:?}");
        }
        assert!(
            batches[0].iter().any(|p| p.ends_with("main.rs")),
            "{batches:?}"
        );
    }

    #[test]
    fn rounds_read_as_lines() {
        let lines = text(&WatchEvent::RoundFinished {
            round: 3,
            ok: true,
            seconds: 8.2,
            build_seconds: Some(5.0),
            synth_seconds: 1.7,
            deploy_seconds: 1.5,
            result: vec!["TweetBot: hotswapped".into()],
        });
        assert_eq!(
            lines,
            [
                "round 3 done in 8.20 s (app build 5.00 s, synth 1.70 s, deploy 1.50 s)",
                "  TweetBot: hotswapped"
            ]
        );
    }
}
