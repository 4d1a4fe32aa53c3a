//! The function's real binary (the zip's `bootstrap`) under a stand-in of the Lambda Runtime
//! API: results are posted as the invocation's response, errors with the `errorType` the state
//! machine matches; the bearer token is read once for all invocations, through the standard AWS
//! configuration (`AWS_ENDPOINT_URL` points the SDK at the SSM stand-in); and the process's
//! whole output, at TRACE level in text and in JSON, never holds the token.
//!
//! The binary is the host build of `src/main.rs`, or the file named by `FIND_TWEET_BOOTSTRAP`
//! (e.g. the `bootstrap` unzipped from the cargo-lambda zip, to test what is deployed).

mod support;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use support::runtime_api::{Function, Outcome, RuntimeApi};
use support::{StandIn, XAnswer, PARAMETER, TOKEN};

const WAIT: Duration = Duration::from_secs(60);

fn binary() -> PathBuf {
    std::env::var_os("FIND_TWEET_BOOTSTRAP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_find-tweet")))
}

fn start(stand_in: &StandIn, api: &RuntimeApi, log_env: &[(&str, &str)]) -> Function {
    let mut env = vec![
        ("BEARER_TOKEN_PARAMETER", PARAMETER),
        ("TWITTER_API_URL", stand_in.url()),
        ("AWS_ENDPOINT_URL", stand_in.url()),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ];
    env.extend_from_slice(log_env);
    Function::start(&binary(), api, &env)
}

fn error(error_type: &str, message: &str) -> Outcome {
    Outcome::Error(json!({"errorType": error_type, "errorMessage": message}))
}

#[test]
fn the_binary_answers_results_and_typed_errors_and_never_prints_the_token() {
    for log_env in [
        vec![("RUST_LOG", "trace")],
        vec![
            ("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            ("AWS_LAMBDA_LOG_LEVEL", "TRACE"),
        ],
    ] {
        let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
        let api = RuntimeApi::start();
        let function = start(&stand_in, &api, &log_env);

        let found = api.invoke(&json!({"searchText": "AWS Step Functions"}), WAIT);
        assert_eq!(
            found,
            Some(Outcome::Response(json!({
                "found": true,
                "id": "2126243387799691529",
                "text": "AWS Step Functions now supports JSONata and variables 🎉 https://t.co/abc",
                "authorId": "2244994945",
                "username": "awsdevelopers",
                "createdAt": "2026-11-27T09:15:02.000Z",
                "url": "https://x.com/awsdevelopers/status/2126243387799691529"
            }))),
            "{:?}",
            api.init_error()
        );
        let event = json!({"searchText": "AWS Step Functions", "sinceId": "2126243387799691529"});
        assert_eq!(
            api.invoke(&event, WAIT),
            Some(Outcome::Response(json!({"found": false})))
        );

        stand_in.answer(XAnswer::recorded(429, "429.json"));
        assert_eq!(
            api.invoke(&event, WAIT),
            Some(error(
                "TwitterRetryableError",
                "X API rate limit reached (HTTP 429); retry later"
            ))
        );
        stand_in.answer(XAnswer::recorded(503, "503.json"));
        assert_eq!(
            api.invoke(&event, WAIT),
            Some(error(
                "TwitterRetryableError",
                "X API failed (HTTP 503): Service Unavailable"
            ))
        );
        stand_in.answer(XAnswer::recorded(401, "401.json"));
        assert_eq!(
            api.invoke(&event, WAIT),
            Some(error(
                "TwitterAuthError",
                &format!("X API refused the bearer token (HTTP 401): Unauthorized: check the token in the SSM parameter {PARAMETER}")
            ))
        );
        stand_in.answer(XAnswer::recorded(200, "malformed.json"));
        match api.invoke(&event, WAIT) {
            Some(Outcome::Error(e)) => assert_eq!(e["errorType"], "TwitterResponseError"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            api.invoke(&json!({"searchText": " "}), WAIT),
            Some(error(
                "InvalidInputError",
                "invalid input: searchText must not be blank"
            ))
        );

        let output = function.stop();
        assert!(
            !output.contains(TOKEN) && !output.contains("StandInBearerToken"),
            "{output}"
        );
        assert!(
            output.contains("searching X"),
            "debug lines are printed:\n{output}"
        );
        assert_eq!(stand_in.searches().len(), 6);
        assert_eq!(
            stand_in.ssm_calls().len(),
            1,
            "the token is read once per instance"
        );
    }
}

#[test]
fn without_its_parameter_name_the_function_does_not_start_and_says_why() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
    let api = RuntimeApi::start();
    let function = Function::start(
        &binary(),
        &api,
        &[
            ("TWITTER_API_URL", stand_in.url()),
            ("AWS_REGION", "us-east-1"),
        ],
    );
    assert_eq!(
        api.invoke(&json!({"searchText": "a"}), Duration::from_secs(3)),
        None
    );
    let output = function.stop();
    assert!(
        output.contains("BEARER_TOKEN_PARAMETER is not set"),
        "{output}"
    );
}
