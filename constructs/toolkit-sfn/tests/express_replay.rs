//! Express state machines, on AWS-shaped responses replayed through the SDK's own test HTTP
//! client (`StaticReplayClient`): the emulator (moto 5.2.5) answers `StartSyncExecution`
//! with an HTTP 500 (it does not implement it), and records history for Express executions,
//! which AWS does not. Each test checks the calls made and the typed result.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use cdk_toolkit::{AwsErrorKind, ToolkitError};
use cdk_toolkit_sfn::{
    check_has_history, express_note, list_executions, start_execution, Sfn, SfnError, Started,
};

const EXPRESS: &str = "arn:aws:states:us-east-1:123456789012:stateMachine:Fast";
const STANDARD: &str = "arn:aws:states:us-east-1:123456789012:stateMachine:Slow";
const LOG_GROUP: &str =
    "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/Fast-Logs:*";
const EXPRESS_RUN: &str =
    "arn:aws:states:us-east-1:123456789012:express:Fast:run-1:1f0c2b7e-8d9a-4c3b-9e2f-0a1b2c3d4e5f";

fn describe_machine(arn: &str, kind: &str) -> (u16, String) {
    let name = arn.rsplit(':').next().unwrap_or_default();
    let logging = if kind == "EXPRESS" {
        format!(
            r#","loggingConfiguration":{{"level":"ALL","includeExecutionData":false,"destinations":[{{"cloudWatchLogsLogGroup":{{"logGroupArn":"{LOG_GROUP}"}}}}]}}"#
        )
    } else {
        r#","loggingConfiguration":{"level":"OFF","includeExecutionData":false}"#.to_string()
    };
    (
        200,
        format!(
            r#"{{"stateMachineArn":"{arn}","name":"{name}","status":"ACTIVE","definition":"{{\"StartAt\":\"Add\",\"States\":{{\"Add\":{{\"Type\":\"Pass\",\"End\":true}}}}}}","roleArn":"arn:aws:iam::123456789012:role/{name}Role","type":"{kind}","creationDate":1764417600.0{logging},"tracingConfiguration":{{"enabled":true}}}}"#
        ),
    )
}

fn sync_result(status: &str, tail: &str) -> (u16, String) {
    (
        200,
        format!(
            r#"{{"executionArn":"{EXPRESS_RUN}","stateMachineArn":"{EXPRESS}","name":"run-1","startDate":1764417600.123,"stopDate":1764417600.456,"status":"{status}","input":"{{\"n\":1}}","inputDetails":{{"included":true}}{tail},"billingDetails":{{"billedMemoryUsedInMB":64,"billedDurationInMilliseconds":400}}}}"#
        ),
    )
}

fn error(status: u16, code: &str, message: &str) -> (u16, String) {
    (
        status,
        format!(
            r#"{{"__type":"com.amazonaws.swf.service.v2.model#{code}","message":"{message}"}}"#
        ),
    )
}

/// The client on replayed responses (retrying like the toolkit's own configuration does).
fn replay(responses: Vec<(u16, String)>) -> (StaticReplayClient, Sfn) {
    replay_at(responses, None)
}

/// The same, with an endpoint URL set (as `AWS_ENDPOINT_URL` does).
fn replay_at(responses: Vec<(u16, String)>, endpoint: Option<&str>) -> (StaticReplayClient, Sfn) {
    let events = responses
        .into_iter()
        .map(|(status, body)| {
            ReplayEvent::new(
                http::Request::builder()
                    .uri("https://states.us-east-1.amazonaws.com/")
                    .body(SdkBody::empty())
                    .unwrap(),
                http::Response::builder()
                    .status(status)
                    .header("content-type", "application/x-amz-json-1.0")
                    .body(SdkBody::from(body))
                    .unwrap(),
            )
        })
        .collect();
    let http = StaticReplayClient::new(events);
    let mut config = aws_config::SdkConfig::builder();
    config.set_endpoint_url(endpoint.map(str::to_string));
    let config = config
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "replay",
        )))
        .http_client(http.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    let sfn = Sfn::from_client(aws_sdk_sfn::Client::new(&config));
    (http, sfn)
}

/// Each request's operation (`X-Amz-Target` without the service) and host.
fn calls(http: &StaticReplayClient) -> Vec<(String, String)> {
    http.actual_requests()
        .map(|r| {
            let target = r.headers().get("x-amz-target").unwrap_or_default();
            let host = r
                .uri()
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .unwrap_or_default();
            (
                target.trim_start_matches("AWSStepFunctions.").to_string(),
                host.to_string(),
            )
        })
        .collect()
}

