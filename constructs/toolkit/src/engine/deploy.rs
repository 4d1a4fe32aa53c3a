//! The deploy workflow: plan every stack, guard data, get approval, stage large templates, then
//! deploy in dependency order with bounded concurrency. Nothing changes until every stack is
//! planned, guarded and approved.

use std::time::Instant;

use indexmap::IndexMap;

use std::collections::HashSet;

use super::approval::{ApprovalRequest, Decision};
use super::events::{
    ApprovalNeeded, Event, ExportsKept, RemovingExports, StackIamChanges, StackPlanned,
};
use super::report::{DeployReport, StackReport};
use super::{Regional, Toolkit};
use crate::assembly::Assembly;
use crate::deploy::{
    adopt, deploy_all, deploy_stack, exports, plan, protect, report_failure, stage_templates,
    DeployOptions, Outcome, Plan,
};
use crate::error::ToolkitError;

impl Toolkit {
    /// Deploys the selected stacks of `assembly` (with the stacks they depend on, unless
    /// exclusively), each in its own region. Fails before changing anything when a parameter
    /// value names a parameter no template declares or a parameter has no value
    /// ([`ToolkitError::ParameterNotInTemplate`], [`ToolkitError::ParameterMissing`]), a stack is
    /// pinned to another account than the credentials' ([`ToolkitError::WrongAccount`]), a
    /// stack cannot be planned, a change
    /// would lose data without an allowance ([`ToolkitError::DataLossRefused`]), approval is
    /// refused ([`ToolkitError::ApprovalRefused`]) or a large template has no staging bucket;
    /// after that, each stack's result is in the report (a stack whose dependency failed is
    /// not started).
    pub async fn deploy(
        &self,
        assembly: &Assembly,
        options: &DeployOptions,
    ) -> Result<DeployReport, ToolkitError> {
        let started = Instant::now();
        let before = self.counts();
        let stacks = assembly.with_dependencies(&options.stacks)?;
        options.parameters.check(assembly, &stacks)?;
        self.check_accounts(&stacks).await?;
        let mut plans = Vec::with_capacity(stacks.len());
        let mut clients = IndexMap::new();
        for s in stacks {
            let regional = self.regional(s)?;
            plans.push(plan(&regional.cfn, s, &options.parameters).await?);
            clients.insert(s.artifact_id.clone(), regional);
        }
        let order: Vec<String> = plans
            .iter()
            .map(|p| p.artifact.artifact_id.clone())
            .collect();
        let hotswaps = if options.hotswap.mode.is_on() {
            self.hotswap_split(&mut plans, &clients, options).await?
        } else {
            Vec::new()
        };
        if options.force {
            // Deployed anyway: CloudFormation says whether anything changes.
            for p in &mut plans {
                p.unchanged = false;
            }
        }
        for p in plans.iter_mut().filter(|p| p.creates_stack()) {
            let template = p.artifact.template();
            let pseudo = adopt::PseudoValues {
                account: if adopt::needs_account(template) {
                    Some(self.credentials_account().await?)
                } else {
                    None
                },
                region: Some(p.region.clone()),
                stack_name: Some(p.artifact.stack_name.clone()),
            };
            p.unadoptable = adopt::unadoptable(template, &pseudo);
            let candidates = adopt::candidates(template, &pseudo);
            if !candidates.is_empty() {
                let probes = &clients[&p.artifact.artifact_id].probes;
                (p.adopt, p.auto_import) = adopt::sort_by_presence(probes, candidates).await?;
            }
        }
        // Exports the new templates drop that deployed stacks still import are kept for now
        // (the export deadlock), and removed after their importers in this run.
        let run: Vec<(String, serde_json::Value)> = plans
            .iter()
            .map(|p| (p.artifact.stack_name.clone(), p.artifact.template().clone()))
            .collect();
        for p in plans
            .iter_mut()
            .filter(|p| !p.unchanged && p.existing.is_some())
        {
            let cfn = &clients[&p.artifact.artifact_id].cfn;
            let kept = exports::still_imported(cfn, p, &run).await?;
            if !kept.is_empty() {
                exports::keep(p, kept)?;
            }
        }
        for p in &plans {
            self.events.emit(Event::StackPlanned(StackPlanned {
                stack: p.artifact.stack_name.clone(),
                action: p.action(),
                status: p.existing.as_ref().map(|s| s.status.clone()),
                region: p.region.clone(),
                parameters: p.parameters.clone(),
                iam: p.iam.clone(),
                data_loss: p.data_loss.clone(),
                adopt: p.adopt.clone(),
                requires_upload: p.artifact.requires_upload,
            }));
            if !p.kept_exports.is_empty() {
                self.events.emit(Event::ExportsKept(ExportsKept {
                    stack: p.artifact.stack_name.clone(),
                    exports: p.kept_exports.clone(),
                }));
            }
        }
        guard(&plans, options)?;
        crate::deploy::assets::check_built(&plans)?;
        self.approve(&plans, options)?;
        for region in regions_where(&plans, |p| !p.artifact.assets.is_empty()) {
            let group: Vec<&Plan> = plans.iter().filter(|p| p.region == region).collect();
            let Some(regional) = group
                .first()
                .and_then(|p| clients.get(&p.artifact.artifact_id))
                .cloned()
            else {
                continue;
            };
            let staging = regional.staging_for(
                &options.toolkit_stack_name,
                "stacks with assets need the assets bucket",
            )?;
            crate::deploy::assets::publish_assets(
                &regional.cfn,
                &staging,
                &group,
                &self.bootstrap_command_for(&region),
                &self.events,
            )
            .await?;
        }
        for region in regions_where(&plans, |p| p.artifact.requires_upload) {
            let mut group: Vec<&mut Plan> =
                plans.iter_mut().filter(|p| p.region == region).collect();
            let Some(regional) = group
                .first()
                .and_then(|p| clients.get(&p.artifact.artifact_id))
                .cloned()
            else {
                continue;
            };
            let staging = regional.staging_for(
                &options.toolkit_stack_name,
                "a template over 51,200 bytes needs the staging bucket",
            )?;
            stage_templates(
                &regional.cfn,
                &staging,
                &mut group,
                &self.bootstrap_command_for(&region),
                &self.events,
            )
            .await?;
        }
        let cfns = clients
            .iter()
            .map(|(id, regional)| (id.clone(), regional.cfn.clone()))
            .collect();
        let mut results = deploy_all(&cfns, plans, options, &self.events).await;
        self.remove_kept_exports(&mut results, &clients, options)
            .await;
        let failed = results
            .iter()
            .filter(|(_, (_, r))| r.is_err())
            .map(|(id, (p, _))| (id.clone(), p.artifact.stack_name.clone()))
            .collect();
        let refresh = results
            .values()
            .any(|(_, r)| matches!(r, Ok(Outcome::Deployed { .. })));
        let hotswapped = self
            .run_hotswaps(hotswaps, failed, refresh, &clients, options)
            .await;
        let summary = self.summary(started, before);
        self.events.emit(Event::Summary(summary.clone()));
        let mut stacks: Vec<StackReport<Outcome>> = results
            .into_iter()
            .map(|(id, (plan, result))| StackReport {
                stack: plan.artifact.stack_name,
                artifact_id: id,
                result,
            })
            .chain(hotswapped)
            .collect();
        stacks.sort_by_key(|s| order.iter().position(|id| *id == s.artifact_id));
        Ok(DeployReport { stacks, summary })
    }

