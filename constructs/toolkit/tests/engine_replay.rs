//! The engine as a library caller sees it, on replayed AWS answers: the events of a deploy
//! through a change set (as a callback and as a stream), termination protection applied on
//! create, update and when nothing else changes, a protected stack that destroy refuses,
//! approval through a callback and a policy, the data guard, a failed dependency, and typed
//! AWS errors.

mod common;

use std::sync::{Arc, Mutex};

use cdk_core::{App, CfnResource, Expr, Stack};
use cdk_toolkit::assembly::{Assembly, AssemblyStack};
use cdk_toolkit::cfn::Cfn;
use cdk_toolkit::deploy::{DeployMethod, DeployOptions, Outcome};
use cdk_toolkit::engine::{Approval, ApprovalRequest, Decision, DestroyOptions, Events, Toolkit};
use cdk_toolkit::{AwsErrorKind, ToolkitError};
use common::*;

fn approved() -> DeployOptions {
    DeployOptions::default().approval(Approval::Approve)
}

fn created<'a>() -> Vec<Ev<'a>> {
    vec![
        demo("c3", "CREATE_COMPLETE"),
        ("c2", "Table", "AWS::DynamoDB::Table", "CREATE_COMPLETE", ""),
        demo("c1", "CREATE_IN_PROGRESS"),
        demo("r1", "REVIEW_IN_PROGRESS"),
    ]
}

/// The answers to a first deploy of Demo through a change set, up to its final status.
fn create_through_change_set(protected_after: bool) -> Vec<(u16, String)> {
    vec![
        missing(),
        missing(),
        change_set_created(),
        change_set(
            "CREATE_COMPLETE",
            &[("Add", "Table", "AWS::DynamoDB::Table")],
        ),
        events(&[demo("r1", "REVIEW_IN_PROGRESS")]),
        ok("ExecuteChangeSet", ""),
        events(&created()),
        stack_with(
            "CREATE_COMPLETE",
            None,
            &[("TableName", "tweets")],
            protected_after,
        ),
        events(&created()),
    ]
}

#[tokio::test]
async fn a_change_set_deploy_reports_each_step_and_turns_termination_protection_on() {
    let mut answers = create_through_change_set(false);
    answers.push(ok(
        "UpdateTerminationProtection",
        &format!("<StackId>{STACK_ID}</StackId>"),
    ));
    let r = replay(answers);
    let report = r
        .toolkit()
        .deploy(&demo_assembly_with("tweets", true), &approved())
        .await
        .unwrap();
    assert!(report.is_success());
    assert_eq!(report.outputs()["Demo"]["TableName"], "tweets");
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo create",
            "stack_started Demo 1/1",
            "change_set_creating Demo new",
            "change_set_created Demo Add:Table",
            "operation_started Demo execute_change_set",
            "resource_event Demo Demo CREATE_IN_PROGRESS",
            "resource_event Demo Table CREATE_COMPLETE",
            "resource_event Demo Demo CREATE_COMPLETE",
            "termination_protection Demo true",
            "stack_finished Demo deployed CREATE_COMPLETE",
            "summary -",
        ]
    );
    // CreateChangeSet cannot set termination protection: it is turned on once created.
    let update = r.bodies("UpdateTerminationProtection");
    assert_eq!(update.len(), 1);
    assert!(
        update[0].contains("EnableTerminationProtection=true")
            && update[0].contains("StackName=Demo"),
        "{}",
        update[0]
    );
    assert_eq!(report.summary.writes, 3, "create, execute, protection");
}

#[tokio::test]
async fn events_can_be_read_as_a_stream() {
    let r = replay(create_through_change_set(false));
    let (events, mut rx) = Events::channel();
    let toolkit = Toolkit::from_cfn(r.cfn.clone()).events(events);
    let deploy = tokio::spawn(async move {
        toolkit
            .deploy(&demo_assembly("tweets"), &approved())
            .await
            .map(|report| report.is_success())
    });
    let mut kinds = Vec::new();
    while let Some(event) = rx.recv().await {
        kinds.push(event.kind());
    }
    assert!(deploy.await.unwrap().unwrap());
    assert_eq!(kinds.first(), Some(&"stack_planned"));
    assert_eq!(kinds.last(), Some(&"summary"));
    assert_eq!(kinds.iter().filter(|k| **k == "resource_event").count(), 3);
}

