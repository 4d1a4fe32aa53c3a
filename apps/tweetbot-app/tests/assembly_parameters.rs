//! `deploy --parameters` and `diff --parameters` through the command line, against the local
//! emulator, on an assembly with parameters written by the test (deployed with `--assembly`):
//! values given, kept when not given (`UsePreviousValue`, read back from the stack), changed
//! when given anew (an unchanged template is not skipped), refused when missing or unknown
//! before anything is written, and a `NoEcho` value never printed, not with `-v`, nor `--json`.
//! And a stack pinned to another account than the credentials' is refused, naming both.

mod common;

use cdk_core::{
    App, CfnParameter, CfnParameterProps, CfnResource, Environment, ParameterType, Stack,
    StackProps,
};
use common::{cli, ok, text};
use test_harness::LocalAws;

const SECRET: &str = "hunter2-not-for-logs";

/// Stack `Params`: Stage (no Default), Token (NoEcho, no Default), Size (Default 1); a topic
/// named after the stage. `version` changes the description only.
fn write_assembly(dir: &std::path::Path, version: u32) {
    let app = App::new();
    let s = Stack::with_props(
        &app,
        "Params",
        StackProps::default().description(format!("parameters, version {version}")),
    )
    .unwrap();
    let stage =
        CfnParameter::new(&s, "Stage", CfnParameterProps::new(ParameterType::String)).unwrap();
    CfnParameter::new(
        &s,
        "Token",
        CfnParameterProps::new(ParameterType::String).no_echo(),
    )
    .unwrap();
    CfnParameter::new(
        &s,
        "Size",
        CfnParameterProps::new(ParameterType::Number).default_value("1"),
    )
    .unwrap();
    let topic = CfnResource::new(&s, "Topic", "AWS::SNS::Topic").unwrap();
    topic.set_property("DisplayName", stage.value());
    app.synth().unwrap().write_to(dir).unwrap();
}