fn body(http: &StaticReplayClient, index: usize) -> serde_json::Value {
    let request = http.actual_requests().nth(index).unwrap();
    serde_json::from_slice(request.body().bytes().unwrap_or_default()).unwrap()
}

#[tokio::test]
async fn run_of_an_express_machine_waits_through_start_sync_execution() {
    let (http, sfn) = replay(vec![
        describe_machine(EXPRESS, "EXPRESS"),
        sync_result(
            "SUCCEEDED",
            r#","output":"{\"n\":2}","outputDetails":{"included":true}"#,
        ),
    ]);
    let machine = sfn.machine(EXPRESS).await.unwrap();
    assert!(machine.is_express());
    assert_eq!(machine.log_groups, [LOG_GROUP]);
    let started = start_execution(&sfn, &machine, "run-1", r#"{"n":1}"#, true)
        .await
        .unwrap();
    let Started::Finished(info) = started else {
        panic!("{started:?}")
    };
    assert_eq!(info.status, "SUCCEEDED");
    assert_eq!(info.output.as_deref(), Some(r#"{"n":2}"#));
    assert_eq!(info.arn, EXPRESS_RUN);
    assert_eq!(info.name, "run-1");
    assert!(info.start.is_some() && info.stop.is_some());
    // One call starts and waits; no history is read (Express has none). StartSyncExecution
    // goes to the `sync-` host, as AWS requires.
    assert_eq!(
        calls(&http),
        [
            (
                "DescribeStateMachine".into(),
                "states.us-east-1.amazonaws.com".into()
            ),
            (
                "StartSyncExecution".into(),
                "sync-states.us-east-1.amazonaws.com".into()
            ),
        ]
    );
    assert_eq!(
        body(&http, 1),
        serde_json::json!({"stateMachineArn": EXPRESS, "name": "run-1", "input": "{\"n\":1}"})
    );
}

#[tokio::test]
async fn a_failed_express_execution_is_a_result_with_its_error_and_cause() {
    let (http, sfn) = replay(vec![
        describe_machine(EXPRESS, "EXPRESS"),
        sync_result(
            "FAILED",
            r#","error":"States.TaskFailed","cause":"the function failed""#,
        ),
    ]);
    let machine = sfn.machine(EXPRESS).await.unwrap();
    let Started::Finished(info) = start_execution(&sfn, &machine, "run-1", "{}", true)
        .await
        .unwrap()
    else {
        panic!("an Express run waits for its end")
    };
    assert_eq!(info.status, "FAILED");
    assert_eq!(info.error.as_deref(), Some("States.TaskFailed"));
    assert_eq!(info.cause.as_deref(), Some("the function failed"));
    assert_eq!(info.output, None);
    assert_eq!(calls(&http).len(), 2);
}

#[tokio::test]
async fn a_sync_start_is_sent_once_never_retried() {
    // A Synchronous Express execution runs at most once: a server error after the request
    // was sent may mean it ran, so the call is not sent again (the standard calls retry).
    let (http, sfn) = replay(vec![
        describe_machine(EXPRESS, "EXPRESS"),
        error(500, "InternalServerError", "try again"),
        sync_result("SUCCEEDED", ""),
    ]);
    let machine = sfn.machine(EXPRESS).await.unwrap();
    let err = start_execution(&sfn, &machine, "run-1", "{}", true)
        .await
        .unwrap_err();
    let SfnError::Toolkit(ToolkitError::Aws {
        operation, kind, ..
    }) = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        operation,
        &format!("running an Express execution of {EXPRESS}")
    );
    assert!(
        matches!(kind, AwsErrorKind::Service { .. } | AwsErrorKind::Other),
        "{kind:?}"
    );
    assert_eq!(
        calls(&http).len(),
        2,
        "DescribeStateMachine, then one StartSyncExecution"
    );
}

#[tokio::test]
async fn a_standard_machine_and_an_express_one_without_waiting_use_start_execution() {
    let (http, sfn) = replay(vec![
        describe_machine(STANDARD, "STANDARD"),
        (
            200,
            r#"{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:Slow:run-2","startDate":1764417600.0}"#.into(),
        ),
        describe_machine(EXPRESS, "EXPRESS"),
        (
            200,
            format!(r#"{{"executionArn":"{EXPRESS_RUN}","startDate":1764417600.0}}"#),
        ),
    ]);
    let slow = sfn.machine(STANDARD).await.unwrap();
    assert!(!slow.is_express());
    assert_eq!(express_note(&slow), None);
    assert_eq!(
        start_execution(&sfn, &slow, "run-2", "{}", true)
            .await
            .unwrap(),
        Started::Running {
            arn: "arn:aws:states:us-east-1:123456789012:execution:Slow:run-2".into()
        }
    );
    let fast = sfn.machine(EXPRESS).await.unwrap();
    assert_eq!(
        start_execution(&sfn, &fast, "run-1", "{}", false)
            .await
            .unwrap(),
        Started::Running {
            arn: EXPRESS_RUN.into()
        }
    );
    let ops: Vec<String> = calls(&http).into_iter().map(|(op, _)| op).collect();
    assert_eq!(
        ops,
        [
            "DescribeStateMachine",
            "StartExecution",
            "DescribeStateMachine",
            "StartExecution"
        ]
    );
}

#[tokio::test]
async fn executions_of_an_express_machine_say_there_is_no_list_and_where_the_logs_are() {
    let (http, sfn) = replay(vec![describe_machine(EXPRESS, "EXPRESS")]);
    let err = list_executions(&sfn, EXPRESS, 20).await.unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, SfnError::Express { .. }), "{err:?}");
    assert!(
        message.starts_with(&format!("no executions to list: {EXPRESS} is an Express state machine, and Step Functions keeps no record of Express executions (ListExecutions, DescribeExecution and GetExecutionHistory do not apply to them)")),
        "{message}"
    );
    assert!(message.contains(LOG_GROUP), "{message}");
    // ListExecutions is not called.
    let ops: Vec<String> = calls(&http).into_iter().map(|(op, _)| op).collect();
    assert_eq!(ops, ["DescribeStateMachine"]);
}

#[tokio::test]
async fn executions_of_a_standard_machine_are_listed() {
    let (http, sfn) = replay(vec![
        describe_machine(STANDARD, "STANDARD"),
        (
            200,
            format!(
                r#"{{"executions":[{{"executionArn":"{STANDARD}:run-2","stateMachineArn":"{STANDARD}","name":"run-2","status":"SUCCEEDED","startDate":1764417600.0,"stopDate":1764417612.5}}]}}"#
            ),
        ),
    ]);
    let list = list_executions(&sfn, STANDARD, 5).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, "SUCCEEDED");
    let ops: Vec<String> = calls(&http).into_iter().map(|(op, _)| op).collect();
    assert_eq!(ops, ["DescribeStateMachine", "ListExecutions"]);
    assert_eq!(body(&http, 1)["maxResults"], 5);
}

