//! AWS constructs with AWS CDK's defaults, built on [`cdk_core`]: IAM roles and grants, Lambda
//! functions with their own log groups, DynamoDB tables, SSM parameter references, and Step
//! Functions state machines with a typed state builder and a synth-time validator.
//!
//! Everything here is pure: no I/O, no AWS SDK.

#![warn(missing_docs)]

pub mod dynamodb;
pub mod iam;
pub mod lambda;
pub mod logs;
pub mod ssm;
pub mod stepfunctions;
