//! CloudFormation: the calls the toolkit makes, stack status rules, and event streaming.

mod change;
mod client;
mod drift;
mod events;
mod status;

pub use change::{ChangeAction, ChangeSummary, Replacement};
pub use client::{
    CallStats, Cfn, ChangeSetInfo, ChangeSetResult, StackInfo, StackResourceInfo, TemplateSource,
};
pub use drift::{
    detect as detect_drift, DriftDetection, PropertyDifference, ResourceDrift, StackDrift,
};
pub use events::{EventLine, EventStream, PollConfig, STACK_RESOURCE_TYPE};
pub use status::{
    ChangeSetExecution, ChangeSetStatus, DriftDetectionStatus, PropertyDifferenceType,
    ResourceDriftStatus, ResourceStatus, StackDriftStatus, StackStatus,
};
