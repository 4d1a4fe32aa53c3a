//! The deploy paths that only a slow AWS exercises, on the local AWS's slow mode
//! (`test_harness::SlowMode`, `docs/local-aws.md`): each resource stays `*_IN_PROGRESS` for a
//! while, with per-resource events as AWS gives them; a resource type can be made to fail, and an
//! API to be throttled. Several stacks deploying at once are shown together; `--concurrency`
//! really overlaps stacks (by CloudFormation's own event timestamps); Ctrl-C mid-deploy leaves
//! the operation running and a second deploy waits for it and converges; a create that fails
//! rolls back, and the error names the first resource that failed; a throttled API is retried,
//! and reported when it does not stop.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cdk_core::{App, CfnResource, Stack};
use common::{cli, ok, stack_status, text};
use serde_json::Value;
use test_harness::{LocalAws, SlowMode};

/// Writes the cloud assembly of `app` into `dir/name`; returns its path as an argument.
fn write_assembly(app: &App, dir: &Path, name: &str) -> String {
    let out = dir.join(name);
    app.synth()
        .expect("the test app synthesizes")
        .write_to(&out)
        .expect("the assembly is written");
    out.display().to_string()
}

/// `count` independent stacks `{prefix}0`, `{prefix}1`, ...: each a topic and an SSM parameter
/// holding its ARN (two resources, one after the other).
fn independent_stacks(prefix: &str, count: usize) -> App {
    let app = App::new();
    for n in 0..count {
        let stack = Stack::new(&app, &format!("{prefix}{n}")).unwrap();
        let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
        let param = CfnResource::new(&stack, "Param", "AWS::SSM::Parameter").unwrap();
        param.set_property("Name", format!("/slow/{prefix}{n}"));
        param.set_property("Type", "String");
        param.set_property("Value", topic.reference());
    }
    app
}

/// The JSON events of a `--json` run, in order.
fn json_events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Seconds since the epoch of an RFC 3339 UTC time (`2026-11-29T13:30:11.123Z`).
fn epoch_seconds(stamp: &str) -> f64 {
    let field = |range: std::ops::Range<usize>| -> i64 {
        stamp
            .get(range)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an RFC 3339 time: {stamp}"))
    };
    let (y, m, d) = (field(0..4), field(5..7), field(8..10));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let seconds = stamp
        .get(17..)
        .map(|s| s.trim_end_matches('Z'))
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("not an RFC 3339 time: {stamp}"));
    (days * 86_400 + field(11..13) * 3600 + field(14..16) * 60) as f64 + seconds
}

/// Each stack's operation as CloudFormation timed it: the first and last of its events'
/// timestamps.
fn operation_spans(events: &[Value]) -> BTreeMap<String, (f64, f64)> {
    let mut spans: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for e in events.iter().filter(|e| e["event"] == "resource_event") {
        let stack = e["stack"].as_str().unwrap().to_string();
        let at = epoch_seconds(e["timestamp"].as_str().expect("events carry a timestamp"));
        let span = spans.entry(stack).or_insert((at, at));
        span.0 = span.0.min(at);
        span.1 = span.1.max(at);
    }
    spans
}

#[test]
fn concurrency_overlaps_independent_stacks_as_cloudformations_timestamps_show() {
    let aws = LocalAws::start_slow(&SlowMode::resource_seconds(0.5));
    let dir = tempfile::tempdir().unwrap();
    let one_at_a_time = write_assembly(&independent_stacks("Seq", 3), dir.path(), "seq");
    let together = write_assembly(&independent_stacks("Par", 3), dir.path(), "par");

    let deploy = |assembly: &str, concurrency: &str| {
        let started = Instant::now();
        let (stdout, _) = ok(&cli(
            &aws,
            dir.path(),
            &[
                "deploy",
                "--assembly",
                assembly,
                "--concurrency",
                concurrency,
                "--yes",
                "--json",
            ],
        ));
        (operation_spans(&json_events(&stdout)), started.elapsed())
    };
    let (sequential, sequential_took) = deploy(&one_at_a_time, "1");
    let (parallel, parallel_took) = deploy(&together, "3");
    assert_eq!(sequential.len(), 3, "{sequential:?}");
    assert_eq!(parallel.len(), 3, "{parallel:?}");

    // Each resource takes 0.5 s and each stack two in a row: about a second per stack, with
    // events from its start to its end.
    for (stack, (start, end)) in sequential.iter().chain(&parallel) {
        assert!(end - start >= 0.9, "{stack}: {start} to {end}");
    }
    // One at a time: each stack starts after the one before has ended.
    let mut spans: Vec<(f64, f64)> = sequential.values().copied().collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in spans.windows(2) {
        assert!(
            pair[1].0 >= pair[0].1,
            "overlap at concurrency 1: {sequential:?}"
        );
    }
    // Three at once: all three operations run at the same time, for most of their length.
    let latest_start = parallel.values().map(|s| s.0).fold(f64::MIN, f64::max);
    let earliest_end = parallel.values().map(|s| s.1).fold(f64::MAX, f64::min);
    assert!(
        earliest_end - latest_start >= 0.5,
        "the three stacks do not overlap at concurrency 3: {parallel:?}"
    );
    assert!(
        parallel_took < sequential_took,
        "concurrency 3 took {parallel_took:?}, concurrency 1 {sequential_took:?}"
    );
}

