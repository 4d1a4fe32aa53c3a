//! Paths the local emulator cannot produce (its failures are HTTP 500s that leave stacks stuck),
//! replayed through the AWS SDK's own test HTTP client with AWS-shaped responses: the XML that
//! CloudFormation's query protocol sends, built by the helpers below.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudformation::config::Credentials;
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use cdk_core::{App, CfnResource, Stack, StackArtifact};
use cdk_toolkit::cfn::{Cfn, PollConfig};
use cdk_toolkit::deploy::{deploy_stack, plan, DeployMethod, DeployOptions, Outcome};
use cdk_toolkit::progress::{Progress, ProgressMode};

const NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const STACK_ID: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/6c1f2a30-a1b2-11ef-9c3d-0a1b2c3d4e5f";

fn ok(action: &str, result: &str) -> (u16, String) {
    (
        200,
        format!(
            "<{action}Response xmlns=\"{NS}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-1b08c228efb3</RequestId></ResponseMetadata></{action}Response>"
        ),
    )
}

fn error(code: &str, message: &str) -> (u16, String) {
    (
        400,
        format!(
            "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>"
        ),
    )
}

fn missing() -> (u16, String) {
    error("ValidationError", "Stack with id Demo does not exist")
}

fn stack(status: &str, reason: Option<&str>, outputs: &[(&str, &str)]) -> (u16, String) {
    let reason = reason
        .map(|r| format!("<StackStatusReason>{r}</StackStatusReason>"))
        .unwrap_or_default();
    let outputs: String = outputs
        .iter()
        .map(|(k, v)| {
            format!("<member><OutputKey>{k}</OutputKey><OutputValue>{v}</OutputValue></member>")
        })
        .collect();
    ok(
        "DescribeStacks",
        &format!(
            "<Stacks><member><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><CreationTime>2026-11-27T10:00:00.000Z</CreationTime><StackStatus>{status}</StackStatus>{reason}<Outputs>{outputs}</Outputs><Tags/></member></Stacks>"
        ),
    )
}

/// Events, newest first: (event id, logical id, type, status, reason).
fn events(list: &[(&str, &str, &str, &str, &str)]) -> (u16, String) {
    let members: String = list
        .iter()
        .map(|(id, lid, ty, status, reason)| {
            format!(
                "<member><EventId>{id}</EventId><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><LogicalResourceId>{lid}</LogicalResourceId><PhysicalResourceId></PhysicalResourceId><ResourceType>{ty}</ResourceType><Timestamp>2026-11-27T10:00:05.000Z</Timestamp><ResourceStatus>{status}</ResourceStatus><ResourceStatusReason>{reason}</ResourceStatusReason></member>"
            )
        })
        .collect();
    ok(
        "DescribeStackEvents",
        &format!("<StackEvents>{members}</StackEvents>"),
    )
}

fn template(artifact: &StackArtifact) -> (u16, String) {
    let body = artifact
        .template_json
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    ok("GetTemplate", &format!("<TemplateBody>{body}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>"))
}

fn artifact(table_name: &str) -> StackArtifact {
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let t = CfnResource::new(&s, "Table", "AWS::DynamoDB::Table").unwrap();
    t.set_property("TableName", table_name);
    app.synth().unwrap().stack("Demo").unwrap().clone()
}

struct Replay {
    http: StaticReplayClient,
    cfn: Cfn,
}

fn replay(responses: Vec<(u16, String)>) -> Replay {
    let events = responses
        .into_iter()
        .map(|(status, body)| {
            ReplayEvent::new(
                http::Request::builder()
                    .uri("https://cloudformation.us-east-1.amazonaws.com/")
                    .body(SdkBody::empty())
                    .unwrap(),
                http::Response::builder()
                    .status(status)
                    .body(SdkBody::from(body))
                    .unwrap(),
            )
        })
        .collect();
    let http = StaticReplayClient::new(events);
    let config = aws_sdk_cloudformation::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "replay",
        ))
        .http_client(http.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    let mut cfn = Cfn::from_client(aws_sdk_cloudformation::Client::from_conf(config));
    cfn.poll = PollConfig {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(5),
    };
    Replay { http, cfn }
}

