//! `-v` shows each AWS call (service, operation, stack, duration, attempts) and `-vv` adds
//! request ids and each attempt; neither ever prints the secret access key, nor a secret
//! value stored in AWS.

mod common;

use common::{cli_with_env, ok};

const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
const BEARER_TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI";

#[test]
fn verbose_names_the_calls_and_never_prints_the_secret_key() {
    let aws = common::local_aws();
    aws.put_secure_parameter("/tweetbot/bearer-token", BEARER_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let env: Vec<(&str, String)> = aws
        .env()
        .into_iter()
        .map(|(k, v)| match k {
            "AWS_SECRET_ACCESS_KEY" => (k, SECRET_KEY.to_string()),
            _ => (k, v),
        })
        .collect();

    let (_, quiet) = ok(&cli_with_env(
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
        &env,
    ));
    assert!(
        !quiet.contains("operation="),
        "no trace without -v: {quiet}"
    );

    let (_, v) = ok(&cli_with_env(
        dir.path(),
        &[
            "-v",
            "--wait",
            "2s",
            "deploy",
            "--yes",
            "--progress",
            "events",
        ],
        &env,
    ));
    let calls: Vec<&str> = v.lines().filter(|l| l.contains(" aws call ")).collect();
    assert!(
        calls.iter().any(|l| l.contains("service=CloudFormation")
            && l.contains("operation=DescribeStacks")
            && l.contains("stack=TweetBot")
            && l.contains("attempts=1")
            && l.contains(" ms=")),
        "{v}"
    );
    assert!(
        calls
            .iter()
            .any(|l| l.contains("operation=ExecuteChangeSet")),
        "the writes are named too: {v}"
    );
    assert!(!v.contains("request_id="), "request ids need -vv: {v}");

    let (_, vv) = ok(&cli_with_env(
        dir.path(),
        &["-vv", "--wait", "3s", "diff"],
        &env,
    ));
    assert!(
        vv.lines().any(|l| l.contains(" aws call ")
            && l.contains("operation=GetTemplate")
            && l.contains("request_id=")
            && !l.contains("request_id=-")),
        "{vv}"
    );
    assert!(vv.contains(" aws attempt "), "each attempt at -vv: {vv}");

    for out in [&quiet, &v, &vv] {
        assert!(
            !out.contains(SECRET_KEY),
            "the secret access key leaked: {out}"
        );
        assert!(
            !out.contains("K7MDENG"),
            "part of the secret access key leaked"
        );
        assert!(!out.contains(BEARER_TOKEN), "the bearer token leaked");
    }
}
