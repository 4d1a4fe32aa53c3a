//! `deploy --hotswap` on AWS-shaped replies (the SDK's test HTTP client): a change that cannot
//! be hotswapped refuses the deploy naming it, before any write; with `--hotswap-fallback` the
//! stack is deployed through CloudFormation instead; a value that cannot be resolved from the
//! deployed stack is not hotswapped; and a hotswap sends UpdateFunctionCode with the values
//! resolved from DescribeStackResources, then, remembered in the state file, nothing again.

mod common;

use aws_smithy_http_client::test_util::StaticReplayClient;
use cdk_toolkit::assembly::{Assembly, AssemblyStack};
use cdk_toolkit::deploy::{DeployMethod, DeployOptions, Outcome};
use cdk_toolkit::engine::events::StackOutcome;
use cdk_toolkit::engine::{Approval, Event, Toolkit};
use cdk_toolkit::hotswap::{HotswapMode, HotswapOptions};
use cdk_toolkit::ToolkitError;
use common::*;
use serde_json::{json, Value};

/// The Demo stack: one function whose code is an S3 object, with this key and timeout.
fn demo_template(key: &str, timeout: u32, environment: Value) -> Value {
    json!({
        "Resources": {
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {"S3Bucket": {"Fn::Sub": "assets-${AWS::Region}"}, "S3Key": key},
                    "Environment": {"Variables": environment},
                    "Handler": "bootstrap",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Runtime": "provided.al2023",
                    "Timeout": timeout
                }
            },
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}
        }
    })
}

fn assembly(template: &Value) -> Assembly {
    Assembly::new(vec![AssemblyStack::new(
        "Demo",
        "Demo",
        template.to_string(),
    )])
}

fn options(mode: HotswapMode, state: Option<std::path::PathBuf>) -> DeployOptions {
    DeployOptions::default()
        .method(DeployMethod::Direct)
        .approval(Approval::Approve)
        .hotswap(HotswapOptions::new(mode, state))
}

fn resources() -> (u16, String) {
    let member = |id: &str, physical: &str, ty: &str| {
        format!("<member><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><LogicalResourceId>{id}</LogicalResourceId><PhysicalResourceId>{physical}</PhysicalResourceId><ResourceType>{ty}</ResourceType><Timestamp>2026-11-27T10:00:00.000Z</Timestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>")
    };
    ok(
        "DescribeStackResources",
        &format!(
            "<StackResources>{}{}</StackResources>",
            member("Fn", "Demo-Fn-1a2b3c", "AWS::Lambda::Function"),
            member("Role", "Demo-Role-4d5e6f", "AWS::IAM::Role")
        ),
    )
}

fn lambda(status: &str) -> (u16, String) {
    (
        200,
        json!({"FunctionName": "Demo-Fn-1a2b3c", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:Demo-Fn-1a2b3c", "LastUpdateStatus": status, "State": "Active"}).to_string(),
    )
}

#[tokio::test]
async fn a_change_that_cannot_be_hotswapped_refuses_the_deploy_naming_it_before_any_write() {
    let deployed = demo_template("a.zip", 3, json!({"MODE": "x"}));
    let new = demo_template("b.zip", 30, json!({"MODE": "x"}));
    let r = replay(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
    ]);
    let err = r
        .toolkit()
        .deploy(&assembly(&new), &options(HotswapMode::Hotswap, None))
        .await
        .unwrap_err();
    let ToolkitError::HotswapRefused { stacks } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(stacks.len(), 1);
    assert_eq!(stacks[0].stack, "Demo");
    let named: Vec<String> = stacks[0].changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        named,
        ["AWS::Lambda::Function Fn: Timeout: only Code, Environment and Description of a AWS::Lambda::Function can be hotswapped"]
    );
    let message = err.to_string();
    assert!(
        message.starts_with("--hotswap cannot make every change, so nothing was changed"),
        "{message}"
    );
    assert!(message.contains("--hotswap-fallback"), "{message}");
    assert_eq!(r.actions(), ["DescribeStacks", "GetTemplate"], "no write");
    assert!(r.briefs().is_empty(), "{:?}", r.briefs());
}