    /// The second step of the export deadlock: each stack deployed with exports kept for
    /// importers that this run deployed without them is deployed again with its own template,
    /// which removes them. Its result replaces the first step's.
    async fn remove_kept_exports(
        &self,
        results: &mut IndexMap<String, (Plan, Result<Outcome, ToolkitError>)>,
        clients: &IndexMap<String, Regional>,
        options: &DeployOptions,
    ) {
        let deployed: HashSet<String> = results
            .values()
            .filter(|(_, r)| r.is_ok())
            .map(|(p, _)| p.artifact.stack_name.clone())
            .collect();
        let due: Vec<String> = results
            .iter()
            .filter(|(_, (p, r))| {
                r.is_ok()
                    && p.final_artifact.is_some()
                    && !p.kept_exports.is_empty()
                    && p.kept_exports.iter().all(|k| {
                        k.removed_after && k.importers.iter().all(|i| deployed.contains(i))
                    })
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            let (Some((plan, result)), Some(regional)) = (results.get_mut(&id), clients.get(&id))
            else {
                continue;
            };
            let Some(artifact) = plan.final_artifact.clone() else {
                continue;
            };
            self.events.emit(Event::RemovingExports(RemovingExports {
                stack: artifact.stack_name.clone(),
                exports: plan.kept_exports.iter().map(|k| k.export.clone()).collect(),
            }));
            let outcome = self.deploy_again(&artifact, regional, options).await;
            if let Err(e) = &outcome {
                report_failure(&self.events, &artifact.stack_name, e);
            }
            *result = outcome;
        }
    }

    /// Deploys one stack again (planned anew, staged when it must be).
    async fn deploy_again(
        &self,
        artifact: &crate::assembly::AssemblyStack,
        regional: &Regional,
        options: &DeployOptions,
    ) -> Result<Outcome, ToolkitError> {
        let mut again = plan(&regional.cfn, artifact, &options.parameters).await?;
        if again.artifact.requires_upload && !again.unchanged {
            let staging = regional.staging_for(
                &options.toolkit_stack_name,
                "a template over 51,200 bytes needs the staging bucket",
            )?;
            let region = again.region.clone();
            stage_templates(
                &regional.cfn,
                &staging,
                &mut [&mut again],
                &self.bootstrap_command_for(&region),
                &self.events,
            )
            .await?;
        }
        deploy_stack(&regional.cfn, &again, options, &self.events).await
    }

    /// Asks for approval of the IAM changes that need it, after reporting them.
    fn approve(&self, plans: &[Plan], options: &DeployOptions) -> Result<(), ToolkitError> {
        let stacks: Vec<StackIamChanges> = plans
            .iter()
            .filter(|p| options.require_approval.applies_to(p))
            .map(|p| StackIamChanges {
                stack: p.artifact.stack_name.clone(),
                iam: p.iam.clone(),
            })
            .collect();
        if stacks.is_empty() {
            return Ok(());
        }
        self.events.emit(Event::ApprovalNeeded(ApprovalNeeded {
            require: options.require_approval,
            stacks: stacks.clone(),
        }));
        match options.approval.decide(&ApprovalRequest::IamChanges {
            require: options.require_approval,
            stacks: &stacks,
        }) {
            Decision::Approve => Ok(()),
            Decision::Refuse(reason) => Err(ToolkitError::ApprovalRefused { reason }),
        }
    }
}

/// The data guard, run once for every stack before anything changes: the stateful resources
/// the templates show would be replaced or deleted, without an allowance.
fn guard(plans: &[Plan], options: &DeployOptions) -> Result<(), ToolkitError> {
    let refusals: Vec<_> = plans
        .iter()
        .filter(|p| !p.unchanged)
        .filter_map(|p| {
            let losses = protect::not_allowed(
                p.data_loss.clone(),
                &options.allow_replacement,
                options.allow_data_loss,
            );
            (!losses.is_empty()).then(|| protect::refusal(&p.artifact.stack_name, losses))
        })
        .collect();
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(ToolkitError::DataLossRefused { refusals })
    }
}

/// The regions of the stacks that change and `need` something there (the assets bucket, the
/// staging bucket), in plan order.
fn regions_where(plans: &[Plan], need: impl Fn(&Plan) -> bool) -> indexmap::IndexSet<String> {
    plans
        .iter()
        .filter(|p| !p.unchanged && need(p))
        .map(|p| p.region.clone())
        .collect()
}
