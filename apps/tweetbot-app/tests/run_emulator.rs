//! The tutorial's steps 2 to 4 and 6 against the local AWS, which runs the TweetBot's real
//! Rust functions (built by the toolkit, uploaded by deploy) against the X API stand-in: run the
//! TweetBot, watch it, list its executions, draw it coloured by an execution.

mod common;

use std::net::TcpListener;

use common::{against_stand_in, cli, cli_with_env, local_aws, ok, sdk_config, text};
use serde_json::Value;
use test_harness::LocalAws;

/// The stand-in's newest tweet for "AWS Step Functions", and its author's username.
const NEWEST_ID: &str = "2126709077178471817";
const NEWEST_TEXT: &str = "AWS Step Functions: a Parallel state's branches now show their own progress in the console 🚀 https://t.co/sfnpar";
const NEWEST_AUTHOR: &str = "awsdevelopers";
const PHONE: &str = "+15554446666";

fn run_args(name: &str) -> Vec<&str> {
    vec![
        "--wait",
        "1s",
        "run",
        "--search-text",
        "AWS Step Functions",
        "--phone-number",
        PHONE,
        "--name",
        name,
    ]
}

/// The history of the TweetBot's execution `execution`.
async fn history(aws: &LocalAws, execution: &str) -> Vec<aws_sdk_sfn::types::HistoryEvent> {
    let sfn = aws_sdk_sfn::Client::new(&sdk_config(aws).await);
    let arn = format!("arn:aws:states:us-east-1:123456789012:execution:TweetBot:{execution}");
    let history = sfn
        .get_execution_history()
        .execution_arn(arn)
        .send()
        .await
        .unwrap();
    history.events().to_vec()
}

async fn entered_states(aws: &LocalAws, execution: &str) -> Vec<String> {
    history(aws, execution)
        .await
        .iter()
        .filter_map(|e| {
            e.state_entered_event_details()
                .map(|d| d.name().to_string())
        })
        .collect()
}

async fn items(
    aws: &LocalAws,
) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk_config(aws).await);
    let scan = dynamodb
        .scan()
        .table_name("tweetTable")
        .send()
        .await
        .unwrap();
    scan.items().to_vec()
}

