//! Paths the local emulator cannot produce (its failures are HTTP 500s that leave stacks stuck),
//! replayed through the AWS SDK's own test HTTP client with AWS-shaped responses, and driven
//! through the library's engine ([`Toolkit`]): each test checks the calls made, the events
//! reported and the typed result.

mod common;

use cdk_core::{App, CfnResource, Stack};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cfn::{ResourceStatus, StackStatus};
use cdk_toolkit::deploy::adopt::Probes;
use cdk_toolkit::deploy::{DeployMethod, DeployOptions, Outcome};
use cdk_toolkit::engine::{Approval, DeployReport, Toolkit};
use cdk_toolkit::{AwsErrorKind, ToolkitError};
use common::*;

/// These tests are about failures, not data protection (tested in deploy::protect) nor
/// approval.
fn direct() -> DeployOptions {
    DeployOptions::default()
        .method(DeployMethod::Direct)
        .allow_data_loss(true)
        .approval(Approval::Approve)
}

async fn deploy(r: &Replay, assembly: &Assembly) -> DeployReport {
    r.toolkit().deploy(assembly, &direct()).await.unwrap()
}

/// The result of the one stack, Demo.
fn demo_result(report: DeployReport) -> Result<Outcome, ToolkitError> {
    let mut stacks = report.stacks;
    assert_eq!(stacks.len(), 1);
    stacks.remove(0).result
}

#[tokio::test]
async fn a_failed_create_reports_the_first_failing_resource() {
    let history = [
        demo("e5", "ROLLBACK_COMPLETE"),
        ("e4", "Table", "AWS::DynamoDB::Table", "DELETE_COMPLETE", ""),
        ("e3", "Demo", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Table]. Rollback requested by user."),
        ("e2", "Table", "AWS::DynamoDB::Table", "CREATE_FAILED", "Resource handler returned message: \"1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint\""),
        ("e1", "Demo", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
    ];
    let r = replay(vec![
        missing(),
        missing(),
        missing(),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&history),
        stack("ROLLBACK_COMPLETE", None, &[]),
        events(&history),
    ]);
    let err = demo_result(deploy(&r, &demo_assembly("x")).await).unwrap_err();
    assert!(
        err.to_string().contains("stack Demo failed: ROLLBACK_COMPLETE: AWS::DynamoDB::Table Table CREATE_FAILED: Resource handler returned message"),
        "{err}"
    );
    // Typed: the stack's final status and its first failing resource.
    let ToolkitError::StackFailed { stack, failure } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(stack, "Demo");
    assert_eq!(failure.status, Some(StackStatus::RollbackComplete));
    let resource = failure.resource.as_ref().unwrap();
    assert_eq!(
        (resource.logical_id.as_str(), &resource.status),
        ("Table", &ResourceStatus::CreateFailed)
    );
    assert_eq!(
        r.actions(),
        [
            "DescribeStacks",
            "DescribeStacks",
            "DescribeStackEvents",
            "CreateStack",
            "DescribeStackEvents",
            "DescribeStacks",
            "DescribeStackEvents"
        ]
    );
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo create",
            "stack_started Demo 1/1",
            "operation_started Demo create_stack",
            "resource_event Demo Demo CREATE_IN_PROGRESS",
            "resource_event Demo Table CREATE_FAILED",
            "resource_event Demo Demo ROLLBACK_IN_PROGRESS",
            "resource_event Demo Table DELETE_COMPLETE",
            "resource_event Demo Demo ROLLBACK_COMPLETE",
            "stack_failed Demo Table CREATE_FAILED",
            "summary -",
        ]
    );
}

