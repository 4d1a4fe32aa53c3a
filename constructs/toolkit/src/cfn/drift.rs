//! Drift: what CloudFormation finds when it compares a stack's resources with its template
//! (resources changed outside CloudFormation, in the console say).

use serde::Serialize;

use super::client::Cfn;
use super::status::{
    DriftDetectionStatus, PropertyDifferenceType, ResourceDriftStatus, StackDriftStatus,
};

/// Where a drift detection is (DescribeStackDriftDetectionStatus).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DriftDetection {
    /// Checking, done, or done with resources it could not check.
    pub detection: DriftDetectionStatus,
    /// Whether the stack drifted, once known.
    pub status: Option<StackDriftStatus>,
    /// Why the detection failed, when it did.
    pub reason: Option<String>,
    /// How many resources drifted, once known.
    pub drifted_resources: Option<usize>,
}

/// One property of a drifted resource that differs from the template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PropertyDifference {
    /// The property's path, as CloudFormation writes it (`/DefinitionString`,
    /// `/Tags/1/Value`).
    pub path: String,
    /// Its value in the template.
    pub expected: String,
    /// Its value on the resource.
    pub actual: String,
    /// Added, removed, or changed.
    pub kind: PropertyDifferenceType,
}

/// A resource that differs from its template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceDrift {
    /// Its logical ID.
    pub logical_id: String,
    /// Its physical ID.
    pub physical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Modified or deleted.
    pub status: ResourceDriftStatus,
    /// What differs (for a modified resource).
    pub differences: Vec<PropertyDifference>,
}

/// What a drift detection of one stack found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StackDrift {
    /// The detection, once finished.
    pub detection: DriftDetection,
    /// The resources that differ from the template.
    pub resources: Vec<ResourceDrift>,
}

impl StackDrift {
    /// True when some resource differs from the template.
    pub fn is_drifted(&self) -> bool {
        self.detection
            .status
            .as_ref()
            .is_some_and(StackDriftStatus::is_drifted)
            || !self.resources.is_empty()
    }
}

/// Detects the stack's drift: starts a detection, waits for it (polling as for stack
/// operations), then reads the resources that drifted, with their property differences.
pub async fn detect(cfn: &Cfn, stack: &str) -> Result<StackDrift, crate::ToolkitError> {
    let id = cfn.detect_drift(stack).await?;
    let mut delay = cfn.poll.initial;
    let detection = loop {
        let d = cfn.drift_detection(stack, &id).await?;
        if !d.detection.is_in_progress() {
            break d;
        }
        tokio::time::sleep(delay).await;
        delay = cfn.poll.next(delay);
    };
    let checked_some = detection
        .status
        .as_ref()
        .is_some_and(StackDriftStatus::is_drifted)
        || detection.detection.is_failed();
    let resources = if checked_some {
        cfn.resource_drifts(stack).await?
    } else {
        Vec::new()
    };
    Ok(StackDrift {
        detection,
        resources,
    })
}
