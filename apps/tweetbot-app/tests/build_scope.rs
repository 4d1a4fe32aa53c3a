//! The TweetBot compiles only the L1 services it uses: each enabled `cdk-cfn` feature compiles
//! one generated module, and every other service stays out of its build.

use std::process::Command;

#[test]
fn only_the_services_the_tweetbot_uses_are_compiled() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "tweetbot-app",
            "-e",
            "features",
            "-i",
            "cdk-cfn",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut features: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("cdk-cfn feature \""))
        .filter_map(|l| l.split('"').next())
        .filter(|f| *f != "default")
        .collect();
    features.sort();
    features.dedup();
    assert_eq!(
        features,
        ["dynamodb", "iam", "lambda", "logs", "stepfunctions"],
        "cdk-cfn features enabled for the TweetBot"
    );
}
