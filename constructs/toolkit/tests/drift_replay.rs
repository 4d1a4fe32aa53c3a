//! `diff --drift` and `deploy --force` on AWS-shaped replies (the local emulator has no drift
//! detection): a state machine changed by hand is found by CloudFormation's drift detection,
//! with its property differences; `--force` deploys a stack whose template is unchanged.

mod common;

use cdk_toolkit::cfn::{PropertyDifferenceType, ResourceDriftStatus, StackDriftStatus};
use cdk_toolkit::deploy::{DeployMethod, DeployOptions, Outcome};
use cdk_toolkit::engine::{Approval, DiffOptions, Event};
use common::*;

const DETECTION: &str = "b78ac9b0-dec1-11e7-a451-503a3e7b3bd5";

fn detection_started() -> (u16, String) {
    ok(
        "DetectStackDrift",
        &format!("<StackDriftDetectionId>{DETECTION}</StackDriftDetectionId>"),
    )
}

/// DescribeStackDriftDetectionStatus: the detection's status, and the stack's drift once known.
fn detection(status: &str, drift: Option<(&str, u32)>) -> (u16, String) {
    let drift = drift
        .map(|(s, n)| {
            format!(
                "<StackDriftStatus>{s}</StackDriftStatus><DriftedStackResourceCount>{n}</DriftedStackResourceCount>"
            )
        })
        .unwrap_or_default();
    ok(
        "DescribeStackDriftDetectionStatus",
        &format!(
            "<StackId>{STACK_ID}</StackId><StackDriftDetectionId>{DETECTION}</StackDriftDetectionId>{drift}<DetectionStatus>{status}</DetectionStatus><Timestamp>2026-11-29T12:00:05.000Z</Timestamp>"
        ),
    )
}

/// DescribeStackResourceDrifts: the table's billing mode changed by hand in the console.
fn table_drifted() -> (u16, String) {
    ok(
        "DescribeStackResourceDrifts",
        &format!(
            "<StackResourceDrifts><member><StackId>{STACK_ID}</StackId><LogicalResourceId>Table</LogicalResourceId><PhysicalResourceId>tweets</PhysicalResourceId><ResourceType>AWS::DynamoDB::Table</ResourceType><ExpectedProperties>{{\"BillingMode\":\"PAY_PER_REQUEST\"}}</ExpectedProperties><ActualProperties>{{\"BillingMode\":\"PROVISIONED\"}}</ActualProperties><PropertyDifferences><member><PropertyPath>/BillingMode</PropertyPath><ExpectedValue>PAY_PER_REQUEST</ExpectedValue><ActualValue>PROVISIONED</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member><member><PropertyPath>/ProvisionedThroughput</PropertyPath><ExpectedValue></ExpectedValue><ActualValue>{{\"ReadCapacityUnits\":5}}</ActualValue><DifferenceType>ADD</DifferenceType></member></PropertyDifferences><StackResourceDriftStatus>MODIFIED</StackResourceDriftStatus><Timestamp>2026-11-29T12:00:05.000Z</Timestamp></member></StackResourceDrifts>"
        ),
    )
}

#[tokio::test]
async fn diff_drift_detects_waits_and_shows_each_drifted_resources_differences() {
    let assembly = demo_assembly("tweets");
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        template(&assembly.stacks()[0].template_json),
        detection_started(),
        detection("DETECTION_IN_PROGRESS", None),
        detection("DETECTION_COMPLETE", Some(("DRIFTED", 1))),
        table_drifted(),
    ]);
    let report = r
        .toolkit()
        .diff(&assembly, &DiffOptions::default().drift(true))
        .await
        .unwrap();
    assert_eq!(
        r.actions(),
        [
            "DescribeStacks",
            "GetTemplate",
            "DetectStackDrift",
            "DescribeStackDriftDetectionStatus",
            "DescribeStackDriftDetectionStatus",
            "DescribeStackResourceDrifts"
        ]
    );
    assert!(r.bodies("DescribeStackResourceDrifts")[0]
        .contains("StackResourceDriftStatusFilters.member.1=MODIFIED"));
    // The template is the deployed one: only drift makes a difference.
    assert!(report.stacks[0].1.is_empty());
    assert!(report.has_differences());
    let (stack, drift) = &report.drifts[0];
    assert_eq!(stack, "Demo");
    assert_eq!(drift.detection.status, Some(StackDriftStatus::Drifted));
    assert_eq!(drift.detection.drifted_resources, Some(1));
    let table = &drift.resources[0];
    assert_eq!(
        (table.logical_id.as_str(), &table.status),
        ("Table", &ResourceDriftStatus::Modified)
    );
    assert_eq!(table.differences.len(), 2);
    assert_eq!(table.differences[0].path, "/BillingMode");
    assert_eq!(
        (
            table.differences[0].expected.as_str(),
            table.differences[0].actual.as_str()
        ),
        ("PAY_PER_REQUEST", "PROVISIONED")
    );
    assert_eq!(table.differences[1].kind, PropertyDifferenceType::Add);
    assert_eq!(
        r.briefs(),
        ["stack_diffed Demo", "stack_drift Demo"],
        "drift reported after the template diff"
    );
    let json = serde_json::to_value(
        r.events
            .lock()
            .unwrap()
            .iter()
            .find(|e| matches!(e, Event::StackDrift(_)))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["event"], "stack_drift");
    assert_eq!(
        json["drift"]["resources"][0]["differences"][0]["kind"],
        "NOT_EQUAL"
    );
}