#[tokio::test]
async fn a_stack_left_in_rollback_complete_is_deleted_and_created_again() {
    let old = [demo("o1", "ROLLBACK_COMPLETE")];
    let deleted = [
        demo("d2", "DELETE_COMPLETE"),
        demo("d1", "DELETE_IN_PROGRESS"),
        demo("o1", "ROLLBACK_COMPLETE"),
    ];
    let created = [
        demo("c3", "CREATE_COMPLETE"),
        ("c2", "Table", "AWS::DynamoDB::Table", "CREATE_COMPLETE", ""),
        demo("c1", "CREATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        stack("ROLLBACK_COMPLETE", None, &[]),
        stack("ROLLBACK_COMPLETE", None, &[]),
        events(&old),
        ok("DeleteStack", ""),
        events(&deleted),
        stack("DELETE_COMPLETE", None, &[]),
        events(&deleted),
        missing(),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&created),
        stack("CREATE_COMPLETE", None, &[("TableName", "tweets")]),
        events(&created),
    ]);
    let outcome = demo_result(deploy(&r, &demo_assembly("tweets")).await).unwrap();
    assert_eq!(
        outcome,
        Outcome::Deployed {
            outputs: [("TableName".to_string(), "tweets".to_string())]
                .into_iter()
                .collect()
        }
    );
    let a = r.actions();
    let delete = a.iter().position(|x| x == "DeleteStack").unwrap();
    let create = a.iter().position(|x| x == "CreateStack").unwrap();
    assert!(delete < create, "{a:?}");
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo recreate",
            "stack_started Demo 1/1",
            "recreating_stack Demo ROLLBACK_COMPLETE",
            "operation_started Demo delete_stack",
            "resource_event Demo Demo DELETE_IN_PROGRESS",
            "resource_event Demo Demo DELETE_COMPLETE",
            "operation_started Demo create_stack",
            "resource_event Demo Demo CREATE_IN_PROGRESS",
            "resource_event Demo Table CREATE_COMPLETE",
            "resource_event Demo Demo CREATE_COMPLETE",
            "stack_finished Demo deployed CREATE_COMPLETE",
            "summary -",
        ]
    );
}

#[tokio::test]
async fn throttling_is_retried_with_backoff() {
    let assembly = demo_assembly("tweets");
    let art = &assembly.stacks()[0];
    let r = replay(vec![
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
        stack("CREATE_COMPLETE", None, &[]),
        template(&art.template_json),
    ]);
    let p = r.toolkit().plan(art).await.unwrap();
    assert!(p.unchanged, "the same template deployed: nothing to do");
    assert_eq!(
        r.actions(),
        [
            "DescribeStacks",
            "DescribeStacks",
            "DescribeStacks",
            "GetTemplate"
        ]
    );
}

#[tokio::test]
async fn throttling_that_does_not_stop_is_a_clear_error() {
    // The client the product makes, with its retry settings: docs/errors.md says 5 attempts.
    let r = replay_with_toolkit_config(vec![error("Throttling", "Rate exceeded"); 5]).await;
    let err = r
        .toolkit()
        .deploy(&demo_assembly("tweets"), &direct())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "describing stack Demo: Throttling: Rate exceeded"
    );
    assert_eq!(err.aws_kind(), Some(&AwsErrorKind::Throttled));
    assert_eq!(cdk_toolkit::aws::MAX_ATTEMPTS, 5);
    assert_eq!(r.actions().len(), 5, "five attempts, then the error");
    assert!(
        r.briefs().is_empty(),
        "nothing was planned: {:?}",
        r.briefs()
    );
}

#[tokio::test]
async fn an_update_that_rolls_back_reports_why() {
    let before = demo_assembly("tweets");
    let history = [
        demo("u5", "UPDATE_ROLLBACK_COMPLETE"),
        (
            "u4",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "The following resource(s) failed to update: [Table].",
        ),
        (
            "u3",
            "Table",
            "AWS::DynamoDB::Table",
            "UPDATE_FAILED",
            "CloudFormation cannot update a stack when a custom-named resource requires replacing",
        ),
        (
            "u2",
            "Table",
            "AWS::DynamoDB::Table",
            "UPDATE_IN_PROGRESS",
            "",
        ),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&before.stacks()[0].template_json),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&[demo("old", "UPDATE_COMPLETE")]),
        ok("UpdateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&history),
        stack("UPDATE_ROLLBACK_COMPLETE", None, &[]),
        events(&history),
    ]);
    let err = demo_result(deploy(&r, &demo_assembly("renamed")).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("UPDATE_ROLLBACK_COMPLETE: AWS::DynamoDB::Table Table UPDATE_FAILED: CloudFormation cannot update a stack when a custom-named resource requires replacing"),
        "{err}"
    );
    assert!(r
        .briefs()
        .contains(&"stack_failed Demo Table UPDATE_FAILED".to_string()));
}

