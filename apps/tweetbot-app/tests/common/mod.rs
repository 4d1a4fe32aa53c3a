//! Running the app's CLI against a local AWS, and reading back what it made.

#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::Output;

pub use test_harness::{ok, text};
use test_harness::{run_app, LocalAws};

/// Runs the app in `cwd` with only the emulator's environment (no terminal, no profile).
pub fn cli(aws: &LocalAws, cwd: &Path, args: &[&str]) -> Output {
    cli_with_env(cwd, args, &aws.env())
}

/// Runs the app in `cwd` with exactly this environment.
pub fn cli_with_env(cwd: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    run_app(env!("CARGO_BIN_EXE_tweetbot-app"), cwd, args, env)
}

/// SDK configuration pointing at the emulator.
pub async fn sdk_config(aws: &LocalAws) -> aws_config::SdkConfig {
    aws.sdk_config().await
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