#[tokio::test]
async fn a_direct_create_asks_for_termination_protection_itself() {
    let created = created();
    let r = replay(vec![
        missing(),
        missing(),
        missing(),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&created),
        stack_with("CREATE_COMPLETE", None, &[], true),
        events(&created),
    ]);
    let options = approved().method(DeployMethod::Direct);
    let report = r
        .toolkit()
        .deploy(&demo_assembly_with("tweets", true), &options)
        .await
        .unwrap();
    assert!(report.is_success());
    let create = r.bodies("CreateStack");
    assert!(
        create[0].contains("EnableTerminationProtection=true"),
        "{}",
        create[0]
    );
    assert!(
        r.bodies("UpdateTerminationProtection").is_empty(),
        "already on: {:?}",
        r.actions()
    );
}

#[tokio::test]
async fn an_unchanged_stack_still_gets_the_termination_protection_the_app_asks() {
    let assembly = demo_assembly_with("tweets", false);
    let r = replay(vec![
        stack_with("UPDATE_COMPLETE", None, &[], true),
        template(&assembly.stacks()[0].template_json),
        ok(
            "UpdateTerminationProtection",
            &format!("<StackId>{STACK_ID}</StackId>"),
        ),
    ]);
    let report = r.toolkit().deploy(&assembly, &approved()).await.unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Unchanged { .. }))
    ));
    assert_eq!(
        r.actions(),
        [
            "DescribeStacks",
            "GetTemplate",
            "UpdateTerminationProtection"
        ]
    );
    assert!(
        r.bodies("UpdateTerminationProtection")[0].contains("EnableTerminationProtection=false")
    );
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo skip",
            "stack_started Demo 1/1",
            "termination_protection Demo false",
            "stack_finished Demo unchanged same_template",
            "summary -",
        ]
    );
}

#[tokio::test]
async fn destroy_refuses_a_protected_stack_and_deletes_nothing() {
    let r = replay(vec![stack_with("CREATE_COMPLETE", None, &[], true)]);
    let err = r
        .toolkit()
        .destroy(
            &demo_assembly("tweets"),
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ToolkitError::TerminationProtected { stacks } if stacks == &["Demo"]),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("stack Demo has termination protection, so nothing was destroyed"),
        "{err}"
    );
    assert_eq!(r.actions(), ["DescribeStacks"], "no DeleteStack");
    assert!(r.briefs().is_empty());
}

#[tokio::test]
async fn destroy_refuses_a_stack_whose_export_another_stack_imports_naming_it() {
    // `destroy -e Demo` while Bot (not destroyed) imports Demo's table name: CloudFormation
    // would refuse to delete the export, after deleting what it could. ListImports is asked
    // first, and nothing is deleted.
    let export = "Demo:ExportsOutputRefTable";
    let r = replay(vec![
        stack_exporting(
            "Demo",
            "CREATE_COMPLETE",
            &[("ExportsOutputRefTable", "tweets", export)],
            "2026-11-27T10:00:00.000Z",
        ),
        imports(&["Bot"]),
    ]);
    let err = r
        .toolkit()
        .destroy(
            &demo_assembly("tweets"),
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap_err();
    let ToolkitError::ExportsInUse { uses } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        uses,
        &[cdk_toolkit::ExportInUse {
            stack: "Demo".into(),
            export: export.into(),
            importers: vec!["Bot".into()],
        }]
    );
    assert_eq!(
        err.to_string(),
        "stack Demo exports values that other stacks import, so nothing was destroyed (CloudFormation refuses to delete an export in use):\n  Demo:ExportsOutputRefTable (from Demo) is imported by Bot\nDestroy Bot first, or deploy it without the references; destroy without --exclusively also takes the stacks of this app that depend on those named"
    );
    assert_eq!(
        r.actions(),
        ["DescribeStacks", "ListImports"],
        "no DeleteStack"
    );
    assert!(r.bodies("ListImports")[0].contains("ExportName=Demo%3AExportsOutputRefTable"));
    assert!(r.briefs().is_empty());
}