#[tokio::test]
async fn a_stack_stuck_in_update_rollback_failed_is_explained() {
    let before = demo_assembly("tweets");
    let r = replay(vec![
        stack(
            "UPDATE_ROLLBACK_FAILED",
            Some("Resource Table failed to roll back"),
            &[],
        ),
        template(&before.stacks()[0].template_json),
        stack(
            "UPDATE_ROLLBACK_FAILED",
            Some("Resource Table failed to roll back"),
            &[],
        ),
    ]);
    let err = demo_result(deploy(&r, &demo_assembly("renamed")).await).unwrap_err();
    assert!(
        matches!(
            &err,
            ToolkitError::StackBlocked {
                status: StackStatus::UpdateRollbackFailed,
                ..
            }
        ),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(
        err.contains("stack Demo is in UPDATE_ROLLBACK_FAILED"),
        "{err}"
    );
    assert!(
        err.contains("aws cloudformation continue-update-rollback --stack-name Demo"),
        "{err}"
    );
    assert!(err.contains("Resource Table failed to roll back"), "{err}");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported_clearly() {
    let assembly = demo_assembly("tweets");
    let art = &assembly.stacks()[0];
    let failure = (500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>We encountered an internal error. Please try again.</Message></Error></ErrorResponse>".to_string());
    let r = replay_with_toolkit_config(vec![
        failure.clone(),
        stack("CREATE_COMPLETE", None, &[]),
        template(&art.template_json),
    ])
    .await;
    assert!(r.toolkit().plan(art).await.unwrap().unchanged);
    assert_eq!(
        r.actions(),
        ["DescribeStacks", "DescribeStacks", "GetTemplate"]
    );

    let r = replay_with_toolkit_config(vec![failure; 5]).await;
    let err = r.toolkit().plan(art).await.unwrap_err();
    assert_eq!(err.to_string(), "describing stack Demo: InternalFailure: We encountered an internal error. Please try again.");
    assert_eq!(
        err.aws_kind(),
        Some(&AwsErrorKind::Service {
            code: "InternalFailure".into()
        })
    );
    assert_eq!(r.actions().len(), 5, "the product's five attempts");
}

#[tokio::test]
async fn a_server_error_without_a_code_names_the_status_operation_endpoint_and_attempts() {
    // A 502 from a load balancer: no AWS error body, so no code and no message.
    let assembly = demo_assembly("tweets");
    let r =
        replay_with_toolkit_config(vec![(502, "<html>Bad Gateway</html>".to_string()); 5]).await;
    let err = r.toolkit().plan(&assembly.stacks()[0]).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "describing stack Demo: the service answered HTTP 502 without an error code (CloudFormation DescribeStacks at https://cloudformation.us-east-1.amazonaws.com, after 5 attempts)"
    );
    assert_eq!(
        err.aws_kind(),
        Some(&AwsErrorKind::HttpStatus { status: 502 })
    );
    assert_eq!(r.actions().len(), 5);
}

#[tokio::test]
async fn an_operation_already_running_is_waited_for_first() {
    // Another deploy is updating the stack: this one waits for it, then updates.
    let before = demo_assembly("tweets");
    let running = [demo("r1", "UPDATE_IN_PROGRESS")];
    let settled = [
        demo("r2", "UPDATE_COMPLETE"),
        demo("r1", "UPDATE_IN_PROGRESS"),
    ];
    let updated = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
        demo("r2", "UPDATE_COMPLETE"),
    ];
    let r = replay(vec![
        stack("UPDATE_IN_PROGRESS", None, &[]),
        template(&before.stacks()[0].template_json),
        stack("UPDATE_IN_PROGRESS", None, &[]),
        events(&running),
        events(&settled),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&settled),
        events(&settled),
        ok("UpdateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&updated),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&updated),
    ]);
    let outcome = demo_result(deploy(&r, &demo_assembly("tweets-v2")).await).unwrap();
    assert!(matches!(outcome, Outcome::Deployed { .. }));
    let a = r.actions();
    let first_update = a.iter().position(|x| x == "UpdateStack").unwrap();
    let settled_at = a.iter().position(|x| x == "DescribeStacks").unwrap();
    assert!(settled_at < first_update);
    assert_eq!(
        a.iter().filter(|x| *x == "UpdateStack").count(),
        1,
        "never two operations: {a:?}"
    );
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo update",
            "stack_started Demo 1/1",
            "waiting_for_operation Demo UPDATE_IN_PROGRESS",
            "resource_event Demo Demo UPDATE_COMPLETE",
            "operation_started Demo update_stack",
            "resource_event Demo Demo UPDATE_IN_PROGRESS",
            "resource_event Demo Demo UPDATE_COMPLETE",
            "stack_finished Demo deployed UPDATE_COMPLETE",
            "summary -",
        ]
    );
}

