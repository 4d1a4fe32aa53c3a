//! Missing credentials, a missing region and an unreachable endpoint fail within seconds, with
//! a clear message and exit code 1; `synth`, `ls` and `--help` never need AWS configuration.
//! `--profile` wins over credentials in the environment, as with the AWS CLI, and a profile or a
//! region that does not exist is refused before any request; an HTTP 5xx without an error code
//! is retried, then described by its status, operation, endpoint and attempts. What the CLI
//! sends is seen by a stand-in endpoint that records each request (`common::Endpoint`).

mod common;

use std::time::{Duration, Instant};

use common::{cli_with_env, text, Endpoint};

fn env(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

#[test]
fn a_missing_region_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = cli_with_env(
        dir.path(),
        &["diff"],
        &env(&[("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b")]),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no AWS region is configured"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn missing_credentials_fail_fast() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = cli_with_env(
        dir.path(),
        &["deploy", "--yes"],
        &env(&[("AWS_REGION", "us-east-1")]),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn an_unreachable_endpoint_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let port = test_harness::free_port();
    let started = Instant::now();
    let out = cli_with_env(
        dir.path(),
        &["deploy", "--yes"],
        &env(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "a"),
            ("AWS_SECRET_ACCESS_KEY", "b"),
            ("AWS_ENDPOINT_URL", &format!("http://127.0.0.1:{port}")),
        ]),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("cannot reach the AWS endpoint"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn offline_verbs_never_load_aws_configuration() {
    let dir = tempfile::tempdir().unwrap();
    // An unusable configuration: a profile that does not exist and no region.
    let bad = env(&[
        ("AWS_PROFILE", "does-not-exist"),
        ("AWS_CONFIG_FILE", "/nonexistent"),
    ]);
    for args in [&["synth"][..], &["ls"], &["--help"], &["deploy", "--help"]] {
        let out = cli_with_env(dir.path(), args, &bad);
        assert!(out.status.success(), "{args:?}: {}", text(&out).1);
    }
}

/// The access key that signed a request (`Credential=KEY/date/region/service/aws4_request`).
fn signing_key(authorization: &str) -> &str {
    authorization
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split('/').next())
        .unwrap_or("")
}

/// The environment's keys, and a profile `other` with keys of its own in the profile files of
/// `dir` (which the CLI gets as HOME).
fn environment_and_profile(
    dir: &std::path::Path,
    endpoint: &Endpoint,
) -> Vec<(&'static str, String)> {
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    std::fs::write(
        dir.join(".aws/credentials"),
        "[other]\naws_access_key_id = AKIAPROFILEOTHER\naws_secret_access_key = other-secret\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".aws/config"),
        "[profile other]\nregion = us-east-1\n",
    )
    .unwrap();
    env(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT0"),
        ("AWS_SECRET_ACCESS_KEY", "environment-secret"),
        ("AWS_ENDPOINT_URL", &endpoint.url()),
    ])
}

const DENIED: &str = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not these keys</Message></Error><RequestId>1</RequestId></ErrorResponse>";

#[test]
fn an_explicit_profile_wins_over_the_environments_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::start(403, DENIED);
    let environment = environment_and_profile(dir.path(), &endpoint);

    // Without --profile, the environment's keys sign (the standard chain).
    let out = cli_with_env(dir.path(), &["diff"], &environment);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);
    let keys: Vec<String> = endpoint
        .received()
        .iter()
        .map(|r| signing_key(&r.authorization).to_string())
        .collect();
    assert!(
        !keys.is_empty() && keys.iter().all(|k| k == "AKIAENVIRONMENT0"),
        "{keys:?}"
    );

    // With --profile other, the profile's keys sign every request, as with the AWS CLI.
    let before = endpoint.received().len();
    let out = cli_with_env(dir.path(), &["--profile", "other", "diff"], &environment);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);
    let keys: Vec<String> = endpoint.received()[before..]
        .iter()
        .map(|r| signing_key(&r.authorization).to_string())
        .collect();
    assert!(!keys.is_empty(), "requests were sent");
    assert!(keys.iter().all(|k| k == "AKIAPROFILEOTHER"), "{keys:?}");
}

#[test]
fn a_profile_that_does_not_exist_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::start(403, DENIED);
    let environment = environment_and_profile(dir.path(), &endpoint);
    for args in [
        &["--profile", "nosuch", "deploy", "--yes"][..],
        &["destroy", "--force", "--profile", "nosuch"],
        &["--profile", "nosuch", "diff"],
    ] {
        let out = cli_with_env(dir.path(), args, &environment);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the AWS profile 'nosuch' does not exist in ~/.aws/config or ~/.aws/credentials (profiles there: other): check --profile; nothing was asked of AWS"),
            "{args:?}: {stderr}"
        );
    }
    assert!(
        endpoint.received().is_empty(),
        "no request was sent: {:?}",
        endpoint.received()
    );
}

#[test]
fn a_region_that_is_not_one_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::start(403, DENIED);
    let url = endpoint.url();
    let with_region = |region| {
        env(&[
            ("AWS_ACCESS_KEY_ID", "a"),
            ("AWS_SECRET_ACCESS_KEY", "b"),
            ("AWS_ENDPOINT_URL", &url),
            ("AWS_REGION", region),
        ])
    };
    let out = cli_with_env(
        dir.path(),
        &["--region", "not-a-region", "deploy", "--yes"],
        &with_region("us-east-1"),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--region: \"not-a-region\" is not an AWS region name (like us-east-1 or eu-west-2); nothing was asked of AWS"),
        "{stderr}"
    );
    // The same for a region from the environment.
    let out = cli_with_env(dir.path(), &["diff"], &with_region("Europe"));
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the configured region (AWS_REGION, or the profile's): \"Europe\" is not an AWS region name"),
        "{stderr}"
    );
    assert!(endpoint.received().is_empty(), "{:?}", endpoint.received());
}

#[test]
fn a_server_error_without_a_code_says_the_status_operation_endpoint_and_attempts() {
    let dir = tempfile::tempdir().unwrap();
    // What a load balancer in front of a failing service answers: 503, no AWS error body.
    let endpoint = Endpoint::start(503, "");
    let out = cli_with_env(
        dir.path(),
        &["diff", "TweetDataStore"],
        &env(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "a"),
            ("AWS_SECRET_ACCESS_KEY", "b"),
            ("AWS_ENDPOINT_URL", &endpoint.url()),
        ]),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: describing stack TweetDataStore: the service answered HTTP 503 without an error code (CloudFormation DescribeStacks at {}, after 5 attempts)",
            endpoint.url()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("unhandled error"), "{stderr}");
    // The product's own retry settings: 5 attempts, as docs/errors.md says.
    assert_eq!(endpoint.received().len(), 5, "{:?}", endpoint.received());
}
