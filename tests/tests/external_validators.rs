//! The independent judges: cfn-lint on every synthesized template (zero errors, zero warnings),
//! asl-validator on every state machine definition, and the AWS CDK CLI reading our cloud
//! assembly.

use integration_tests::{assert_definitions_valid, run_tool};
use tweetbot_app::{build, Settings};

fn synth_to_dir(settings: &Settings) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let assembly = build(settings).unwrap().synth().unwrap();
    assembly.write_to(dir.path()).unwrap();
    dir
}

#[test]
fn cfn_lint_accepts_every_template_without_warnings() {
    let dir = synth_to_dir(&Settings::default());
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".template.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "both stacks are written");
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = run_tool("cfn-lint", &args, dir.path());
    assert!(
        out.status.success(),
        "cfn-lint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cfn_lint_also_accepts_non_default_settings() {
    let settings = Settings {
        wait: cdk_core::Duration::seconds(1),
        table_name: "other-table".into(),
        data_stack_name: "Data".into(),
        bot_stack_name: "Bot".into(),
        ..Settings::default()
    };
    let dir = synth_to_dir(&settings);
    let out = run_tool(
        "cfn-lint",
        &["Data.template.json", "Bot.template.json"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn asl_validator_accepts_the_state_machine_definition() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let template = assembly.stack("TweetBot").unwrap().template();
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        assert_definitions_valid(dir.path(), "TweetBot", template),
        1
    );
}

#[test]
fn asl_validator_rejects_a_broken_definition() {
    // The judge itself must be able to fail: a dangling Next.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.asl.json");
    std::fs::write(
        &file,
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}"#,
    )
    .unwrap();
    let out = run_tool(
        "asl-validator",
        &["--json-path", file.to_str().unwrap()],
        dir.path(),
    );
    assert!(!out.status.success());
}

#[test]
fn aws_cdk_cli_lists_our_cloud_assembly() {
    let dir = synth_to_dir(&Settings::default());
    let out = run_tool(
        "cdk",
        &["ls", "--app", ".", "--no-notices", "--no-version-reporting"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cdk ls failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(listed, ["TweetDataStore", "TweetBot"]);
}

#[test]
fn cfn_lint_accepts_the_toolkit_stack() {
    let dir = tempfile::tempdir().unwrap();
    cdk_toolkit::bootstrap::toolkit_assembly("CDKToolkit")
        .unwrap()
        .write_to(dir.path())
        .unwrap();
    let out = run_tool("cfn-lint", &["CDKToolkit.template.json"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