/// A DynamoDB client (or an S3 one) answering from the same replay: the probes that tell
/// whether a retained resource is still there.
fn probes(r: &Replay) -> Probes {
    let config = sdk_config(&r.http);
    Probes {
        dynamodb: Some(aws_sdk_dynamodb::Client::new(&config)),
        s3: Some(aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(true)
                .build(),
        )),
    }
}

/// What DynamoDB's DescribeTable or S3's HeadBucket answer for a resource that exists.
fn exists(resource_type: &str, name: &str) -> (u16, String) {
    match resource_type {
        "AWS::DynamoDB::Table" => (
            200,
            format!("{{\"Table\": {{\"TableName\": \"{name}\", \"TableStatus\": \"ACTIVE\"}}}}"),
        ),
        _ => (200, String::new()),
    }
}

/// Replays what AWS answers to a deploy that finds one retained resource still there: it is
/// probed, imported (the import change set computes an Import change, the stack ends in
/// IMPORT_COMPLETE), then the full template is an ordinary update; checks the two
/// CreateChangeSet requests and the events.
async fn import_then_update(resource_type: &str, key: &str, name: &str) {
    import_then_update_with(resource_type, key, name, None).await;
}

/// [`import_then_update`]; with `label`, a property of the resource is a template parameter
/// (`Label`, given to the deploy), which the import step must declare and send.
async fn import_then_update_with(resource_type: &str, key: &str, name: &str, label: Option<&str>) {
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let t = CfnResource::new(&s, "Store", resource_type).unwrap();
    t.set_property(key, name);
    if label.is_some() {
        use cdk_core::{CfnParameter, CfnParameterProps, ParameterType};
        let props = CfnParameterProps::new(ParameterType::String);
        let p = CfnParameter::new(&s, "Label", props).unwrap();
        t.set_property("BillingMode", p.value());
    }
    t.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    cdk_core::CfnOutput::new(&s, "Name", t.reference()).unwrap();
    let assembly = Assembly::from(&app.synth().unwrap());
    let imported = [
        demo("i2", "IMPORT_COMPLETE"),
        (
            "i1",
            "Store",
            resource_type,
            "IMPORT_COMPLETE",
            "Resource import completed",
        ),
    ];
    let updated = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        missing(),
        exists(resource_type, name),
        missing(),
        change_set_created(),
        change_set("CREATE_COMPLETE", &[("Import", "Store", resource_type)]),
        events(&[demo("r1", "REVIEW_IN_PROGRESS")]),
        ok("ExecuteChangeSet", ""),
        events(&imported),
        stack("IMPORT_COMPLETE", None, &[]),
        events(&imported),
        change_set_created(),
        change_set("CREATE_COMPLETE", &[("Modify", "Store", resource_type)]),
        events(&imported),
        ok("ExecuteChangeSet", ""),
        events(&updated),
        stack("UPDATE_COMPLETE", None, &[("Name", name)]),
        events(&updated),
    ]);
    let toolkit = r.toolkit().probes(probes(&r));
    let mut options = DeployOptions::default().approval(Approval::Approve);
    if let Some(label) = label {
        options = options.parameter(None, "Label", label);
    }
    let report = toolkit.deploy(&assembly, &options).await.unwrap();
    let outcome = demo_result(report).unwrap();
    assert_eq!(outcome.outputs()["Name"], name);
    let bodies = r.bodies("CreateChangeSet");
    assert_eq!(bodies.len(), 2);
    assert!(bodies[0].contains("ChangeSetType=IMPORT"), "{}", bodies[0]);
    if let Some(label) = label {
        // The import declares the parameter its resource uses, and gets its value.
        for body in &bodies {
            assert!(
                body.contains(&format!(
                    "Parameters.member.1.ParameterKey=Label&Parameters.member.1.ParameterValue={label}"
                )),
                "{body}"
            );
        }
        assert!(bodies[0].contains("%22Parameters%22"), "{}", bodies[0]);
    }
    assert!(
        bodies[0].contains("ResourcesToImport.member.1.LogicalResourceId=Store"),
        "{}",
        bodies[0]
    );
    let ty = resource_type.replace(':', "%3A");
    assert!(
        bodies[0].contains(&format!("ResourcesToImport.member.1.ResourceType={ty}")),
        "{}",
        bodies[0]
    );
    // The identifier, by the property the schema names as primary identifier.
    assert!(
        bodies[0].contains(&format!(
            "ResourcesToImport.member.1.ResourceIdentifier.entry.1.key={key}&ResourcesToImport.member.1.ResourceIdentifier.entry.1.value={name}"
        )),
        "{}",
        bodies[0]
    );
    assert!(
        !bodies[0].contains("Outputs"),
        "the import template holds only the imported resources"
    );
    assert!(bodies[1].contains("ChangeSetType=UPDATE"), "{}", bodies[1]);
    assert!(bodies[1].contains("Outputs"), "then the full template");
    assert!(
        !bodies.iter().any(|b| b.contains("ImportExistingResources")),
        "imported explicitly, nothing is left to CloudFormation"
    );
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo create",
            "stack_started Demo 1/1",
            "adopting Demo",
            "operation_started Demo import",
            "resource_event Demo Store IMPORT_COMPLETE",
            "resource_event Demo Demo IMPORT_COMPLETE",
            "change_set_creating Demo",
            "change_set_created Demo Modify:Store",
            "operation_started Demo execute_change_set",
            "resource_event Demo Demo UPDATE_IN_PROGRESS",
            "resource_event Demo Demo UPDATE_COMPLETE",
            "stack_finished Demo deployed UPDATE_COMPLETE",
            "summary -",
        ]
    );
}

