//! The app's command line, run as a real process with no AWS configuration at all.

use std::path::Path;
use std::process::Output;

fn run(cwd: &Path, args: &[&str]) -> Output {
    test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), cwd)
        .args(args)
        .output()
        .expect("the app runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn synth_writes_both_templates_offline_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["synth"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Synthesized 2 stacks to cdk.out/"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cdk.out/TweetDataStore.template.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cdk.out/TweetBot.template.json"),
        "{stderr}"
    );
    for f in [
        "TweetDataStore.template.json",
        "TweetBot.template.json",
        "manifest.json",
        "tree.json",
    ] {
        assert!(dir.path().join("cdk.out").join(f).is_file(), "{f} written");
    }
}

#[test]
fn synth_of_one_stack_prints_its_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["synth", "-q", "TweetDataStore"]);
    assert!(out.status.success());
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let table = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(table["Properties"]["TableName"], "tweetTable");
}

#[test]
fn settings_flags_change_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "--wait",
            "3s",
            "--bot-stack-name",
            "Bot",
            "synth",
            "-q",
            "Bot",
            "--table-name",
            "tweets2",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let template = text(&out.stdout);
    assert!(template.contains("\"Wait 3 Seconds\""), "{template}");
    let data =
        std::fs::read_to_string(dir.path().join("cdk.out/TweetDataStore.template.json")).unwrap();
    assert!(data.contains("\"tweets2\""));
}

#[test]
fn ls_lists_stacks_with_their_dependencies() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["ls"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "TweetDataStore\nTweetBot (depends on TweetDataStore)\n"
    );
    // --long reads the deployed status: without AWS configuration that is a clear error.
    let long = run(dir.path(), &["ls", "--long"]);
    assert_eq!(long.status.code(), Some(1));
    assert!(text(&long.stderr).contains("no AWS region is configured"));
}

#[test]
fn an_unknown_stack_is_an_error_naming_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["synth", "Nope"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "error: no stack named 'Nope' in this app; its stacks are: TweetDataStore, TweetBot"
        ),
        "{stderr}"
    );
}

#[test]
fn bad_settings_fail_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--bot-stack-name", "bad_name", "synth"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid stack name \"bad_name\""));
    let out = run(dir.path(), &["--table-name", "x", "synth"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("table name \"x\" is invalid"));
    assert!(
        !dir.path().join("cdk.out").exists(),
        "nothing is written when validation fails"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run(dir.path(), &[]).status.code(), Some(2));
    let help = run(dir.path(), &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("synth"));
}

#[test]
fn an_unwritable_output_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let out = run(dir.path(), &["--output", "file", "synth"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot write the cloud assembly to 'file'"));
}

#[test]
fn a_513_character_search_text_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(513);
    // No AWS configuration at all: a request would fail differently.
    let out = run(
        dir.path(),
        &[
            "run",
            "--search-text",
            &long,
            "--phone-number",
            "+15554446666",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "the search text is 513 characters; the X API's recent search accepts at most 512"
        ),
        "{stderr}"
    );
    let ok = run(dir.path(), &["synth", "-q"]);
    assert!(
        ok.status.success(),
        "512 and below are fine: {}",
        text(&ok.stderr)
    );
}

#[test]
fn an_output_directory_that_is_a_file_says_not_a_directory_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken"), "a file").unwrap();
    let out = run(dir.path(), &["-o", "taken", "synth"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("not a directory").count(), 1, "{stderr}");
    assert!(stderr.contains("'taken'"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken")).unwrap(),
        "a file"
    );
}
