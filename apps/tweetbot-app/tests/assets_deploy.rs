//! The TweetBot's Rust functions as assets on the local AWS: deploy refuses an environment that
//! was never bootstrapped before changing anything, uploads each function's zip under its
//! content hash, and does not upload it again when the bucket already has it.

mod common;

use common::{cli, ok, sdk_config, text};
use test_harness::LocalAws;

/// The `S3Key` of each function of the deployed TweetBot template.
async fn deployed_keys(aws: &LocalAws) -> Vec<String> {
    let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(aws).await);
    let body = cfn
        .get_template()
        .stack_name("TweetBot")
        .send()
        .await
        .unwrap()
        .template_body()
        .unwrap()
        .to_string();
    let template: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut keys: Vec<String> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Lambda::Function")
        .map(|r| {
            r["Properties"]["Code"]["S3Key"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    keys.sort();
    keys
}

/// The keys in the bootstrapped assets bucket, sorted.
async fn bucket_keys(aws: &LocalAws) -> Vec<String> {
    let s3 = aws_sdk_s3::Client::new(&sdk_config(aws).await);
    let bucket = "cdk-rs-assets-123456789012-us-east-1";
    let listed = s3.list_objects_v2().bucket(bucket).send().await.unwrap();
    let mut keys: Vec<String> = listed
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_string))
        .collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn deploy_without_bootstrap_is_refused_before_any_stack_changes() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&aws, dir.path(), &["deploy", "--yes"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stack TweetBot has assets (function code) to upload, and there is no assets bucket in us-east-1: run `tweetbot-app bootstrap` once"),
        "{stderr}"
    );
    // Nothing was deployed, not even the stack without assets.
    let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(&aws).await);
    let stacks = cfn.list_stacks().send().await.unwrap();
    assert!(
        stacks.stack_summaries().is_empty(),
        "{:?}",
        stacks.stack_summaries()
    );
}

#[tokio::test]
async fn each_function_is_uploaded_under_its_hash_once() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    for function in ["TweetPoller", "SmsNotifier"] {
        assert!(
            stderr.contains(&format!(
                "TweetBot | asset TweetBot/{function}/Function/Code uploaded to s3://cdk-rs-assets-123456789012-us-east-1/"
            )),
            "{stderr}"
        );
    }
    // The template names each zip by its content hash, and the bucket holds exactly those.
    let keys = deployed_keys(&aws).await;
    assert_eq!(keys.len(), 2);
    for key in &keys {
        let hash = key.strip_suffix(".zip").unwrap();
        assert_eq!(hash.len(), 64, "a sha-256: {key}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    }
    assert_eq!(bucket_keys(&aws).await, keys);

    // A change to the stack but not to the functions' code: the stack is updated, and the
    // zips, already in the bucket, are not uploaded again.
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["--wait", "3s", "deploy", "--yes", "--progress", "events"],
    ));
    assert!(stderr.contains("UPDATE_COMPLETE"), "{stderr}");
    assert!(!stderr.contains("uploaded to"), "{stderr}");
    assert_eq!(
        stderr.matches(", not uploaded again").count(),
        2,
        "{stderr}"
    );
    assert_eq!(deployed_keys(&aws).await, keys, "the same code");
    assert_eq!(bucket_keys(&aws).await, keys);
}

#[test]
fn the_aws_cdk_cli_reads_the_assembly_with_its_built_assets() {
    let dir = tempfile::tempdir().unwrap();
    ok(&test_harness::run_app(
        env!("CARGO_BIN_EXE_tweetbot-app"),
        dir.path(),
        &["synth"],
        &[],
    ));
    let out_dir = dir.path().join("cdk.out");
    // The asset manifest in AWS CDK's format names each zip, present in the assembly, and
    // its destination under the same hash the template's S3Key names.
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("TweetBot.assets.json")).unwrap(),
    )
    .unwrap();
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("TweetBot.template.json")).unwrap(),
    )
    .unwrap();
    let files = manifest["files"].as_object().unwrap();
    assert_eq!(files.len(), 2, "{manifest}");
    for (hash, file) in files {
        let path = file["source"]["path"].as_str().unwrap();
        assert!(out_dir.join(path).is_file(), "{path} is in the assembly");
        assert_eq!(file["source"]["packaging"], "file");
        let destination = file["destinations"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap();
        assert_eq!(destination["objectKey"], format!("{hash}.zip"));
        assert!(
            template
                .to_string()
                .contains(&format!("\"S3Key\":\"{hash}.zip\"")),
            "the template names {hash}.zip"
        );
    }
    let listed = test_harness::run_tool(
        "cdk",
        &[
            "ls",
            "--app",
            "cdk.out",
            "--no-notices",
            "--no-version-reporting",
        ],
        dir.path(),
    );
    let (stdout, stderr) = text(&listed);
    assert!(listed.status.success(), "{stdout}{stderr}");
    let stacks: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(stacks, ["TweetDataStore", "TweetBot"]);
}