#[tokio::test]
async fn a_retained_table_is_imported_into_the_new_stack_then_updated() {
    import_then_update("AWS::DynamoDB::Table", "TableName", "tweetTable").await;
}

#[tokio::test]
async fn a_retained_table_using_a_parameter_is_imported_with_the_parameter() {
    import_then_update_with(
        "AWS::DynamoDB::Table",
        "TableName",
        "tweetTable",
        Some("blue"),
    )
    .await;
}

#[tokio::test]
async fn a_retained_bucket_is_imported_by_its_bucket_name() {
    import_then_update("AWS::S3::Bucket", "BucketName", "tweet-archive").await;
}

#[tokio::test]
async fn a_retained_resource_the_toolkit_cannot_check_is_left_to_import_existing_resources() {
    // A retained SSM parameter with a fixed name: the toolkit has no client to tell whether it
    // is still there, so the change set that creates the stack asks CloudFormation to import it
    // if it is (AWS's `ImportExistingResources`).
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let p = CfnResource::new(&s, "Param", "AWS::SSM::Parameter").unwrap();
    p.set_property("Name", "/archive/last-run");
    p.set_property("Type", "String");
    p.set_property("Value", "never");
    p.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    let assembly = Assembly::from(&app.synth().unwrap());
    let created = [
        demo("c2", "CREATE_COMPLETE"),
        (
            "c1",
            "Param",
            "AWS::SSM::Parameter",
            "IMPORT_COMPLETE",
            "Resource import completed",
        ),
    ];
    let r = replay(vec![
        missing(),
        missing(),
        change_set_created(),
        change_set(
            "CREATE_COMPLETE",
            &[("Import", "Param", "AWS::SSM::Parameter")],
        ),
        events(&[demo("r1", "REVIEW_IN_PROGRESS")]),
        ok("ExecuteChangeSet", ""),
        events(&created),
        stack("CREATE_COMPLETE", None, &[]),
        events(&created),
    ]);
    let toolkit: Toolkit = r.toolkit().probes(probes(&r));
    let report = toolkit
        .deploy(
            &assembly,
            &DeployOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    demo_result(report).unwrap();
    let bodies = r.bodies("CreateChangeSet");
    assert_eq!(bodies.len(), 1, "no separate import step");
    assert!(bodies[0].contains("ChangeSetType=CREATE"), "{}", bodies[0]);
    assert!(
        bodies[0].contains("ImportExistingResources=true"),
        "{}",
        bodies[0]
    );
    assert!(!bodies[0].contains("ResourcesToImport"), "{}", bodies[0]);
    assert!(
        r.briefs().contains(&"import_existing Demo".to_string()),
        "{:?}",
        r.briefs()
    );
}

/// Demo made by another deploy's CREATE change set, created at `created`.
fn under_review(created: &str) -> (u16, String) {
    stack_exporting("Demo", "REVIEW_IN_PROGRESS", &[], created)
}

#[tokio::test]
async fn a_stack_another_deploy_is_creating_is_waited_for_never_deleted() {
    // Two deploys of Demo: the other one made the stack with its change set just now (the
    // stack is under review) and executes it while this one waits; this one then finds the
    // stack created and has nothing to update. The emulator creates stacks at once, so the
    // waiting is replayed.
    let assembly = demo_assembly("tweets");
    let created = now();
    let creating = [demo("c1", "CREATE_IN_PROGRESS")];
    let done = [
        demo("c2", "CREATE_COMPLETE"),
        demo("c1", "CREATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        under_review(&created),
        under_review(&created),
        change_sets(&[("other-deploy", "CREATE_COMPLETE", "AVAILABLE", &created)]),
        stack("CREATE_IN_PROGRESS", None, &[]),
        stack("CREATE_IN_PROGRESS", None, &[]),
        events(&creating),
        events(&done),
        stack("CREATE_COMPLETE", None, &[]),
        events(&done),
        template(&assembly.stacks()[0].template_json),
        events(&done),
        error("ValidationError", "No updates are to be performed."),
    ]);
    let outcome = demo_result(deploy(&r, &assembly).await).unwrap();
    assert!(matches!(outcome, Outcome::Unchanged { .. }), "{outcome:?}");
    let actions = r.actions();
    assert!(!actions.contains(&"DeleteStack".to_string()), "{actions:?}");
    assert!(!actions.contains(&"CreateStack".to_string()), "{actions:?}");
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo recreate",
            "stack_started Demo 1/1",
            "waiting_for_review Demo",
            "waiting_for_operation Demo CREATE_IN_PROGRESS",
            "resource_event Demo Demo CREATE_COMPLETE",
            "operation_started Demo update_stack",
            "stack_finished Demo unchanged nothing_to_update",
            "summary -",
        ]
    );
    let waited = r.events.lock().unwrap().iter().find_map(|e| match e {
        cdk_toolkit::engine::Event::WaitingForReview(w) => Some(w.clone()),
        _ => None,
    });
    let waited = waited.unwrap();
    assert_eq!(waited.change_sets, ["other-deploy"]);
    assert!(waited.idle_seconds < 60, "{waited:?}");
    assert_eq!(waited.abandoned_after_seconds, 300);
}

