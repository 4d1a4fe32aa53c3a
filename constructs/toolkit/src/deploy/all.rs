//! Deploying planned stacks in dependency order, independent ones at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use indexmap::IndexMap;

use super::plan::Plan;
use super::schedule::run_in_order;
use super::stack::deploy_stack;
use super::{DeployOptions, Outcome};
use crate::cfn::Cfn;
use crate::engine::events::{Event, Events, StackFailed, StackSkipped, StackStarted};
use crate::error::ToolkitError;

/// Reports a stack's failure.
pub(crate) fn report_failure(events: &Events, stack: &str, error: &ToolkitError) {
    let failure = match error {
        ToolkitError::StackFailed { failure, .. }
        | ToolkitError::DeleteFailed { failure, .. }
        | ToolkitError::ImportFailed { failure, .. } => Some((**failure).clone()),
        _ => None,
    };
    events.emit(Event::StackFailed(StackFailed {
        stack: stack.to_string(),
        error: error.to_string(),
        failure,
    }));
}

/// Deploys every plan after the plans it depends on (dependencies outside `plans` are taken as
/// deployed), at most `options.concurrency` at once, each through the CloudFormation client of
/// its region (`cfns`, by artifact id); a stack whose dependency failed is not started. Results
/// by artifact id, in the order of `plans`.
pub(crate) async fn deploy_all(
    cfns: &IndexMap<String, Cfn>,
    plans: Vec<Plan>,
    options: &DeployOptions,
    events: &Events,
) -> IndexMap<String, (Plan, Result<Outcome, ToolkitError>)> {
    let chosen: Vec<String> = plans
        .iter()
        .map(|p| p.artifact.artifact_id.clone())
        .collect();
    let items = plans
        .iter()
        .map(|p| {
            let deps = p
                .artifact
                .dependencies
                .iter()
                .filter(|d| chosen.contains(d))
                .cloned()
                .collect();
            (p.artifact.artifact_id.clone(), deps)
        })
        .collect();
    let total = plans.len();
    let by_id: Arc<IndexMap<String, Plan>> = Arc::new(
        plans
            .into_iter()
            .map(|p| (p.artifact.artifact_id.clone(), p))
            .collect(),
    );
    let started = Arc::new(AtomicUsize::new(0));
    let shared = Arc::clone(&by_id);
    let skip_events = events.clone();
    let skip_plans = Arc::clone(&by_id);
    let results = run_in_order(
        items,
        options.concurrency,
        |id| {
            let (cfn, options, events, by_id, started) = (
                cfns.get(&id).cloned(),
                options.clone(),
                events.clone(),
                Arc::clone(&shared),
                Arc::clone(&started),
            );
            async move {
                let plan = &by_id[&id];
                let stack = plan.artifact.stack_name.clone();
                events.emit(Event::StackStarted(StackStarted {
                    stack: stack.clone(),
                    index: started.fetch_add(1, Ordering::SeqCst) + 1,
                    total,
                    resources: plan.artifact.resource_count(),
                }));
                let result = match &cfn {
                    Some(cfn) => deploy_stack(cfn, plan, &options, &events).await,
                    None => Err(ToolkitError::Unexpected(format!(
                        "no CloudFormation client for stack {stack}"
                    ))),
                };
                if let Err(e) = &result {
                    report_failure(&events, &stack, e);
                }
                result
            }
        },
        move |id, dependency| {
            let stack = skip_plans
                .get(id)
                .map_or(id, |p| p.artifact.stack_name.as_str())
                .to_string();
            skip_events.emit(Event::StackSkipped(StackSkipped {
                stack: stack.clone(),
                dependency: dependency.to_string(),
            }));
            ToolkitError::DependencyFailed {
                stack,
                dependency: dependency.to_string(),
            }
        },
    )
    .await;
    results
        .into_iter()
        .map(|(id, r)| {
            let plan = by_id[&id].clone();
            (id, (plan, r))
        })
        .collect()
}