#[tokio::test]
async fn an_export_no_stack_imports_does_not_stop_destroy() {
    let assembly = demo_assembly("tweets");
    let export = "Demo:ExportsOutputRefTable";
    let exporting = || {
        stack_exporting(
            "Demo",
            "CREATE_COMPLETE",
            &[("ExportsOutputRefTable", "tweets", export)],
            "2026-11-27T10:00:00.000Z",
        )
    };
    let deleted = [
        demo("d2", "DELETE_COMPLETE"),
        demo("d1", "DELETE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        exporting(),
        not_imported(export),
        exporting(),
        template(&assembly.stacks()[0].template_json),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        ok("DeleteStack", ""),
        events(&deleted),
        missing(),
        events(&deleted),
    ]);
    let report = r
        .toolkit()
        .destroy(
            &assembly,
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    assert_eq!(report.stacks.len(), 1);
    assert!(r.actions().contains(&"DeleteStack".to_string()));
}

#[tokio::test]
async fn destroy_reports_each_step() {
    let assembly = demo_assembly("tweets");
    let deleted = [
        demo("d2", "DELETE_COMPLETE"),
        demo("d1", "DELETE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        stack("CREATE_COMPLETE", None, &[]),
        template(&assembly.stacks()[0].template_json),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        ok("DeleteStack", ""),
        events(&deleted),
        missing(),
        events(&deleted),
    ]);
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&asked);
    let approval = Approval::ask(move |request| {
        if let ApprovalRequest::Destroy { stacks, .. } = request {
            seen.lock().unwrap().extend(stacks.iter().cloned());
        }
        Decision::Approve
    });
    let report = r
        .toolkit()
        .destroy(&assembly, &DestroyOptions::default().approval(approval))
        .await
        .unwrap();
    assert_eq!(*asked.lock().unwrap(), ["Demo"]);
    assert_eq!(report.stacks.len(), 1);
    assert_eq!(
        r.briefs(),
        [
            "stack_started Demo 1/1",
            "operation_started Demo delete_stack",
            "resource_event Demo Demo DELETE_IN_PROGRESS",
            "resource_event Demo Demo DELETE_COMPLETE",
            "stack_finished Demo destroyed",
            "summary -",
        ]
    );
}

/// Demo with a role: a new stack whose IAM changes widen access.
fn with_role() -> Assembly {
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let role = CfnResource::new(&s, "Role", "AWS::IAM::Role").unwrap();
    role.set_property(
        "AssumeRolePolicyDocument",
        Expr::from(
            serde_json::json!({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"}}]}),
        ),
    );
    Assembly::from(&app.synth().unwrap())
}

#[tokio::test]
async fn iam_changes_wait_for_approval_and_a_refusal_changes_nothing() {
    let r = replay(vec![missing()]);
    let asked = Arc::new(Mutex::new(0));
    let count = Arc::clone(&asked);
    let approval = Approval::ask(move |request| {
        let ApprovalRequest::IamChanges { stacks, .. } = request else {
            return Decision::Approve;
        };
        *count.lock().unwrap() += stacks.len();
        assert!(stacks[0].iam.is_broadening());
        Decision::Refuse("not these".into())
    });
    let err = r
        .toolkit()
        .deploy(&with_role(), &DeployOptions::default().approval(approval))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ToolkitError::ApprovalRefused { reason } if reason == "not these"),
        "{err:?}"
    );
    assert_eq!(*asked.lock().unwrap(), 1);
    assert_eq!(r.actions(), ["DescribeStacks"], "nothing was written");
    assert_eq!(
        r.briefs(),
        ["stack_planned Demo create iam+", "approval_needed -"]
    );

    // The default policy refuses too, saying so.
    let r = replay(vec![missing()]);
    let err = r
        .toolkit()
        .deploy(&with_role(), &DeployOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("the approval policy refuses them"),
        "{err}"
    );
}

#[tokio::test]
async fn the_data_guard_refuses_before_any_write() {
    let before = demo_assembly("tweets");
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        template(&before.stacks()[0].template_json),
    ]);
    let err = r
        .toolkit()
        .deploy(&demo_assembly("tweets-v2"), &approved())
        .await
        .unwrap_err();
    let ToolkitError::DataLossRefused { refusals } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refusals[0].stack, "Demo");
    assert_eq!(refusals[0].losses[0].logical_id, "Table");
    assert!(
        err.to_string()
            .contains("Table (AWS::DynamoDB::Table): TableName changes, which replaces it (tweets → tweets-v2)"),
        "{err}"
    );
    assert_eq!(r.actions(), ["DescribeStacks", "GetTemplate"]);
    // An allowance lets the plan through to the deploy.
    let options = approved()
        .method(DeployMethod::Direct)
        .allow_replacement("Table");
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        template(&before.stacks()[0].template_json),
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
    ]);
    let report = r
        .toolkit()
        .deploy(&demo_assembly("tweets-v2"), &options)
        .await
        .unwrap();
    let err = report.failures().next().unwrap().1;
    assert_eq!(err.aws_kind(), Some(&AwsErrorKind::Throttled), "{err}");
}

