//! CloudFormation: the calls the toolkit makes, stack status rules, and event streaming.

mod client;
mod events;
mod status;

pub use client::{CallStats, Cfn, ChangeSummary, StackInfo, StackResourceInfo, TemplateSource};
pub use events::{EventLine, EventStream, PollConfig};
pub use status::{is_in_progress, is_settled};
