//! CloudFormation: the calls the toolkit makes, stack status rules, and event streaming.

mod change;
mod client;
mod events;
mod status;

pub use change::{ChangeAction, ChangeSummary, Replacement};
pub use client::{CallStats, Cfn, ChangeSetResult, StackInfo, StackResourceInfo, TemplateSource};
pub use events::{EventLine, EventStream, PollConfig, STACK_RESOURCE_TYPE};
pub use status::{ChangeSetStatus, ResourceStatus, StackStatus};
