//! Missing credentials, a missing region and an unreachable endpoint fail within seconds, with
//! a clear message and exit code 1; `synth`, `ls` and `--help` never need AWS configuration.

mod common;

use std::time::{Duration, Instant};

use common::{cli_with_env, text};

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
