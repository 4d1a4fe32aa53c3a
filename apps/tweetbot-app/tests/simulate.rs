//! The TweetBot's every path, through the simulator: the state machine synthesized by
//! `tweetbot_app::build`, its definition taken from the template (substitutions replaced by
//! placeholders), the Lambda, SNS and DynamoDB results mocked in a Step Functions Local mock
//! file. No emulator, no network, no waiting: the 10-second Wait and the retries' backoff
//! happen on the virtual clock.

use std::time::{Duration, Instant};

use cdk_sfn_simulator::cfn::state_machines;
use cdk_sfn_simulator::{EventKind, Execution, MockConfig, Simulator, Status};
use serde_json::{json, Value};
use tweetbot_app::{build, Settings};

fn definition() -> Value {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let template = assembly.stack("TweetBot").unwrap().template().clone();
    let machines = state_machines(&template);
    assert_eq!(machines.len(), 1);
    assert_eq!(machines[0].name.as_deref(), Some("TweetBot"));
    machines[0].definition.clone()
}

fn mocks() -> MockConfig {
    MockConfig::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/simulator/tweetbot.mock.json"
    ))
    .unwrap()
}

fn input() -> Value {
    json!({"searchText": "AWS Step Functions", "phoneNumber": "+15554446666"})
}

fn run(case: &str) -> Execution {
    let mocks = mocks();
    Simulator::new(definition())
        .state_machine_name("TweetBot")
        .run(
            &input(),
            mocks.test_case(&format!("TweetBot#{case}")).unwrap(),
        )
        .unwrap()
}

#[test]
fn a_tweet_found_is_texted_and_stored_in_both_branches() {
    let run = run("TweetFound");
    assert_eq!(run.status, Status::Succeeded, "{:#?}", run.history_json());
    assert_eq!(
        run.top_level_path(),
        [
            "Find Tweet",
            "Wait 10 Seconds",
            "Tweet Found?",
            "Check Stored",
            "New Tweet?",
            "Parallel"
        ]
    );
    // The table is asked for the tweet's id, read consistently, before anything is texted.
    let get = run.task_calls("Check Stored");
    assert_eq!(
        get,
        [&json!({"TableName": "TweetStoreTableRef",
                "Key": {"id": {"S": "1800000000000000001"}}, "ConsistentRead": true})]
    );
    // Both branches ran, each on the same input, from the same instant.
    assert!(
        run.entered("Generate Message") && run.entered("Send SMS") && run.entered("Store Tweet")
    );
    assert!(!run.entered("Store Tweet: Already Stored"));
    let scopes: Vec<&str> = run
        .history
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::StateEntered { .. }))
        .map(|e| e.scope.as_str())
        .collect();
    assert_eq!(
        scopes,
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "Parallel/0",
            "Parallel/0",
            "Parallel/1"
        ]
    );
    // The SMS goes to the number of the input, with the generated message.
    let sms = run.task_calls("Send SMS");
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0]["PhoneNumber"], "+15554446666");
    assert!(sms[0]["Message"]
        .as_str()
        .unwrap()
        .starts_with("@ada tweeted about AWS Step Functions"));
    // The item stored: typed attributes from the tweet, the search text and the entered time.
    let put = run.task_calls("Store Tweet");
    assert_eq!(put[0]["TableName"], "TweetStoreTableRef");
    assert_eq!(put[0]["ConditionExpression"], "attribute_not_exists(id)");
    assert_eq!(
        put[0]["Item"],
        json!({
            "id": {"S": "1800000000000000001"},
            "text": {"S": "Step Functions and a Rust CDK, together at last"},
            "author": {"S": "ada"},
            "createdAt": {"S": "2026-01-02T03:04:05.000Z"},
            "searchText": {"S": "AWS Step Functions"},
            "storedAt": {"S": "2024-01-01T00:00:10.000Z"}
        })
    );
    // The Parallel's result is discarded: the output is the input with the tweet.
    let output = run.output.unwrap();
    assert_eq!(output["phoneNumber"], "+15554446666");
    assert_eq!(output["tweet"]["username"], "ada");
    assert!(
        output.get("message").is_none(),
        "the branch's data stays in the branch"
    );
    assert_eq!(run.duration_ms, 10_000);
}

#[test]
fn no_tweet_ends_without_texting_anybody() {
    let run = run("NoTweet");
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.path(),
        [
            "Find Tweet",
            "Wait 10 Seconds",
            "Tweet Found?",
            "No New Tweet"
        ]
    );
    assert_eq!(
        run.output.unwrap(),
        json!({"searchText": "AWS Step Functions", "phoneNumber": "+15554446666",
               "tweet": {"found": false}, "result": {"status": "no new tweet"}})
    );
}

