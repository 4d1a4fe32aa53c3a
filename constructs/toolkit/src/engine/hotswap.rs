//! The hotswap steps of a deploy ([`crate::hotswap`]): before anything changes, each planned
//! stack is sorted (hotswapped, deployed through CloudFormation, or refused) and the new values
//! of what it sends are resolved; after the CloudFormation deploys of the same run, the
//! hotswaps are made, stack by stack in dependency order, the resources of one stack at once,
//! and what was sent is recorded in the state file.

use std::sync::Arc;
use std::time::Instant;

use indexmap::IndexMap;
use serde_json::Value;

use super::events::{
    Event, HotswapApplied, HotswapFallback, HotswapPlanned, HotswapResource, StackFinished,
    StackOutcome, StackSkipped,
};
use super::report::StackReport;
use super::{Regional, Toolkit};
use crate::cfn::StackInfo;
use crate::deploy::{report_failure, DeployOptions, Outcome, Plan};
use crate::error::{HotswapRefusal, ToolkitError};
use crate::hotswap::evaluate::{needs_exports, stack_arn_parts};
use crate::hotswap::state::{key, template_hash, HotswapState};
use crate::hotswap::{
    classify, Classification, Evaluator, HotswapMode, HotswapTarget, NotHotswappable,
    ResourceUpdate,
};

/// One resource to send, with what to record once it is sent.
#[derive(Clone, Debug)]
struct Pending {
    update: ResourceUpdate,
    /// The new template's values of the target's properties (recorded once sent).
    sent: IndexMap<String, Value>,
    /// The deployed template's values of the same properties.
    deployed: IndexMap<String, Value>,
}

/// A stack to hotswap.
#[derive(Debug)]
pub(crate) struct HotswapJob {
    plan: Plan,
    key: String,
    template_hash: String,
    classification: Classification,
    pending: Vec<Pending>,
}

fn not_hotswappable_stack(change: &str, reason: String) -> NotHotswappable {
    NotHotswappable {
        logical_id: None,
        resource_type: None,
        change: change.to_string(),
        reason,
    }
}

fn resources(list: &[(String, String, Vec<String>)]) -> Vec<HotswapResource> {
    list.iter()
        .map(|(id, t, props)| HotswapResource {
            logical_id: id.clone(),
            resource_type: t.clone(),
            properties: props.clone(),
        })
        .collect()
}

impl Toolkit {
    fn target(&self, resource_type: &str) -> Option<&Arc<dyn HotswapTarget>> {
        self.hotswap_targets
            .iter()
            .find(|t| t.resource_type() == resource_type)
    }

