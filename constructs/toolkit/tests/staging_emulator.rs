//! A template over 51,200 bytes deploys through the staging bucket that `bootstrap` makes,
//! against the local emulator; without the bucket, the deploy stops first and says which
//! command makes it.

use cdk_core::{App, CfnResource, Stack};
use cdk_toolkit::bootstrap::{toolkit_assembly, BUCKET_OUTPUT};
use cdk_toolkit::cfn::Cfn;
use cdk_toolkit::deploy::{deploy_stack, plan, stage_templates, DeployOptions, Outcome, Staging};
use cdk_toolkit::progress::{Progress, ProgressMode};
use test_harness::LocalAws;

fn big_app() -> cdk_core::StackArtifact {
    let app = App::new();
    let stack = Stack::new(&app, "Big").unwrap();
    for i in 0..60 {
        let topic = CfnResource::new(&stack, &format!("Topic{i}"), "AWS::SNS::Topic").unwrap();
        topic.set_property("DisplayName", format!("topic-{i}"));
        topic.add_metadata("notes", "x".repeat(1000));
    }
    let artifact = app.synth().unwrap().stack("Big").unwrap().clone();
    assert!(artifact.template_json.len() > 60_000, "a 60 KB template");
    assert!(artifact.requires_upload);
    artifact
}

#[tokio::test]
async fn a_60_kb_template_deploys_through_the_staging_bucket() {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let cfn = Cfn::new(&config);
    let staging = Staging::new(&config, "CDKToolkit");
    let progress = Progress::new(ProgressMode::Events, 2);
    let artifact = big_app();

    // No staging bucket yet: stop before deploying, naming the command.
    let mut plans = vec![plan(&cfn, &artifact).await.unwrap()];
    let err = stage_templates(&cfn, &staging, &mut plans, "my-app")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("over the 51,200 bytes") && err.contains("run `my-app bootstrap` once"),
        "{err}"
    );
    assert!(
        cfn.describe("Big").await.unwrap().is_none(),
        "nothing was deployed"
    );

    // bootstrap: the toolkit stack and its bucket, private, encrypted, versioned, with a lifecycle rule.
    let toolkit = toolkit_assembly("CDKToolkit")
        .unwrap()
        .stack("CDKToolkit")
        .unwrap()
        .clone();
    let p = plan(&cfn, &toolkit).await.unwrap();
    let outcome = deploy_stack(
        &cfn,
        &p,
        &DeployOptions::default(),
        &progress.stack("CDKToolkit", 2),
    )
    .await
    .unwrap();
    let bucket = outcome.outputs()[BUCKET_OUTPUT].clone();
    let s3 = &staging.s3;
    s3.head_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("the staging bucket exists");
    // moto does not apply a bucket's settings from CloudFormation (its GetBucketVersioning even
    // answers malformed XML), so they are checked in the deployed template, which AWS applies.
    let deployed = cfn.template("CDKToolkit").await.unwrap();
    let props = &deployed["Resources"]["StagingBucket"]["Properties"];
    assert_eq!(props["VersioningConfiguration"]["Status"], "Enabled");
    assert_eq!(
        props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
            ["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
        "AES256"
    );
    assert_eq!(
        props["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"],
        true
    );
    assert_eq!(
        props["LifecycleConfiguration"]["Rules"][0]["NoncurrentVersionExpiration"]
            ["NoncurrentDays"],
        30
    );

    // Now the large template is uploaded and deployed by URL.
    let mut plans = vec![plan(&cfn, &artifact).await.unwrap()];
    stage_templates(&cfn, &staging, &mut plans, "my-app")
        .await
        .unwrap();
    let url = plans[0].template_url.clone().unwrap();
    assert!(
        url.starts_with(&format!("{}/{bucket}/templates/Big-", aws.endpoint())),
        "{url}"
    );
    let outcome = deploy_stack(
        &cfn,
        &plans[0],
        &DeployOptions::default(),
        &progress.stack("Big", 60),
    )
    .await
    .unwrap();
    assert!(matches!(outcome, Outcome::Deployed { .. }));
    assert_eq!(&cfn.template("Big").await.unwrap(), artifact.template());
    let objects = s3.list_objects_v2().bucket(&bucket).send().await.unwrap();
    assert_eq!(objects.contents().len(), 1);
}