#[test]
fn rate_limiting_is_retried_three_times_with_jittered_backoff_then_fails() {
    let run = run("RateLimited");
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("TwitterRetryableError"));
    assert_eq!(run.cause.as_deref(), Some("X API answered HTTP 429"));
    assert_eq!(run.path(), ["Find Tweet"]);
    assert_eq!(
        run.task_calls("Find Tweet").len(),
        4,
        "the first call and three retries"
    );
    // IntervalSeconds 5, BackoffRate 2, full jitter: each delay is drawn in [0, 5·2^n].
    let delays = run.retries("Find Tweet");
    assert_eq!(delays.len(), 3);
    for (delay, cap) in delays.iter().zip([5_000, 10_000, 20_000]) {
        assert!(*delay <= cap, "{delays:?}");
    }
    assert_eq!(run.duration_ms, delays.iter().sum::<u64>());
    // The jitter comes from the seed: the same seed, the same delays; another, others.
    assert_eq!(self::run("RateLimited").retries("Find Tweet"), delays);
    let mocks = mocks();
    let other = Simulator::new(definition())
        .seed(7)
        .run(&input(), mocks.test_case("RateLimited").unwrap())
        .unwrap();
    assert_ne!(other.retries("Find Tweet"), delays);
}

#[test]
fn rate_limiting_that_stops_goes_on_with_the_tweet() {
    let run = run("RateLimitedThenFound");
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.retries("Find Tweet").len(), 2);
    assert_eq!(run.output.unwrap()["tweet"]["username"], "bob");
}

#[test]
fn a_tweet_already_stored_is_not_texted_again() {
    let run = run("AlreadyTexted");
    assert_eq!(run.status, Status::Succeeded, "{:#?}", run.history_json());
    assert_eq!(
        run.path(),
        [
            "Find Tweet",
            "Wait 10 Seconds",
            "Tweet Found?",
            "Check Stored",
            "New Tweet?",
            "Already Texted"
        ]
    );
    assert!(run.task_calls("Send SMS").is_empty(), "nobody is texted");
    assert!(
        run.task_calls("Store Tweet").is_empty(),
        "nothing is written"
    );
    let output = run.output.unwrap();
    assert_eq!(output["result"], json!({"status": "already texted"}));
    assert_eq!(output["stored"]["Item"]["id"]["S"], "1800000000000000001");
}

#[test]
fn a_tweet_stored_meanwhile_is_caught_and_the_execution_succeeds() {
    // Another execution stored the tweet between Check Stored and Store Tweet: the put's
    // condition fails, and the Catch ends the branch well (the SMS was already sent once by
    // each of the two executions: the check narrows that window, the condition keeps one item).
    let run = run("StoredMeanwhile");
    assert_eq!(run.status, Status::Succeeded);
    assert!(run.entered("Send SMS"));
    assert!(run.history.iter().any(|e| matches!(&e.kind,
        EventKind::ErrorCaught { state, error, next }
            if state == "Store Tweet" && error == "DynamoDB.ConditionalCheckFailedException" && next == "Store Tweet: Already Stored")));
    // The Catch has no ResultPath: the handler gets the error output as its input.
    assert_eq!(
        run.input_of("Store Tweet: Already Stored").unwrap(),
        &json!({"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "The conditional request failed"})
    );
}

#[test]
fn a_malformed_result_from_find_tweet_fails_the_choice() {
    // Not an object: ResultPath puts a string at $.tweet, and `$.tweet.found` does not exist,
    // which the Choice reports as States.Runtime (no Retry or Catch handles that).
    let run = run("MalformedResult");
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(
        run.cause.as_deref().unwrap().contains("$.tweet.found"),
        "{:?}",
        run.cause
    );
    assert_eq!(
        run.path(),
        ["Find Tweet", "Wait 10 Seconds", "Tweet Found?"]
    );
    // A `found` that is not a boolean matches no rule: the bot treats it as nothing found.
    let run = self::run("MalformedFoundFlag");
    assert_eq!(run.status, Status::Succeeded);
    assert!(run.entered("No New Tweet"));
    // The handler's own TwitterResponseError is not retried: it fails the execution at once.
    let run = self::run("BadAnswerFromX");
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("TwitterResponseError"));
    assert!(run.retries("Find Tweet").is_empty());
}

#[test]
fn every_path_runs_in_milliseconds() {
    let def = definition();
    let mocks = mocks();
    let cases = mocks.case_names();
    assert_eq!(cases.len(), 9);
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        for case in &cases {
            let run = Simulator::new(def.clone())
                .run(&input(), mocks.test_case(case).unwrap())
                .unwrap();
            assert!(run.duration_ms >= 10_000 || run.status == Status::Failed);
        }
    }
    let per_run = start.elapsed() / (rounds * cases.len() as u32);
    eprintln!("simulated TweetBot execution: {per_run:?} each (virtual time 10 s and more)");
    assert!(per_run < Duration::from_millis(20), "{per_run:?} per run");
}
