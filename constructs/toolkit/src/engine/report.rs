//! What a command did, stack by stack.

use indexmap::IndexMap;

use super::events::Summary;
use crate::cfn::StackDrift;
use crate::deploy::Outcome;
use crate::destroy::{DestroyOutcome, RetainedResource};
use crate::destroy_data::{DataStore, KeptStore};
use crate::diff::StackDiff;
use crate::error::ToolkitError;

/// One stack's result.
#[derive(Debug)]
pub struct StackReport<T> {
    /// The stack name.
    pub stack: String,
    /// Its artifact id.
    pub artifact_id: String,
    /// What happened.
    pub result: Result<T, ToolkitError>,
}

/// What a deploy did.
#[derive(Debug)]
pub struct DeployReport {
    /// Every stack, in the order they were planned (dependencies first).
    pub stacks: Vec<StackReport<Outcome>>,
    /// Calls made and time taken.
    pub summary: Summary,
}

impl DeployReport {
    /// True when every stack was deployed or left unchanged.
    pub fn is_success(&self) -> bool {
        self.stacks.iter().all(|s| s.result.is_ok())
    }

    /// The stacks that failed (or were not started), with why.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &ToolkitError)> {
        self.stacks
            .iter()
            .filter_map(|s| s.result.as_ref().err().map(|e| (s.stack.as_str(), e)))
    }

    /// Every deployed stack's outputs: `{stack: {key: value}}`.
    pub fn outputs(&self) -> IndexMap<String, IndexMap<String, String>> {
        self.stacks
            .iter()
            .filter_map(|s| {
                let outcome = s.result.as_ref().ok()?;
                Some((s.stack.clone(), outcome.outputs().clone()))
            })
            .collect()
    }

    /// The outcome of one stack, by name.
    pub fn stack(&self, name: &str) -> Option<&Result<Outcome, ToolkitError>> {
        self.stacks
            .iter()
            .find(|s| s.stack == name)
            .map(|s| &s.result)
    }
}

/// What a destroy did.
#[derive(Debug)]
pub struct DestroyReport {
    /// Every stack, in the order they were deleted (dependents first).
    pub stacks: Vec<(String, DestroyOutcome)>,
    /// The data stores deleted (`include_data`).
    pub deleted_stores: Vec<DataStore>,
    /// Retained resources holding data that `include_data` could not delete.
    pub kept_stores: Vec<KeptStore>,
    /// Calls made and time taken.
    pub summary: Summary,
}

impl DestroyReport {
    /// The resources kept by their Retain policy and still there (not deleted as data stores).
    pub fn retained(&self) -> Vec<&RetainedResource> {
        self.stacks
            .iter()
            .flat_map(|(_, outcome)| match outcome {
                DestroyOutcome::Deleted { retained } => retained.as_slice(),
                DestroyOutcome::Absent => &[],
            })
            .filter(|r| !self.deleted_stores.iter().any(|d| d.name == r.physical_id))
            .collect()
    }
}

/// What a diff found.
#[derive(Debug)]
pub struct DiffReport {
    /// Every stack compared, with its differences.
    pub stacks: Vec<(String, StackDiff)>,
    /// With drift detection, what it found in each deployed stack.
    pub drifts: Vec<(String, StackDrift)>,
}

impl DiffReport {
    /// True when some stack differs from what is deployed, or (with drift detection) some
    /// deployed stack differs from its template.
    pub fn has_differences(&self) -> bool {
        self.stacks.iter().any(|(_, d)| !d.is_empty())
            || self.drifts.iter().any(|(_, d)| d.is_drifted())
    }
}
