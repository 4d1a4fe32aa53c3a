//! `deploy` of a 10-stack app against the local AWS in slow mode, side by side with AWS CDK's
//! CLI on the same assembly and the same settings (docs/performance.md):
//!
//! ```sh
//! cargo bench -p tweetbot-app --bench slow_deploy            # 1 s per resource, 3 runs each
//! SLOW_DEPLOY_SECONDS=2 SLOW_DEPLOY_RUNS=5 cargo bench -p tweetbot-app --bench slow_deploy
//! ```
//!
//! `SLOW_DEPLOY_KEEP=1` keeps the assembly and each command's output (`*.out`, `*.err`).
//!
//! The app is `tweetbot_app::synthetic::app(10, 1)`: 10 stacks of 10 resources, the 9 last each
//! referencing the first, with each stack's SSM parameter given a name (moto cannot create an
//! `AWS::SSM::Parameter` without one, where CloudFormation would generate it). Its assets (one
//! Rust function per stack, all the same `generate-message` zip) are prepared as `deploy` does
//! (built with cargo-lambda unless cached in `target/cdk-assets`), and it is synthesized once
//! into a cloud assembly. Each tool deploys that assembly to a fresh emulator in slow mode
//! (every resource `*_IN_PROGRESS` for the same time), directly (`CreateStack`), at most 4
//! stacks at once:
//!
//! - this toolkit: `tweetbot-app deploy --assembly DIR --all --method direct --concurrency 4 --yes`
//! - AWS CDK (the CLI pinned in `tools/package.json`): `cdk deploy --app DIR --all --method direct
//!   --concurrency 4 --require-approval never`
//!
//! Bootstrapping, outside the timing: the assembly's asset manifests (AWS CDK's format) name
//! the bucket `cdk-rs-assets-${AWS::AccountId}-${AWS::Region}`, which `tweetbot-app bootstrap`
//! makes (stack `CDKToolkit`), so each fresh emulator is bootstrapped that way before either
//! tool runs, and both upload the same zip to the same bucket. The CDK CLI needs nothing more:
//! the manifest asks for no bootstrap version (no `requiresBootstrapStackVersion`, the only
//! thing the CLI checks it by) and names no role to assume, and the templates have no
//! `BootstrapVersion` parameter (SSM `/cdk-bootstrap/...`) nor `CheckBootstrapVersion` rule for
//! CloudFormation to check; `cdk bootstrap` (whose bucket is another one,
//! `cdk-hnb659fds-assets-...`) would serve nothing here.
//!
//! Each deploy is timed as a whole process, from start to exit, and checked: every stack must
//! end `CREATE_COMPLETE`. CloudFormation's own event timestamps then split that time: from the
//! start to the first stack's first event (process start, reading the assembly, publishing the
//! asset), from the first event to the last (CloudFormation at work, including the time the
//! tool takes to notice a stack is done and start the next), and from the last event to the
//! exit. "Reaction" is, for every stack started after the first, the time from the completion
//! that let it start (the latest stack completion before its first event) to that event.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cdk_core::{CfnResource, Construct, Traversal};
use serde_json::Value;
use test_harness::{tool, workspace_root, LocalAws, SlowMode};

const STACKS: usize = 10;
const CONCURRENCY: &str = "4";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Seconds since the epoch, as CloudFormation's timestamps are read.
fn epoch(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
}

/// `program` with only the emulator's environment (and PATH, a HOME, CI).
fn command(aws: &LocalAws, program: &Path, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("CI", "true")
        .envs(aws.env())
        .current_dir(home)
        .stdin(std::process::Stdio::null());
    command
}

/// Runs `command` (its output into files in `dir`); when it started (epoch seconds) and its
/// wall time. Fails with its output when it fails or runs longer than `limit`.
fn timed(mut command: Command, label: &str, dir: &Path, limit: Duration) -> (f64, Duration) {
    let name = label.replace(' ', "-");
    let out_path = dir.join(format!("{name}.out"));
    let err_path = dir.join(format!("{name}.err"));
    command
        .stdout(std::fs::File::create(&out_path).expect("an output file"))
        .stderr(std::fs::File::create(&err_path).expect("an output file"));
    let wall_start = epoch(SystemTime::now());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{label} cannot run: {e}"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    if status.is_none_or(|s| !s.success()) {
        panic!(
            "{label} failed ({}):\n{}\n{}",
            status.map_or(format!("still running after {limit:?}"), |s| s.to_string()),
            std::fs::read_to_string(&out_path).unwrap_or_default(),
            std::fs::read_to_string(&err_path).unwrap_or_default()
        );
    }
    (wall_start, took)
}