#[tokio::test]
async fn run_finds_texts_and_stores_the_newest_tweet_once_with_the_real_functions() {
    let aws = local_aws();
    let dir = tempfile::tempdir().unwrap();
    let url = aws.x_api_url();
    ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &["--wait", "1s", "deploy", "--yes"]),
    ));

    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &run_args("first")),
    ));
    for line in [
        "→ Find Tweet [Task]",
        "✓ Find Tweet",
        "✓ Wait 1 Second",
        "✓ Tweet Found?",
        "✓ Check Stored",
        "✓ New Tweet?",
        "→ Parallel [Parallel]",
        "✓ Generate Message",
        "✓ Send SMS",
        "(Parallel › branch 1)",
        "✓ Store Tweet",
        "(Parallel › branch 2)",
        "Execution first SUCCEEDED",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    // The output carries the tweet the Rust Find Tweet chose from the stand-in's answer (the
    // newest by id, which the stand-in does not list first), with its author from includes.
    let output: Value = serde_json::from_str(&stdout).expect("the output is printed as JSON");
    assert_eq!(output["tweet"]["id"], NEWEST_ID, "{output}");
    assert_eq!(output["tweet"]["username"], NEWEST_AUTHOR, "{output}");

    // The stand-in saw the search Find Tweet is documented to make, with the stored token.
    let requests = aws.x_api_requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let query = &requests[0]["query"];
    assert_eq!(query["query"], "AWS Step Functions");
    assert_eq!(query["max_results"], "10");
    assert_eq!(query["expansions"], "author_id");
    assert_eq!(query["user.fields"], "username");
    assert_eq!(requests[0]["authorized"], true);

    // Exactly one SMS, to the number given, with Generate Message's text about the tweet.
    let sms = aws.sms_messages();
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert_eq!(sms[0].0, PHONE);
    assert!(sms[0].1.starts_with("@awsdevelopers"), "{:?}", sms[0].1);
    // One SMS: at most 160 characters when it is plain text, 70 UTF-16 units when it needs
    // Unicode (Generate Message's own tests hold it to the exact GSM-7 rule).
    let text = &sms[0].1;
    if text.is_ascii() {
        assert!(text.len() <= 160, "{text:?}");
    } else {
        assert!(text.encode_utf16().count() <= 70, "{text:?}");
    }
    assert!(text.contains("about AWS Step Functions"), "{text:?}");
    assert!(text.contains(NEWEST_ID), "the tweet's link: {text:?}");

    // The item holds the stand-in's tweet text and author.
    let stored = items(&aws).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    let item = &stored[0];
    assert_eq!(item["id"].as_s().unwrap(), NEWEST_ID);
    assert_eq!(item["text"].as_s().unwrap(), NEWEST_TEXT);
    assert_eq!(item["author"].as_s().unwrap(), NEWEST_AUTHOR);
    assert_eq!(item["searchText"].as_s().unwrap(), "AWS Step Functions");
    assert!(item.contains_key("storedAt"));

    // A second run finds the same tweet, sees it stored, and texts and stores nothing new.
    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &run_args("second")),
    ));
    assert!(stderr.contains("✓ Already Texted"), "{stderr}");
    assert!(!stderr.contains("Send SMS"), "{stderr}");
    assert!(stdout.contains("already texted"), "{stdout}");
    assert_eq!(aws.sms_messages().len(), 1, "no second SMS");
    assert_eq!(items(&aws).await.len(), 1, "no second item");
    let entered = entered_states(&aws, "second").await;
    assert!(entered.iter().any(|s| s == "Already Texted"), "{entered:?}");
    assert!(!entered.iter().any(|s| s == "Parallel"), "{entered:?}");

    // The history of the first has every state on the path, both branches included.
    let entered = entered_states(&aws, "first").await;
    for state in [
        "Find Tweet",
        "Wait 1 Second",
        "Tweet Found?",
        "Check Stored",
        "New Tweet?",
        "Parallel",
        "Generate Message",
        "Send SMS",
        "Store Tweet",
    ] {
        assert!(entered.iter().any(|s| s == state), "{state} in {entered:?}");
    }
    let arn = "arn:aws:states:us-east-1:123456789012:execution:TweetBot:first";

    // executions lists it; graph colours its states.
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["executions"]));
    assert!(
        stdout.contains("first") && stdout.contains("SUCCEEDED"),
        "{stdout}"
    );
    let (mermaid, _) = ok(&cli(
        &aws,
        dir.path(),
        &["--wait", "1s", "graph", "--execution", arn],
    ));
    let class_line = |status: &str| {
        mermaid
            .lines()
            .find(|l| l.starts_with("  class ") && l.ends_with(status))
            .map(str::to_string)
    };
    let succeeded = class_line("succeeded").expect("succeeded states are coloured");
    let not_reached = class_line("notreached").expect("unreached states are grey");
    let node_of = |state: &str| {
        let label = format!("[\"{state}\"]");
        mermaid
            .lines()
            .find_map(|l| l.trim().strip_suffix(label.as_str()).map(str::to_string))
            .unwrap_or_else(|| panic!("no node for {state}: {mermaid}"))
    };
    let members = |line: &str| -> Vec<String> {
        let list = line.trim().trim_start_matches("class ");
        let list = list.rsplit_once(' ').map(|(l, _)| l).unwrap_or(list);
        list.split(',').map(|m| m.trim().to_string()).collect()
    };
    for state in ["No New Tweet", "Already Texted"] {
        assert!(
            members(&not_reached).contains(&node_of(state)),
            "{state}: {mermaid}"
        );
    }
    for state in ["Find Tweet", "Check Stored", "Store Tweet"] {
        assert!(
            members(&succeeded).contains(&node_of(state)),
            "{state}: {mermaid}"
        );
    }
    ok(&cli(
        &aws,
        dir.path(),
        &[
            "--wait",
            "1s",
            "graph",
            "--execution",
            arn,
            "--format",
            "svg",
            "--out",
            "run.svg",
        ],
    ));
    let svg = std::fs::read_to_string(dir.path().join("run.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("Find Tweet"));
    assert!(
        svg.contains("#c8e6c9") && svg.contains("#eeeeee"),
        "green and grey fills"
    );
}

#[tokio::test]
async fn no_tweet_means_no_text_and_watch_follows_a_started_execution() {
    let aws = local_aws();
    let dir = tempfile::tempdir().unwrap();
    let url = aws.x_api_url();
    ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &["--wait", "1s", "deploy", "--yes"]),
    ));
    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "run",
            "--no-wait",
            "--input",
            r#"{"searchText": "nothing at all", "phoneNumber": "+15554446666"}"#,
        ],
    ));
    let arn = stdout.trim().to_string();
    assert!(
        arn.starts_with("arn:aws:states:us-east-1:123456789012:execution:TweetBot:tweetbot-app-"),
        "{arn}"
    );
    let (stdout, stderr) = ok(&cli(&aws, dir.path(), &["watch", &arn]));
    assert!(stderr.contains("✓ No New Tweet"), "{stderr}");
    assert!(!stderr.contains("Send SMS"), "{stderr}");
    assert!(stdout.contains("no new tweet"), "{stdout}");
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["describe"]));
    assert!(
        stdout.contains(
            "stateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:TweetBot"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\"StartAt\": \"Find Tweet\""), "{stdout}");
}