#[tokio::test]
async fn with_fallback_the_stack_is_deployed_through_cloudformation_saying_why() {
    let deployed = demo_template("a.zip", 3, json!({"MODE": "x"}));
    let new = demo_template("b.zip", 30, json!({"MODE": "x"}));
    let done = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&done),
        ok("UpdateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&done),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&done),
    ]);
    let seen = r.events.clone();
    let report = r
        .toolkit()
        .deploy(&assembly(&new), &options(HotswapMode::Fallback, None))
        .await
        .unwrap();
    assert!(
        report.is_success(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Deployed { .. }))
    ));
    assert!(
        r.actions().contains(&"UpdateStack".to_string()),
        "{:?}",
        r.actions()
    );
    let briefs = r.briefs();
    assert_eq!(briefs[0], "hotswap_fallback Demo", "{briefs:?}");
    assert!(
        briefs.contains(&"stack_finished Demo deployed UPDATE_COMPLETE".to_string()),
        "{briefs:?}"
    );
    let fallback = seen
        .lock()
        .unwrap()
        .iter()
        .find_map(|e| match e {
            Event::HotswapFallback(f) => Some(f.changes.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(fallback.len(), 1);
    assert_eq!(fallback[0].change, "Timeout");
    assert_eq!(fallback[0].logical_id.as_deref(), Some("Fn"));
}

#[tokio::test]
async fn a_new_stack_cannot_be_hotswapped_and_falls_back_to_a_create() {
    let new = demo_template("b.zip", 3, json!({}));
    let r = replay(vec![missing()]);
    let err = r
        .toolkit()
        .deploy(&assembly(&new), &options(HotswapMode::Hotswap, None))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "stack Demo:\n    stack: the stack is not deployed yet: CloudFormation creates it"
        ),
        "{err}"
    );
    assert_eq!(r.actions(), ["DescribeStacks"]);
}

#[tokio::test]
async fn a_value_that_cannot_be_resolved_from_the_deployed_stack_is_not_hotswapped() {
    let deployed = demo_template("a.zip", 3, json!({"MODE": "x"}));
    // The role's RoleId: no deployed output holds it, and its form is not documented.
    let new = demo_template(
        "a.zip",
        3,
        json!({"MODE": "x", "ROLE": {"Fn::GetAtt": ["Role", "RoleId"]}}),
    );
    let r = replay(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
        resources(),
    ]);
    let err = r
        .toolkit()
        .deploy(&assembly(&new), &options(HotswapMode::Hotswap, None))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("AWS::Lambda::Function Fn: Environment: its new value {\"Fn::GetAtt\":[\"Role\",\"RoleId\"]} cannot be resolved: the toolkit does not know how to find the RoleId of a AWS::IAM::Role"),
        "{text}"
    );
    assert_eq!(
        r.actions(),
        ["DescribeStacks", "GetTemplate", "DescribeStackResources"]
    );
}

/// The engine with every client on one replaying HTTP client (CloudFormation's XML, Lambda's
/// JSON), recording its events.
fn engine(
    http: &StaticReplayClient,
    seen: std::sync::Arc<std::sync::Mutex<Vec<Event>>>,
) -> Toolkit {
    Toolkit::new(&sdk_config(http)).on_event(move |e| seen.lock().unwrap().push(e.clone()))
}

