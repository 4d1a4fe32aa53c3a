//! The tweet archive: its template checked by the judges (cfn-lint, checkov) and by assertions,
//! then deployed to the local emulator and read back through the services' own APIs (boto3,
//! from the tools' virtualenv, so that no more AWS SDK crates are built), and taken through the
//! toolkit's data protection: a bucket rename refused then allowed, the retained bucket adopted
//! after `destroy`, and `destroy --include-data` emptying and deleting it.

use std::path::Path;
use std::process::{Command, Output};

use cdk_assertions::{Match, Template};
use serde_json::{json, Value};
use test_harness::{ok, run_app, run_tool, text, tool, LocalAws};
use tweet_archive::{build, Settings};

fn cli(aws: &LocalAws, cwd: &Path, args: &[&str]) -> Output {
    run_app(env!("CARGO_BIN_EXE_tweet-archive"), cwd, args, &aws.env())
}

/// Runs a Python snippet with boto3 against the emulator; the snippet prints one JSON value,
/// which is returned. `args` are in `sys.argv[1:]`.
fn boto3(aws: &LocalAws, script: &str, args: &[&str]) -> Value {
    let program = format!("import boto3, json, sys\n{script}");
    let out = Command::new(tool("python"))
        .arg("-c")
        .arg(program)
        .args(args)
        .envs(aws.env())
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .expect("python runs");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "boto3 snippet failed:\n{stderr}");
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("the snippet printed no JSON ({e}): {stdout}"))
}

/// The stack's status, or null when there is none.
fn stack_status(aws: &LocalAws) -> Value {
    boto3(
        aws,
        r#"
cf = boto3.client("cloudformation")
try:
    print(json.dumps(cf.describe_stacks(StackName="TweetArchive")["Stacks"][0]["StackStatus"]))
except cf.exceptions.ClientError as e:
    assert "does not exist" in str(e), e
    print("null")
"#,
        &[],
    )
}

/// The stack's resources: logical ID to physical ID.
fn physical_ids(aws: &LocalAws) -> Value {
    boto3(
        aws,
        r#"
cf = boto3.client("cloudformation")
rs = cf.list_stack_resources(StackName="TweetArchive")["StackResourceSummaries"]
print(json.dumps({r["LogicalResourceId"]: r["PhysicalResourceId"] for r in rs if r["LogicalResourceId"]}))
"#,
        &[],
    )
}

/// The bucket's objects, every version and delete marker: `{"versions": [[key, body]...],
/// "markers": N, "current": [keys]}`; null when the bucket does not exist.
fn bucket_contents(aws: &LocalAws, bucket: &str) -> Value {
    boto3(
        aws,
        r#"
s3 = boto3.client("s3")
bucket = sys.argv[1]
try:
    s3.head_bucket(Bucket=bucket)
except s3.exceptions.ClientError:
    print("null"); sys.exit(0)
listing = s3.list_object_versions(Bucket=bucket)
versions = [[v["Key"], s3.get_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])["Body"].read().decode()]
            for v in listing.get("Versions", [])]
current = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
print(json.dumps({"versions": sorted(versions), "markers": len(listing.get("DeleteMarkers", [])), "current": current}))
"#,
        &[bucket],
    )
}

/// Puts objects (key, body) in order, then deletes `deleted` (a delete marker, as the bucket
/// is versioned).
fn put_objects(aws: &LocalAws, bucket: &str, objects: &[(&str, &str)], deleted: &[&str]) {
    let objects = serde_json::to_string(objects).unwrap();
    let deleted = serde_json::to_string(deleted).unwrap();
    boto3(
        aws,
        r#"
s3 = boto3.client("s3")
bucket, objects, deleted = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
for key, body in objects:
    s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
for key in deleted:
    s3.delete_object(Bucket=bucket, Key=key)
print("null")
"#,
        &[bucket, &objects, &deleted],
    );
}

