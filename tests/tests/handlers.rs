//! The Lambda handlers are product code: their own tests (Python's unittest, against a local
//! stand-in for the X API answering with recorded responses) run here, and the synthesized
//! template carries them inline.

use std::process::Command;

use integration_tests::{tool, workspace_root};
use tweetbot_app::{build, Settings};

#[test]
fn the_handlers_own_tests_pass() {
    let out = Command::new(tool("python"))
        .args([
            "-m",
            "unittest",
            "discover",
            "-s",
            "constructs/tweetbot/handlers/tests",
            "-v",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("python runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let ran: usize = stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("Ran ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse().ok())
        })
        .expect("unittest reports how many tests ran");
    assert!(ran >= 14, "{stderr}");
}

#[test]
fn the_template_carries_the_handlers_inline() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let template = &assembly.stack("TweetBot").unwrap().template();
    let sources: Vec<&str> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Lambda::Function")
        .map(|r| r["Properties"]["Code"]["ZipFile"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            cdk_tweetbot::FIND_TWEET_SOURCE,
            cdk_tweetbot::GENERATE_MESSAGE_SOURCE
        ]
    );
    assert!(sources.iter().all(|s| s.len() <= 4096));
}
