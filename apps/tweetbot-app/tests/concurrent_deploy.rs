//! Two `deploy` processes started together against the same stacks, on the local AWS (whose
//! launcher gives CREATE change sets AWS's semantics: a second one joins the stack under
//! review or is refused, executing one deletes the others). A stack another deploy is working
//! on is waited for, never deleted; both processes end with exit 0 and one correct state, and
//! the one that waited says why. Several tries, since which process gets where first varies.
//! What the emulator cannot show (a creation in progress, a stack left under review long
//! enough to be abandoned) is replayed in `constructs/toolkit/tests/replay.rs`.

mod common;

use std::process::{Output, Stdio};

use common::{sdk_config, text};
use test_harness::LocalAws;

/// `deploy` of the assembly in `assembly` (synthesized once, with the functions built: so that
/// both processes reach CloudFormation within milliseconds of each other, as two deploys of one
/// assembly in CI would).
fn deploy(
    aws: &LocalAws,
    dir: &std::path::Path,
    assembly: &std::path::Path,
    method: &str,
) -> std::process::Child {
    test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), dir)
        .args([
            "deploy",
            "--yes",
            "--progress",
            "events",
            "--method",
            method,
            "--assembly",
        ])
        .arg(assembly)
        .envs(aws.env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The stacks that exist (not deleted), with their status, sorted.
async fn stacks(cfn: &aws_sdk_cloudformation::Client) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = cfn
        .list_stacks()
        .send()
        .await
        .unwrap()
        .stack_summaries()
        .iter()
        .map(|s| {
            (
                s.stack_name().unwrap_or_default().to_string(),
                s.stack_status()
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default(),
            )
        })
        .filter(|(_, status)| status != "DELETE_COMPLETE")
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn two_deploys_started_together_both_succeed_with_one_state() {
    const WHY: [&str; 3] = [
        "another deploy is creating this stack",
        "another deploy changed the stack while this one worked on it",
        "another operation is running on the stack",
    ];
    let mut met = 0;
    let tries = [
        "change-set",
        "change-set",
        "change-set",
        "change-set",
        "direct",
        "direct",
    ];
    let synthesized = tempfile::tempdir().unwrap();
    let assembly = synthesized.path().join("cdk.out");
    common::ok(&test_harness::run_app(
        env!("CARGO_BIN_EXE_tweetbot-app"),
        synthesized.path(),
        &["synth", "-q"],
        &[],
    ));
    for (i, method) in tries.iter().enumerate() {
        let aws = common::local_aws();
        let cfn = aws_sdk_cloudformation::Client::new(&sdk_config(&aws).await);
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let children = [
            deploy(&aws, a.path(), &assembly, method),
            deploy(&aws, b.path(), &assembly, method),
        ];
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        for out in &outputs {
            let (_, stderr) = text(out);
            assert_eq!(
                out.status.code(),
                Some(0),
                "try {i} ({method}): both deploys succeed:\n{stderr}"
            );
            assert!(
                !stderr.contains("deleting it to create it again"),
                "try {i}: {stderr}"
            );
            assert!(
                !stderr.contains("deleting stack"),
                "try {i}: never deleted: {stderr}"
            );
        }
        // One stack of each name, deployed (the emulator completes an unchanged UpdateStack,
        // which the second direct deploy sends once the first has created the stack).
        // (CDKToolkit is the bootstrap stack, made before the deploys.)
        let found: Vec<(String, String)> = stacks(&cfn)
            .await
            .into_iter()
            .filter(|(n, _)| n != "CDKToolkit")
            .collect();
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["TweetBot", "TweetDataStore"],
            "try {i} ({method}): {found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(_, s)| s == "CREATE_COMPLETE" || s == "UPDATE_COMPLETE"),
            "try {i} ({method}): {found:?}"
        );
        // The state is the app's: the table the bot's state machine writes to.
        let outputs_of = |name: &str| {
            let cfn = cfn.clone();
            let name = name.to_string();
            async move {
                cfn.describe_stacks()
                    .stack_name(name)
                    .send()
                    .await
                    .unwrap()
                    .stacks()[0]
                    .outputs()
                    .iter()
                    .map(|o| o.output_key().unwrap_or_default().to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert!(outputs_of("TweetDataStore")
            .await
            .contains(&"TweetTableName".to_string()));
        assert!(outputs_of("TweetBot")
            .await
            .contains(&"StateMachineArn".to_string()));
        if outputs
            .iter()
            .any(|o| WHY.iter().any(|w| text(o).1.contains(w)))
        {
            met += 1;
        }
    }
    // The two processes really met on the same stacks (else this test proves nothing): in the
    // tries measured, they met in every one; at least one is required.
    assert!(met >= 1, "the deploys never met in {} tries", tries.len());
    eprintln!("the deploys met in {met} of {} tries", tries.len());
}
