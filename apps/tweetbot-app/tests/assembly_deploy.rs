//! `deploy`, `diff` and `destroy --assembly DIR`: an assembly synthesized once (as CI would) is
//! deployed without building the app again, against the local emulator; a directory that is
//! not an assembly, or one written for another schema version, is refused. `--json` prints one
//! JSON object per event on standard output.

mod common;

use common::{cli, ok, stack_status, text};

#[tokio::test]
async fn an_assembly_written_by_synth_deploys_diffs_and_destroys_without_the_app() {
    let aws = common::local_aws();
    let dir = tempfile::tempdir().unwrap();
    let cfn = aws_sdk_cloudformation::Client::new(&aws.sdk_config().await);
    ok(&cli(
        &aws,
        dir.path(),
        &["--wait", "2s", "synth", "-o", "built", "-q"],
    ));

    // `--table-name x` would fail to build (a table name needs 3 characters): with --assembly,
    // the app is not built, and the assembly's own table name is deployed.
    let (stdout, stderr) = ok(&cli(
        &aws,
        dir.path(),
        &[
            "--table-name",
            "x",
            "deploy",
            "--assembly",
            "built",
            "--yes",
            "--progress",
            "events",
        ],
    ));
    assert!(
        stderr.contains("[1/2] TweetDataStore | CREATE_COMPLETE (deployed)")
            && stderr.contains("[2/2] TweetBot | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("TweetDataStore.TweetTableName = tweetTable"),
        "{stdout}"
    );
    assert!(
        !dir.path().join("cdk.out").exists(),
        "nothing was synthesized: the assembly was read"
    );
    assert_eq!(
        stack_status(&cfn, "TweetBot").await.as_deref(),
        Some("CREATE_COMPLETE")
    );

    // The same assembly against what is deployed: no differences; the app as it is now (a
    // 10 s wait) differs.
    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["diff", "--assembly", "built", "--fail"],
    ));
    assert_eq!(
        stdout.matches("There were no differences").count(),
        2,
        "{stdout}"
    );
    let out = cli(&aws, dir.path(), &["diff", "--fail"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);

    // --json: one JSON object per event on standard output, and nothing else there.
    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["deploy", "--assembly", "built", "--json"],
    ));
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "stack_planned",
            "stack_planned",
            "stack_started",
            "stack_finished",
            "stack_started",
            "stack_finished",
            "summary"
        ],
        "{stdout}"
    );
    assert!(events.iter().all(|e| e["time"].is_string()));
    assert_eq!(events[0]["stack"], "TweetDataStore");
    assert_eq!(events[0]["action"], "skip");
    assert_eq!(events[3]["outcome"], "unchanged");
    assert_eq!(events[3]["reason"], "same_template");
    assert_eq!(events[6]["writes"], 0);

    let (stdout, _) = ok(&cli(
        &aws,
        dir.path(),
        &["destroy", "--assembly", "built", "--force"],
    ));
    assert!(
        stdout.contains("Stack TweetBot destroyed")
            && stdout.contains("Stack TweetDataStore destroyed"),
        "{stdout}"
    );
    assert_eq!(stack_status(&cfn, "TweetBot").await, None);
}

#[test]
fn a_directory_that_is_not_a_cloud_assembly_is_refused_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    // No emulator: the refusal comes before any AWS configuration is needed.
    let env = [("AWS_REGION", "us-east-1".to_string())];
    let run = |args: &[&str]| {
        test_harness::run_app(env!("CARGO_BIN_EXE_tweetbot-app"), dir.path(), args, &env)
    };
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for verb in ["deploy", "diff", "destroy"] {
        let out = run(&[verb, "--assembly", "empty"]);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(
                "error: empty: not a cloud assembly: it has no manifest.json (write one with `synth`)"
            ),
            "{stderr}"
        );
    }
    ok(&run(&["synth", "-o", "old", "-q"]));
    let manifest = dir.path().join("old/manifest.json");
    let text_of = std::fs::read_to_string(&manifest).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text_of).unwrap();
    v["version"] = "17.0.0".into();
    std::fs::write(&manifest, v.to_string()).unwrap();
    let out = run(&["deploy", "--assembly", "old"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("old: it was written for version 17.0.0 of the cloud assembly schema and this toolkit reads version 36.0.0"),
        "{stderr}"
    );
    // A stack that is not in the assembly is named with those that are.
    ok(&run(&["synth", "-o", "good", "-q"]));
    let out = run(&["deploy", "--assembly", "good", "Nope"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(
            "no stack named 'Nope' in this app; its stacks are: TweetDataStore, TweetBot"
        ),
        "{stderr}"
    );
}
