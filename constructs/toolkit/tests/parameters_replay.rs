//! Parameters, accounts and regions against AWS-shaped answers, replayed through the SDK's own
//! test HTTP client: what AWS says that the local emulator says otherwise (a `NoEcho` value is
//! `****` in DescribeStacks; the credentials' account from STS), the requests' exact shape
//! (`UsePreviousValue` without a value), which host each call goes to, and that nothing is
//! written before a refusal.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use cdk_core::{
    App, CfnParameter, CfnParameterProps, CfnResource, Environment, ParameterType, Stack,
    StackProps,
};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::deploy::{DeployOptions, Outcome};
use cdk_toolkit::engine::{Approval, DiffOptions, Event, Toolkit};
use cdk_toolkit::ToolkitError;
use common::*;

/// `Demo`: parameters Stage (no Default), Token (NoEcho, no Default) and Size (Default 1),
/// used by a topic; `version` changes its description, so that templates differ.
fn parameterized(version: &str) -> Assembly {
    let app = App::new();
    let s = Stack::with_props(
        &app,
        "Demo",
        StackProps::default().description(format!("version {version}")),
    )
    .unwrap();
    let stage =
        CfnParameter::new(&s, "Stage", CfnParameterProps::new(ParameterType::String)).unwrap();
    let token = CfnParameter::new(
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
    topic.add_metadata("token", token.value());
    Assembly::from(&app.synth().unwrap())
}

/// DescribeStacks of Demo, UPDATE_COMPLETE, with these parameters as AWS describes them.
fn described(parameters: &[(&str, &str)]) -> (u16, String) {
    let members: String = parameters
        .iter()
        .map(|(k, v)| {
            format!("<member><ParameterKey>{k}</ParameterKey><ParameterValue>{v}</ParameterValue></member>")
        })
        .collect();
    ok(
        "DescribeStacks",
        &format!(
            "<Stacks><member><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><CreationTime>2026-11-27T10:00:00.000Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Parameters>{members}</Parameters><Outputs/><Tags/><EnableTerminationProtection>false</EnableTerminationProtection></member></Stacks>"
        ),
    )
}

/// What AWS answers for a stack deployed with Stage=test and a hidden Token.
fn deployed_with_test_stage() -> (u16, String) {
    described(&[("Stage", "test"), ("Token", "****"), ("Size", "1")])
}

fn change_set_options() -> DeployOptions {
    DeployOptions::default().approval(Approval::Approve)
}

/// The `Parameters.member.N.*` fields of a query-protocol request body, in order.
fn sent_parameters(body: &str) -> Vec<String> {
    body.split('&')
        .filter(|kv| kv.starts_with("Parameters.member."))
        .map(str::to_string)
        .collect()
}

/// The change set is computed, executed and the stack ends UPDATE_COMPLETE.
fn update_through_a_change_set() -> Vec<(u16, String)> {
    let done = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    vec![
        change_set_created(),
        change_set("CREATE_COMPLETE", &[("Modify", "Topic", "AWS::SNS::Topic")]),
        events(&[demo("old", "UPDATE_COMPLETE")]),
        ok("ExecuteChangeSet", ""),
        events(&done),
        deployed_with_test_stage(),
        events(&done),
    ]
}

#[tokio::test]
async fn a_parameter_not_given_keeps_its_deployed_value_through_use_previous_value() {
    // The template changed; no value is given: each parameter the stack had is sent as
    // UsePreviousValue, with no value (AWS refuses both together).
    let before = parameterized("1");
    let mut answers = vec![
        deployed_with_test_stage(),
        template(&before.stacks()[0].template_json),
        deployed_with_test_stage(),
    ];
    answers.extend(update_through_a_change_set());
    let r = replay(answers);
    let report = r
        .toolkit()
        .deploy(&parameterized("2"), &change_set_options())
        .await
        .unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    let bodies = r.bodies("CreateChangeSet");
    assert_eq!(
        sent_parameters(&bodies[0]),
        [
            "Parameters.member.1.ParameterKey=Stage",
            "Parameters.member.1.UsePreviousValue=true",
            "Parameters.member.2.ParameterKey=Token",
            "Parameters.member.2.UsePreviousValue=true",
            "Parameters.member.3.ParameterKey=Size",
            "Parameters.member.3.UsePreviousValue=true",
        ]
    );
    let planned = r.events.lock().unwrap()[0].clone();
    let Event::StackPlanned(p) = planned else {
        panic!("{planned:?}")
    };
    let json = serde_json::to_value(&p.parameters).unwrap();
    assert_eq!(json[0]["source"], "previous");
    assert_eq!(json[0]["deployed"], "test");
    assert_eq!(json[1]["deployed"], serde_json::Value::Null, "hidden");
    assert_eq!(p.region, "us-east-1");
}

#[tokio::test]
async fn a_new_value_for_an_unchanged_template_is_deployed_and_the_same_value_is_skipped() {
    let assembly = parameterized("1");
    let template_json = assembly.stacks()[0].template_json.clone();

    // The same value as deployed: nothing to do, no change set.
    let r = replay(vec![deployed_with_test_stage(), template(&template_json)]);
    let options = change_set_options().parameter(Some("Demo"), "Stage", "test");
    let report = r.toolkit().deploy(&assembly, &options).await.unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Unchanged { .. }))
    ));
    assert_eq!(r.actions(), ["DescribeStacks", "GetTemplate"]);

    // A new value: the same template is deployed with it (a parameter change is a change).
    let mut answers = vec![
        deployed_with_test_stage(),
        template(&template_json),
        deployed_with_test_stage(),
    ];
    answers.extend(update_through_a_change_set());
    let r = replay(answers);
    let options = change_set_options().parameter(None, "Stage", "prod");
    let report = r.toolkit().deploy(&assembly, &options).await.unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Deployed { .. }))
    ));
    assert_eq!(r.briefs()[0], "stack_planned Demo update");
    assert_eq!(
        sent_parameters(&r.bodies("CreateChangeSet")[0])[..2],
        [
            "Parameters.member.1.ParameterKey=Stage",
            "Parameters.member.1.ParameterValue=prod",
        ]
    );

    // A diff with a new value shows it; with the deployed value, no difference.
    let r = replay(vec![deployed_with_test_stage(), template(&template_json)]);
    let diff = r
        .toolkit()
        .diff(
            &assembly,
            &DiffOptions::default().parameters(
                cdk_toolkit::deploy::parameters::Parameters::parse(["Stage=prod"]).unwrap(),
            ),
        )
        .await
        .unwrap();
    assert!(diff.has_differences());
    assert!(diff.stacks[0].1.render().contains("[~] Stage: test → prod"));
}