    /// Sorts the plans: the stacks to hotswap are taken out of `plans` and returned; a stack
    /// with a change that cannot be hotswapped stays in `plans` (`--hotswap-fallback`, said
    /// with [`Event::HotswapFallback`]) or refuses the deploy before anything changes
    /// ([`ToolkitError::HotswapRefused`], naming every such change of every stack).
    pub(crate) async fn hotswap_split(
        &self,
        plans: &mut Vec<Plan>,
        clients: &IndexMap<String, Regional>,
        options: &DeployOptions,
    ) -> Result<Vec<HotswapJob>, ToolkitError> {
        let mode = options.hotswap.mode;
        let mut state = options
            .hotswap
            .state_file
            .as_deref()
            .map(HotswapState::load)
            .unwrap_or_default();
        let mut refusals = Vec::new();
        let mut fallbacks = Vec::new();
        let mut jobs = Vec::new();
        let mut keep = Vec::new();
        for plan in std::mem::take(plans) {
            let stack = plan.artifact.stack_name.clone();
            let existing = match &plan.existing {
                Some(s)
                    if s.status.is_settled()
                        && !s.status.needs_recreate()
                        && s.status.has_deployed_template() =>
                {
                    s.clone()
                }
                Some(s) => {
                    let why = not_hotswappable_stack(
                        "stack",
                        format!("the stack is {}, and only a deployed stack with no operation running can be hotswapped", s.status),
                    );
                    refuse_or_fall_back(mode, &stack, vec![why], &mut refusals, &mut fallbacks);
                    keep.push(plan);
                    continue;
                }
                None => {
                    let why = not_hotswappable_stack(
                        "stack",
                        "the stack is not deployed yet: CloudFormation creates it".into(),
                    );
                    refuse_or_fall_back(mode, &stack, vec![why], &mut refusals, &mut fallbacks);
                    keep.push(plan);
                    continue;
                }
            };
            let (_, region, account) = stack_arn_parts(&existing.id).unwrap_or_default();
            let state_key = key(&account, &region, &stack);
            let hash = template_hash(&plan.deployed);
            state.forget_stale(&state_key, &existing.id, &hash);
            let recorded = if options.force {
                None
            } else {
                state.recorded(&state_key, &existing.id, &hash)
            };
            if plan.unchanged && recorded.is_none() {
                keep.push(plan); // nothing changed and nothing hotswapped: skipped as usual
                continue;
            }
            let mut classification = classify(
                &plan.deployed,
                plan.artifact.template(),
                &self.hotswap_targets,
                recorded,
            );
            if existing.tags != plan.artifact.tags {
                classification.not_hotswappable.push(not_hotswappable_stack(
                    "Tags",
                    "the stack's tags are changed by CloudFormation".into(),
                ));
            }
            for p in plan.parameters.iter().filter(|p| p.changes()) {
                classification.not_hotswappable.push(not_hotswappable_stack(
                    &format!("Parameters.{}", p.name),
                    "a parameter's new value is given to CloudFormation".into(),
                ));
            }
            if !classification.is_hotswappable() {
                refuse_or_fall_back(
                    mode,
                    &stack,
                    classification.not_hotswappable,
                    &mut refusals,
                    &mut fallbacks,
                );
                keep.push(plan);
                continue;
            }
            let regional = &clients[&plan.artifact.artifact_id];
            match self
                .resolve(regional, &plan, &existing, &classification)
                .await?
            {
                Ok(pending) => jobs.push(HotswapJob {
                    plan,
                    key: state_key,
                    template_hash: hash,
                    classification,
                    pending,
                }),
                Err(unresolved) => {
                    refuse_or_fall_back(mode, &stack, unresolved, &mut refusals, &mut fallbacks);
                    keep.push(plan);
                }
            }
        }
        if !refusals.is_empty() {
            return Err(ToolkitError::HotswapRefused { stacks: refusals });
        }
        for f in fallbacks {
            self.events.emit(Event::HotswapFallback(f));
        }
        for job in &jobs {
            let sent: Vec<(String, String, Vec<String>)> = job
                .pending
                .iter()
                .map(|p| {
                    (
                        p.update.logical_id.clone(),
                        p.update.resource_type.clone(),
                        p.update.changed.clone(),
                    )
                })
                .collect();
            let already: Vec<(String, String, Vec<String>)> = job
                .classification
                .resources
                .iter()
                .filter(|r| !r.already.is_empty())
                .map(|r| {
                    (
                        r.logical_id.clone(),
                        r.resource_type.clone(),
                        r.already.clone(),
                    )
                })
                .collect();
            self.events.emit(Event::HotswapPlanned(HotswapPlanned {
                stack: job.plan.artifact.stack_name.clone(),
                resources: resources(&sent),
                already: resources(&already),
            }));
        }
        *plans = keep;
        Ok(jobs)
    }

