//! `deploy`, `diff`, `ls --long` and `destroy` for real, against the local AWS emulator started
//! on a free port for each test.

mod common;

use common::{cli, ok, sdk_config, stack_status, text};

#[tokio::test]
async fn deploy_skip_update_and_destroy_the_tweetbot() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let config = sdk_config(&aws).await;
    let cfn = aws_sdk_cloudformation::Client::new(&config);

    // First deploy: both stacks, through change sets, outputs printed and written.
    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--outputs-file", "outputs.json"],
    ));
    assert!(
        stderr.contains("[1/2] TweetDataStore | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[2/2] TweetBot | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("creating change set (new stack)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("TweetBot.StateMachineArn = arn:aws:states:us-east-1:"),
        "{stdout}"
    );
    let outputs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("outputs.json")).unwrap())
            .unwrap();
    let arn = outputs["TweetBot"]["StateMachineArn"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(outputs["TweetDataStore"]["TweetTableName"], "tweetTable");

    // The resources really exist, read back through each service's API.
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    assert_eq!(
        stack_status(&cfn, "TweetBot").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    let sfn = aws_sdk_sfn::Client::new(&config);
    let machine = sfn
        .describe_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(machine.name(), "TweetBot");
    let definition: serde_json::Value = serde_json::from_str(machine.definition()).unwrap();
    assert_eq!(definition["StartAt"], "Find Tweet");
    assert!(definition["States"]["Find Tweet"]["Resource"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:lambda:"));
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let table = dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .unwrap();
    assert_eq!(
        table.table().unwrap().key_schema()[0].attribute_name(),
        "id"
    );
    let lambda = aws_sdk_lambda::Client::new(&config);
    let functions = lambda.list_functions().send().await.unwrap();
    assert_eq!(functions.functions().len(), 2);
    assert!(functions
        .functions()
        .iter()
        .all(|f| f.runtime().map(|r| r.as_str()) == Some("provided.al2023")));
    let iam = aws_sdk_iam::Client::new(&config);
    assert_eq!(iam.list_roles().send().await.unwrap().roles().len(), 3);
    let change_sets = |cfn: aws_sdk_cloudformation::Client| async move {
        cfn.list_change_sets()
            .stack_name("TweetBot")
            .send()
            .await
            .unwrap()
            .summaries()
            .len()
    };
    let before = change_sets(cfn.clone()).await;

    // Unchanged: both stacks skipped, no change set created.
    let (_, stderr) = ok(&cli(&aws, dir.path(), &["deploy"]));
    assert_eq!(
        stderr
            .matches("no changes: template, tags and parameters are unchanged, skipped (no change set created)")
            .count(),
        2,
        "{stderr}"
    );
    assert_eq!(change_sets(cfn.clone()).await, before);
    assert!(
        stderr.contains("CloudFormation API calls (0 writes)"),
        "an unchanged redeploy writes nothing: {stderr}"
    );

    // diff --fail: 0 without differences, 1 with.
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["diff", "--fail"]));
    assert_eq!(
        stdout.matches("There were no differences").count(),
        2,
        "{stdout}"
    );
    let out = cli(&aws, dir.path(), &["--wait", "3s", "diff", "--fail"]);
    assert_eq!(out.status.code(), Some(1));

    // A changed construct: an update of TweetBot only.
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["--wait", "3s", "diff"]));
    assert!(
        stdout.contains(
            "Properties.Definition.States.Find Tweet.Next: Wait 10 Seconds → Wait 3 Seconds"
        ),
        "{stdout}"
    );
    let (_, stderr) = ok(&cli(&aws, dir.path(), &["--wait", "3s", "deploy"]));
    assert!(
        stderr.contains("[1/2] TweetDataStore | no changes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[2/2] TweetBot | UPDATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    let machine = sfn
        .describe_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert!(machine.definition().contains("Wait 3 Seconds"));
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["--wait", "3s", "ls", "--long"]));
    assert!(stdout.contains("status: UPDATE_COMPLETE"), "{stdout}");

    // Destroy without a terminal and without --force refuses and deletes nothing.
    let out = cli(&aws, dir.path(), &["destroy", "--all"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out)
        .1
        .contains("refusing to destroy TweetBot, TweetDataStore without confirmation"));
    assert!(stack_status(&cfn, "TweetBot").await.is_some());

    // Destroy: both stacks go, dependents first, the table stays and is reported with its name.
    let (stdout, stderr) = ok(&cli(&aws, dir.path(), &["destroy", "--force", "--all"]));
    let bot = stderr
        .find("[1/2] TweetBot | deleting stack")
        .expect("TweetBot deleted");
    let data = stderr
        .find("[2/2] TweetDataStore | deleting stack")
        .expect("TweetDataStore deleted");
    assert!(bot < data, "{stderr}");
    assert!(
        stdout.contains("Stack TweetBot destroyed")
            && stdout.contains("Stack TweetDataStore destroyed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("AWS::DynamoDB::Table tweetTable"),
        "{stdout}"
    );
    assert!(
        stdout.contains("its items are still there; to delete it: aws dynamodb delete-table --table-name tweetTable"),
        "{stdout}"
    );
    assert_eq!(stack_status(&cfn, "TweetBot").await, None);
    assert_eq!(stack_status(&cfn, "TweetDataStore").await, None);
    assert!(dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .is_ok());
    assert!(lambda
        .list_functions()
        .send()
        .await
        .unwrap()
        .functions()
        .is_empty());

    // Destroying stacks that do not exist succeeds and says so.
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["destroy", "--force"]));
    assert!(
        stdout.contains("Stack TweetBot does not exist; nothing to destroy"),
        "{stdout}"
    );
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["ls", "--long"]));
    assert!(stdout.contains("status: not deployed"), "{stdout}");
}

