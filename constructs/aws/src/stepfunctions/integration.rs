//! [`IntegrationPattern`]: how a task waits for the service it calls.

/// How a Task state waits for its service integration.
///
/// ```
/// use cdk_aws::stepfunctions::IntegrationPattern;
/// assert_eq!(IntegrationPattern::RunJob.suffix(), ".sync");
/// assert_eq!(IntegrationPattern::WaitForTaskToken.suffix(), ".waitForTaskToken");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum IntegrationPattern {
    /// Call the API and go on with its answer (the default).
    #[default]
    RequestResponse,
    /// `.sync`: start a job (another state machine, a Glue job, ...) and wait until it ends.
    RunJob,
    /// `.waitForTaskToken`: call with a task token (`$$.Task.Token`) and wait until someone
    /// sends it back with `SendTaskSuccess` or `SendTaskFailure`.
    WaitForTaskToken,
}

impl IntegrationPattern {
    /// The suffix of the resource ARN.
    pub fn suffix(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "",
            IntegrationPattern::RunJob => ".sync",
            IntegrationPattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// The pattern of a resource ARN (from its suffix).
    pub fn of_resource(resource: &str) -> IntegrationPattern {
        if resource.contains(".waitForTaskToken") {
            IntegrationPattern::WaitForTaskToken
        } else if resource.contains(".sync") {
            IntegrationPattern::RunJob
        } else {
            IntegrationPattern::RequestResponse
        }
    }
}

/// The task token, as a JSONPath (`$$.Task.Token`) and as JSONata.
pub(crate) const TASK_TOKEN_PATH: &str = "$$.Task.Token";
pub(crate) const TASK_TOKEN_JSONATA: &str = "$states.context.Task.Token";