/// The app's stacks as CloudFormation now describes them: name, status, and the timestamps
/// (epoch seconds) of the stack's first and last events.
struct StackTimes {
    name: String,
    status: String,
    start: f64,
    end: f64,
}

fn stack_times(aws: &LocalAws) -> Vec<StackTimes> {
    let script = "import boto3, json
cf = boto3.client('cloudformation')
out = []
for page in cf.get_paginator('describe_stacks').paginate():
    for s in page['Stacks']:
        if not s['StackName'].startswith('Stack'):
            continue
        times = [e['Timestamp'].timestamp()
                 for p in cf.get_paginator('describe_stack_events').paginate(StackName=s['StackId'])
                 for e in p['StackEvents']]
        out.append([s['StackName'], s['StackStatus'], min(times), max(times)])
print(json.dumps(out))";
    let out = Command::new(tool("python"))
        .args(["-c", script])
        .envs(aws.env())
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .expect("python runs");
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the stacks cannot be read ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    rows.iter()
        .map(|r| StackTimes {
            name: r[0].as_str().unwrap_or_default().to_string(),
            status: r[1].as_str().unwrap_or_default().to_string(),
            start: r[2].as_f64().unwrap_or_default(),
            end: r[3].as_f64().unwrap_or_default(),
        })
        .collect()
}

/// One deploy: its wall time and how CloudFormation's timestamps split it (seconds).
struct Run {
    wall: f64,
    /// Process start to the first stack's first event.
    before: f64,
    /// First event to last.
    busy: f64,
    /// Last event to exit.
    after: f64,
    /// Mean time from the completion that freed a stack to its start.
    reaction: f64,
    /// The median stack operation (first event to last of one stack).
    stack: f64,
}

fn measure(aws: &LocalAws, label: &str, wall_start: f64, took: Duration) -> Run {
    let mut stacks = stack_times(aws);
    stacks.sort_by(|a, b| a.start.total_cmp(&b.start));
    assert_eq!(
        stacks.len(),
        STACKS,
        "{label}: {:?}",
        stacks.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    for s in &stacks {
        assert_eq!(s.status, "CREATE_COMPLETE", "{label}: {}", s.name);
    }
    let first = stacks[0].start;
    let last = stacks.iter().map(|s| s.end).fold(f64::MIN, f64::max);
    let reactions: Vec<f64> = stacks[1..]
        .iter()
        .map(|s| {
            let freed_by = stacks
                .iter()
                .map(|o| o.end)
                .filter(|&end| end <= s.start)
                .fold(first, f64::max);
            s.start - freed_by
        })
        .collect();
    let wall = took.as_secs_f64();
    Run {
        stack: median(stacks.iter().map(|s| s.end - s.start).collect()),
        wall,
        before: first - wall_start,
        busy: last - first,
        after: wall_start + wall - last,
        reaction: reactions.iter().sum::<f64>() / reactions.len() as f64,
    }
}

/// A fresh emulator in slow mode with the assets bucket (`tweetbot-app bootstrap`).
fn bootstrapped(slow: &SlowMode, dir: &Path, limit: Duration) -> LocalAws {
    let aws = LocalAws::start_slow(slow);
    let mut bootstrap = command(&aws, Path::new(env!("CARGO_BIN_EXE_tweetbot-app")), dir);
    bootstrap.args(["bootstrap", "--progress", "events"]);
    timed(bootstrap, "bootstrap", dir, limit);
    aws
}

fn ours(aws: &LocalAws, assembly: &str, dir: &Path, limit: Duration, run: usize) -> Run {
    let label = &format!("tweetbot-app deploy {run}");
    let mut deploy = command(aws, Path::new(env!("CARGO_BIN_EXE_tweetbot-app")), dir);
    deploy.args([
        "deploy",
        "--assembly",
        assembly,
        "--all",
        "--method",
        "direct",
        "--concurrency",
        CONCURRENCY,
        "--yes",
        "--progress",
        "events",
    ]);
    let (start, took) = timed(deploy, label, dir, limit);
    measure(aws, label, start, took)
}

fn cdk(aws: &LocalAws, assembly: &str, dir: &Path, limit: Duration, run: usize) -> Run {
    let label = &format!("cdk deploy {run}");
    let mut deploy = command(aws, &tool("cdk"), dir);
    deploy
        .args([
            "deploy",
            "--app",
            assembly,
            "--all",
            "--method",
            "direct",
            "--concurrency",
            CONCURRENCY,
            "--require-approval",
            "never",
            "--progress",
            "events",
            "--no-notices",
            "--no-version-reporting",
        ])
        .env("CDK_DISABLE_VERSION_CHECK", "1")
        .env("CDK_DISABLE_CLI_TELEMETRY", "true");
    let (start, took) = timed(deploy, label, dir, limit);
    measure(aws, label, start, took)
}

fn cdk_version() -> String {
    Command::new(tool("cdk"))
        .arg("--version")
        .env("CDK_DISABLE_VERSION_CHECK", "1")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()
                .unwrap_or("?")
                .to_string()
        })
        .unwrap_or_else(|_| "?".into())
}