#[tokio::test]
async fn iam_changes_without_a_terminal_need_yes_and_nothing_changes() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&aws, dir.path(), &["deploy"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("IAM statement changes"), "{stderr}");
    assert!(stderr.contains("sns:Publish"), "{stderr}");
    assert!(stderr.contains("rerun with --yes"), "{stderr}");
    let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(&aws).await);
    let stacks: Vec<String> = cfn
        .list_stacks()
        .send()
        .await
        .unwrap()
        .stack_summaries()
        .iter()
        .filter_map(|s| s.stack_name().map(str::to_string))
        .collect();
    assert_eq!(stacks, ["CDKToolkit"], "only the bootstrap stack");
    // Nor was any function's code uploaded: approval comes before the assets.
    let s3 = aws_sdk_s3::Client::new(&sdk_config(&aws).await);
    let objects = s3
        .list_objects_v2()
        .bucket("cdk-rs-assets-123456789012-us-east-1")
        .send()
        .await
        .unwrap();
    assert!(objects.contents().is_empty(), "{:?}", objects.contents());
    // --require-approval never needs no approval.
    ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--require-approval", "never", "TweetDataStore"],
    ));
}

#[tokio::test]
async fn direct_method_creates_and_updates() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "deploy",
            "--method",
            "direct",
            "--yes",
            "--progress",
            "events",
        ],
    ));
    assert!(stderr.contains("TweetBot | creating stack"), "{stderr}");
    assert!(!stderr.contains("change set"), "{stderr}");
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "--wait",
            "2s",
            "deploy",
            "--method",
            "direct",
            "TweetBot",
            "--concurrency",
            "2",
        ],
    ));
    assert!(stderr.contains("TweetBot | updating stack"), "{stderr}");
    assert!(
        stderr.contains("TweetBot | UPDATE_COMPLETE (deployed)"),
        "{stderr}"
    );
}

#[tokio::test]
async fn deploying_one_stack_brings_its_dependency_unless_exclusively() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    // Alone, TweetBot cannot import the table's name and ARN: the error says so.
    let out = cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--exclusively", "TweetBot"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("No export named TweetDataStore:"),
        "{stderr}"
    );
    // The stack the refused change set was made for is removed, not left under review for the
    // next deploy to wait for (as another deploy's, 300 s).
    let (stdout, _) = ok(&cli(&aws, dir.path(), &["ls", "--long"]));
    assert_eq!(
        stdout.matches("status: not deployed").count(),
        2,
        "neither stack exists: {stdout}"
    );
    let (_, stderr) = ok(&cli(&aws, dir.path(), &["deploy", "--yes", "TweetBot"]));
    assert!(
        !stderr.contains("another deploy is creating this stack"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[1/2] TweetDataStore | CREATE_COMPLETE"),
        "{stderr}"
    );
}

#[test]
fn an_outputs_file_that_cannot_be_written_stops_before_deploying() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let out = cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--outputs-file", "missing/dir/out.json"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("cannot write the outputs file missing/dir/out.json"),
        "{stderr}"
    );
    assert!(!stderr.contains("CREATE_COMPLETE"), "{stderr}");
}

#[test]
fn bootstrap_creates_the_staging_bucket_once() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["bootstrap", "--progress", "events"],
    ));
    assert!(
        stdout.starts_with("Staging bucket: ") && stdout.contains("(stack CDKToolkit)"),
        "{stdout}"
    );
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["bootstrap", "--progress", "events"],
    ));
    assert!(
        stderr.contains("no changes"),
        "a second bootstrap changes nothing: {stderr}"
    );
}