/// The stacks named in `[i/n] Stack |` lines, in the order of their resource events.
fn resource_lines(stderr: &str) -> Vec<(usize, String)> {
    stderr
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(" | AWS::") && !l.contains("AWS::CloudFormation::Stack"))
        .filter_map(|(n, l)| {
            let label = l.split(" | ").next()?;
            let stack = label.split("] ").nth(1)?;
            Some((n, stack.to_string()))
        })
        .collect()
}

#[test]
fn several_stacks_deploying_at_once_are_shown_together_as_lines_and_as_bars() {
    let aws = LocalAws::start_slow(&SlowMode::resource_seconds(0.5));
    let dir = tempfile::tempdir().unwrap();
    let lines = write_assembly(&independent_stacks("Lines", 3), dir.path(), "lines");
    let bars = write_assembly(&independent_stacks("Bars", 3), dir.path(), "bars");

    // Lines: each stack's resource events come while the others' are still coming.
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "deploy",
            "--assembly",
            &lines,
            "--concurrency",
            "3",
            "--yes",
            "--progress",
            "events",
        ],
    ));
    let events = resource_lines(&stderr);
    let span = |stack: &str| {
        let at: Vec<usize> = events
            .iter()
            .filter(|(_, s)| s == stack)
            .map(|(n, _)| *n)
            .collect();
        assert!(at.len() >= 4, "{stack} has per-resource events: {stderr}");
        (at[0], at[at.len() - 1])
    };
    for a in ["Lines0", "Lines1", "Lines2"] {
        for b in ["Lines0", "Lines1", "Lines2"] {
            assert!(
                span(b).0 < span(a).1,
                "{b} starts showing events only after {a} is done: {stderr}"
            );
        }
    }

    // Bars, on a pseudo-terminal: one redraw shows the three bars at once, none finished.
    let command = format!(
        "'{}' deploy --assembly '{bars}' --concurrency 3 --yes",
        env!("CARGO_BIN_EXE_tweetbot-app")
    );
    let mut script = Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_clear()
        .envs(test_harness::toolchain_env())
        .env("HOME", dir.path())
        .env("TERM", "xterm");
    for (k, v) in aws.env() {
        script.env(k, v);
    }
    let out = script.output().expect("script runs");
    let drawn = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{drawn}");
    assert!(
        bars_all_in_progress(&drawn, &["Bars0", "Bars1", "Bars2"]),
        "the bars never show the three stacks' resources in progress at once: {drawn:?}"
    );
}

/// True when, at some point of the drawing, every stack's bar shows a resource being
/// created: each bar's message is the latest event's status, so at concurrency 1 a stack not
/// started yet, or done, shows something else. Bars are drawn as `[i/n] Stack ░░░ 0/2 MESSAGE`
/// (on a pseudo-terminal, padded to its width rather than on lines of their own).
fn bars_all_in_progress(drawn: &str, stacks: &[&str]) -> bool {
    let mut latest: BTreeMap<&str, String> = BTreeMap::new();
    let mut at = 0;
    loop {
        let next = stacks
            .iter()
            .filter_map(|s| drawn[at..].find(&format!("] {s} ")).map(|p| (at + p, *s)))
            .min();
        let Some((found, stack)) = next else {
            return false;
        };
        at = found + stack.len() + 3;
        let rest = &drawn[at..];
        let body = &rest[..rest.find(['[', '\u{1b}', '\r']).unwrap_or(rest.len())];
        // A bar (`░░░ 1/2 MESSAGE`), not a line printed above the bars (`| MESSAGE`).
        if let Some(slash) = body.find("/2 ") {
            latest.insert(stack, body[slash + 3..].trim().to_string());
            if latest.len() == stacks.len()
                && latest.values().all(|m| m.starts_with("CREATE_IN_PROGRESS"))
            {
                return true;
            }
        }
    }
}