#[tokio::test]
async fn rate_limiting_by_the_x_api_is_retried_and_the_history_shows_it() {
    let aws = local_aws();
    let dir = tempfile::tempdir().unwrap();
    let url = aws.x_api_url();
    ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &["--wait", "1s", "deploy", "--yes"]),
    ));
    aws.x_api_rate_limit(3);
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &run_args("limited")),
    ));
    assert!(stderr.contains("Execution limited SUCCEEDED"), "{stderr}");

    // Four searches: three answered 429, the last one the tweets.
    let statuses: Vec<Value> = aws
        .x_api_requests()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, [429, 429, 429, 200]);
    // The history shows the Find Tweet function failing three times with the retryable
    // error the real handler raises, then succeeding, and the execution going on.
    let history = history(&aws, "limited").await;
    let failures: Vec<&str> = history
        .iter()
        .filter_map(|e| {
            e.lambda_function_failed_event_details()
                .and_then(|d| d.error())
                .or_else(|| e.task_failed_event_details().and_then(|d| d.error()))
        })
        .collect();
    assert_eq!(
        failures,
        [
            "TwitterRetryableError",
            "TwitterRetryableError",
            "TwitterRetryableError"
        ],
        "{history:#?}"
    );
    assert_eq!(
        aws.sms_messages().len(),
        1,
        "the tweet was texted after the retries"
    );
}

#[test]
fn bad_input_fails_before_any_request_is_sent() {
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
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["run", "--search-text", "AWS", "--phone-number", "555-444"],
            2,
            "invalid phone number \"555-444\"",
        ),
        (
            &[
                "run",
                "--search-text",
                " ",
                "--phone-number",
                "+15554446666",
            ],
            2,
            "the search text must not be empty",
        ),
        (
            &["run", "--search-text", "AWS"],
            1,
            "--phone-number is needed with --search-text",
        ),
        (
            &["run", "--input", "{\"searchText\": \"x\",}"],
            1,
            "malformed JSON in --input at line 1, column 20",
        ),
        (
            &[
                "run",
                "--input",
                "{\"searchText\": \"x\", \"phoneNumber\": \"12\"}",
            ],
            1,
            "invalid phone number \"12\"",
        ),
        (
            &["run", "--input-file", "missing.json"],
            1,
            "cannot read --input-file missing.json",
        ),
    ];
    for (args, code, message) in cases {
        let out = cli_with_env(dir.path(), args, &env);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert!(
        listener.accept().is_err(),
        "no request reached the endpoint"
    );
}

#[tokio::test]
async fn the_bearer_token_appears_in_no_template_output_or_error() {
    // The token the stand-in accepts, stored in SSM where the TweetBot reads it: the run
    // below succeeds only if Find Tweet really sent it.
    let aws = local_aws();
    let dir = tempfile::tempdir().unwrap();
    let secret = aws.x_bearer_token();
    let url = aws.x_api_url();
    let mut seen = String::new();
    let mut record = |out: std::process::Output| {
        seen.push_str(&String::from_utf8_lossy(&out.stdout));
        seen.push_str(&String::from_utf8_lossy(&out.stderr));
    };
    record(cli(
        &aws,
        dir.path(),
        &against_stand_in(&url, &["--wait", "1s", "deploy", "--yes"]),
    ));
    for args in [
        &[
            "--wait",
            "1s",
            "run",
            "--search-text",
            "AWS",
            "--phone-number",
            "+15554446666",
        ][..],
        &["describe"][..],
        &["diff"][..],
        &["run", "--search-text", "AWS", "--phone-number", "+1"][..],
        &["destroy", "--force"][..],
    ] {
        record(cli(&aws, dir.path(), args));
    }
    assert!(seen.contains("SUCCEEDED"), "the commands ran: {seen}");
    assert!(!seen.contains(&secret), "the token leaked into the output");
    // Every file of the assembly, the functions' zips included.
    for entry in std::fs::read_dir(dir.path().join("cdk.out")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{}",
                path.display()
            );
        }
    }
}
