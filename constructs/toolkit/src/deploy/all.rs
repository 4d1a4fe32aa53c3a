//! Deploying planned stacks in dependency order, independent ones at once.

use std::sync::Arc;

use indexmap::IndexMap;

use super::plan::Plan;
use super::schedule::run_in_order;
use super::stack::deploy_stack;
use super::{DeployOptions, Outcome};
use crate::cfn::Cfn;
use crate::progress::Progress;

/// Deploys every plan after the plans it depends on (dependencies outside `plans` are taken as
/// deployed), at most `options.concurrency` at once; a stack whose dependency failed is not
/// started. Results by artifact id, in the order of `plans`.
pub async fn deploy_all(
    cfn: &Cfn,
    plans: Vec<Plan>,
    options: &DeployOptions,
    progress: Arc<Progress>,
) -> IndexMap<String, (Plan, Result<Outcome, String>)> {
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
    let by_id: Arc<IndexMap<String, Plan>> = Arc::new(
        plans
            .into_iter()
            .map(|p| (p.artifact.artifact_id.clone(), p))
            .collect(),
    );
    let shared = Arc::clone(&by_id);
    let results = run_in_order(items, options.concurrency, |id| {
        let (cfn, options, progress, by_id) = (
            cfn.clone(),
            options.clone(),
            Arc::clone(&progress),
            Arc::clone(&shared),
        );
        async move {
            let plan = &by_id[&id];
            let resources = plan.artifact.template()["Resources"]
                .as_object()
                .map_or(0, |r| r.len());
            let sp = progress.stack(&plan.artifact.stack_name, resources as u64);
            deploy_stack(&cfn, plan, &options, &sp)
                .await
                .map_err(|e| format!("{e:#}"))
        }
    })
    .await;
    results
        .into_iter()
        .map(|(id, r)| {
            let plan = by_id[&id].clone();
            (id, (plan, r))
        })
        .collect()
}