/// Reads a child's standard error line by line on a thread.
fn stderr_lines(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().expect("standard error is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[tokio::test]
async fn ctrl_c_mid_deploy_leaves_the_operation_running_and_a_second_deploy_waits_and_converges() {
    let aws = LocalAws::start_slow(&SlowMode::resource_seconds(0.5));
    common::ready(&aws);
    let dir = tempfile::tempdir().unwrap();
    let cfn = aws_sdk_cloudformation::Client::new(&aws.sdk_config().await);
    let mut child = test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), dir.path())
        .args(["deploy", "--yes", "--progress", "events"])
        .envs(aws.env())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stderr_lines(&mut child);
    // Interrupted once TweetBot's resources are being created.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no resource of TweetBot started: {seen:#?}"));
        let started = line.contains("] TweetBot | CREATE_IN_PROGRESS | AWS::IAM::Role");
        seen.push(line);
        if started {
            break;
        }
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    seen.extend(lines.iter());
    let first = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{first}");
    assert!(
        first.contains("interrupted: CloudFormation carries on"),
        "{first}"
    );
    // CloudFormation carries on without the command.
    assert_eq!(
        stack_status(&cfn, "TweetBot").await.as_deref(),
        Some("CREATE_IN_PROGRESS"),
        "{first}"
    );

    let (_, second) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    assert!(
        second.contains(
            "[2/2] TweetBot | another operation is running on the stack (CREATE_IN_PROGRESS); waiting for it to finish"
        ),
        "{second}"
    );
    assert!(
        second.contains("TweetBot | CREATE_COMPLETE | AWS::CloudFormation::Stack | TweetBot"),
        "the second deploy shows the first one's operation ending: {second}"
    );
    for stack in ["TweetDataStore", "TweetBot"] {
        assert_eq!(
            stack_status(&cfn, stack).await.as_deref(),
            Some("CREATE_COMPLETE"),
            "{second}"
        );
    }
    // Converged: the deployed stacks are the app.
    let out = cli(&aws, dir.path(), &["diff", "--fail"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
}

#[tokio::test]
async fn a_create_that_fails_rolls_back_and_the_error_names_the_first_resource_that_failed() {
    let aws =
        LocalAws::start_slow(&SlowMode::resource_seconds(0.3).fail_type("AWS::SSM::Parameter"));
    let dir = tempfile::tempdir().unwrap();
    let cfn = aws_sdk_cloudformation::Client::new(&aws.sdk_config().await);
    // Topic, then Param (fails) and Queue together, then Log after Param; After depends on
    // the stack.
    let app = App::new();
    let stack = Stack::new(&app, "Fails").unwrap();
    let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
    let param = CfnResource::new(&stack, "Param", "AWS::SSM::Parameter").unwrap();
    param.set_property("Name", "/slow/fails");
    param.set_property("Type", "String");
    param.set_property("Value", topic.reference());
    let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue").unwrap();
    queue.add_dependency(&topic);
    let log = CfnResource::new(&stack, "Log", "AWS::Logs::LogGroup").unwrap();
    log.add_dependency(&param);
    let after = Stack::new(&app, "After").unwrap();
    CfnResource::new(&after, "Topic", "AWS::SNS::Topic").unwrap();
    after.add_dependency(&stack);
    let assembly = write_assembly(&app, dir.path(), "fails");

    let deploy = || {
        cli(
            &aws,
            dir.path(),
            &["deploy", "--assembly", &assembly, "--yes", "--json"],
        )
    };
    let out = deploy();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let reason = "Resource handler returned message: \"AWS::SSM::Parameter fails in the local AWS's slow mode (LOCAL_AWS_FAIL_TYPES)\" (HandlerErrorCode: GeneralServiceException)";
    assert!(
        stderr.contains(&format!(
            "error: Fails: stack Fails failed: ROLLBACK_COMPLETE: AWS::SSM::Parameter Param CREATE_FAILED: {reason}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: After: not deployed: it depends on Fails, which failed"),
        "{stderr}"
    );
    let events = json_events(&stdout);
    let failed = events
        .iter()
        .find(|e| e["event"] == "stack_failed" && e["stack"] == "Fails")
        .expect("a stack_failed event");
    assert_eq!(
        failed["failure"]["resource"]["logical_id"], "Param",
        "{failed}"
    );
    assert_eq!(failed["failure"]["status"], "ROLLBACK_COMPLETE", "{failed}");

    // The events as AWS gives them: Param fails, Queue (started with it) is cancelled, Log
    // (after Param) never starts; the stack rolls back, deleting what it made.
    let seen: Vec<String> = events
        .iter()
        .filter(|e| e["event"] == "resource_event" && e["stack"] == "Fails")
        .map(|e| {
            format!(
                "{} {}",
                e["logical_id"].as_str().unwrap(),
                e["status"].as_str().unwrap()
            )
        })
        .collect();
    let at = |what: &str| {
        seen.iter()
            .position(|s| s == what)
            .unwrap_or_else(|| panic!("no {what}: {seen:#?}"))
    };
    assert!(
        at("Topic CREATE_COMPLETE") < at("Param CREATE_IN_PROGRESS"),
        "{seen:#?}"
    );
    assert!(
        at("Param CREATE_FAILED") < at("Queue CREATE_FAILED"),
        "{seen:#?}"
    );
    assert!(
        at("Queue CREATE_FAILED") < at("Fails ROLLBACK_IN_PROGRESS"),
        "{seen:#?}"
    );
    assert!(
        at("Fails ROLLBACK_IN_PROGRESS") < at("Topic DELETE_COMPLETE"),
        "{seen:#?}"
    );
    assert!(
        at("Param DELETE_COMPLETE") < at("Topic DELETE_COMPLETE"),
        "{seen:#?}"
    );
    assert_eq!(
        seen.last().map(String::as_str),
        Some("Fails ROLLBACK_COMPLETE")
    );
    assert!(!seen.iter().any(|s| s.starts_with("Log ")), "{seen:#?}");
    let cancelled = events
        .iter()
        .find(|e| e["logical_id"] == "Queue" && e["status"] == "CREATE_FAILED")
        .unwrap();
    assert_eq!(cancelled["reason"], "Resource creation cancelled");
    assert_eq!(
        stack_status(&cfn, "Fails").await.as_deref(),
        Some("ROLLBACK_COMPLETE")
    );
    assert_eq!(stack_status(&cfn, "After").await, None);
    let resources = cfn
        .describe_stack_resources()
        .stack_name("Fails")
        .send()
        .await
        .unwrap();
    assert!(resources.stack_resources().is_empty(), "{resources:?}");

    // Deployed again: the rolled-back stack is deleted and created again, and fails the same way.
    let out = deploy();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("\"event\":\"recreating_stack\""),
        "{stdout}"
    );
    assert!(
        stderr
            .contains("AWS::SSM::Parameter Param CREATE_FAILED: Resource handler returned message"),
        "{stderr}"
    );
}

#[test]
fn a_throttled_api_is_retried_and_reported_when_it_does_not_stop() {
    let aws = LocalAws::start_slow(
        &SlowMode::default()
            .throttle("cloudformation:DescribeStackEvents", 0.5)
            .throttle("CreateChangeSet", 1.0),
    );
    let dir = tempfile::tempdir().unwrap();
    let assembly = write_assembly(&independent_stacks("Throttled", 1), dir.path(), "throttled");

    // Every second DescribeStackEvents is throttled: retried, and the deploy succeeds.
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "-v",
            "deploy",
            "--assembly",
            &assembly,
            "--method",
            "direct",
            "--progress",
            "events",
        ],
    ));
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("operation=DescribeStackEvents") && l.contains("attempts=2")),
        "{stderr}"
    );
    assert!(
        stderr.contains("[1/1] Throttled0 | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );

    // Every CreateChangeSet is throttled: the SDK's attempts run out and the error says so.
    let assembly = write_assembly(&independent_stacks("Refused", 1), dir.path(), "refused");
    let out = cli(
        &aws,
        dir.path(),
        &[
            "-v",
            "deploy",
            "--assembly",
            &assembly,
            "--progress",
            "events",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("Throttling") && stderr.contains("Rate exceeded"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("operation=CreateChangeSet") && l.contains("attempts=5")),
        "{stderr}"
    );
}