/// The API actions requested, in order.
fn actions(http: &StaticReplayClient) -> Vec<String> {
    http.actual_requests()
        .map(|r| {
            let body = std::str::from_utf8(r.body().bytes().unwrap_or_default())
                .unwrap_or_default()
                .to_string();
            body.split('&')
                .find_map(|kv| kv.strip_prefix("Action="))
                .unwrap_or("?")
                .to_string()
        })
        .collect()
}

async fn deploy(r: &Replay, artifact: &StackArtifact) -> anyhow::Result<Outcome> {
    let p = plan(&r.cfn, artifact).await?;
    let progress = Progress::new(ProgressMode::Events, 1);
    let sp = progress.stack("Demo", 1);
    // These tests are about failures, not data protection (tested in deploy::protect).
    let options = DeployOptions {
        method: DeployMethod::Direct,
        allow_data_loss: true,
        ..DeployOptions::default()
    };
    deploy_stack(&r.cfn, &p, &options, &sp).await
}

#[tokio::test]
async fn a_failed_create_reports_the_first_failing_resource() {
    let history = [
        ("e5", "Demo", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", ""),
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
    let err = deploy(&r, &artifact("x")).await.unwrap_err().to_string();
    assert!(
        err.contains("stack Demo failed: ROLLBACK_COMPLETE: AWS::DynamoDB::Table Table CREATE_FAILED: Resource handler returned message"),
        "{err}"
    );
    assert_eq!(
        actions(&r.http),
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
}

#[tokio::test]
async fn a_stack_left_in_rollback_complete_is_deleted_and_created_again() {
    let old = [(
        "o1",
        "Demo",
        "AWS::CloudFormation::Stack",
        "ROLLBACK_COMPLETE",
        "",
    )];
    let deleted = [
        (
            "d2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "DELETE_COMPLETE",
            "",
        ),
        (
            "d1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "DELETE_IN_PROGRESS",
            "User Initiated",
        ),
        (
            "o1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "ROLLBACK_COMPLETE",
            "",
        ),
    ];
    let created = [
        (
            "c3",
            "Demo",
            "AWS::CloudFormation::Stack",
            "CREATE_COMPLETE",
            "",
        ),
        ("c2", "Table", "AWS::DynamoDB::Table", "CREATE_COMPLETE", ""),
        (
            "c1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "CREATE_IN_PROGRESS",
            "User Initiated",
        ),
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
    let outcome = deploy(&r, &artifact("tweets")).await.unwrap();
    assert_eq!(
        outcome,
        Outcome::Deployed {
            outputs: [("TableName".to_string(), "tweets".to_string())]
                .into_iter()
                .collect()
        }
    );
    let a = actions(&r.http);
    let delete = a.iter().position(|x| x == "DeleteStack").unwrap();
    let create = a.iter().position(|x| x == "CreateStack").unwrap();
    assert!(delete < create, "{a:?}");
}

#[tokio::test]
async fn throttling_is_retried_with_backoff() {
    let art = artifact("tweets");
    let r = replay(vec![
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
        stack("CREATE_COMPLETE", None, &[]),
        template(&art),
    ]);
    let p = plan(&r.cfn, &art).await.unwrap();
    assert!(p.unchanged, "the same template deployed: nothing to do");
    assert_eq!(
        actions(&r.http),
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
    let r = replay(vec![error("Throttling", "Rate exceeded"); 4]);
    let err = plan(&r.cfn, &artifact("tweets"))
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(err, "describing stack Demo: Throttling: Rate exceeded");
    assert_eq!(actions(&r.http).len(), 4, "four attempts, then the error");
}

#[tokio::test]
async fn an_update_that_rolls_back_reports_why() {
    let before = artifact("tweets");
    let history = [
        (
            "u5",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_ROLLBACK_COMPLETE",
            "",
        ),
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
        (
            "u1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_IN_PROGRESS",
            "User Initiated",
        ),
    ];
    let r = replay(vec![
        stack("UPDATE_COMPLETE", None, &[]),
        template(&before),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&[(
            "old",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_COMPLETE",
            "",
        )]),
        ok("UpdateStack", &format!("<StackId>{STACK_ID}</StackId>")),
        events(&history),
        stack("UPDATE_ROLLBACK_COMPLETE", None, &[]),
        events(&history),
    ]);
    let err = deploy(&r, &artifact("renamed"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("UPDATE_ROLLBACK_COMPLETE: AWS::DynamoDB::Table Table UPDATE_FAILED: CloudFormation cannot update a stack when a custom-named resource requires replacing"),
        "{err}"
    );
}

#[tokio::test]
async fn a_stack_stuck_in_update_rollback_failed_is_explained() {
    let before = artifact("tweets");
    let r = replay(vec![
        stack(
            "UPDATE_ROLLBACK_FAILED",
            Some("Resource Table failed to roll back"),
            &[],
        ),
        template(&before),
        stack(
            "UPDATE_ROLLBACK_FAILED",
            Some("Resource Table failed to roll back"),
            &[],
        ),
    ]);
    let err = deploy(&r, &artifact("renamed"))
        .await
        .unwrap_err()
        .to_string();
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
    let art = artifact("tweets");
    let r = replay(vec![
        (500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>We encountered an internal error. Please try again.</Message></Error></ErrorResponse>".into()),
        stack("CREATE_COMPLETE", None, &[]),
        template(&art),
    ]);
    assert!(plan(&r.cfn, &art).await.unwrap().unchanged);
    assert_eq!(
        actions(&r.http),
        ["DescribeStacks", "DescribeStacks", "GetTemplate"]
    );

    let failure = (500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>We encountered an internal error. Please try again.</Message></Error></ErrorResponse>".to_string());
    let r = replay(vec![failure; 4]);
    let err = plan(&r.cfn, &art).await.unwrap_err().to_string();
    assert_eq!(err, "describing stack Demo: InternalFailure: We encountered an internal error. Please try again.");
    assert_eq!(actions(&r.http).len(), 4);
}

#[tokio::test]
async fn an_operation_already_running_is_waited_for_first() {
    // Another deploy is updating the stack: this one waits for it, then updates.
    let before = artifact("tweets");
    let running = [(
        "r1",
        "Demo",
        "AWS::CloudFormation::Stack",
        "UPDATE_IN_PROGRESS",
        "User Initiated",
    )];
    let settled = [
        (
            "r2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_COMPLETE",
            "",
        ),
        (
            "r1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_IN_PROGRESS",
            "User Initiated",
        ),
    ];
    let updated = [
        (
            "u2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_COMPLETE",
            "",
        ),
        (
            "u1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_IN_PROGRESS",
            "User Initiated",
        ),
        (
            "r2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_COMPLETE",
            "",
        ),
    ];
    let r = replay(vec![
        stack("UPDATE_IN_PROGRESS", None, &[]),
        template(&before),
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
    let outcome = deploy(&r, &artifact("tweets-v2")).await.unwrap();
    assert!(matches!(outcome, Outcome::Deployed { .. }));
    let a = actions(&r.http);
    let first_update = a.iter().position(|x| x == "UpdateStack").unwrap();
    let settled_at = a.iter().position(|x| x == "DescribeStacks").unwrap();
    assert!(settled_at < first_update);
    assert_eq!(
        a.iter().filter(|x| *x == "UpdateStack").count(),
        1,
        "never two operations: {a:?}"
    );
}

/// Replays what AWS answers to an import of one retained resource (the import change set
/// computes an Import change, the stack ends in IMPORT_COMPLETE, then the full template is an
/// ordinary update), and checks the two CreateChangeSet requests.
async fn import_then_update(resource_type: &str, key: &str, name: &str) {
    let app = App::new();
    let s = Stack::new(&app, "Demo").unwrap();
    let t = CfnResource::new(&s, "Store", resource_type).unwrap();
    t.set_property(key, name);
    t.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    cdk_core::CfnOutput::new(&s, "Name", t.reference()).unwrap();
    let art = app.synth().unwrap().stack("Demo").unwrap().clone();
    let change_set = |status: &str, action: &str| {
        ok(
            "DescribeChangeSet",
            &format!("<ChangeSetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/1</ChangeSetId><StackId>{STACK_ID}</StackId><Status>{status}</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes><member><Type>Resource</Type><ResourceChange><Action>{action}</Action><LogicalResourceId>Store</LogicalResourceId><PhysicalResourceId>{name}</PhysicalResourceId><ResourceType>{resource_type}</ResourceType></ResourceChange></member></Changes>"),
        )
    };
    let imported = [
        (
            "i2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "IMPORT_COMPLETE",
            "",
        ),
        (
            "i1",
            "Store",
            resource_type,
            "IMPORT_COMPLETE",
            "Resource import completed",
        ),
    ];
    let updated = [
        (
            "u2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_COMPLETE",
            "",
        ),
        (
            "u1",
            "Demo",
            "AWS::CloudFormation::Stack",
            "UPDATE_IN_PROGRESS",
            "User Initiated",
        ),
    ];
    let r = replay(vec![
        missing(),
        missing(),
        ok("CreateChangeSet", &format!("<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/1</Id><StackId>{STACK_ID}</StackId>")),
        change_set("CREATE_COMPLETE", "Import"),
        events(&[("r1", "Demo", "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated")]),
        ok("ExecuteChangeSet", ""),
        events(&imported),
        stack("IMPORT_COMPLETE", None, &[]),
        events(&imported),
        ok("CreateChangeSet", &format!("<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/2</Id><StackId>{STACK_ID}</StackId>")),
        change_set("CREATE_COMPLETE", "Modify"),
        events(&imported),
        ok("ExecuteChangeSet", ""),
        events(&updated),
        stack("UPDATE_COMPLETE", None, &[("Name", name)]),
        events(&updated),
    ]);
    let mut p = plan(&r.cfn, &art).await.unwrap();
    p.adopt = cdk_toolkit::deploy::adopt::candidates(art.template());
    assert_eq!(p.adopt.len(), 1);
    let progress = Progress::new(ProgressMode::Events, 1);
    let outcome = deploy_stack(
        &r.cfn,
        &p,
        &DeployOptions::default(),
        &progress.stack("Demo", 1),
    )
    .await
    .unwrap();
    assert_eq!(outcome.outputs()["Name"], name);
    let bodies: Vec<String> = r
        .http
        .actual_requests()
        .map(|req| String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).to_string())
        .filter(|b| b.contains("Action=CreateChangeSet"))
        .collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies[0].contains("ChangeSetType=IMPORT"), "{}", bodies[0]);
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
}

#[tokio::test]
async fn a_retained_table_is_imported_into_the_new_stack_then_updated() {
    import_then_update("AWS::DynamoDB::Table", "TableName", "tweetTable").await;
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
    let art = app.synth().unwrap().stack("Demo").unwrap().clone();
    let created = [
        (
            "c2",
            "Demo",
            "AWS::CloudFormation::Stack",
            "CREATE_COMPLETE",
            "",
        ),
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
        ok("CreateChangeSet", &format!("<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/1</Id><StackId>{STACK_ID}</StackId>")),
        ok("DescribeChangeSet", &format!("<ChangeSetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/1</ChangeSetId><StackId>{STACK_ID}</StackId><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes><member><Type>Resource</Type><ResourceChange><Action>Import</Action><LogicalResourceId>Param</LogicalResourceId><PhysicalResourceId>/archive/last-run</PhysicalResourceId><ResourceType>AWS::SSM::Parameter</ResourceType></ResourceChange></member></Changes>")),
        events(&[("r1", "Demo", "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated")]),
        ok("ExecuteChangeSet", ""),
        events(&created),
        stack("CREATE_COMPLETE", None, &[]),
        events(&created),
    ]);
    let mut plan = plan(&r.cfn, &art).await.unwrap();
    plan.auto_import = cdk_toolkit::deploy::adopt::candidates(art.template());
    assert_eq!(plan.auto_import.len(), 1);
    let progress = Progress::new(ProgressMode::Events, 1);
    deploy_stack(
        &r.cfn,
        &plan,
        &DeployOptions::default(),
        &progress.stack("Demo", 1),
    )
    .await
    .unwrap();
    let bodies: Vec<String> = r
        .http
        .actual_requests()
        .map(|req| String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).to_string())
        .filter(|b| b.contains("Action=CreateChangeSet"))
        .collect();
    assert_eq!(bodies.len(), 1, "no separate import step");
    assert!(bodies[0].contains("ChangeSetType=CREATE"), "{}", bodies[0]);
    assert!(
        bodies[0].contains("ImportExistingResources=true"),
        "{}",
        bodies[0]
    );
    assert!(!bodies[0].contains("ResourcesToImport"), "{}", bodies[0]);
}
