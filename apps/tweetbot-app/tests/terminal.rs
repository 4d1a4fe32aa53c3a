//! On a terminal: a live progress bar per stack with a `[2/2]` counter while deploying, and a
//! live view of the running states while following an execution. The terminal is a real
//! pseudo-terminal, made by util-linux's `script`.

use std::process::Command;

mod common;

use test_harness::LocalAws;

/// Runs the app on a pseudo-terminal; returns everything it drew.
fn on_terminal(aws: &LocalAws, dir: &std::path::Path, args: &str) -> String {
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_tweetbot-app"));
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_clear();
    cmd.envs(test_harness::toolchain_env())
        .env("HOME", dir)
        .env("TERM", "xterm");
    for (k, v) in aws.env() {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    text
}

#[test]
fn deploy_draws_a_bar_per_stack_and_run_a_live_view_of_the_states() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let stand_in = format!("--twitter-api-url {}", aws.x_api_url());
    let drawn = on_terminal(
        &aws,
        dir.path(),
        &format!("{stand_in} --wait 1s deploy --yes"),
    );
    assert!(
        drawn.contains("[1/2] TweetDataStore") && drawn.contains("[2/2] TweetBot"),
        "{drawn}"
    );
    assert!(
        drawn.contains('░') || drawn.contains('█'),
        "a bar is drawn: {drawn}"
    );
    assert!(
        drawn.contains("\u{1b}["),
        "the bar is redrawn in place with terminal escapes"
    );

    let drawn = on_terminal(
        &aws,
        dir.path(),
        "--wait 1s run --input '{\"searchText\":\"nothing matches this\",\"phoneNumber\":\"+15554446666\"}'",
    );
    assert!(
        drawn.contains("running: Wait 1 Second"),
        "the live view names the running state: {drawn}"
    );
    assert!(drawn.contains("SUCCEEDED"), "{drawn}");
}
