//! A program deploys an assembly with the library alone: synthesized and written once, read
//! back from its directory, deployed, compared and destroyed by the engine against the local
//! emulator, observing every event through a channel.

use cdk_core::{App, CfnOutput, CfnResource, Stack};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::deploy::DeployOptions;
use cdk_toolkit::engine::events::StackOutcome;
use cdk_toolkit::engine::{Approval, DestroyOptions, DiffOptions, Event, Events, Toolkit};
use test_harness::LocalAws;

/// Two stacks: a topic, and a parameter holding its ARN (a cross-stack reference).
fn written(dir: &std::path::Path) {
    let app = App::new();
    let producer = Stack::new(&app, "Producer").unwrap();
    let topic = CfnResource::new(&producer, "Topic", "AWS::SNS::Topic").unwrap();
    topic.set_property("DisplayName", "engine");
    let consumer = Stack::new(&app, "Consumer").unwrap();
    let parameter = CfnResource::new(&consumer, "TopicArn", "AWS::SSM::Parameter").unwrap();
    parameter.set_property("Name", "/engine/topic-arn");
    parameter.set_property("Type", "String");
    parameter.set_property("Value", topic.reference());
    CfnOutput::new(&consumer, "ParameterName", parameter.reference()).unwrap();
    app.synth().unwrap().write_to(dir).unwrap();
}

fn drain(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Event>) -> Vec<Event> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

fn kinds(events: &[Event], stack: &str) -> Vec<&'static str> {
    events
        .iter()
        .filter(|e| e.stack() == Some(stack))
        .map(Event::kind)
        .filter(|k| *k != "resource_event")
        .collect()
}

#[tokio::test]
async fn an_assembly_read_from_disk_is_deployed_diffed_and_destroyed_by_the_engine() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    written(dir.path());
    let assembly = Assembly::read(dir.path()).unwrap();

    let (events, mut rx) = Events::channel();
    let toolkit = Toolkit::new(&aws.sdk_config().await).events(events);
    let report = toolkit
        .deploy(
            &assembly,
            &DeployOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    assert_eq!(
        report.outputs()["Consumer"]["ParameterName"],
        "/engine/topic-arn"
    );
    let seen = drain(&mut rx);
    for stack in ["Producer", "Consumer"] {
        assert_eq!(
            kinds(&seen, stack),
            [
                "stack_planned",
                "stack_started",
                "change_set_creating",
                "change_set_created",
                "operation_started",
                "stack_finished"
            ],
            "{stack}"
        );
    }
    let producer_done = seen
        .iter()
        .position(|e| matches!(e, Event::StackFinished(f) if f.stack == "Producer"))
        .unwrap();
    let consumer_started = seen
        .iter()
        .position(|e| matches!(e, Event::StackStarted(s) if s.stack == "Consumer"))
        .unwrap();
    assert!(producer_done < consumer_started, "dependency order");
    assert!(seen.iter().any(|e| matches!(e,
        Event::ResourceEvent(r) if r.stack == "Consumer" && r.event.status.is_finished())));
    assert!(matches!(seen.last(), Some(Event::Summary(_))));

    // What is deployed is the assembly: no differences.
    let diff = toolkit
        .diff(&assembly, &DiffOptions::default())
        .await
        .unwrap();
    assert!(!diff.has_differences());
    assert_eq!(
        drain(&mut rx)
            .iter()
            .filter(|e| e.kind() == "stack_diffed")
            .count(),
        2
    );

    let report = toolkit
        .destroy(
            &assembly,
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    let order: Vec<&str> = report.stacks.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(order, ["Consumer", "Producer"], "dependents first");
    let seen = drain(&mut rx);
    assert!(seen.iter().any(|e| matches!(e,
        Event::StackFinished(f) if f.stack == "Producer" && matches!(f.outcome, StackOutcome::Destroyed { .. }))));
    assert!(toolkit.cfn().describe("Producer").await.unwrap().is_none());
}

/// A table kept by a destroy whose name is made of the region (`Fn::Sub`) is found again by
/// `destroy --include-data` (the region is known without asking AWS), counted and deleted.
#[tokio::test]
async fn a_kept_table_named_after_the_region_is_found_and_deleted_by_include_data() {
    use cdk_toolkit::destroy_data::{retained_stores, DataClients};
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let app = App::new();
    let stack = Stack::new(&app, "Kept").unwrap();
    let table = CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table").unwrap();
    table.set_property(
        "TableName",
        cdk_core::Expr::sub(
            "tweets-${AWS::Region}",
            Vec::<(String, cdk_core::Expr)>::new(),
        ),
    );
    table.set_property("BillingMode", "PAY_PER_REQUEST");
    table.set_property(
        "AttributeDefinitions",
        serde_json::json!([{"AttributeName": "id", "AttributeType": "S"}]),
    );
    table.set_property(
        "KeySchema",
        serde_json::json!([{"AttributeName": "id", "KeyType": "HASH"}]),
    );
    table.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    let assembly = Assembly::from(&app.synth().unwrap());
    let toolkit = Toolkit::new(&config);
    let approve = DeployOptions::default().approval(Approval::Approve);
    toolkit.deploy(&assembly, &approve).await.unwrap();
    let destroy = DestroyOptions::default().approval(Approval::Approve);
    toolkit.destroy(&assembly, &destroy).await.unwrap();

    // The stack is gone, its table kept: found by the name the template gives it.
    let stacks: Vec<_> = assembly.stacks().iter().collect();
    let found = retained_stores(toolkit.cfn(), &DataClients::new(&config), &stacks)
        .await
        .unwrap();
    let names: Vec<(&str, bool)> = found
        .stores
        .iter()
        .map(|s| (s.name.as_str(), s.orphaned))
        .collect();
    assert_eq!(names, [("tweets-us-east-1", true)], "{found:?}");
    assert!(found.unfound.is_empty(), "{found:?}");

    toolkit
        .destroy(&assembly, &destroy.clone().include_data(true))
        .await
        .unwrap();
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let tables = dynamodb.list_tables().send().await.unwrap();
    assert!(tables.table_names().is_empty(), "{tables:?}");
}