#[tokio::test]
async fn a_stack_whose_dependency_failed_is_not_started() {
    let table = demo_assembly("x").stacks()[0].template_json.clone();
    let data = AssemblyStack::new("Data", "Data", table.clone());
    let mut bot = AssemblyStack::new("Bot", "Bot", table);
    bot.dependencies = vec!["Data".into()];
    let assembly = Assembly::new(vec![bot, data]);
    let history = [
        demo("e3", "ROLLBACK_COMPLETE"),
        (
            "e2",
            "Table",
            "AWS::DynamoDB::Table",
            "CREATE_FAILED",
            "bad name",
        ),
        demo("e1", "CREATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        missing(),
        missing(),
        missing(),
        missing(),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&history),
        stack("ROLLBACK_COMPLETE", None, &[]),
        events(&history),
    ]);
    let report = r
        .toolkit()
        .deploy(
            &assembly,
            &approved().method(DeployMethod::Direct).concurrency(4),
        )
        .await
        .unwrap();
    assert!(!report.is_success());
    let failures: Vec<(&str, String)> =
        report.failures().map(|(s, e)| (s, e.to_string())).collect();
    assert_eq!(failures[0].0, "Data");
    assert!(failures[0].1.contains("Table CREATE_FAILED: bad name"));
    assert_eq!(
        failures[1],
        (
            "Bot",
            "not deployed: it depends on Data, which failed".to_string()
        )
    );
    let briefs = r.briefs();
    assert_eq!(
        briefs[..3],
        [
            "stack_planned Data create",
            "stack_planned Bot create",
            "stack_started Data 1/2"
        ]
    );
    assert!(briefs.contains(&"stack_failed Data Table CREATE_FAILED".to_string()));
    assert!(briefs.contains(&"stack_skipped Bot after Data".to_string()));
    assert!(!briefs.contains(&"stack_started Bot 2/2".to_string()));
    assert_eq!(r.bodies("CreateStack").len(), 1, "Bot was never created");
}

#[tokio::test]
async fn an_endpoint_that_does_not_answer_is_an_unreachable_error() {
    let port = test_harness::free_port();
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new("a", "b", None, None, "test"),
            ),
        )
        .retry_config(
            aws_config::retry::RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build();
    let toolkit = Toolkit::from_cfn(Cfn::new(&config));
    let err = toolkit
        .plan(&demo_assembly("tweets").stacks()[0])
        .await
        .unwrap_err();
    assert_eq!(err.aws_kind(), Some(&AwsErrorKind::Unreachable), "{err}");
    assert!(
        err.to_string()
            .starts_with("describing stack Demo: cannot reach the AWS endpoint"),
        "{err}"
    );
}

/// Producer's topic, and Consumer's parameter holding its ARN through an import (or not).
fn producer_and_consumer(referenced: bool) -> Assembly {
    let app = App::new();
    let producer = Stack::new(&app, "Producer").unwrap();
    let topic = CfnResource::new(&producer, "Topic", "AWS::SNS::Topic").unwrap();
    topic.set_property("DisplayName", "deadlock");
    let consumer = Stack::new(&app, "Consumer").unwrap();
    let parameter = CfnResource::new(&consumer, "TopicArn", "AWS::SSM::Parameter").unwrap();
    parameter.set_property("Type", "String");
    if referenced {
        parameter.set_property("Value", topic.reference());
    } else {
        parameter.set_property("Value", "no topic");
    }
    Assembly::from(&app.synth().unwrap())
}

