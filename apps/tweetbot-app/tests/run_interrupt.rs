//! Ctrl-C during `run` or `watch`, with real processes and SIGINT against the local emulator:
//! the execution goes on in Step Functions, and the command says so, with its ARN and the
//! `watch` command that follows it (never CloudFormation's "run the command again", which for
//! `run` would start a second execution); `--stop-on-interrupt` stops it instead. And execution
//! input over Step Functions' 256 KiB is refused before any request, with its size.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{cli, cli_with_env, ok, sdk_config, text};
use serde_json::json;
use test_harness::LocalAws;

const ARN_PREFIX: &str = "arn:aws:states:us-east-1:123456789012:execution:TweetBot:";

/// Starts the app with `args`, its standard error read line by line.
fn spawn(aws: &LocalAws, dir: &std::path::Path, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), dir)
        .args(args)
        .envs(aws.env())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits for a line containing `wanted`, then sends SIGINT; returns the exit code and
/// everything the command printed on standard error.
fn interrupt_after(
    mut child: Child,
    lines: mpsc::Receiver<String>,
    wanted: &str,
) -> (Option<i32>, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no line with {wanted:?}: {seen:#?}"));
        let found = line.contains(wanted);
        seen.push(line);
        if found {
            break;
        }
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    seen.extend(lines.iter());
    (status.code(), seen.join("\n"))
}

fn assert_no_cloudformation_advice(said: &str) {
    assert!(!said.contains("CloudFormation"), "{said}");
    assert!(!said.contains("run the command again"), "{said}");
}

#[tokio::test]
async fn ctrl_c_during_run_or_watch_leaves_the_execution_running_and_says_how_to_follow_or_stop_it()
{
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    // A 30 s Wait keeps each execution running while it is interrupted.
    ok(&cli(
        &aws,
        dir.path(),
        &[
            "--twitter-api-url",
            &aws.x_api_url(),
            "--wait",
            "30s",
            "deploy",
            "--yes",
        ],
    ));
    let sfn = aws_sdk_sfn::Client::new(&sdk_config(&aws).await);
    let status = |name: &'static str| {
        let sfn = sfn.clone();
        async move {
            let out = sfn
                .describe_execution()
                .execution_arn(format!("{ARN_PREFIX}{name}"))
                .send()
                .await
                .unwrap();
            out.status().as_str().to_string()
        }
    };
    let run = |name: &'static str, stop: bool| {
        let mut args = vec![
            "--wait",
            "30s",
            "run",
            "--search-text",
            "AWS Step Functions",
            "--phone-number",
            "+15554446666",
            "--name",
            name,
            "--progress",
            "events",
        ];
        if stop {
            args.push("--stop-on-interrupt");
        }
        spawn(&aws, dir.path(), &args)
    };

    // `run`, interrupted while the execution waits: it goes on.
    let (child, lines) = run("goes-on", false);
    let (code, said) = interrupt_after(child, lines, "→ Wait 30 Seconds");
    let arn = format!("{ARN_PREFIX}goes-on");
    assert_eq!(code, Some(130), "{said}");
    assert!(
        said.contains(&format!(
            "interrupted: execution {arn} goes on in Step Functions"
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!("Follow it with `tweetbot-app watch {arn}`")),
        "{said}"
    );
    assert!(said.contains("`run --stop-on-interrupt`"), "{said}");
    assert_no_cloudformation_advice(&said);
    assert_eq!(status("goes-on").await, "RUNNING");

    // `watch` of it, interrupted: it still goes on.
    let (child, lines) = spawn(
        &aws,
        dir.path(),
        &["--wait", "30s", "watch", &arn, "--progress", "events"],
    );
    let (code, said) = interrupt_after(child, lines, "Following execution goes-on");
    assert_eq!(code, Some(130), "{said}");
    assert!(
        said.contains(&format!(
            "interrupted: execution {arn} goes on in Step Functions"
        )) && said.contains(&format!("`tweetbot-app watch {arn}`")),
        "{said}"
    );
    assert!(said.contains("watch --stop-on-interrupt"), "{said}");
    assert_no_cloudformation_advice(&said);
    assert_eq!(status("goes-on").await, "RUNNING");

    // `run --stop-on-interrupt`: the execution is stopped.
    let (child, lines) = run("stopped", true);
    let (code, said) = interrupt_after(child, lines, "→ Wait 30 Seconds");
    assert_eq!(code, Some(130), "{said}");
    assert!(
        said.contains(&format!(
            "interrupted: stopped execution {ARN_PREFIX}stopped (StopExecution; it ends ABORTED)"
        )),
        "{said}"
    );
    assert_no_cloudformation_advice(&said);
    assert_eq!(status("stopped").await, "ABORTED");
    // Only the two executions asked for were started; the first still runs.
    let listed = sfn
        .list_executions()
        .state_machine_arn("arn:aws:states:us-east-1:123456789012:stateMachine:TweetBot")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.executions().len(), 2, "{listed:?}");
    assert_eq!(status("goes-on").await, "RUNNING");
}

/// `1234567` → `1,234,567`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn run_refuses_input_over_256_kib_before_any_request_saying_its_size() {
    // An endpoint that only counts connections: nothing may reach it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let env = vec![
        (
            "AWS_ENDPOINT_URL",
            format!("http://{}", listener.local_addr().unwrap()),
        ),
        ("AWS_ACCESS_KEY_ID", "a".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "b".to_string()),
        ("AWS_REGION", "us-east-1".to_string()),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (file, padding) in [("300kb.json", 300 * 1000), ("10mb.json", 10 * 1000 * 1000)] {
        // Valid TweetBot input otherwise, so that only its size is wrong.
        let input = json!({
            "searchText": "AWS Step Functions",
            "phoneNumber": "+15554446666",
            "padding": "x".repeat(padding),
        });
        let written = serde_json::to_string_pretty(&input).unwrap();
        std::fs::write(dir.path().join(file), &written).unwrap();
        let compact = input.to_string().len();
        let out = cli_with_env(dir.path(), &["run", "--input-file", file], &env);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        let expected = format!(
            "error: the execution input from --input-file {file} is {} bytes",
            grouped(compact)
        );
        assert!(stderr.contains(&expected), "{file}: {expected}\n{stderr}");
        assert!(
            stderr.contains(&format!("; {} bytes", grouped(written.len())))
                && stderr.contains(
                    "Step Functions accepts at most 262,144 bytes (256 KiB) of input, so nothing was sent"
                ),
            "{file}: {stderr}"
        );
    }
    assert!(
        listener.accept().is_err(),
        "no request reached the endpoint"
    );
}