#[tokio::test]
async fn a_stack_left_under_review_long_enough_is_deleted_as_abandoned_saying_so() {
    // A deploy that stopped after its change set was made (killed, say) left Demo under review
    // two days ago, with no change set going on: taken as abandoned, deleted, created again.
    let old = "2026-11-27T10:00:00.000Z";
    let deleted = [
        demo("d2", "DELETE_COMPLETE"),
        demo("d1", "DELETE_IN_PROGRESS"),
    ];
    let created = [
        demo("c2", "CREATE_COMPLETE"),
        demo("c1", "CREATE_IN_PROGRESS"),
    ];
    let r = replay(vec![
        under_review(old),
        under_review(old),
        change_sets(&[("stopped-deploy", "CREATE_COMPLETE", "AVAILABLE", old)]),
        events(&[demo("r1", "REVIEW_IN_PROGRESS")]),
        ok("DeleteStack", ""),
        events(&deleted),
        missing(),
        events(&deleted),
        events(&deleted),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&created),
        stack("CREATE_COMPLETE", None, &[]),
        events(&created),
    ]);
    demo_result(deploy(&r, &demo_assembly("tweets")).await).unwrap();
    let briefs = r.briefs();
    assert_eq!(
        briefs[..4],
        [
            "stack_planned Demo recreate",
            "stack_started Demo 1/1",
            "abandoned_stack Demo",
            "operation_started Demo delete_stack",
        ],
        "{briefs:?}"
    );
    assert!(!briefs.iter().any(|b| b.starts_with("waiting_for_review")));
    let abandoned = r.events.lock().unwrap().iter().find_map(|e| match e {
        cdk_toolkit::engine::Event::AbandonedStack(a) => Some(a.clone()),
        _ => None,
    });
    let abandoned = abandoned.unwrap();
    assert!(abandoned.idle_seconds > 300, "{abandoned:?}");
    assert_eq!(abandoned.change_sets, ["stopped-deploy"]);
}

