//! AWS configuration, errors and call tracing, from the standard chain.

mod config;
mod error;
mod regional;
pub mod trace;

pub use config::{
    http_client, load, load_from, loader, retry_config, timeout_config, AwsOptions,
    INITIAL_BACKOFF, MAX_ATTEMPTS,
};
pub(crate) use error::is_missing_stack;
pub use error::{aws_error, describe, kind_of};
pub use regional::RegionalClients;
pub use trace::{CallInfo, CallTrace};

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

/// An STS client from the loaded configuration (for the credentials' account); its calls are
/// traced.
pub fn sts_client(config: &aws_config::SdkConfig) -> aws_sdk_sts::Client {
    let sts_config = aws_sdk_sts::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    aws_sdk_sts::Client::from_conf(sts_config)
}

/// The account of the credentials `sts` signs with (STS GetCallerIdentity).
pub async fn caller_account(sts: &aws_sdk_sts::Client) -> Result<String, crate::ToolkitError> {
    let out = sts.get_caller_identity().send().await.map_err(|e| {
        aws_error(
            "reading the credentials' account (STS GetCallerIdentity)",
            &e,
        )
    })?;
    out.account().map(str::to_string).ok_or_else(|| {
        crate::ToolkitError::Unexpected("STS GetCallerIdentity answered no account".into())
    })
}

/// A Lambda client from the loaded configuration; its calls are traced.
pub fn lambda_client(config: &aws_config::SdkConfig) -> aws_sdk_lambda::Client {
    let lambda_config = aws_sdk_lambda::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    aws_sdk_lambda::Client::from_conf(lambda_config)
}

/// A CloudFormation client from the loaded configuration; its calls are traced.
pub fn cloudformation_client(config: &aws_config::SdkConfig) -> aws_sdk_cloudformation::Client {
    let cfn_config = aws_sdk_cloudformation::config::Builder::from(config)
        .interceptor(CallTrace)
        .build();
    aws_sdk_cloudformation::Client::from_conf(cfn_config)
}
