//! Loading the AWS configuration: environment, profiles, `--profile`, `--region`,
//! `AWS_ENDPOINT_URL`; failing within seconds, with a clear message, when something is missing.
//!
//! As with the AWS CLI, an explicit `--profile` wins over credentials in the environment
//! (`AWS_ACCESS_KEY_ID`, ...): its own keys (or role, or SSO) sign every request, and a profile
//! that does not exist is refused before any request is sent. A region name that is not one
//! (`--region not-a-region`) is refused before any request too.

use std::path::PathBuf;
use std::time::Duration;

use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, ConfigLoader, Region, SdkConfig};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use clap::Args;

/// Where and as whom to talk to AWS.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "AWS")]
pub struct AwsOptions {
    /// AWS profile to use (default: AWS_PROFILE, then `default`). Its credentials win over
    /// those in the environment, as with the AWS CLI.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, then the profile's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
}

use crate::error::ToolkitError;

/// How many times a call is tried, the first attempt included, when AWS throttles it or
/// answers with a server error (5xx) or a transient error: with exponential backoff from
/// [`INITIAL_BACKOFF`] and full jitter.
pub const MAX_ATTEMPTS: u32 = 5;

/// The backoff before the second attempt (then doubling, each drawn with full jitter).
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(200);

/// The retry settings of every client the toolkit makes.
pub fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(INITIAL_BACKOFF)
}

/// The timeouts of every client the toolkit makes: 3 s to connect, 30 s to read.
pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .read_timeout(Duration::from_secs(30))
        .build()
}

/// The HTTP client of every configuration the toolkit loads: hyper 1 with rustls on ring. The
/// workspace builds the AWS SDK without its default features, which would build two more
/// clients (a legacy one on hyper 0.14, and one on aws-lc-rs, a long C build); a program that
/// makes its own configuration gives it this client (`SdkConfig::builder().http_client(..)`).
pub fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// The toolkit's configuration loader: its retries and timeouts, its [`http_client`], and `--region` and
/// `--profile`, each checked before anything else is read or asked (a region name that is not
/// one: [`ToolkitError::BadRegion`]; a profile that is in no profile file:
/// [`ToolkitError::NoSuchProfile`]). A program or a test can set more on it (an HTTP client,
/// say) before [`load_from`].
pub async fn loader(options: &AwsOptions) -> Result<ConfigLoader, ToolkitError> {
    if let Some(region) = &options.region {
        check_region(region, "--region")?;
    }
    if let Some(profile) = &options.profile {
        check_profile(profile).await?;
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .timeout_config(timeout_config())
        .retry_config(retry_config());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    Ok(loader)
}

/// Loads the configuration and checks that a region and credentials are there. Never waits
/// more than a few seconds: the instance metadata service, when asked, gets 5 s.
pub async fn load(options: &AwsOptions) -> Result<SdkConfig, ToolkitError> {
    load_from(loader(options).await?, options).await
}

/// Loads the configuration from `loader` (made by [`loader`] from the same `options`), then
/// checks it: a region that is a region name, and credentials (with `--profile`, the
/// profile's, whatever the environment holds).
pub async fn load_from(
    loader: ConfigLoader,
    options: &AwsOptions,
) -> Result<SdkConfig, ToolkitError> {
    let mut config = tokio::time::timeout(Duration::from_secs(8), loader.load())
        .await
        .map_err(|_| ToolkitError::ConfigTimeout)?;
    let Some(region) = config.region().map(ToString::to_string) else {
        return Err(ToolkitError::NoRegion);
    };
    check_region(
        &region,
        "the configured region (AWS_REGION, or the profile's)",
    )?;
    if let Some(profile) = &options.profile {
        // The default chain reads the environment's keys first, even with a profile named:
        // an explicit profile must win, as with the AWS CLI.
        let provider = ProfileFileCredentialsProvider::builder()
            .configure(
                &ProviderConfig::default()
                    .with_http_client(http_client())
                    .with_region(Some(Region::new(region))),
            )
            .profile_name(profile)
            .build();
        config = config
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    let Some(provider) = config.credentials_provider() else {
        return Err(ToolkitError::NoCredentials {
            detail: "no credentials provider is configured".into(),
        });
    };
    match tokio::time::timeout(Duration::from_secs(5), provider.provide_credentials()).await {
        Ok(Ok(_)) => Ok(config),
        Ok(Err(e)) => Err(ToolkitError::NoCredentials {
            detail: match &options.profile {
                Some(profile) => format!("profile {profile}: {e}"),
                None => e.to_string(),
            },
        }),
        Err(_) => Err(ToolkitError::NoCredentials {
            detail: "none within 5 s".into(),
        }),
    }
}

fn check_region(region: &str, from: &str) -> Result<(), ToolkitError> {
    cdk_core::environment::check_region(region).map_err(|problem| ToolkitError::BadRegion {
        from: from.to_string(),
        problem,
    })
}

/// The profile files as the SDK reads them: `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
fn profile_files() -> Vec<String> {
    [
        ("AWS_CONFIG_FILE", "~/.aws/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
    ]
    .into_iter()
    .map(|(var, default)| {
        std::env::var_os(var)
            .map(|p| PathBuf::from(p).display().to_string())
            .unwrap_or_else(|| default.to_string())
    })
    .collect()
}

/// Refuses a profile that neither profile file defines (the SDK would otherwise fall back to
/// other credentials, or fail later with a less clear message).
async fn check_profile(profile: &str) -> Result<(), ToolkitError> {
    let set = aws_config::profile::load(
        &aws_types::os_shim_internal::Fs::real(),
        &aws_types::os_shim_internal::Env::real(),
        &aws_runtime::env_config::file::EnvConfigFiles::default(),
        None,
    )
    .await
    .map_err(|e| ToolkitError::ProfileFiles {
        files: profile_files(),
        detail: e.to_string(),
    })?;
    if set.get_profile(profile).is_some() {
        return Ok(());
    }
    let mut known: Vec<String> = set.profiles().map(str::to_string).collect();
    known.sort();
    Err(ToolkitError::NoSuchProfile {
        profile: profile.to_string(),
        files: profile_files(),
        known,
    })
}