#[test]
fn the_template_declares_the_archive_with_least_privilege_policies() {
    let app = build(&Settings::default()).unwrap();
    let stacks = app.stacks();
    assert_eq!(stacks.len(), 1);
    let t = Template::from_stack(&stacks[0]).unwrap();
    for (ty, n) in [
        ("AWS::S3::Bucket", 1),
        ("AWS::S3::BucketPolicy", 1),
        ("AWS::SNS::Topic", 1),
        ("AWS::SQS::Queue", 1),
        ("AWS::SQS::QueuePolicy", 1),
        ("AWS::SNS::TopicPolicy", 1),
        ("AWS::Events::Rule", 1),
    ] {
        t.resource_count_is(ty, n);
    }
    t.has_resource(
        "AWS::S3::Bucket",
        json!({
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "BucketName": "tweet-archive",
                "VersioningConfiguration": {"Status": "Enabled"},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
                "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}
            }
        }),
    );
    t.has_resource_properties(
        "AWS::SNS::Topic",
        json!({"Subscription": [{"Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Inbox", "Arn"]}}]}),
    );
    // Only the topic may send to the queue, and only this rule may publish to the topic.
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        json!({"Queues": [{"Ref": "Inbox"}], "PolicyDocument": {"Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": {"Fn::GetAtt": ["Inbox", "Arn"]},
            "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": "Ticks"}}}}]}}),
    );
    t.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        json!({"Topics": [{"Ref": "Ticks"}], "PolicyDocument": {"Statement": [{
            "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish",
            "Resource": {"Ref": "Ticks"},
            "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["Schedule", "Arn"]}}}}]}}),
    );
    t.has_resource_properties(
        "AWS::Events::Rule",
        Match::object_like([
            ("ScheduleExpression", json!("rate(1 hour)").into()),
            ("State", json!("ENABLED").into()),
            (
                "Targets",
                json!([{"Arn": {"Ref": "Ticks"}, "Id": "Ticks"}]).into(),
            ),
        ]),
    );
}

#[test]
fn cfn_lint_finds_nothing_and_checkov_only_what_is_suppressed_with_a_true_reason() {
    let dir = tempfile::tempdir().unwrap();
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    assembly.write_to(dir.path()).unwrap();
    let file = assembly.stacks[0].template_file.clone();
    let out = run_tool("cfn-lint", &[&file], dir.path());
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success() && stdout.trim().is_empty(),
        "cfn-lint (warnings count too):\n{stdout}{stderr}"
    );

    let template = assembly.stacks[0].template();
    let mut suppressed: Vec<(String, String)> = Vec::new();
    for (id, r) in template["Resources"].as_object().unwrap() {
        for skip in r["Metadata"]["checkov"]["skip"]
            .as_array()
            .into_iter()
            .flatten()
        {
            suppressed.push((id.clone(), skip["id"].as_str().unwrap().to_string()));
        }
    }
    // Each suppression is of a check that really fails without it, on a resource where its
    // reason holds: no access log bucket; the topic is unencrypted; the queue is encrypted
    // with SQS-managed keys.
    assert_eq!(
        suppressed,
        [
            ("Archive".to_string(), "CKV_AWS_18".to_string()),
            ("Inbox".into(), "CKV_AWS_27".into()),
            ("Ticks".into(), "CKV_AWS_26".into()),
        ]
    );
    let r = &template["Resources"];
    assert!(r["Archive"]["Properties"]
        .get("LoggingConfiguration")
        .is_none());
    assert!(r["Ticks"]["Properties"].get("KmsMasterKeyId").is_none());
    assert_eq!(r["Inbox"]["Properties"]["SqsManagedSseEnabled"], true);
    let args = [
        "--skip-download",
        "--quiet",
        "--compact",
        "--framework",
        "cloudformation",
        "-f",
        &file,
    ];
    let out = run_tool("checkov", &args, dir.path());
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "checkov:\n{stdout}{stderr}");
    assert!(stdout.contains("Skipped checks: 3"), "{stdout}");

    // Without the suppressions, exactly those three checks fail.
    let mut bare = template.clone();
    for r in bare["Resources"].as_object_mut().unwrap().values_mut() {
        r["Metadata"].as_object_mut().unwrap().remove("checkov");
    }
    std::fs::write(dir.path().join("bare.json"), bare.to_string()).unwrap();
    let out = run_tool(
        "checkov",
        &[&args[..5], &["-f", "bare.json"]].concat(),
        dir.path(),
    );
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(stdout.contains("Failed checks: 3"), "{stdout}");
    for (id, check) in &suppressed {
        assert!(
            stdout.contains(&format!("Check: {check}:")) && stdout.contains(&format!(".{id}\n")),
            "{check} on {id}:\n{stdout}"
        );
    }
}

#[test]
fn a_bad_bucket_name_is_refused_with_the_rule_it_breaks() {
    let dir = tempfile::tempdir().unwrap();
    for (name, why) in [
        (
            "Tweet_Archive",
            "use only lowercase letters, digits, hyphens and dots",
        ),
        ("ab", "a bucket name has 3 to 63 characters"),
        ("-archive", "it must start and end with a letter or a digit"),
        (
            "archive..tweets",
            "a dot must not be next to another dot or a hyphen",
        ),
        ("192.168.1.1", "it must not look like an IP address"),
    ] {
        // `=` so that a name starting with `-` is taken as the value.
        let flag = format!("--bucket-name={name}");
        let out = run_app(
            env!("CARGO_BIN_EXE_tweet-archive"),
            dir.path(),
            &[&flag, "synth"],
            &[],
        );
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("invalid bucket name {name:?}: {why}")),
            "{name}: {stderr}"
        );
    }
    // A library user who bypasses the flag is stopped at synthesis.
    let settings = Settings {
        bucket_name: "ab".into(),
        ..Settings::default()
    };
    let err = build(&settings).unwrap().synth().unwrap_err().to_string();
    assert!(
        err.contains("[TweetArchive/Archive] invalid bucket name \"ab\""),
        "{err}"
    );
}

