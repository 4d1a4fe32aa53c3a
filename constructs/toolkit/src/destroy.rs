//! Deleting one stack, and saying which resources CloudFormation kept.

use serde::Serialize;

use crate::assembly::AssemblyStack;
use crate::cfn::Cfn;
use crate::deploy::{delete_and_wait, settle};
use crate::engine::events::{Event, Events, StackFinished, StackOutcome};
use crate::error::ToolkitError;

/// A resource CloudFormation kept when its stack was deleted (its `DeletionPolicy` is Retain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetainedResource {
    /// The stack it belonged to.
    pub stack: String,
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its physical name (the table name, ...).
    pub physical_id: String,
}

/// What `destroy` did to one stack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DestroyOutcome {
    /// There was no such stack.
    Absent,
    /// Deleted; these resources were kept.
    Deleted {
        /// The resources kept by their Retain policy.
        retained: Vec<RetainedResource>,
    },
}

/// Deletes one stack (waiting first for an operation in progress) and lists what was kept.
/// Reports [`Event::StackFinished`] when done.
pub async fn destroy_stack(
    cfn: &Cfn,
    artifact: &AssemblyStack,
    events: &Events,
) -> Result<DestroyOutcome, ToolkitError> {
    let name = artifact.stack_name.as_str();
    let finish = |outcome| {
        events.emit(Event::StackFinished(StackFinished {
            stack: name.to_string(),
            outcome,
        }))
    };
    let Some(info) = settle(cfn, name, events).await? else {
        finish(StackOutcome::Absent);
        return Ok(DestroyOutcome::Absent);
    };
    let template = match cfn.template(name).await {
        Ok(t) => t,
        Err(_) => artifact.template().clone(),
    };
    let kept: Vec<(String, String)> = template["Resources"]
        .as_object()
        .map(|r| {
            r.iter()
                .filter(|(_, v)| {
                    matches!(
                        v["DeletionPolicy"].as_str(),
                        Some("Retain" | "RetainExceptOnCreate")
                    )
                })
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["Type"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let resources = if kept.is_empty() {
        Vec::new()
    } else {
        cfn.resources(name).await?
    };
    delete_and_wait(cfn, &info, events).await?;
    let retained: Vec<RetainedResource> = kept
        .into_iter()
        .filter_map(|(lid, ty)| {
            let r = resources.iter().find(|r| r.logical_id == lid)?;
            Some(RetainedResource {
                stack: name.to_string(),
                logical_id: lid,
                resource_type: ty,
                physical_id: r.physical_id.clone(),
            })
        })
        .collect();
    finish(StackOutcome::Destroyed {
        retained: retained.clone(),
    });
    Ok(DestroyOutcome::Deleted { retained })
}