    /// The updates of one stack with their values resolved from the deployed stack (its
    /// resources from DescribeStackResources, the region's exports when a value imports one);
    /// `Ok(Err(..))`: values that cannot be resolved, each as a change that cannot be
    /// hotswapped.
    async fn resolve(
        &self,
        regional: &Regional,
        plan: &Plan,
        existing: &StackInfo,
        classification: &Classification,
    ) -> Result<Result<Vec<Pending>, Vec<NotHotswappable>>, ToolkitError> {
        let stack = plan.artifact.stack_name.as_str();
        let sends: Vec<_> = classification.to_send().collect();
        if sends.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        let new = plan.artifact.template();
        let described = regional.cfn.describe_resources(stack).await?;
        let mut evaluator = Evaluator::new(existing, &described, &plan.deployed, new);
        let mut inputs = Vec::new();
        for r in &sends {
            let Some(target) = self.target(&r.resource_type) else {
                continue;
            };
            let wanted = target.inputs(&r.changed);
            let values: IndexMap<String, Value> = wanted
                .iter()
                .filter_map(|p| {
                    new["Resources"][&r.logical_id]["Properties"]
                        .get(p)
                        .map(|v| (p.clone(), v.clone()))
                })
                .collect();
            inputs.push((*r, target, values));
        }
        if inputs
            .iter()
            .any(|(_, _, values)| values.values().any(needs_exports))
        {
            evaluator = evaluator.with_exports(regional.cfn.exports().await?);
        }
        let mut pending = Vec::new();
        let mut unresolved = Vec::new();
        for (r, target, values) in inputs {
            let refuse = |change: &str, reason: String| NotHotswappable {
                logical_id: Some(r.logical_id.clone()),
                resource_type: Some(r.resource_type.clone()),
                change: change.to_string(),
                reason,
            };
            let Some(physical) = evaluator.physical_id(&r.logical_id) else {
                unresolved.push(refuse(
                    "physical ID",
                    "DescribeStackResources does not list it in the deployed stack".into(),
                ));
                continue;
            };
            let mut resolved = IndexMap::new();
            for (p, v) in &values {
                match evaluator.resolve(v) {
                    Ok(v) => {
                        resolved.insert(p.clone(), v);
                    }
                    Err(u) => unresolved.push(refuse(p, format!("its new value {u}"))),
                }
            }
            let deployed_props = &plan.deployed["Resources"][&r.logical_id]["Properties"];
            pending.push(Pending {
                update: ResourceUpdate {
                    stack: stack.to_string(),
                    logical_id: r.logical_id.clone(),
                    resource_type: r.resource_type.clone(),
                    physical_id: physical.to_string(),
                    changed: r.changed.clone(),
                    values: resolved,
                },
                sent: r.properties.clone(),
                deployed: target
                    .properties()
                    .iter()
                    .filter_map(|p| deployed_props.get(*p).map(|v| (p.to_string(), v.clone())))
                    .collect(),
            });
        }
        Ok(if unresolved.is_empty() {
            Ok(pending)
        } else {
            Err(unresolved)
        })
    }

    /// Makes the hotswaps, after the CloudFormation deploys of the same run: a stack whose
    /// dependency failed there (`failed`: artifact id and stack name) is not hotswapped; values
    /// are resolved again when CloudFormation changed something first (`refresh`).
    pub(crate) async fn run_hotswaps(
        &self,
        jobs: Vec<HotswapJob>,
        failed: Vec<(String, String)>,
        refresh: bool,
        clients: &IndexMap<String, Regional>,
        options: &DeployOptions,
    ) -> Vec<StackReport<Outcome>> {
        let mut reports = Vec::new();
        if jobs.is_empty() {
            return reports;
        }
        let mut failed = failed;
        let state_file = options.hotswap.state_file.clone();
        for mut job in jobs {
            let id = job.plan.artifact.artifact_id.clone();
            let stack = job.plan.artifact.stack_name.clone();
            if let Some((_, dependency)) = failed
                .iter()
                .find(|(d, _)| job.plan.artifact.dependencies.contains(d))
                .cloned()
            {
                self.events.emit(Event::StackSkipped(StackSkipped {
                    stack: stack.clone(),
                    dependency: dependency.clone(),
                }));
                failed.push((id.clone(), stack.clone()));
                reports.push(StackReport {
                    stack: stack.clone(),
                    artifact_id: id,
                    result: Err(ToolkitError::DependencyFailed { stack, dependency }),
                });
                continue;
            }
            let result = self
                .hotswap_stack(
                    &mut job,
                    &clients[&id],
                    options,
                    refresh,
                    state_file.as_deref(),
                )
                .await;
            if let Err(e) = &result {
                report_failure(&self.events, &stack, e);
                failed.push((id.clone(), stack.clone()));
            }
            reports.push(StackReport {
                stack,
                artifact_id: id,
                result,
            });
        }
        reports
    }