#[tokio::test]
async fn watching_an_express_execution_is_refused_before_reading_any_history() {
    let (http, sfn) = replay(vec![describe_machine(EXPRESS, "EXPRESS")]);
    let err = check_has_history(&sfn, EXPRESS_RUN, "watch")
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "watch cannot follow execution {EXPRESS_RUN}: {EXPRESS} is an Express state machine"
        )),
        "{message}"
    );
    assert!(message.contains(LOG_GROUP), "{message}");
    let ops: Vec<String> = calls(&http).into_iter().map(|(op, _)| op).collect();
    assert_eq!(
        ops,
        ["DescribeStateMachine"],
        "no DescribeExecution, no GetExecutionHistory"
    );
    // A Standard execution passes without a call.
    let (http, sfn) = replay(vec![]);
    check_has_history(
        &sfn,
        "arn:aws:states:us-east-1:123456789012:execution:Slow:run-2",
        "watch",
    )
    .await
    .unwrap();
    assert_eq!(calls(&http).len(), 0);
}

#[tokio::test]
async fn describe_of_an_express_machine_says_what_does_not_apply() {
    let (_, sfn) = replay(vec![describe_machine(EXPRESS, "EXPRESS")]);
    let machine = sfn.machine(EXPRESS).await.unwrap();
    let note = express_note(&machine).unwrap();
    assert!(
        note.contains("`executions`, `watch` and `graph --execution` do not apply"),
        "{note}"
    );
    assert!(note.contains("StartSyncExecution"), "{note}");
    assert!(note.contains(LOG_GROUP), "{note}");
}

#[tokio::test]
async fn the_sync_prefix_is_added_to_an_endpoint_url_too() {
    // What a local emulator on a loopback address meets: `sync-127.0.0.1` does not resolve
    // (docs/local-aws.md).
    let (http, sfn) = replay_at(
        vec![
            describe_machine(EXPRESS, "EXPRESS"),
            sync_result("SUCCEEDED", ""),
        ],
        Some("http://127.0.0.1:4566"),
    );
    let machine = sfn.machine(EXPRESS).await.unwrap();
    start_execution(&sfn, &machine, "run-1", "{}", true)
        .await
        .unwrap();
    let hosts: Vec<String> = calls(&http).into_iter().map(|(_, host)| host).collect();
    assert_eq!(hosts, ["127.0.0.1:4566", "sync-127.0.0.1:4566"]);
}
