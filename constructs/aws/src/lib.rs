//! AWS constructs (L2) with AWS CDK's defaults, built on the typed L1 layer [`cdk_cfn`]: IAM
//! roles and grants, Lambda functions with their own log groups, DynamoDB tables, SSM parameter
//! references, Step Functions state machines with a typed state builder and a synth-time
//! validator, and, behind the cargo features `sns` and `sqs`, SNS topics and SQS queues.
//!
//! Everything here is pure: no I/O, no AWS SDK.

#![warn(missing_docs)]

pub mod dynamodb;
pub mod iam;
pub mod lambda;
pub mod logs;
#[cfg(feature = "sns")]
pub mod sns;
#[cfg(feature = "sqs")]
pub mod sqs;
pub mod ssm;
pub mod stepfunctions;