#[tokio::test]
async fn the_export_deadlock_is_avoided_keeping_the_export_until_its_importer_is_deployed() {
    // AWS refuses to update Producer without the export while Consumer imports it (aws-cdk
    // issue 7602). Consumer stops using it: Producer is deployed first with the export kept
    // (its deployed value, as a literal), then Consumer, then Producer again without it.
    let before = producer_and_consumer(true);
    let after = producer_and_consumer(false);
    let json = |a: &Assembly, name: &str| a.stack(name).unwrap().template_json.clone();
    let export = "Producer:ExportsOutputRefTopic0BA24558";
    assert!(
        json(&before, "Producer").contains(export),
        "{}",
        json(&before, "Producer")
    );
    let arn = "arn:aws:sns:us-east-1:123456789012:Producer-Topic-1";
    let created = "2026-11-27T10:00:00.000Z";
    let producer = |status: &str| {
        stack_exporting(
            "Producer",
            status,
            &[("ExportsOutputRefTopic0BA24558", arn, export)],
            created,
        )
    };
    let consumer = |status: &str| stack_exporting("Consumer", status, &[], created);
    let done = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    let update = |name: &str| ok("UpdateStack", &format!("<StackId>{name}</StackId>"));
    let r = replay(vec![
        // planning, then ListImports of the export Producer's new template drops
        producer("CREATE_COMPLETE"),
        template(&json(&before, "Producer")),
        consumer("CREATE_COMPLETE"),
        template(&json(&before, "Consumer")),
        imports(&["Consumer"]),
        // Producer, with the export kept
        producer("CREATE_COMPLETE"),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        update("Producer"),
        events(&done),
        producer("UPDATE_COMPLETE"),
        events(&done),
        // Consumer, without the import
        consumer("CREATE_COMPLETE"),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        update("Consumer"),
        events(&done),
        consumer("UPDATE_COMPLETE"),
        events(&done),
        // Producer again, with its own template: the export goes
        producer("UPDATE_COMPLETE"),
        template(&json(&before, "Producer")),
        producer("UPDATE_COMPLETE"),
        events(&done),
        update("Producer"),
        events(&done),
        stack_exporting("Producer", "UPDATE_COMPLETE", &[], created),
        events(&done),
    ]);
    let report = r
        .toolkit()
        .deploy(&after, &approved().method(DeployMethod::Direct))
        .await
        .unwrap();
    assert!(
        report.is_success(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    assert_eq!(
        r.bodies("ListImports").len(),
        1,
        "asked only for the export a template drops"
    );
    let updates = r.bodies("UpdateStack");
    assert_eq!(updates.len(), 3);
    let kept = "Export%22%3A%7B%22Name%22%3A%22Producer%3AExportsOutputRefTopic0BA24558";
    assert!(updates[0].contains("StackName=Producer"), "{}", updates[0]);
    assert!(updates[0].contains(kept), "kept first: {}", updates[0]);
    assert!(
        updates[0].contains("arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3AProducer-Topic-1"),
        "with its deployed value: {}",
        updates[0]
    );
    assert!(updates[1].contains("StackName=Consumer"), "{}", updates[1]);
    assert!(!updates[1].contains("ImportValue"), "{}", updates[1]);
    assert!(updates[2].contains("StackName=Producer"), "{}", updates[2]);
    assert!(
        !updates[2].contains("Export"),
        "then removed: {}",
        updates[2]
    );
    let briefs: Vec<String> = r
        .briefs()
        .into_iter()
        .filter(|b| !b.starts_with("resource_event"))
        .collect();
    assert_eq!(
        briefs,
        [
            "stack_planned Producer update",
            "exports_kept Producer",
            "stack_planned Consumer update",
            "stack_started Producer 1/2",
            "operation_started Producer update_stack",
            "stack_finished Producer deployed UPDATE_COMPLETE",
            "stack_started Consumer 2/2",
            "operation_started Consumer update_stack",
            "stack_finished Consumer deployed UPDATE_COMPLETE",
            "removing_exports Producer",
            "operation_started Producer update_stack",
            "stack_finished Producer deployed UPDATE_COMPLETE",
            "summary -",
        ]
    );
}

#[tokio::test]
async fn include_data_names_a_kept_store_of_a_destroyed_stack_it_cannot_find() {
    // Demo was destroyed earlier; its retained table has no fixed name (AWS generated it), so
    // the toolkit cannot find it again: it says so rather than nothing.
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let t = CfnResource::new(&s, "Table", "AWS::DynamoDB::Table").unwrap();
    t.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    let assembly = Assembly::from(&app.synth().unwrap());
    let http = aws_smithy_http_client::test_util::StaticReplayClient::new(replay_events(vec![
        missing(),
        missing(),
        missing(),
    ]));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let toolkit = Toolkit::new(&sdk_config(&http))
        .on_event(move |e: &cdk_toolkit::engine::Event| record.lock().unwrap().push(e.clone()));
    toolkit
        .destroy(
            &assembly,
            &DestroyOptions::default()
                .include_data(true)
                .approval(Approval::Approve),
        )
        .await
        .unwrap();
    let found = seen.lock().unwrap().iter().find_map(|e| match e {
        cdk_toolkit::engine::Event::DataStoresFound(f) => Some(f.clone()),
        _ => None,
    });
    let found = found.unwrap();
    assert!(found.stores.is_empty());
    assert_eq!(found.unfound.len(), 1, "{:?}", found.unfound);
    assert_eq!(found.unfound[0].logical_id, "Table");
    assert!(
        found.unfound[0]
            .why
            .contains("its identifier TableName is not set in the template"),
        "{:?}",
        found.unfound[0]
    );
}