#[tokio::test]
async fn replacing_the_tweet_table_needs_an_explicit_allowance() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(&aws).await);
    for method in ["change-set", "direct"] {
        let out = cli(
            &aws,
            dir.path(),
            &[
                "--table-name",
                "tweets-v2",
                "deploy",
                "--yes",
                "--method",
                method,
            ],
        );
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("stack TweetDataStore: this deploy would replace or delete resources that hold data, so it stopped before changing anything"), "{stderr}");
        assert!(stderr.contains("TweetStoreTable199E3D4B (AWS::DynamoDB::Table): TableName changes, which replaces it"), "{stderr}");
        assert!(
            stderr.contains("--allow-replacement LOGICAL_ID"),
            "{stderr}"
        );
    }
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("CREATE_COMPLETE"),
        "nothing changed"
    );
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk_config(&aws).await);
    assert!(dynamodb
        .describe_table()
        .table_name("tweets-v2")
        .send()
        .await
        .is_err());
    // Allowed explicitly, the guard lets the deploy go ahead, and CloudFormation refuses the
    // change (the launcher does as AWS does): the new name would change the value of exports
    // TweetBot imports. Exit 1, the stack rolled back, the table and its item as they were.
    dynamodb
        .put_item()
        .table_name("tweetTable")
        .item(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S("kept".into()),
        )
        .send()
        .await
        .unwrap();
    let allowed = [
        "--table-name",
        "tweets-v2",
        "deploy",
        "--yes",
        "--allow-replacement",
        "TweetStoreTable199E3D4B",
        "--progress",
        "events",
    ];
    let out = cli(&aws, dir.path(), &allowed);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("stopped before changing anything"),
        "{stderr}"
    );
    assert!(
        stderr.contains("TweetDataStore | Modify AWS::DynamoDB::Table TweetStoreTable199E3D4B"),
        "{stderr}"
    );
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: TweetDataStore: "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        error.starts_with(
            "error: TweetDataStore: stack TweetDataStore failed: UPDATE_ROLLBACK_COMPLETE: Cannot update export TweetDataStore:ExportsOutput"
        ) && error.ends_with("as it is in use by TweetBot"),
        "{error}"
    );
    assert!(
        stderr
            .contains("error: TweetBot: not deployed: it depends on TweetDataStore, which failed"),
        "{stderr}"
    );
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("UPDATE_ROLLBACK_COMPLETE")
    );
    assert!(dynamodb
        .describe_table()
        .table_name("tweets-v2")
        .send()
        .await
        .is_err());
    let items = |table: &'static str| {
        let dynamodb = dynamodb.clone();
        async move {
            dynamodb
                .scan()
                .table_name(table)
                .send()
                .await
                .unwrap()
                .count()
        }
    };
    assert_eq!(items("tweetTable").await, 1);

    // Without the importer, the replacement goes through: the new table is made, and the old
    // one kept with its item (its UpdateReplacePolicy is Retain).
    ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "-e", "TweetBot", "--force"],
    ));
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[&allowed[..], &["-e", "TweetDataStore"]].concat(),
    ));
    assert!(
        stderr.contains("TweetDataStore | UPDATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("UPDATE_COMPLETE")
    );
    let outputs = cfn
        .describe_stacks()
        .stack_name("TweetDataStore")
        .send()
        .await
        .unwrap();
    let name = outputs.stacks()[0]
        .outputs()
        .iter()
        .find(|o| o.output_key() == Some("TweetTableName"))
        .and_then(|o| o.output_value())
        .map(str::to_string);
    assert_eq!(name.as_deref(), Some("tweets-v2"));
    assert_eq!(items("tweets-v2").await, 0);
    assert_eq!(items("tweetTable").await, 1, "the replaced table is kept");
}

#[tokio::test]
async fn deploy_after_destroy_adopts_the_retained_table_and_keeps_its_items() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let config = sdk_config(&aws).await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    dynamodb
        .put_item()
        .table_name("tweetTable")
        .item(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S("1861711208870240521".into()),
        )
        .item(
            "text",
            aws_sdk_dynamodb::types::AttributeValue::S("kept across destroy".into()),
        )
        .send()
        .await
        .unwrap();
    ok(&cli(&aws, dir.path(), &["destroy", "--force"]));
    assert_eq!(stack_status(&cfn, "TweetDataStore").await, None);

    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
    ));
    assert!(
        stderr.contains("TweetDataStore | adopting the existing AWS::DynamoDB::Table tweetTable into the stack (resource import) instead of creating it again"),
        "{stderr}"
    );
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("UPDATE_COMPLETE")
    );
    assert_eq!(
        stack_status(&cfn, "TweetBot").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    let items = dynamodb
        .scan()
        .table_name("tweetTable")
        .send()
        .await
        .unwrap();
    assert_eq!(items.count(), 1, "the item survived destroy and redeploy");
    assert_eq!(
        items.items()[0]["text"].as_s().unwrap(),
        "kept across destroy"
    );
}

