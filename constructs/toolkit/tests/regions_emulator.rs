//! A multi-region app on the local emulator, which keeps regions apart: each stack is deployed,
//! compared and destroyed in its own region (and is not in the other), the credentials' account
//! (moto's, 123456789012) is checked against the stacks' and a stack pinned to another account
//! is refused before anything is written, and a large template is staged through the bucket of
//! its own region, which `bootstrap` makes per region.

use aws_config::Region;
use cdk_core::{App, CfnOutput, CfnResource, Environment, Expr, Pseudo, Stack, StackProps};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::deploy::{DeployOptions, Outcome};
use cdk_toolkit::engine::{Approval, DestroyOptions, DiffOptions, Event, Events, Toolkit};
use cdk_toolkit::ToolkitError;
use test_harness::LocalAws;

const ACCOUNT: &str = "123456789012";

/// East in us-east-1 and West in eu-west-1, in `account`; each outputs the region
/// CloudFormation deployed it to.
fn two_regions(account: &str) -> Assembly {
    let app = App::new();
    for (id, region) in [("East", "us-east-1"), ("West", "eu-west-1")] {
        let s = Stack::with_props(
            &app,
            id,
            StackProps::default().env(Environment::new(account, region)),
        )
        .unwrap();
        let topic = CfnResource::new(&s, "Topic", "AWS::SNS::Topic").unwrap();
        topic.set_property("DisplayName", id);
        CfnOutput::new(&s, "DeployedIn", Expr::pseudo(Pseudo::Region)).unwrap();
    }
    Assembly::from(&app.synth().unwrap())
}

/// A 60 KB template pinned to eu-west-1 (any account).
fn big_in_west() -> Assembly {
    let app = App::new();
    let s = Stack::with_props(
        &app,
        "BigWest",
        StackProps::default().env(Environment::region("eu-west-1")),
    )
    .unwrap();
    for i in 0..60 {
        let topic = CfnResource::new(&s, &format!("Topic{i}"), "AWS::SNS::Topic").unwrap();
        topic.add_metadata("notes", "x".repeat(1000));
    }
    let assembly = Assembly::from(&app.synth().unwrap());
    assert!(assembly.stacks()[0].requires_upload);
    assembly
}

/// The stack's status in `region`, or None when it is not there.
async fn status_in(aws: &LocalAws, region: &str, stack: &str) -> Option<String> {
    let config = aws
        .sdk_config()
        .await
        .to_builder()
        .region(Region::new(region.to_string()))
        .build();
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    let out = cfn.describe_stacks().stack_name(stack).send().await.ok()?;
    out.stacks()
        .first()
        .and_then(|s| s.stack_status())
        .map(|s| s.as_str().to_string())
        .filter(|s| s != "DELETE_COMPLETE")
}

#[tokio::test]
async fn each_stack_goes_to_its_own_region_in_the_credentials_account() {
    let aws = LocalAws::start();
    let toolkit = Toolkit::new(&aws.sdk_config().await).bootstrap_command("my-app bootstrap");
    let options = DeployOptions::default().approval(Approval::Approve);

    // Pinned to another account: refused before anything is written, in either region.
    let err = toolkit
        .deploy(&two_regions("111111111111"), &options)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ToolkitError::WrongAccount { stack, account, credentials }
            if stack == "East" && account == "111111111111" && credentials == ACCOUNT),
        "{err:?}"
    );
    for region in ["us-east-1", "eu-west-1"] {
        for stack in ["East", "West"] {
            assert_eq!(
                status_in(&aws, region, stack).await,
                None,
                "{stack} {region}"
            );
        }
    }

    // In moto's account: each stack in its own region, and only there.
    let assembly = two_regions(ACCOUNT);
    let report = toolkit.deploy(&assembly, &options).await.unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    let outputs = report.outputs();
    assert_eq!(outputs["East"]["DeployedIn"], "us-east-1");
    assert_eq!(outputs["West"]["DeployedIn"], "eu-west-1");
    assert_eq!(
        status_in(&aws, "us-east-1", "East").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    assert_eq!(status_in(&aws, "eu-west-1", "East").await, None);
    assert_eq!(
        status_in(&aws, "eu-west-1", "West").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    assert_eq!(status_in(&aws, "us-east-1", "West").await, None);

    // Read back where they are: no differences, and a second deploy changes nothing.
    let diff = toolkit
        .diff(&assembly, &DiffOptions::default())
        .await
        .unwrap();
    assert!(!diff.has_differences(), "{:?}", diff.stacks);
    let report = toolkit.deploy(&assembly, &options).await.unwrap();
    assert!(report
        .stacks
        .iter()
        .all(|s| matches!(s.result, Ok(Outcome::Unchanged { .. }))));

    // Destroyed, each in its region.
    toolkit
        .destroy(
            &assembly,
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    assert_eq!(status_in(&aws, "us-east-1", "East").await, None);
    assert_eq!(status_in(&aws, "eu-west-1", "West").await, None);
}

#[tokio::test]
async fn a_large_template_is_staged_in_its_own_region_which_bootstrap_makes() {
    let aws = LocalAws::start();
    let toolkit = Toolkit::new(&aws.sdk_config().await).bootstrap_command("my-app bootstrap");
    let options = DeployOptions::default().approval(Approval::Approve);
    let assembly = big_in_west();

    // The configured region's bucket does not serve eu-west-1.
    let report = toolkit.bootstrap("CDKToolkit").await.unwrap();
    assert!(report.is_success());
    let err = toolkit.deploy(&assembly, &options).await.unwrap_err();
    assert!(
        matches!(&err, ToolkitError::StagingBucketMissing { stack, region, .. } if stack == "BigWest" && region == "eu-west-1"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("no staging bucket to upload it to in eu-west-1: run `my-app bootstrap --region eu-west-1` once"),
        "{err}"
    );
    assert_eq!(status_in(&aws, "eu-west-1", "BigWest").await, None);

    // Bootstrapped there, the template goes through that region's bucket.
    let report = toolkit
        .bootstrap_in("CDKToolkit", Some("eu-west-1"))
        .await
        .unwrap();
    let west_bucket = match report.stack("CDKToolkit") {
        Some(Ok(o)) => o.outputs()["StagingBucketName"].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        status_in(&aws, "eu-west-1", "CDKToolkit").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    let (events, mut rx) = Events::channel();
    let report = toolkit
        .clone()
        .events(events)
        .deploy(&assembly, &options)
        .await
        .unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    let mut staged = None;
    while let Ok(e) = rx.try_recv() {
        if let Event::TemplateStaged(s) = e {
            staged = Some(s.url);
        }
    }
    let url = staged.expect("the template was staged");
    assert!(
        url.contains(&format!("/{west_bucket}/templates/BigWest-")),
        "{url}"
    );
    assert_eq!(
        status_in(&aws, "eu-west-1", "BigWest").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    assert_eq!(status_in(&aws, "us-east-1", "BigWest").await, None);
}
