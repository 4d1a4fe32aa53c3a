//! Running the app's CLI against a local AWS, and reading back what it made.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use test_harness::LocalAws;

/// Runs the app in `cwd` with only the emulator's environment (no terminal, no profile).
pub fn cli(aws: &LocalAws, cwd: &Path, args: &[&str]) -> Output {
    cli_with_env(cwd, args, &aws.env())
}

/// Runs the app in `cwd` with exactly this environment (plus PATH and a clean HOME).
pub fn cli_with_env(cwd: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tweetbot-app"));
    cmd.args(args)
        .current_dir(cwd)
        .env_clear()
        .env("HOME", cwd)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(std::process::Stdio::null());
    cmd.output().expect("the app runs")
}

/// Standard output and error, as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts success, showing the output otherwise.
pub fn ok(out: &Output) -> (String, String) {
    let (o, e) = text(out);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{o}\nstderr:\n{e}",
        out.status.code()
    );
    (o, e)
}

/// SDK configuration pointing at the emulator.
pub async fn sdk_config(aws: &LocalAws) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(aws.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_cloudformation::config::Credentials::new(
            "testing", "testing", None, None, "tests",
        ))
        .load()
        .await
}

/// The status of a stack, or None when it does not exist.
pub async fn stack_status(cfn: &aws_sdk_cloudformation::Client, name: &str) -> Option<String> {
    let out = cfn.describe_stacks().stack_name(name).send().await.ok()?;
    out.stacks()
        .first()
        .and_then(|s| s.stack_status())
        .map(|s| s.as_str().to_string())
        .filter(|s| s != "DELETE_COMPLETE")
}