/// The deployed stack's parameters, as CloudFormation describes them.
async fn parameters(cfn: &aws_sdk_cloudformation::Client) -> Vec<(String, String)> {
    let out = cfn
        .describe_stacks()
        .stack_name("Params")
        .send()
        .await
        .unwrap();
    let mut list: Vec<(String, String)> = out.stacks()[0]
        .parameters()
        .iter()
        .map(|p| {
            (
                p.parameter_key().unwrap_or_default().to_string(),
                p.parameter_value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    list.sort();
    list
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn parameters_are_given_kept_changed_refused_and_never_shown_when_hidden() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let cfn = aws_sdk_cloudformation::Client::new(&aws.sdk_config().await);
    write_assembly(&dir.path().join("v1"), 1);
    write_assembly(&dir.path().join("v2"), 2);
    let run = |args: &[&str]| cli(&aws, dir.path(), args);
    let deploy = |version: &str, extra: &[&str]| {
        let mut args = vec![
            "-v",
            "deploy",
            "--assembly",
            version,
            "--yes",
            "--progress",
            "events",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let token = format!("Params:Token={SECRET}");

    // Refused before anything is written: values missing, a name no template declares.
    let out = deploy("v1", &["--parameters", "Stage=test"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: stack Params: parameter Token has no value: the template gives it no Default and the stack has none from an earlier deploy; pass --parameters Params:Token=VALUE. Nothing was changed"),
        "{stderr}"
    );
    let out = deploy(
        "v1",
        &["--parameters", "Params:Stge=test", "--parameters", &token],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: stack Params has no parameter Stge (its template declares Stage, Token, Size): check the name in --parameters Params:Stge=..."),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET) && !stdout.contains(SECRET));
    assert!(cfn
        .describe_stacks()
        .stack_name("Params")
        .send()
        .await
        .is_err());

    // Given: deployed with them; the hidden one is never printed, not even with -v.
    let (stdout, stderr) = ok(&deploy(
        "v1",
        &["--parameters", "Stage=test", "--parameters", &token],
    ));
    assert!(stderr.contains("CREATE_COMPLETE (deployed)"), "{stderr}");
    assert!(
        stderr.contains(
            "parameters: Stage=test (given), Token=**** (given), Size (template default)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("operation=CreateChangeSet"),
        "-v traces calls: {stderr}"
    );
    assert!(
        !stderr.contains(SECRET) && !stdout.contains(SECRET),
        "{stderr}"
    );
    assert_eq!(
        parameters(&cfn).await,
        pairs(&[("Size", "1"), ("Stage", "test"), ("Token", "****")])
    );

    // Not given, with a changed template: each value is kept (UsePreviousValue), the default
    // one too; through UpdateStack as through change sets.
    let (_, stderr) = ok(&deploy("v2", &["--method", "direct"]));
    assert!(
        stderr.contains("parameters: Stage (previous value kept), Token (previous value kept), Size (previous value kept)"),
        "{stderr}"
    );
    assert!(stderr.contains("UPDATE_COMPLETE (deployed)"), "{stderr}");
    assert_eq!(
        parameters(&cfn).await,
        pairs(&[("Size", "1"), ("Stage", "test"), ("Token", "****")])
    );

    // The same template, nothing given: skipped.
    let (_, stderr) = ok(&deploy("v2", &[]));
    assert!(
        stderr.contains("no changes: template, tags and parameters are unchanged, skipped"),
        "{stderr}"
    );

    // A diff with a new value shows it (and fails with --fail); a hidden one is not shown.
    let out = run(&[
        "diff",
        "--assembly",
        "v2",
        "--fail",
        "--parameters",
        "Stage=prod",
        "--parameters",
        &token,
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("[~] Stage: test → prod"), "{stdout}");
    assert!(
        stdout.contains("[~] Token (NoEcho): a new value is given (not shown)"),
        "{stdout}"
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));

    // A new value with the same template: deployed, not skipped; --json shows it, and the
    // hidden value only as ****.
    let (stdout, stderr) = ok(&run(&[
        "deploy",
        "--assembly",
        "v2",
        "--yes",
        "--json",
        "--parameters",
        "Stage=prod",
    ]));
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(events[0]["event"], "stack_planned");
    assert_eq!(events[0]["action"], "update", "{stdout}");
    assert_eq!(events[0]["region"], "us-east-1");
    assert_eq!(events[0]["parameters"][0]["value"], "prod");
    assert_eq!(events[0]["parameters"][0]["deployed"], "test");
    assert_eq!(events[0]["parameters"][0]["changes"], true);
    assert!(events
        .iter()
        .any(|e| e["event"] == "stack_finished" && e["outcome"] == "deployed"));
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    assert_eq!(
        parameters(&cfn).await,
        pairs(&[("Size", "1"), ("Stage", "prod"), ("Token", "****")])
    );

    // Given again with the deployed value: nothing changes.
    let (_, stderr) = ok(&deploy("v2", &["--parameters", "Params:Stage=prod"]));
    assert!(stderr.contains("Stage=prod (given, unchanged)"), "{stderr}");
    assert!(
        stderr.contains("skipped (no change set created)"),
        "{stderr}"
    );
}

#[test]
fn a_stack_pinned_to_another_account_is_refused_naming_both_accounts() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let app = App::new();
    let s = Stack::with_props(
        &app,
        "Elsewhere",
        StackProps::default().env(Environment::new("111111111111", "eu-west-1")),
    )
    .unwrap();
    CfnResource::new(&s, "Topic", "AWS::SNS::Topic").unwrap();
    app.synth()
        .unwrap()
        .write_to(&dir.path().join("pinned"))
        .unwrap();
    for verb in [&["deploy", "--yes"][..], &["diff"], &["destroy", "--force"]] {
        let mut args = verb.to_vec();
        args.extend(["--assembly", "pinned"]);
        let out = cli(&aws, dir.path(), &args);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: stack Elsewhere is pinned to account 111111111111 (StackProps::env), but the credentials are for account 123456789012"),
            "{args:?}: {stderr}"
        );
    }
}
