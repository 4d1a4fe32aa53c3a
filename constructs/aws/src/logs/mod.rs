//! CloudWatch Logs: log groups with retention.

mod log_group;

pub use log_group::{LogGroup, LogGroupProps, RetentionDays};