    async fn hotswap_stack(
        &self,
        job: &mut HotswapJob,
        regional: &Regional,
        options: &DeployOptions,
        refresh: bool,
        state_file: Option<&std::path::Path>,
    ) -> Result<Outcome, ToolkitError> {
        let stack = job.plan.artifact.stack_name.clone();
        let mut existing =
            job.plan.existing.clone().ok_or_else(|| {
                ToolkitError::Unexpected(format!("stack {stack} is not deployed"))
            })?;
        if refresh && !job.pending.is_empty() {
            if let Some(now) = regional.cfn.describe(&stack).await? {
                existing = now;
            }
            match self
                .resolve(regional, &job.plan, &existing, &job.classification)
                .await?
            {
                Ok(pending) => job.pending = pending,
                Err(unresolved) => {
                    return Err(ToolkitError::HotswapRefused {
                        stacks: vec![HotswapRefusal {
                            stack,
                            changes: unresolved,
                        }],
                    })
                }
            }
        }
        if job
            .pending
            .iter()
            .any(|p| p.update.changed.iter().any(|c| c == "Code"))
        {
            self.publish_for_hotswap(&job.plan, regional, options)
                .await?;
        }
        let config = self.config_for(&job.plan.region)?;
        let mut tasks = tokio::task::JoinSet::new();
        for (i, p) in job.pending.iter().enumerate() {
            let Some(target) = self.target(&p.update.resource_type).cloned() else {
                continue;
            };
            let (config, update) = (config.clone(), p.update.clone());
            tasks.spawn(async move {
                let started = Instant::now();
                let result = target.apply(&config, &update).await;
                (i, result, started.elapsed().as_secs_f64())
            });
        }
        let mut state = state_file.map(HotswapState::load).unwrap_or_default();
        let mut applied = Vec::new();
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            let (i, result, seconds) = match joined {
                Ok(r) => r,
                Err(e) => {
                    first_error.get_or_insert(ToolkitError::Unexpected(format!(
                        "a hotswap task failed: {e}"
                    )));
                    continue;
                }
            };
            let p = &job.pending[i];
            match result {
                Ok(operations) => {
                    self.events.emit(Event::HotswapApplied(HotswapApplied {
                        stack: stack.clone(),
                        logical_id: p.update.logical_id.clone(),
                        resource_type: p.update.resource_type.clone(),
                        physical_id: p.update.physical_id.clone(),
                        properties: p.update.changed.clone(),
                        operations,
                        seconds,
                    }));
                    state.record(
                        &job.key,
                        &existing.id,
                        &job.template_hash,
                        &p.update.logical_id,
                        &p.sent,
                        &p.deployed,
                    );
                    applied.push(p.update.logical_id.clone());
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(file) = state_file {
            if !applied.is_empty() {
                state.save(file)?;
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        let already: Vec<String> = job
            .classification
            .resources
            .iter()
            .filter(|r| r.changed.is_empty() && !r.already.is_empty())
            .map(|r| r.logical_id.clone())
            .collect();
        let order: Vec<&String> = job.pending.iter().map(|p| &p.update.logical_id).collect();
        applied.sort_by_key(|id| order.iter().position(|o| *o == id));
        self.events.emit(Event::StackFinished(StackFinished {
            stack,
            outcome: StackOutcome::Hotswapped {
                resources: applied,
                already,
                outputs: existing.outputs.clone(),
            },
        }));
        Ok(Outcome::Hotswapped {
            outputs: existing.outputs,
        })
    }

    /// Publishes the stack's assets (function code) before the code is updated from them.
    async fn publish_for_hotswap(
        &self,
        plan: &Plan,
        regional: &Regional,
        options: &DeployOptions,
    ) -> Result<(), ToolkitError> {
        if plan.artifact.assets.is_empty() {
            return Ok(());
        }
        let mut plan = plan.clone();
        plan.unchanged = false;
        crate::deploy::assets::check_built(std::slice::from_ref(&plan))?;
        let staging = regional.staging_for(
            &options.toolkit_stack_name,
            "stacks with assets need the assets bucket",
        )?;
        crate::deploy::assets::publish_assets(
            &regional.cfn,
            &staging,
            &[&plan],
            &self.bootstrap_command_for(&plan.region),
            &self.events,
        )
        .await
    }

    /// The configuration of a region, for the hotswap targets' clients.
    fn config_for(&self, region: &str) -> Result<aws_config::SdkConfig, ToolkitError> {
        let Some(config) = &self.config else {
            return Err(ToolkitError::Unexpected(
                "this toolkit has no AWS configuration to make the clients a hotswap needs (make it with Toolkit::new)".into(),
            ));
        };
        if config.region().map(|r| r.as_ref()) == Some(region) || region.is_empty() {
            return Ok(config.clone());
        }
        Ok(config
            .to_builder()
            .region(aws_config::Region::new(region.to_string()))
            .build())
    }
}

fn refuse_or_fall_back(
    mode: HotswapMode,
    stack: &str,
    changes: Vec<NotHotswappable>,
    refusals: &mut Vec<HotswapRefusal>,
    fallbacks: &mut Vec<HotswapFallback>,
) {
    match mode {
        HotswapMode::Fallback => fallbacks.push(HotswapFallback {
            stack: stack.to_string(),
            changes,
        }),
        _ => refusals.push(HotswapRefusal {
            stack: stack.to_string(),
            changes,
        }),
    }
}