#[tokio::test]
async fn a_hotswap_sends_the_resolved_code_once_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir
        .path()
        .join("cdk.out")
        .join(cdk_toolkit::hotswap::STATE_FILE);
    let deployed = demo_template("a.zip", 3, json!({"MODE": "x"}));
    let new = demo_template("b.zip", 3, json!({"MODE": "x"}));
    let http = StaticReplayClient::new(replay_events(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
        resources(),
        lambda("InProgress"),
        lambda("InProgress"),
        lambda("Successful"),
    ]));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let report = engine(&http, seen.clone())
        .deploy(
            &assembly(&new),
            &options(HotswapMode::Hotswap, Some(state.clone())),
        )
        .await
        .unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Hotswapped { .. }))
    ));
    let requests: Vec<(String, String)> = http
        .actual_requests()
        .map(|r| {
            (
                r.uri().to_string(),
                String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).to_string(),
            )
        })
        .collect();
    assert_eq!(requests.len(), 6, "{requests:#?}");
    let (uri, body) = &requests[3];
    assert!(
        uri.ends_with("/2015-03-31/functions/Demo-Fn-1a2b3c/code"),
        "UpdateFunctionCode of the function's physical name: {uri}"
    );
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        json!({"S3Bucket": "assets-us-east-1", "S3Key": "b.zip"})
    );
    assert!(
        requests[4]
            .0
            .ends_with("/functions/Demo-Fn-1a2b3c/configuration"),
        "{requests:#?}"
    );
    let events = seen.lock().unwrap().clone();
    let kinds: Vec<&str> = events.iter().map(Event::kind).collect();
    assert_eq!(
        kinds,
        [
            "hotswap_planned",
            "hotswap_applied",
            "stack_finished",
            "summary"
        ]
    );
    let Event::HotswapApplied(applied) = &events[1] else {
        unreachable!()
    };
    assert_eq!(applied.operations, ["UpdateFunctionCode"]);
    assert_eq!(applied.physical_id, "Demo-Fn-1a2b3c");
    let Event::StackFinished(finished) = &events[2] else {
        unreachable!()
    };
    assert!(
        matches!(&finished.outcome, StackOutcome::Hotswapped { resources, .. } if resources == &["Fn".to_string()])
    );
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let key = "123456789012/us-east-1/Demo";
    assert_eq!(
        recorded["stacks"][key]["resources"]["Fn"]["Code"]["S3Key"],
        "b.zip"
    );
    assert_eq!(recorded["stacks"][key]["stack_id"], STACK_ID);

    // The same again: the state file says b.zip was sent; nothing is sent, nothing resolved.
    let http = StaticReplayClient::new(replay_events(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
    ]));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    engine(&http, seen.clone())
        .deploy(
            &assembly(&new),
            &options(HotswapMode::Hotswap, Some(state.clone())),
        )
        .await
        .unwrap();
    assert_eq!(http.actual_requests().count(), 2);
    let events = seen.lock().unwrap().clone();
    let Event::HotswapPlanned(planned) = &events[0] else {
        panic!("{events:?}")
    };
    assert!(planned.resources.is_empty());
    assert_eq!(planned.already[0].logical_id, "Fn");
    assert_eq!(planned.already[0].properties, ["Code"]);

    // Only the environment changes now: only UpdateFunctionConfiguration is sent.
    let newer = demo_template("b.zip", 3, json!({"MODE": "y"}));
    let http = StaticReplayClient::new(replay_events(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&deployed.to_string()),
        resources(),
        lambda("InProgress"),
        lambda("Successful"),
    ]));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    engine(&http, seen.clone())
        .deploy(
            &assembly(&newer),
            &options(HotswapMode::Hotswap, Some(state)),
        )
        .await
        .unwrap();
    let requests: Vec<(String, String)> = http
        .actual_requests()
        .map(|r| {
            (
                r.uri().to_string(),
                String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).to_string(),
            )
        })
        .collect();
    assert!(
        requests[3]
            .0
            .ends_with("/functions/Demo-Fn-1a2b3c/configuration"),
        "{requests:#?}"
    );
    let body: Value = serde_json::from_str(&requests[3].1).unwrap();
    assert_eq!(body, json!({"Environment": {"Variables": {"MODE": "y"}}}));
}