#[test]
fn deploys_and_every_resource_reads_back_as_declared() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    assert!(
        stderr.contains("TweetArchive | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("TweetArchive.BucketName = tweet-archive"),
        "{stdout}"
    );
    let ids = physical_ids(&aws);
    let got = boto3(
        &aws,
        r#"
bucket, topic_arn, queue_url, rule = sys.argv[1:5]
s3, sns, sqs, events = (boto3.client(s) for s in ("s3", "sns", "sqs", "events"))
queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
subs = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
sns.publish(TopicArn=topic_arn, Message="tick")
received = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1).get("Messages", [])
print(json.dumps({
    "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
    "encryption": s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
    "public_access_block": s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"],
    "queue_arn": queue_arn,
    "queue_sse": sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"].get("SqsManagedSseEnabled"),
    "subscriptions": [[s["Protocol"], s["Endpoint"]] for s in subs],
    "delivered": [json.loads(m["Body"]).get("Message") for m in received],
    "rule": {k: v for k, v in events.describe_rule(Name=rule).items() if k in ("ScheduleExpression", "State")},
    "targets": [t["Arn"] for t in events.list_targets_by_rule(Rule=rule)["Targets"]],
}))
"#,
        &[
            ids["Archive"].as_str().unwrap(),
            ids["Ticks"].as_str().unwrap(),
            ids["Inbox"].as_str().unwrap(),
            ids["Schedule"].as_str().unwrap(),
        ],
    );
    assert_eq!(ids["Archive"], "tweet-archive");
    assert_eq!(got["versioning"], "Enabled");
    assert_eq!(got["encryption"], "AES256");
    assert_eq!(
        got["public_access_block"],
        json!({"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true})
    );
    assert_eq!(got["queue_sse"], "true");
    let queue_arn = got["queue_arn"].as_str().unwrap();
    assert!(queue_arn.starts_with("arn:aws:sqs:us-east-1:"), "{got}");
    assert_eq!(got["subscriptions"], json!([["sqs", queue_arn]]));
    assert_eq!(
        got["delivered"],
        json!(["tick"]),
        "a message published to the topic reaches the queue"
    );
    assert_eq!(
        got["rule"],
        json!({"ScheduleExpression": "rate(1 hour)", "State": "ENABLED"})
    );
    assert_eq!(got["targets"], json!([ids["Ticks"]]));
    assert!(
        ids["Ticks"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sns:us-east-1:"),
        "{ids}"
    );
}

#[test]
fn renaming_the_bucket_is_refused_until_allowed() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    put_objects(&aws, "tweet-archive", &[("2026/11/29.json", "[]")], &[]);
    for method in ["change-set", "direct"] {
        let out = cli(
            &aws,
            dir.path(),
            &[
                "--bucket-name",
                "tweet-archive-v2",
                "deploy",
                "--yes",
                "--method",
                method,
            ],
        );
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{method}: {stderr}");
        assert!(
            stderr.contains("stack TweetArchive: this deploy would replace or delete resources that hold data, so it stopped before changing anything"),
            "{stderr}"
        );
        assert!(
            stderr.contains("Archive (AWS::S3::Bucket): BucketName changes, which replaces it (tweet-archive → tweet-archive-v2)"),
            "{stderr}"
        );
        assert!(
            stderr.contains("--allow-replacement LOGICAL_ID"),
            "{stderr}"
        );
    }
    // Nothing changed: the stack, its bucket and the bucket's object are as they were.
    assert_eq!(stack_status(&aws), "CREATE_COMPLETE");
    assert_eq!(physical_ids(&aws)["Archive"], "tweet-archive");
    assert_eq!(bucket_contents(&aws, "tweet-archive-v2"), Value::Null);
    assert_eq!(
        bucket_contents(&aws, "tweet-archive")["current"],
        json!(["2026/11/29.json"])
    );

    // Allowed, the rename goes through and the new bucket is the stack's.
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "--bucket-name",
            "tweet-archive-v2",
            "deploy",
            "--yes",
            "--progress",
            "events",
            "--allow-replacement",
            "Archive",
        ],
    ));
    assert!(
        !stderr.contains("stopped before changing anything"),
        "{stderr}"
    );
    assert!(
        stderr.contains("TweetArchive | UPDATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert_eq!(stack_status(&aws), "UPDATE_COMPLETE");
    assert_eq!(physical_ids(&aws)["Archive"], "tweet-archive-v2");
    let renamed = bucket_contents(&aws, "tweet-archive-v2");
    assert_eq!(renamed["current"], json!([]), "a new, empty bucket");
    let versioning = boto3(
        &aws,
        "print(json.dumps(boto3.client('s3').get_bucket_versioning(Bucket='tweet-archive-v2').get('Status')))",
        &[],
    );
    assert_eq!(versioning, "Enabled");
}

#[test]
fn the_retained_bucket_is_adopted_after_destroy_with_its_objects() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    put_objects(
        &aws,
        "tweet-archive",
        &[
            ("tweets/1.json", "first"),
            ("tweets/1.json", "first, edited"),
            ("tweets/2.json", "second"),
        ],
        &[],
    );
    let before = bucket_contents(&aws, "tweet-archive");
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["destroy", "--force"]));
    assert!(
        stdout.contains("AWS::S3::Bucket tweet-archive (Archive, from stack TweetArchive)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("its objects are still there; to delete it, every object version first: destroy --include-data"),
        "{stdout}"
    );
    assert_eq!(stack_status(&aws), Value::Null);
    assert_eq!(bucket_contents(&aws, "tweet-archive"), before, "kept");

    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    assert!(
        stderr.contains("TweetArchive | adopting the existing AWS::S3::Bucket tweet-archive into the stack (resource import) instead of creating it again"),
        "{stderr}"
    );
    // Imported, then updated to the full template (a plain create would end CREATE_COMPLETE,
    // or fail on the existing bucket).
    assert_eq!(stack_status(&aws), "UPDATE_COMPLETE");
    let ids = physical_ids(&aws);
    assert_eq!(ids["Archive"], "tweet-archive");
    for other in ["Inbox", "Ticks", "Schedule"] {
        assert!(
            ids[other].as_str().is_some_and(|s| !s.is_empty()),
            "{other}: {ids}"
        );
    }
    let after = bucket_contents(&aws, "tweet-archive");
    assert_eq!(after, before, "every object version survived");
    assert_eq!(
        after["versions"],
        json!([
            ["tweets/1.json", "first"],
            ["tweets/1.json", "first, edited"],
            ["tweets/2.json", "second"]
        ])
    );
}

