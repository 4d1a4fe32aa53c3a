//! Running an AWS verb: a runtime, the loaded configuration, and Ctrl-C.

use std::future::Future;
use std::process::ExitCode;

use crate::aws::{self, AwsOptions};

/// What an interrupted command says before exiting with 130.
pub const INTERRUPTED: &str = "interrupted: CloudFormation carries on with any stack operation already started; run the command again to wait for it to finish and continue";

/// Loads the AWS configuration and runs `verb` with it on a new runtime; Ctrl-C ends the
/// command with exit code 130 (for verbs an app mounts, too).
pub fn with_aws<F, Fut>(options: &AwsOptions, verb: F) -> anyhow::Result<ExitCode>
where
    F: FnOnce(aws_config::SdkConfig) -> Fut,
    Fut: Future<Output = anyhow::Result<ExitCode>>,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let work = async {
            let config = aws::load(options).await?;
            verb(config).await
        };
        tokio::select! {
            result = work => result,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("{INTERRUPTED}");
                Ok(ExitCode::from(130))
            }
        }
    })
}
