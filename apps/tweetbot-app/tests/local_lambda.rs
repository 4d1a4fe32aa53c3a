//! The local AWS runs the code of `provided.al2023` functions (scripts/local_aws_lambda.py): the
//! TweetBot's real zips, created through the emulator's Lambda API and invoked through it and
//! through a state machine. Results, errors with their `errorType`, the bearer token read once
//! per instance from the emulator's SSM, the X API stand-in, a timeout; other runtimes keep
//! moto's queued results. Builds the zips first when they are missing (build.sh).

use std::net::TcpListener;
use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, LogType, Runtime};
use serde_json::{json, Value};
use test_harness::{lambda_zip, LocalAws};

const TOKEN_PARAMETER: &str = "/tweetbot/bearer-token";
/// The stand-in's newest tweet about "AWS Step Functions" (scripts/x_stand_in.json).
const NEWEST: &str = "2126709077178471817";

struct Emulator {
    aws: LocalAws,
    lambda: aws_sdk_lambda::Client,
    role: String,
}

async fn emulator() -> Emulator {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let role = aws_sdk_iam::Client::new(&config)
        .create_role()
        .role_name("local-lambda")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    Emulator {
        lambda: aws_sdk_lambda::Client::new(&config),
        aws,
        role,
    }
}

impl Emulator {
    /// Creates `name` from the zip of `package`, with `timeout` seconds and `variables`.
    async fn create(&self, name: &str, package: &str, timeout: i32, variables: &[(&str, String)]) {
        let zip = std::fs::read(lambda_zip(package)).unwrap();
        let mut environment = Environment::builder();
        for (key, value) in variables {
            environment = environment.variables(*key, value);
        }
        self.lambda
            .create_function()
            .function_name(name)
            .runtime(Runtime::Providedal2023)
            .handler("bootstrap")
            .role(&self.role)
            .timeout(timeout)
            .environment(environment.build())
            .code(FunctionCode::builder().zip_file(Blob::new(zip)).build())
            .send()
            .await
            .unwrap();
    }

    /// Find Tweet pointed at `api` with the token in the emulator's SSM.
    async fn find_tweet(&self, name: &str, api: &str, timeout: i32) {
        let variables = [
            ("BEARER_TOKEN_PARAMETER", TOKEN_PARAMETER.to_string()),
            ("TWITTER_API_URL", api.to_string()),
        ];
        self.create(name, "find-tweet", timeout, &variables).await;
    }

    /// Invokes `name`: (the function error, the payload, the invocation's log tail, seconds).
    async fn invoke(&self, name: &str, event: Value) -> (Option<String>, Value, String, f64) {
        let started = Instant::now();
        let out = self
            .lambda
            .invoke()
            .function_name(name)
            .payload(Blob::new(event.to_string()))
            .log_type(LogType::Tail)
            .send()
            .await
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let payload = serde_json::from_slice(out.payload().unwrap().as_ref()).unwrap();
        let logs = String::from_utf8(base64_decode(out.log_result().unwrap_or_default())).unwrap();
        (
            out.function_error().map(str::to_string),
            payload,
            logs,
            seconds,
        )
    }
}

/// The Lambda log tail's base64 (RFC 4648 with padding).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
            n.to_be_bytes()[1..chunk.len()].to_vec()
        })
        .collect()
}

/// True when the invocation started a new instance (Lambda's REPORT line has an Init Duration).
fn cold(logs: &str) -> bool {
    logs.lines()
        .any(|l| l.starts_with("REPORT") && l.contains("Init Duration"))
}