#[test]
fn destroy_include_data_names_the_bucket_and_its_objects_then_empties_and_deletes_it() {
    let aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    // Two current objects; one older version of `a`; `c` deleted (its version and a delete
    // marker stay): 4 versions and 1 delete marker in all.
    put_objects(
        &aws,
        "tweet-archive",
        &[("a", "1"), ("a", "2"), ("b", "3"), ("c", "4")],
        &["c"],
    );
    let before = bucket_contents(&aws, "tweet-archive");
    assert_eq!(
        (
            before["versions"].as_array().unwrap().len(),
            &before["markers"]
        ),
        (4, &json!(1))
    );
    let named = "bucket tweet-archive (2 objects, with 5 versions and delete markers in all)";

    // No terminal and no --force: refused, after naming what would go; nothing is touched.
    let out = cli(&aws, dir.path(), &["destroy", "--include-data"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("--include-data also deletes {named}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("refusing to destroy TweetArchive"),
        "{stderr}"
    );
    assert_eq!(stack_status(&aws), "CREATE_COMPLETE");
    assert_eq!(bucket_contents(&aws, "tweet-archive"), before);

    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "--include-data", "--force"],
    ));
    assert!(
        stderr.contains(&format!("--include-data also deletes {named}")),
        "{stderr}"
    );
    assert!(
        stdout.contains("Deleted bucket tweet-archive and its 2 objects, with 5 versions and delete markers in all (--include-data)"),
        "{stdout}"
    );
    assert!(!stdout.contains("Retained resources"), "{stdout}");
    assert_eq!(stack_status(&aws), Value::Null);
    assert_eq!(bucket_contents(&aws, "tweet-archive"), Value::Null, "gone");

    // Deployed again, the archive starts empty (nothing is left to adopt).
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    assert!(!stderr.contains("adopting"), "{stderr}");
    assert_eq!(stack_status(&aws), "CREATE_COMPLETE");
    assert_eq!(
        bucket_contents(&aws, "tweet-archive")["versions"],
        json!([])
    );
}