#[tokio::test]
async fn a_stack_in_sync_has_no_drift_and_one_not_deployed_is_not_checked() {
    let assembly = demo_assembly("tweets");
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        template(&assembly.stacks()[0].template_json),
        detection_started(),
        detection("DETECTION_COMPLETE", Some(("IN_SYNC", 0))),
    ]);
    let report = r
        .toolkit()
        .diff(&assembly, &DiffOptions::default().drift(true))
        .await
        .unwrap();
    assert!(!report.has_differences());
    assert!(report.drifts[0].1.resources.is_empty());
    assert!(!r
        .actions()
        .contains(&"DescribeStackResourceDrifts".to_string()));

    let r = replay(vec![missing()]);
    let report = r
        .toolkit()
        .diff(&assembly, &DiffOptions::default().drift(true))
        .await
        .unwrap();
    assert!(report.drifts.is_empty());
    assert_eq!(r.actions(), ["DescribeStacks"]);
}

#[tokio::test]
async fn a_detection_that_fails_shows_its_reason_and_what_it_could_check() {
    let assembly = demo_assembly("tweets");
    let failed = ok(
        "DescribeStackDriftDetectionStatus",
        &format!(
            "<StackId>{STACK_ID}</StackId><StackDriftDetectionId>{DETECTION}</StackDriftDetectionId><StackDriftStatus>DRIFTED</StackDriftStatus><DetectionStatus>DETECTION_FAILED</DetectionStatus><DetectionStatusReason>Failed to detect drift on resource [Function]</DetectionStatusReason><DriftedStackResourceCount>1</DriftedStackResourceCount><Timestamp>2026-11-29T12:00:05.000Z</Timestamp>"
        ),
    );
    let r = replay(vec![
        stack("CREATE_COMPLETE", None, &[]),
        template(&assembly.stacks()[0].template_json),
        detection_started(),
        failed,
        table_drifted(),
    ]);
    let report = r
        .toolkit()
        .diff(&assembly, &DiffOptions::default().drift(true))
        .await
        .unwrap();
    let drift = &report.drifts[0].1;
    assert!(drift.detection.detection.is_failed());
    assert_eq!(
        drift.detection.reason.as_deref(),
        Some("Failed to detect drift on resource [Function]")
    );
    assert_eq!(drift.resources.len(), 1);
}

#[tokio::test]
async fn deploy_force_deploys_an_unchanged_stack_and_cloudformation_says_what_changes() {
    let assembly = demo_assembly("tweets");
    let deployed = || {
        vec![
            stack("CREATE_COMPLETE", None, &[]),
            template(&assembly.stacks()[0].template_json),
        ]
    };
    // Without --force: skipped by the toolkit, nothing asked of CloudFormation.
    let r = replay(deployed());
    let options = DeployOptions::default().approval(Approval::Approve);
    let report = r.toolkit().deploy(&assembly, &options).await.unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Unchanged { .. }))
    ));
    assert_eq!(r.actions(), ["DescribeStacks", "GetTemplate"]);

    // With --force: a change set is made anyway; here CloudFormation finds a change the
    // toolkit's comparison of templates cannot see (a value resolved anew at deploy time), and
    // it is executed.
    let updated = [
        demo("u2", "UPDATE_COMPLETE"),
        demo("u1", "UPDATE_IN_PROGRESS"),
    ];
    let mut answers = deployed();
    answers.extend([
        stack("CREATE_COMPLETE", None, &[]),
        change_set_created(),
        change_set(
            "CREATE_COMPLETE",
            &[("Modify", "Table", "AWS::DynamoDB::Table")],
        ),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        ok("ExecuteChangeSet", ""),
        events(&updated),
        stack("UPDATE_COMPLETE", None, &[]),
        events(&updated),
    ]);
    let r = replay(answers);
    let report = r
        .toolkit()
        .deploy(&assembly, &options.clone().force(true))
        .await
        .unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Deployed { .. }))
    ));
    assert!(r.bodies("CreateChangeSet")[0].contains("ChangeSetType=UPDATE"));
    assert_eq!(r.briefs()[0], "stack_planned Demo update");

    // With --force and --method direct, when CloudFormation has nothing to update.
    let mut answers = deployed();
    answers.extend([
        stack("CREATE_COMPLETE", None, &[]),
        events(&[demo("c1", "CREATE_COMPLETE")]),
        error("ValidationError", "No updates are to be performed."),
    ]);
    let r = replay(answers);
    let report = r
        .toolkit()
        .deploy(&assembly, &options.force(true).method(DeployMethod::Direct))
        .await
        .unwrap();
    assert!(matches!(
        report.stack("Demo"),
        Some(Ok(Outcome::Unchanged { .. }))
    ));
    assert!(r
        .briefs()
        .contains(&"stack_finished Demo unchanged nothing_to_update".to_string()));
}