/// The 10-stack app, its assets prepared, written to `assembly`.
fn synthesize(assembly: &Path) {
    let app = tweetbot_app::synthetic::app(STACKS, 1).expect("the synthetic app builds");
    for node in app.node().find_all(Traversal::PreOrder) {
        if let Some(param) =
            CfnResource::from_node(&node).filter(|r| r.resource_type() == "AWS::SSM::Parameter")
        {
            param.set_property("Name", format!("/slow-deploy/{}", node.path()));
        }
    }
    let prepared = cdk_toolkit::assets::prepare(
        &app.assets(),
        &cdk_toolkit::assets::PrepareOptions::in_dir(workspace_root()),
    )
    .expect("the assets are prepared");
    cdk_core::assets::provide(prepared);
    app.synth()
        .expect("the synthetic app synthesizes")
        .write_to(assembly)
        .expect("the assembly is written");
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn summary(label: &str, runs: &[Run]) {
    let col = |f: fn(&Run) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
    let walls = col(|r| r.wall);
    let min = walls.iter().copied().fold(f64::MAX, f64::min);
    let max = walls.iter().copied().fold(f64::MIN, f64::max);
    println!(
        "{label:<14} median {:>5.1} s (min {min:.1}, max {max:.1}, {} runs): before the first event {:.1} s, CloudFormation busy {:.1} s, after the last {:.1} s, reaction {:.2} s, one stack {:.1} s",
        median(walls),
        runs.len(),
        median(col(|r| r.before)),
        median(col(|r| r.busy)),
        median(col(|r| r.after)),
        median(col(|r| r.reaction)),
        median(col(|r| r.stack)),
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let seconds: f64 = env_or("SLOW_DEPLOY_SECONDS", 1.0);
    let runs: usize = env_or("SLOW_DEPLOY_RUNS", 3);
    // Far more than either needs: 10 stacks, each at most 10 resources deep.
    let limit = Duration::from_secs_f64(300.0 + 200.0 * seconds);
    let dir = tempfile::tempdir().unwrap();
    let assembly = dir.path().join("cdk.out");
    synthesize(&assembly);
    let assembly = assembly.display().to_string();
    println!(
        "{STACKS} stacks of {} resources, slow mode {seconds} s per resource, direct, concurrency {CONCURRENCY}; aws-cdk {}",
        tweetbot_app::synthetic::RESOURCES_PER_UNIT,
        cdk_version()
    );
    let slow = SlowMode::resource_seconds(seconds);
    let (mut our_runs, mut cdk_runs) = (Vec::new(), Vec::new());
    let line = |label: &str, i: usize, r: &Run| {
        println!(
            "  {label:<12} run {i}: {:>5.1} s (before {:.1}, busy {:.1}, after {:.1}, reaction {:.2}, one stack {:.1})",
            r.wall, r.before, r.busy, r.after, r.reaction, r.stack
        )
    };
    // Alternated, so that whatever else the machine does falls on both alike.
    for i in 1..=runs {
        let aws = bootstrapped(&slow, dir.path(), limit);
        let run = ours(&aws, &assembly, dir.path(), limit, i);
        line("tweetbot-app", i, &run);
        our_runs.push(run);
        drop(aws);

        let aws = bootstrapped(&slow, dir.path(), limit);
        let run = cdk(&aws, &assembly, dir.path(), limit, i);
        line("cdk", i, &run);
        cdk_runs.push(run);
        drop(aws);
    }
    summary("tweetbot-app", &our_runs);
    summary("cdk", &cdk_runs);
    if std::env::var_os("SLOW_DEPLOY_KEEP").is_some() {
        println!("outputs kept in {}", dir.keep().display());
    }
}
