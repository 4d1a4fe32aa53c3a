//! Stacks with an environment: recorded in the cloud assembly, checked, and kept from
//! referencing stacks of another environment.

use cdk_core::{App, CfnOutput, CfnResource, Environment, Node, Stack, StackProps};

#[test]
fn the_manifest_records_each_stacks_environment_and_messages() {
    let app = App::new();
    let east = Stack::with_props(
        &app,
        "East",
        StackProps::default().env(Environment::new("123456789012", "us-east-1")),
    )
    .unwrap();
    let any = Stack::new(&app, "Anywhere").unwrap();
    CfnResource::new(&east, "Topic", "AWS::SNS::Topic").unwrap();
    CfnResource::new(&any, "Topic", "AWS::SNS::Topic").unwrap();
    Node::new(&east, "Old").unwrap().add_warning("replace me");
    let assembly = app.synth().unwrap();
    let manifest = assembly.manifest();
    assert_eq!(
        manifest["artifacts"]["East"]["environment"],
        "aws://123456789012/us-east-1"
    );
    assert_eq!(
        manifest["artifacts"]["Anywhere"]["environment"],
        "aws://unknown-account/unknown-region"
    );
    assert_eq!(
        manifest["artifacts"]["East"]["metadata"]["/East/Old"],
        serde_json::json!([{"type": "aws:cdk:warning", "data": "replace me"}])
    );
    assert_eq!(
        assembly
            .stack("East")
            .unwrap()
            .environment
            .region
            .as_deref(),
        Some("us-east-1")
    );
}

#[test]
fn references_across_environments_fail_naming_both_stacks() {
    let app = App::new();
    let east = Stack::with_props(
        &app,
        "East",
        StackProps::default().env(Environment::region("us-east-1")),
    )
    .unwrap();
    let west = Stack::with_props(
        &app,
        "West",
        StackProps::default().env(Environment::region("us-west-2")),
    )
    .unwrap();
    let same = Stack::with_props(
        &app,
        "East2",
        StackProps::default().env(Environment::region("us-east-1")),
    )
    .unwrap();
    let topic = CfnResource::new(&east, "Topic", "AWS::SNS::Topic").unwrap();
    let sub = CfnResource::new(&west, "Sub", "AWS::SNS::Subscription").unwrap();
    sub.set_property("TopicArn", topic.reference());
    CfnOutput::new(&same, "Arn", topic.reference()).unwrap();
    CfnResource::new(&same, "Queue", "AWS::SQS::Queue").unwrap();
    let err = app.synth().unwrap_err().to_string();
    assert!(
        err.contains("[West/Sub] stack 'West' (aws://unknown-account/us-west-2) references 'East/Topic' of stack 'East' (aws://unknown-account/us-east-1): stacks in different environments cannot reference each other"),
        "{err}"
    );
    assert!(!err.contains("East2"), "same environment is fine: {err}");
}

#[test]
fn invalid_environments_are_refused_at_construction() {
    let app = App::new();
    let err = Stack::with_props(
        &app,
        "S",
        StackProps::default().env(Environment::new("1", "mars-1")),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("S: invalid environment: account \"1\" is not a 12-digit AWS account id"),
        "{err}"
    );
    let err = Stack::with_props(
        &app,
        "T",
        StackProps::default().env(Environment::region("not-a-region")),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("\"not-a-region\" is not an AWS region name"),
        "{err}"
    );
}
