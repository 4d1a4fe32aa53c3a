//! A template over 51,200 bytes deploys through the staging bucket that `bootstrap` makes,
//! against the local emulator, through the library's engine; without the bucket, the deploy
//! stops first and says which command makes it.

use cdk_core::{App, CfnResource, Stack};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::bootstrap::BUCKET_OUTPUT;
use cdk_toolkit::deploy::{DeployOptions, Outcome, Staging};
use cdk_toolkit::engine::{Approval, Toolkit};
use cdk_toolkit::ToolkitError;
use test_harness::LocalAws;

fn big_app() -> Assembly {
    let app = App::new();
    let stack = Stack::new(&app, "Big").unwrap();
    for i in 0..60 {
        let topic = CfnResource::new(&stack, &format!("Topic{i}"), "AWS::SNS::Topic").unwrap();
        topic.set_property("DisplayName", format!("topic-{i}"));
        topic.add_metadata("notes", "x".repeat(1000));
    }
    let assembly = Assembly::from(&app.synth().unwrap());
    let artifact = assembly.stack("Big").unwrap();
    assert!(artifact.template_json.len() > 60_000, "a 60 KB template");
    assert!(artifact.requires_upload);
    assembly
}

#[tokio::test]
async fn a_60_kb_template_deploys_through_the_staging_bucket() {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let toolkit = Toolkit::new(&config).bootstrap_command("my-app bootstrap");
    let cfn = toolkit.cfn().clone();
    let assembly = big_app();
    let options = DeployOptions::default().approval(Approval::Approve);

    // No staging bucket yet: stop before deploying, naming the command.
    let err = toolkit.deploy(&assembly, &options).await.unwrap_err();
    assert!(
        matches!(&err, ToolkitError::StagingBucketMissing { stack, .. } if stack == "Big"),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(
        err.contains("over the 51,200 bytes") && err.contains("run `my-app bootstrap` once"),
        "{err}"
    );
    assert!(
        cfn.describe("Big").await.unwrap().is_none(),
        "nothing was deployed"
    );

    // bootstrap: the toolkit stack and its bucket, private, encrypted, versioned, with a lifecycle rule.
    let report = toolkit.bootstrap("CDKToolkit").await.unwrap();
    let bucket = match report.stack("CDKToolkit") {
        Some(Ok(outcome)) => outcome.outputs()[BUCKET_OUTPUT].clone(),
        other => panic!("{other:?}"),
    };
    let s3 = Staging::new(&config, "CDKToolkit").s3;
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
    let (events, mut rx) = cdk_toolkit::engine::Events::channel();
    let report = toolkit
        .clone()
        .events(events)
        .deploy(&assembly, &options)
        .await
        .unwrap();
    assert!(matches!(
        report.stack("Big"),
        Some(Ok(Outcome::Deployed { .. }))
    ));
    let mut url = None;
    while let Ok(e) = rx.try_recv() {
        if let cdk_toolkit::engine::Event::TemplateStaged(s) = e {
            url = Some(s.url);
        }
    }
    let url = url.expect("the template was staged");
    assert!(
        url.starts_with(&format!("{}/{bucket}/templates/Big-", aws.endpoint())),
        "{url}"
    );
    assert_eq!(
        &cfn.template("Big").await.unwrap(),
        assembly.stack("Big").unwrap().template()
    );
    let objects = s3.list_objects_v2().bucket(&bucket).send().await.unwrap();
    assert_eq!(objects.contents().len(), 1);
}

/// The staging bucket's name is made of the account and the region (`Fn::Sub`), and the bucket
/// is kept when its stack goes: a second `bootstrap` finds it by that name and imports it,
/// with what it holds, instead of failing on "already exists" or saying it cannot be adopted.
#[tokio::test]
async fn bootstrap_again_after_its_stack_was_deleted_adopts_the_bucket_it_kept() {
    use cdk_toolkit::engine::{Event, Events};
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let (events, mut rx) = Events::channel();
    let toolkit = Toolkit::new(&config).events(events);
    let cfn = toolkit.cfn().clone();
    let mut drain = || {
        let mut seen = Vec::new();
        while let Ok(e) = rx.try_recv() {
            seen.push(e);
        }
        seen
    };
    let output = |report: &cdk_toolkit::engine::DeployReport| match report.stack("CDKToolkit") {
        Some(Ok(outcome)) => outcome.outputs()[BUCKET_OUTPUT].clone(),
        other => panic!("{other:?}"),
    };

    let bucket = output(&toolkit.bootstrap("CDKToolkit").await.unwrap());
    let first = drain();
    assert!(
        !first
            .iter()
            .any(|e| matches!(e, Event::CannotAdopt(_) | Event::Adopting(_))),
        "a first bootstrap has nothing to adopt and nothing to warn about: {first:?}"
    );
    let s3 = Staging::new(&config, "CDKToolkit").s3;
    s3.put_object()
        .bucket(&bucket)
        .key("assets/kept.zip")
        .body(b"zip".to_vec().into())
        .send()
        .await
        .unwrap();

    cfn.delete_stack("CDKToolkit").await.unwrap();
    for _ in 0..300 {
        if cfn.describe("CDKToolkit").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(cfn.describe("CDKToolkit").await.unwrap().is_none());

    let again = output(&toolkit.bootstrap("CDKToolkit").await.unwrap());
    assert_eq!(again, bucket);
    let adopted: Vec<String> = drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::Adopting(a) => Some(a.resource.name()),
            Event::CannotAdopt(c) => panic!("{}", c.resource),
            _ => None,
        })
        .collect();
    assert_eq!(adopted, std::slice::from_ref(&bucket));
    let kept = s3
        .get_object()
        .bucket(&bucket)
        .key("assets/kept.zip")
        .send()
        .await
        .expect("the adopted bucket kept its objects");
    assert_eq!(kept.content_length(), Some(3));
}