/// A `MakeWriter` collecting everything `tracing` writes.
#[derive(Clone, Default)]
struct Collected(Arc<Mutex<Vec<u8>>>);

impl Write for Collected {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_hidden_value_is_in_the_request_only_never_in_events_errors_or_the_trace() {
    let trace = Collected::default();
    let writer = trace.clone();
    // Everything the toolkit traces, at its most verbose (-vv is debug).
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("cdk_toolkit=trace"))
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Created with a hidden value; CloudFormation refuses the change set. The engine is made
    // as the CLI makes it, so that its calls are traced.
    let http = replay_all(vec![
        missing(),
        missing(),
        change_set_created(),
        change_set("FAILED", &[]),
        ok("DeleteChangeSet", ""),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let toolkit = Toolkit::new(&sdk_config(&http))
        .on_event(move |e: &Event| record.lock().unwrap().push(e.clone()));
    let options = change_set_options()
        .parameter(None, "Stage", "test")
        .parameter(Some("Demo"), "Token", "hunter2");
    let debug = format!("{options:?}");
    let report = toolkit.deploy(&parameterized("1"), &options).await.unwrap();
    let error = report.failures().next().unwrap().1.to_string();
    let events: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + &format!("{e:?}"))
        .collect();
    let request = http
        .actual_requests()
        .map(|r| String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).to_string())
        .find(|b| b.contains("Action=CreateChangeSet"))
        .unwrap();
    assert!(
        request.contains("ParameterKey=Token&Parameters.member.2.ParameterValue=hunter2"),
        "{request}"
    );
    let trace = String::from_utf8(trace.0.lock().unwrap().clone()).unwrap();
    assert!(trace.contains("CreateChangeSet"), "{trace}");
    for (what, text) in [
        ("the options' Debug", &debug),
        ("the error", &error),
        ("the trace", &trace),
        ("the events", &events.join("\n")),
    ] {
        assert!(!text.contains("hunter2"), "{what}: {text}");
    }
    assert!(
        events[0].contains(
            "\"name\":\"Token\",\"source\":\"given\",\"no_echo\":true,\"value\":\"****\""
        ),
        "{}",
        events[0]
    );
}

