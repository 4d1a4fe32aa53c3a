//! Deploy efficiency against the local emulator: API calls and wall time of a first deploy, an
//! unchanged redeploy and a destroy of the TweetBot (through its CLI), and of a 50-stack app
//! with concurrency 1 and 8 (through the toolkit's engine). A fresh emulator for each case.
//! `cargo bench -p tweetbot-app --bench deploy`.

use std::time::Instant;

use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::deploy::DeployOptions;
use cdk_toolkit::engine::{Approval, Toolkit};
use test_harness::{ok, run_app, LocalAws};

fn calls_line(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| l.contains("CloudFormation API calls"))
        .unwrap_or("(no call count)")
        .to_string()
}

fn tweetbot() {
    let aws = LocalAws::start();
    test_harness::bootstrap(env!("CARGO_BIN_EXE_tweetbot-app"), &aws);
    let dir = tempfile::tempdir().unwrap();
    for (label, args) in [
        (
            "first deploy",
            &["deploy", "--yes", "--progress", "events"][..],
        ),
        (
            "unchanged redeploy",
            &["deploy", "--progress", "events"][..],
        ),
        (
            "destroy",
            &["destroy", "--force", "--progress", "events"][..],
        ),
    ] {
        let started = Instant::now();
        let out = run_app(
            env!("CARGO_BIN_EXE_tweetbot-app"),
            dir.path(),
            args,
            &aws.env(),
        );
        let took = started.elapsed();
        let (_, stderr) = ok(&out);
        println!(
            "tweetbot/{label:<20} process {:>7.1} ms   {}",
            took.as_secs_f64() * 1000.0,
            calls_line(&stderr)
        );
    }
}

async fn many_stacks(stacks: usize, concurrency: usize) {
    let aws = LocalAws::start();
    test_harness::bootstrap(env!("CARGO_BIN_EXE_tweetbot-app"), &aws);
    let config = aws.sdk_config().await;
    let toolkit = Toolkit::new(&config);
    // Each stack has a Rust function: its code is built (or found in the cache) as the CLI
    // does before synthesis, outside the timing.
    let app = tweetbot_app::synthetic::app(stacks, 1).unwrap();
    let prepared = cdk_toolkit::assets::prepare(
        &app.assets(),
        &cdk_toolkit::assets::PrepareOptions::in_dir(test_harness::workspace_root()),
    )
    .expect("the assets are prepared");
    cdk_core::assets::provide(prepared);
    let assembly = Assembly::from(&app.synth().unwrap());
    let started = Instant::now();
    let options = DeployOptions::default()
        .concurrency(concurrency)
        .approval(Approval::Approve);
    let report = toolkit.deploy(&assembly, &options).await.unwrap();
    let took = started.elapsed();
    let failed = report.failures().count();
    println!(
        "synthetic/{stacks} stacks, concurrency {concurrency}: {:>8.1} ms, {} calls ({} writes), {failed} failed",
        took.as_secs_f64() * 1000.0,
        report.summary.api_calls,
        report.summary.writes
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    tweetbot();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for concurrency in [1, 8] {
        runtime.block_on(many_stacks(50, concurrency));
    }
}