#[tokio::test]
async fn destroy_include_data_names_the_table_and_its_items_then_deletes_it() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk_config(&aws).await);
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    for id in ["1", "2"] {
        dynamodb
            .put_item()
            .table_name("tweetTable")
            .item("id", aws_sdk_dynamodb::types::AttributeValue::S(id.into()))
            .send()
            .await
            .unwrap();
    }
    // No terminal and no --force: refused, after naming what would go.
    let out = cli(&aws, dir.path(), &["destroy", "--include-data"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("--include-data also deletes table tweetTable (2 items)"),
        "{stderr}"
    );
    assert!(stderr.contains("refusing to destroy"), "{stderr}");
    assert_eq!(
        dynamodb
            .scan()
            .table_name("tweetTable")
            .send()
            .await
            .unwrap()
            .count(),
        2
    );

    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "--include-data", "--force"],
    ));
    assert!(
        stdout.contains("Deleted table tweetTable and its 2 items (--include-data)"),
        "{stdout}"
    );
    assert!(!stdout.contains("Retained resources"), "{stdout}");
    assert!(dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn destroying_the_data_stack_alone_while_the_bot_imports_it_is_refused_naming_the_bot() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(&aws).await);
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    // TweetBot imports the table's name and ARN: CloudFormation refuses to delete those
    // exports (the launcher enforces it as AWS does). ListImports is asked before anything
    // is deleted.
    let out = cli(
        &aws,
        dir.path(),
        &[
            "destroy",
            "-e",
            "TweetDataStore",
            "--force",
            "--progress",
            "events",
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: stack TweetDataStore exports values that other stacks import, so nothing was destroyed (CloudFormation refuses to delete an export in use):"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(from TweetDataStore) is imported by TweetBot"),
        "{stderr}"
    );
    assert!(stderr.contains("Destroy TweetBot first"), "{stderr}");
    assert!(!stderr.contains("deleting stack"), "{stderr}");
    assert_eq!(
        stack_status(&cfn, "TweetDataStore").await.as_deref(),
        Some("CREATE_COMPLETE"),
        "nothing was deleted"
    );
    // Without -e, its dependents go first, and both are destroyed.
    ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "TweetDataStore", "--force"],
    ));
    assert_eq!(stack_status(&cfn, "TweetBot").await, None);
    assert_eq!(stack_status(&cfn, "TweetDataStore").await, None);
}

#[tokio::test]
async fn destroy_include_data_after_a_plain_destroy_finds_the_kept_table_and_deletes_it() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk_config(&aws).await);
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    for id in ["1", "2"] {
        dynamodb
            .put_item()
            .table_name("tweetTable")
            .item("id", aws_sdk_dynamodb::types::AttributeValue::S(id.into()))
            .send()
            .await
            .unwrap();
    }
    // A plain destroy keeps the table (Retain).
    ok(&cli(&aws, dir.path(), &["destroy", "--force"]));
    assert!(dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .is_ok());
    // Its stack is gone; --include-data finds the table by the name in the template, and asks.
    let out = cli(&aws, dir.path(), &["destroy", "--include-data"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--include-data also deletes table tweetTable (2 items; left by an earlier destroy of stack TweetDataStore, found by the name its template gives it)"),
        "{stderr}"
    );
    assert!(stderr.contains("refusing to destroy"), "{stderr}");
    assert!(dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .is_ok());
    // Confirmed: deleted.
    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "--include-data", "--force"],
    ));
    assert!(
        stdout.contains("Deleted table tweetTable and its 2 items (--include-data)"),
        "{stdout}"
    );
    assert!(dynamodb
        .describe_table()
        .table_name("tweetTable")
        .send()
        .await
        .is_err());
}

#[test]
fn deploy_force_goes_to_cloudformation_with_an_unchanged_template() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    ok(&cli(&aws, dir.path(), &["deploy", "--yes"]));
    let events = ["--progress", "events"];
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[&["deploy", "--yes"][..], &events].concat(),
    ));
    assert!(
        stderr.contains("TweetBot | no changes: template, tags and parameters are unchanged, skipped (no change set created)"),
        "{stderr}"
    );
    // --force: each stack goes to CloudFormation, which says whether anything changes.
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[&["deploy", "--yes", "--force"][..], &events].concat(),
    ));
    for stack in ["TweetDataStore", "TweetBot"] {
        assert!(
            stderr.contains(&format!("{stack} | creating change set")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("{stack} | no changes (the change set is empty)")),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("skipped"), "{stderr}");
    let (_, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            &["deploy", "--yes", "-f", "--method", "direct"][..],
            &events,
        ]
        .concat(),
    ));
    assert!(stderr.contains("TweetBot | updating stack"), "{stderr}");
}