#[tokio::test]
async fn find_tweet_reads_its_token_once_from_the_emulators_ssm_and_searches_the_stand_in() {
    let e = emulator().await;
    e.aws
        .put_secure_parameter(TOKEN_PARAMETER, &e.aws.x_bearer_token());
    e.find_tweet("find", &e.aws.x_api_url(), 5).await;

    let (error, found, logs, first) = e
        .invoke("find", json!({"searchText": "AWS Step Functions"}))
        .await;
    assert_eq!(error, None, "{found}\n{logs}");
    assert_eq!(found["found"], true);
    assert_eq!(found["id"], NEWEST);
    assert_eq!(found["username"], "awsdevelopers");
    assert!(cold(&logs), "{logs}");

    // The token in SSM changes; the warm instance keeps the one it read.
    e.aws.put_secure_parameter(TOKEN_PARAMETER, "not-the-token");
    let (error, none, logs, warm) = e
        .invoke(
            "find",
            json!({"searchText": "AWS Step Functions", "sinceId": NEWEST}),
        )
        .await;
    assert_eq!((error, none), (None, json!({"found": false})), "{logs}");
    assert!(!cold(&logs), "{logs}");
    eprintln!("find-tweet: cold invoke {first:.3} s, warm {warm:.3} s");
    let requests = e.aws.x_api_requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(requests.iter().all(|r| r["authorized"] == true));
    assert_eq!(requests[0]["query"]["query"], "AWS Step Functions");
    assert_eq!(requests[1]["query"]["since_id"], NEWEST);

    // New configuration, new instance: it reads the token SSM has now, which X refuses.
    e.lambda
        .update_function_configuration()
        .function_name("find")
        .environment(
            Environment::builder()
                .variables("BEARER_TOKEN_PARAMETER", TOKEN_PARAMETER)
                .variables("TWITTER_API_URL", e.aws.x_api_url())
                .variables("RUST_LOG", "debug")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let (error, refused, logs, _) = e
        .invoke("find", json!({"searchText": "AWS Step Functions"}))
        .await;
    assert_eq!(error.as_deref(), Some("Unhandled"));
    assert_eq!(refused["errorType"], "TwitterAuthError", "{refused}");
    assert!(cold(&logs), "{logs}");
}

#[tokio::test]
async fn errors_keep_their_type_and_a_timeout_kills_the_instance() {
    let e = emulator().await;
    e.create("message", "generate-message", 3, &[]).await;
    let tweet = json!({"found": true, "id": NEWEST, "text": "Parallel branches", "username": "awsdevelopers"});
    let (error, message, logs, first) = e
        .invoke(
            "message",
            json!({"searchText": "AWS Step Functions", "tweet": tweet}),
        )
        .await;
    assert_eq!(error, None, "{logs}");
    assert_eq!(
        message,
        json!(format!("@awsdevelopers tweeted about AWS Step Functions: Parallel branches https://x.com/i/status/{NEWEST}"))
    );
    let (error, invalid, _, warm) = e.invoke("message", json!({"tweet": "not an object"})).await;
    assert_eq!(error.as_deref(), Some("Unhandled"));
    assert_eq!(invalid["errorType"], "InvalidInputError", "{invalid}");
    eprintln!("generate-message: cold invoke {first:.3} s, warm {warm:.3} s");

    // The stand-in rate-limits: the retryable error the task's Retry matches.
    e.aws
        .put_secure_parameter(TOKEN_PARAMETER, &e.aws.x_bearer_token());
    e.find_tweet("find", &e.aws.x_api_url(), 5).await;
    e.aws.x_api_rate_limit(1);
    let (_, limited, _, _) = e.invoke("find", json!({"searchText": "AWS"})).await;
    assert_eq!(limited["errorType"], "TwitterRetryableError", "{limited}");

    // An X API that never answers: the function's Timeout (1 s) ends it, as Lambda does.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let api = format!("http://{}", silent.local_addr().unwrap());
    e.find_tweet("stuck", &api, 1).await;
    for _ in 0..2 {
        let (error, timed_out, logs, seconds) =
            e.invoke("stuck", json!({"searchText": "AWS"})).await;
        assert_eq!(error.as_deref(), Some("Unhandled"));
        assert_eq!(timed_out["errorType"], "Sandbox.Timedout", "{timed_out}");
        let message = timed_out["errorMessage"].as_str().unwrap();
        assert!(
            message.ends_with("Error: Task timed out after 1.00 seconds"),
            "{message}"
        );
        assert!((1.0..4.0).contains(&seconds), "{seconds} s");
        // The timed-out instance was killed: the next invocation starts a new one.
        assert!(cold(&logs), "{logs}");
    }
}

#[tokio::test]
async fn a_state_machine_retries_and_catches_the_functions_own_errors() {
    let e = emulator().await;
    e.aws
        .put_secure_parameter(TOKEN_PARAMETER, &e.aws.x_bearer_token());
    e.find_tweet("find", &e.aws.x_api_url(), 5).await;
    let definition = json!({
        "StartAt": "Find Tweet",
        "States": {
            "Find Tweet": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "find", "Payload.$": "$"},
                "OutputPath": "$.Payload",
                "Retry": [{"ErrorEquals": ["TwitterRetryableError"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 1}],
                "Catch": [{"ErrorEquals": ["InvalidInputError"], "ResultPath": "$.error", "Next": "Caught"}],
                "End": true
            },
            "Caught": {"Type": "Pass", "End": true}
        }
    });
    let config = e.aws.sdk_config().await;
    let sfn = aws_sdk_sfn::Client::new(&config);
    let machine = sfn
        .create_state_machine()
        .name("find")
        .definition(definition.to_string())
        .role_arn(&e.role)
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let run = |name: &'static str, input: Value| {
        let (sfn, machine) = (sfn.clone(), machine.clone());
        async move {
            let arn = sfn
                .start_execution()
                .state_machine_arn(machine)
                .name(name)
                .input(input.to_string())
                .send()
                .await
                .unwrap()
                .execution_arn;
            let deadline = Instant::now() + Duration::from_secs(60);
            let done = loop {
                let d = sfn
                    .describe_execution()
                    .execution_arn(&arn)
                    .send()
                    .await
                    .unwrap();
                if d.status().as_str() != "RUNNING" || Instant::now() > deadline {
                    break d;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            let history = sfn
                .get_execution_history()
                .execution_arn(&arn)
                .send()
                .await
                .unwrap();
            let failures: Vec<String> = history
                .events()
                .iter()
                .filter_map(|ev| ev.task_failed_event_details())
                .filter_map(|d| d.error().map(str::to_string))
                .collect();
            let output: Value = serde_json::from_str(done.output().unwrap_or("null")).unwrap();
            (done.status().as_str().to_string(), output, failures)
        }
    };

    // Two 429s: retried twice, then the tweet.
    e.aws.x_api_rate_limit(2);
    let (status, output, failures) =
        run("retried", json!({"searchText": "AWS Step Functions"})).await;
    assert_eq!(status, "SUCCEEDED", "{output}");
    assert_eq!(output["id"], NEWEST);
    assert_eq!(failures, ["TwitterRetryableError", "TwitterRetryableError"]);

    // A bad event: the Catch on the function's own error name.
    let (status, output, failures) = run("caught", json!({})).await;
    assert_eq!(status, "SUCCEEDED", "{output}");
    assert_eq!(output["error"]["Error"], "InvalidInputError");
    assert_eq!(failures, ["InvalidInputError"]);
}

#[tokio::test]
async fn other_runtimes_keep_moto_s_queued_results() {
    let e = emulator().await;
    e.lambda
        .create_function()
        .function_name("python")
        .runtime(Runtime::Python313)
        .handler("index.handler")
        .role(&e.role)
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(
                    std::fs::read(lambda_zip("generate-message")).unwrap(),
                ))
                .build(),
        )
        .send()
        .await
        .unwrap();
    e.aws.queue_lambda_results(&[json!({"queued": true})]);
    let (error, payload, _, _) = e.invoke("python", json!({"searchText": "x"})).await;
    assert_eq!((error, payload), (None, json!({"queued": true})));
    let (_, echoed, _, _) = e.invoke("python", json!({"searchText": "x"})).await;
    assert_eq!(echoed, json!({"searchText": "x"}));
}
