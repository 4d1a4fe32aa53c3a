//! The tutorial's steps 2 to 4 and 6 against the local emulator: run the TweetBot, watch it,
//! list its executions, draw it coloured by an execution. Lambda code does not run in moto:
//! the Find Tweet and Generate Message results are queued through moto's documented way of
//! queuing Lambda results (one queue shared by all functions, used in invocation order).

mod common;

use std::net::TcpListener;

use common::{cli, cli_with_env, ok, sdk_config, text};
use serde_json::json;
use test_harness::LocalAws;

fn tweet() -> serde_json::Value {
    json!({
        "found": true,
        "id": "1861711208870240521",
        "text": "AWS Step Functions now supports JSONata",
        "authorId": "2244994945",
        "username": "awsdevelopers",
        "createdAt": "2026-11-27T09:15:02.000Z",
        "url": "https://x.com/awsdevelopers/status/1861711208870240521"
    })
}

#[tokio::test]
async fn run_succeeds_through_both_branches_and_stores_the_tweet() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["--wait", "1s", "deploy", "--yes"]));
    aws.queue_lambda_results(&[
        tweet(),
        json!("@awsdevelopers tweeted about AWS Step Functions"),
    ]);

    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "--wait",
            "1s",
            "run",
            "--search-text",
            "AWS Step Functions",
            "--phone-number",
            "+15554446666",
            "--name",
            "first",
        ],
    ));
    for line in [
        "→ Find Tweet [Task]",
        "✓ Find Tweet",
        "✓ Wait 1 Second",
        "✓ Tweet Found?",
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
    assert!(
        serde_json::from_str::<serde_json::Value>(&stdout).is_ok(),
        "the output is printed as JSON: {stdout}"
    );

    // The history has every state on the path, both branches included.
    let config = sdk_config(&aws).await;
    let sfn = aws_sdk_sfn::Client::new(&config);
    let arn = "arn:aws:states:us-east-1:123456789012:execution:TweetBot:first";
    let history = sfn
        .get_execution_history()
        .execution_arn(arn)
        .send()
        .await
        .unwrap();
    let entered: Vec<&str> = history
        .events()
        .iter()
        .filter_map(|e| e.state_entered_event_details().map(|d| d.name()))
        .collect();
    for state in [
        "Find Tweet",
        "Wait 1 Second",
        "Tweet Found?",
        "Parallel",
        "Generate Message",
        "Send SMS",
        "Store Tweet",
    ] {
        assert!(entered.contains(&state), "{state} in {entered:?}");
    }

    // The tweet is in the table, with what the store task writes.
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let item = dynamodb
        .get_item()
        .table_name("tweetTable")
        .key(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S("1861711208870240521".into()),
        )
        .send()
        .await
        .unwrap();
    let item = item.item().expect("the tweet was stored");
    assert_eq!(item["author"].as_s().unwrap(), "awsdevelopers");
    assert_eq!(item["searchText"].as_s().unwrap(), "AWS Step Functions");
    assert!(item.contains_key("storedAt"));

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
    assert!(succeeded.contains("s0,"), "Find Tweet succeeded: {mermaid}");
    let not_reached = class_line("notreached").expect("unreached states are grey");
    assert!(
        mermaid.contains("s4[\"No New Tweet\"]") && not_reached.contains("s4"),
        "{mermaid}"
    );
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
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["--wait", "1s", "deploy", "--yes"]));
    aws.queue_lambda_results(&[json!({"found": false})]);
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
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let secret = "AAAAAAAAAAAAAAAAAAAAAbearer-token-value-4b1d";
    aws.put_secure_parameter("/tweetbot/bearer-token", secret);
    let mut seen = String::new();
    let mut record = |out: std::process::Output| {
        seen.push_str(&String::from_utf8_lossy(&out.stdout));
        seen.push_str(&String::from_utf8_lossy(&out.stderr));
    };
    record(cli(&aws, dir.path(), &["--wait", "1s", "deploy", "--yes"]));
    aws.queue_lambda_results(&[tweet(), json!("hi")]);
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
    assert!(!seen.contains(secret), "the token leaked into the output");
    for entry in std::fs::read_dir(dir.path().join("cdk.out")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains(secret));
        assert!(!text.contains("bearer-token-value"));
    }
}
