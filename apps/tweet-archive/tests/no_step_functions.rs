//! An app without a state machine mounts only the toolkit's CLI: it does not link the Step
//! Functions SDK, nor the graph layout, and has no Step Functions verbs.

use std::process::Command;

/// The crates `package` links (normal dependencies, every depth), by name.
fn linked(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            package,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_tweet_archive_links_no_step_functions_sdk() {
    let archive = linked("tweet-archive");
    assert!(archive.iter().any(|c| c == "cdk-toolkit"), "{archive:?}");
    for absent in ["aws-sdk-sfn", "layout-rs", "cdk-toolkit-sfn"] {
        assert!(
            !archive.iter().any(|c| c == absent),
            "tweet-archive links {absent}"
        );
    }
    // The TweetBot mounts the Step Functions verbs, and so links them.
    let tweetbot = linked("tweetbot-app");
    assert!(tweetbot.iter().any(|c| c == "aws-sdk-sfn"), "{tweetbot:?}");
}

#[test]
fn its_command_line_has_no_step_functions_verbs() {
    let out = Command::new(env!("CARGO_BIN_EXE_tweet-archive"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("deploy") && help.contains("destroy"),
        "{help}"
    );
    for verb in ["run", "watch", "executions", "graph"] {
        assert!(
            !help
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{verb} "))),
            "{verb} is listed: {help}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tweet-archive"))
        .arg("graph")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown verb is a usage error"
    );
}
