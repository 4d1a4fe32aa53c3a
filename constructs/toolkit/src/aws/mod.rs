//! AWS configuration, errors and call tracing, from the standard chain.

mod config;
mod error;
pub mod trace;

pub use config::{load, AwsOptions};
pub(crate) use error::is_missing_stack;
pub use error::{aws_error, describe, kind_of};
pub use trace::CallTrace;

/// An S3 client from the loaded configuration, addressing buckets path-style when a custom
/// endpoint (`AWS_ENDPOINT_URL`) is configured, as local emulators need; its calls are traced.
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .interceptor(CallTrace)
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// A DynamoDB client from the loaded configuration; its calls are traced.
pub fn dynamodb_client(config: &aws_config::SdkConfig) -> aws_sdk_dynamodb::Client {
    let dynamodb_config = aws_sdk_dynamodb::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    aws_sdk_dynamodb::Client::from_conf(dynamodb_config)
}

/// A CloudFormation client from the loaded configuration; its calls are traced.
pub fn cloudformation_client(config: &aws_config::SdkConfig) -> aws_sdk_cloudformation::Client {
    let cfn_config = aws_sdk_cloudformation::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    aws_sdk_cloudformation::Client::from_conf(cfn_config)
}