#[tokio::test]
async fn an_idle_stack_under_review_is_waited_for_until_it_is_old_enough() {
    // Under review for a moment with no change set (the deploy that made it may be deleting
    // it after its change set failed): waited for, not deleted, until abandoned_after.
    let created = now();
    let deleted = [demo("d1", "DELETE_COMPLETE")];
    let mut r = replay(vec![
        under_review(&created),
        under_review(&created),
        change_sets(&[]),
        under_review(&created),
        change_sets(&[]),
        events(&[demo("r1", "REVIEW_IN_PROGRESS")]),
        ok("DeleteStack", ""),
        events(&deleted),
        missing(),
        events(&deleted),
        events(&deleted),
        ok("CreateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        stack("CREATE_COMPLETE", None, &[]),
        events(&[demo("c1", "CREATE_COMPLETE")]),
    ]);
    // Polls slower than the stack takes to be abandoned: one look, one wait, one more look.
    r.cfn.poll = cdk_toolkit::cfn::PollConfig {
        initial: std::time::Duration::from_secs(1),
        max: std::time::Duration::from_secs(1),
    };
    let started = std::time::Instant::now();
    let options = direct().abandoned_after(std::time::Duration::from_millis(300));
    let report = r
        .toolkit()
        .deploy(&demo_assembly("tweets"), &options)
        .await
        .unwrap();
    demo_result(report).unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(250));
    let briefs = r.briefs();
    let wait = briefs.iter().position(|b| b == "waiting_for_review Demo");
    let gone = briefs.iter().position(|b| b == "abandoned_stack Demo");
    assert!(
        matches!((wait, gone), (Some(w), Some(g)) if w < g),
        "waited first, then deleted: {briefs:?}"
    );
}

#[tokio::test]
async fn a_create_refused_because_another_deploy_created_the_stack_is_tried_again_as_an_update() {
    let assembly = demo_assembly("tweets");
    let r = replay(vec![
        missing(),
        missing(),
        error(
            "ValidationError",
            "Stack [Demo] already exists and cannot be created again with the changeSet [rcdk-deploy-1].",
        ),
        stack("CREATE_COMPLETE", None, &[]),
        stack("CREATE_COMPLETE", None, &[]),
        template(&assembly.stacks()[0].template_json),
        change_set_created(),
        ok(
            "DescribeChangeSet",
            &format!("<ChangeSetId>{CHANGE_SET_ID}</ChangeSetId><StackId>{STACK_ID}</StackId><Status>FAILED</Status><StatusReason>The submitted information didn't contain changes. Submit different information to create a change set.</StatusReason><ExecutionStatus>UNAVAILABLE</ExecutionStatus><Changes/>"),
        ),
        ok("DeleteChangeSet", ""),
    ]);
    let report = r
        .toolkit()
        .deploy(
            &assembly,
            &DeployOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    let outcome = demo_result(report).unwrap();
    assert!(matches!(outcome, Outcome::Unchanged { .. }), "{outcome:?}");
    let bodies = r.bodies("CreateChangeSet");
    assert!(bodies[0].contains("ChangeSetType=CREATE"), "{}", bodies[0]);
    assert!(bodies[1].contains("ChangeSetType=UPDATE"), "{}", bodies[1]);
    assert_eq!(
        r.briefs(),
        [
            "stack_planned Demo create",
            "stack_started Demo 1/1",
            "change_set_creating Demo new",
            "concurrent_change Demo",
            "change_set_creating Demo",
            "stack_finished Demo unchanged empty_change_set",
            "summary -",
        ]
    );
}