#[tokio::test]
async fn parameter_refusals_come_before_any_write() {
    // A name no template declares: refused before any call.
    let r = replay(vec![]);
    let err = r
        .toolkit()
        .deploy(
            &parameterized("1"),
            &change_set_options().parameter(Some("Demo"), "Stge", "test"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ToolkitError::ParameterNotInTemplate { stack, parameter, .. } if stack == "Demo" && parameter == "Stge"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "stack Demo has no parameter Stge (its template declares Stage, Token, Size): check the name in --parameters Demo:Stge=..."
    );
    assert!(r.actions().is_empty(), "{:?}", r.actions());

    // Parameters without a Default, not given and not remembered (a new stack): refused after
    // reading the stack, before writing anything.
    let r = replay(vec![missing()]);
    let err = r
        .toolkit()
        .deploy(
            &parameterized("1"),
            &change_set_options().parameter(None, "Stage", "test"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "stack Demo: parameter Token has no value: the template gives it no Default and the stack has none from an earlier deploy; pass --parameters Demo:Token=VALUE. Nothing was changed"
    );
    assert_eq!(r.actions(), ["DescribeStacks"]);
    assert!(r.briefs().is_empty(), "nothing planned: {:?}", r.briefs());
}

const STS_NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

fn caller_identity(account: &str) -> (u16, String) {
    (
        200,
        format!(
            "<GetCallerIdentityResponse xmlns=\"{STS_NS}\"><GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/deployer</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>{account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
        ),
    )
}

/// A replaying HTTP client for a whole engine (`Toolkit::new`: CloudFormation, STS, ... in
/// every region), answering in order.
fn replay_all(responses: Vec<(u16, String)>) -> StaticReplayClient {
    StaticReplayClient::new(
        responses
            .into_iter()
            .map(|(status, body)| {
                ReplayEvent::new(
                    http::Request::builder()
                        .uri("https://replayed.amazonaws.com/")
                        .body(SdkBody::empty())
                        .unwrap(),
                    http::Response::builder()
                        .status(status)
                        .body(SdkBody::from(body))
                        .unwrap(),
                )
            })
            .collect(),
    )
}

/// Hosts and actions of the requests made.
fn calls(http: &StaticReplayClient) -> Vec<String> {
    http.actual_requests()
        .map(|r| {
            let body = String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).to_string();
            let action = body
                .split('&')
                .find_map(|kv| kv.strip_prefix("Action="))
                .unwrap_or("?")
                .to_string();
            let host = r.uri().split('/').nth(2).unwrap_or("?").to_string();
            format!("{host} {action}")
        })
        .collect()
}

/// Stacks East (us-east-1) and West (eu-west-1), each a topic, in `account`.
fn two_regions(account: &str) -> Assembly {
    let app = App::new();
    for (id, region) in [("East", "us-east-1"), ("West", "eu-west-1")] {
        let s = Stack::with_props(
            &app,
            id,
            StackProps::default().env(Environment::new(account, region)),
        )
        .unwrap();
        CfnResource::new(&s, "Topic", "AWS::SNS::Topic").unwrap();
    }
    Assembly::from(&app.synth().unwrap())
}

#[tokio::test]
async fn a_stack_pinned_to_another_account_is_refused_before_any_stack_call() {
    let http = replay_all(vec![caller_identity("123456789012")]);
    let toolkit = Toolkit::new(&sdk_config(&http));
    let err = toolkit
        .deploy(&two_regions("111111111111"), &change_set_options())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ToolkitError::WrongAccount { stack, account, credentials }
            if stack == "East" && account == "111111111111" && credentials == "123456789012"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "stack East is pinned to account 111111111111 (StackProps::env), but the credentials are for account 123456789012: use credentials of account 111111111111 (e.g. --profile), or change the stack's environment. Nothing was changed"
    );
    assert_eq!(
        calls(&http),
        ["sts.us-east-1.amazonaws.com GetCallerIdentity"]
    );
}

#[tokio::test]
async fn each_stack_is_read_in_its_own_region_and_the_account_is_asked_once() {
    let assembly = two_regions("123456789012");
    let east = assembly.stack("East").unwrap().template_json.clone();
    let west = assembly.stack("West").unwrap().template_json.clone();
    let http = replay_all(vec![
        caller_identity("123456789012"),
        stack("CREATE_COMPLETE", None, &[]),
        template(&east),
        stack("CREATE_COMPLETE", None, &[]),
        template(&west),
    ]);
    let toolkit = Toolkit::new(&sdk_config(&http));
    let diff = toolkit
        .diff(&assembly, &DiffOptions::default())
        .await
        .unwrap();
    assert!(!diff.has_differences());
    assert_eq!(
        calls(&http),
        [
            "sts.us-east-1.amazonaws.com GetCallerIdentity",
            "cloudformation.us-east-1.amazonaws.com DescribeStacks",
            "cloudformation.us-east-1.amazonaws.com GetTemplate",
            "cloudformation.eu-west-1.amazonaws.com DescribeStacks",
            "cloudformation.eu-west-1.amazonaws.com GetTemplate",
        ]
    );
    // The same engine does not ask STS again.
    assert_eq!(toolkit.credentials_account().await.unwrap(), "123456789012");
    assert_eq!(calls(&http).len(), 5);
}
