//! Loading the AWS configuration: environment, profiles, `--profile`, `--region`,
//! `AWS_ENDPOINT_URL`; failing within seconds, with a clear message, when something is missing.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use clap::Args;

/// Where and as whom to talk to AWS.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "AWS")]
pub struct AwsOptions {
    /// AWS profile to use (default: AWS_PROFILE, then `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, then the profile's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
}

use crate::error::ToolkitError;

/// Loads the configuration and checks that a region and credentials are there. Never waits
/// more than a few seconds: the instance metadata service, when asked, gets 5 s.
pub async fn load(options: &AwsOptions) -> Result<SdkConfig, ToolkitError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .read_timeout(Duration::from_secs(30))
                .build(),
        )
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(200)),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let config = tokio::time::timeout(Duration::from_secs(8), loader.load())
        .await
        .map_err(|_| ToolkitError::ConfigTimeout)?;
    if config.region().is_none() {
        return Err(ToolkitError::NoRegion);
    }
    let Some(provider) = config.credentials_provider() else {
        return Err(ToolkitError::NoCredentials {
            detail: "no credentials provider is configured".into(),
        });
    };
    match tokio::time::timeout(Duration::from_secs(5), provider.provide_credentials()).await {
        Ok(Ok(_)) => Ok(config),
        Ok(Err(e)) => Err(ToolkitError::NoCredentials {
            detail: e.to_string(),
        }),
        Err(_) => Err(ToolkitError::NoCredentials {
            detail: "none within 5 s".into(),
        }),
    }
}
