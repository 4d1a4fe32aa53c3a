//! AWS configuration and errors, from the standard chain.

mod config;
mod error;

pub use config::{load, AwsOptions};
pub use error::describe;
pub(crate) use error::is_missing_stack;

/// An S3 client from the loaded configuration, addressing buckets path-style when a custom
/// endpoint (`AWS_ENDPOINT_URL`) is configured, as local emulators need.
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}
