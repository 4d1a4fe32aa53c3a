//! `simulate` on the TweetBot, run as a real process with no AWS configuration at all (no
//! region, no credentials, no endpoint: any AWS call would fail): the state machine is
//! synthesized in memory and run offline with the mock file of `tests/simulator/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

fn mock_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/simulator/tweetbot.mock.json")
}

const INPUT: &str = r#"{"searchText": "AWS Step Functions", "phoneNumber": "+15554446666"}"#;

/// Runs the app in `cwd` with an empty environment but PATH and HOME.
fn run(cwd: &Path, args: &[&str]) -> Output {
    test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), cwd)
        .args(args)
        .output()
        .expect("the app runs")
}

/// `simulate --mock-config <the TweetBot's mock file>` and `args`.
fn simulate(args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mocks = mock_file().display().to_string();
    let mut all = vec!["simulate", "--mock-config", &mocks];
    all.extend(args);
    let out = run(dir.path(), &all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_tweet_found_runs_both_branches_offline_and_prints_the_output() {
    let (code, stdout, stderr) = simulate(&["--test-case", "TweetFound", "--input", INPUT]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.starts_with("Simulating state machine TweetBot (TweetBot/StateMachine"),
        "{stderr}"
    );
    assert!(
        stderr.contains("with test case TweetBot#TweetFound"),
        "{stderr}"
    );
    // The path, in order, with the 10-second Wait on the virtual clock and both branches.
    let path: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(" → ") || l.contains(" ✓ "))
        .map(str::trim)
        .collect();
    assert_eq!(
        path,
        [
            "0.00 s  → Find Tweet [Task]",
            "0.00 s  ✓ Find Tweet",
            "0.00 s  → Wait 10 Seconds [Wait]",
            "10.00 s  ✓ Wait 10 Seconds  10.00 s",
            "10.00 s  → Tweet Found? [Choice]",
            "10.00 s  ✓ Tweet Found?",
            "10.00 s  → Check Stored [Task]",
            "10.00 s  ✓ Check Stored",
            "10.00 s  → New Tweet? [Choice]",
            "10.00 s  ✓ New Tweet?",
            "10.00 s  → Parallel [Parallel]",
            "10.00 s  → Generate Message [Task]  (Parallel › branch 1)",
            "10.00 s  ✓ Generate Message  (Parallel › branch 1)",
            "10.00 s  → Send SMS [Task]  (Parallel › branch 1)",
            "10.00 s  ✓ Send SMS  (Parallel › branch 1)",
            "10.00 s  → Store Tweet [Task]  (Parallel › branch 2)",
            "10.00 s  ✓ Store Tweet  (Parallel › branch 2)",
            "10.00 s  ✓ Parallel",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("Simulation SUCCEEDED after 10.00 s of virtual time"),
        "{stderr}"
    );
    // Standard output is the execution's output, and nothing else.
    let output: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(output["phoneNumber"], "+15554446666");
    assert_eq!(output["tweet"]["username"], "ada");
}

#[test]
fn the_typed_flags_and_machine_qualified_test_case_work_too() {
    let (code, stdout, stderr) = simulate(&[
        "--test-case",
        "TweetBot#NoTweet",
        "--search-text",
        "AWS Step Functions",
        "--phone-number",
        "+15554446666",
        "--stack",
        "TweetBot",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("→ No New Tweet [Pass]"), "{stderr}");
    assert!(!stderr.contains("Parallel"), "{stderr}");
    let output: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(output["result"], json!({"status": "no new tweet"}));
    // Input from a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    std::fs::write(&file, INPUT).unwrap();
    let file = file.display().to_string();
    let (code, _, stderr) = simulate(&["--test-case", "NoTweet", "--input-file", &file]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn rate_limiting_retried_three_times_then_failed_exits_1_and_shows_the_retries() {
    let (code, stdout, stderr) = simulate(&["--test-case", "RateLimited", "--input", INPUT]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "", "no output: the execution failed");
    let failures = stderr
        .matches("✗ Find Tweet: TwitterRetryableError: X API answered HTTP 429")
        .count();
    assert_eq!(failures, 4, "the first call and three retries: {stderr}");
    for attempt in 1..=3 {
        assert!(
            stderr.contains(&format!("↻ Find Tweet: retry {attempt} after ")),
            "retry {attempt}: {stderr}"
        );
    }
    assert!(!stderr.contains("retry 4"), "{stderr}");
    assert!(!stderr.contains("Wait 10 Seconds"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("Simulation FAILED after ")
            && last.ends_with(": TwitterRetryableError: X API answered HTTP 429"),
        "{stderr}"
    );
}

#[test]
fn the_catch_of_an_item_already_stored_is_shown() {
    let (code, _, stderr) = simulate(&["--test-case", "StoredMeanwhile", "--input", INPUT]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("✗ Store Tweet: DynamoDB.ConditionalCheckFailedException: The conditional request failed  (Parallel › branch 2)"), "{stderr}");
    assert!(stderr.contains("⤷ Store Tweet: DynamoDB.ConditionalCheckFailedException caught, next: Store Tweet: Already Stored  (Parallel › branch 2)"), "{stderr}");
    assert!(
        stderr.contains("→ Store Tweet: Already Stored [Pass]  (Parallel › branch 2)"),
        "{stderr}"
    );
}

#[test]
fn json_prints_one_event_per_line_then_a_summary() {
    let (code, stdout, stderr) =
        simulate(&["--test-case", "RateLimited", "--input", INPUT, "--json"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        stderr, "",
        "nothing but JSON, and nothing on standard error"
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let retries: Vec<&Value> = lines
        .iter()
        .filter(|l| l["event"] == "retry_scheduled")
        .collect();
    assert_eq!(retries.len(), 3);
    assert_eq!(retries[2]["attempt"], 3);
    assert_eq!(retries[0]["error"], "TwitterRetryableError");
    assert_eq!(lines[0]["event"], "execution_started");
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["status"], "FAILED");
    assert_eq!(summary["test_case"], "TweetBot#RateLimited");
    assert_eq!(summary["error"], "TwitterRetryableError");
    assert_eq!(
        summary["duration_ms"],
        retries
            .iter()
            .map(|r| r["delay_ms"].as_u64().unwrap())
            .sum::<u64>()
    );
}

/// Each bad input: its exit code and message, never a panic.
#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let not_json = write("not-json.json", "{\"StateMachines\": {,}}");
    let wrong_shape = write("wrong-shape.json", r#"{"StateMachines": []}"#);
    let unknown_response = write(
        "unknown-response.json",
        r#"{"StateMachines": {"TweetBot": {"TestCases": {"T": {"Find Tweet": "Nope"}}}}}"#,
    );
    let missing = dir.path().join("missing.json").display().to_string();
    let (mocks, input) = (mock_file().display().to_string(), INPUT.to_string());
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["--mock-config", &missing, "--test-case", "T"],
            1,
            format!("error: cannot read --mock-config {missing}: No such file or directory"),
        ),
        (
            vec!["--mock-config", &not_json, "--test-case", "T"],
            1,
            format!("error: malformed JSON in --mock-config {not_json} at line 1, column 20"),
        ),
        (
            vec!["--mock-config", &wrong_shape, "--test-case", "T"],
            1,
            format!("error: --mock-config {wrong_shape}: invalid mock configuration: StateMachines must be an object"),
        ),
        (
            vec!["--mock-config", &unknown_response, "--test-case", "T"],
            1,
            format!("error: --mock-config {unknown_response}: invalid mock configuration: test case 'TweetBot#T', state 'Find Tweet': no mocked response named 'Nope' in MockedResponses"),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "Nope", "--input", &input],
            1,
            "error: no test case 'Nope' in the mock configuration (known: TweetBot#TweetFound, TweetBot#NoTweet, TweetBot#RateLimited, ".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "Other#TweetFound", "--input", &input],
            1,
            "error: no test case 'Other#TweetFound' in the mock configuration (known: ".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--input", "{\"searchText\": }"],
            1,
            "error: malformed JSON in --input at line 1, column 16".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--input-file", &missing],
            1,
            format!("error: cannot read --input-file {missing}"),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--input", &input, "--input-file", &missing],
            2,
            "error: the argument '--input <JSON>' cannot be used with '--input-file <FILE>'".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--search-text", "AWS"],
            1,
            "error: --phone-number is needed with --search-text".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--phone-number", "555-444"],
            2,
            "error: invalid value '555-444' for '--phone-number <PHONE_NUMBER>'".into(),
        ),
        (
            vec!["--test-case", "TweetFound"],
            2,
            "error: the following required arguments were not provided:\n  --mock-config <FILE>".into(),
        ),
        (
            vec!["--mock-config", &mocks],
            2,
            "error: the following required arguments were not provided:\n  --test-case <NAME>".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--stack", "Nope"],
            1,
            "error: no stack named 'Nope' in this app; its stacks are: TweetDataStore, TweetBot".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--stack", "TweetDataStore"],
            1,
            "error: stack TweetDataStore has no state machine; the state machines are: TweetBot/StateMachine".into(),
        ),
        (
            vec!["--mock-config", &mocks, "--test-case", "TweetFound", "--machine", "Nope"],
            1,
            "error: this app has no state machine 'Nope' (by logical ID or name); the state machines are: TweetBot/StateMachine".into(),
        ),
    ];
    for (args, expected_code, expected) in cases {
        let mut all = vec!["simulate"];
        all.extend(&args);
        let out = run(dir.path(), &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expected_code), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&expected),
            "{args:?}:\n{stderr}\nexpected:\n{expected}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_test_case_that_misses_a_mock_names_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("partial.json");
    std::fs::write(
        &file,
        r#"{"StateMachines": {"TweetBot": {"TestCases": {"OnlyFind": {"Find Tweet": "Found"}}}},
            "MockedResponses": {"Found": {"0": {"Return": {"found": true, "id": "1", "text": "t", "username": "u", "createdAt": "c", "url": "x"}}}}}"#,
    )
    .unwrap();
    let file = file.display().to_string();
    let out = run(
        dir.path(),
        &[
            "simulate",
            "--mock-config",
            &file,
            "--test-case",
            "OnlyFind",
            "--input",
            INPUT,
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: state 'Check Stored' has no mocked response in test case 'OnlyFind' (invocation 0); add it to the mock configuration"),
        "{stderr}"
    );
}

#[test]
fn simulate_is_listed_in_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.contains("simulate"), "{stdout}");
    let out = run(dir.path(), &["simulate", "--help"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--mock-config <FILE>",
        "--test-case <NAME>",
        "--input <JSON>",
        "--input-file <FILE>",
        "--stack <STACK>",
        "--machine <ID>",
        "--json",
        "--search-text",
    ] {
        assert!(stdout.contains(flag), "{flag}: {stdout}");
    }
}
