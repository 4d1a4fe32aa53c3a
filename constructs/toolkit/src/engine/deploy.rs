//! The deploy workflow: plan every stack, guard data, get approval, stage large templates, then
//! deploy in dependency order with bounded concurrency. Nothing changes until every stack is
//! planned, guarded and approved.

use std::time::Instant;

use indexmap::IndexMap;

use super::approval::{ApprovalRequest, Decision};
use super::events::{ApprovalNeeded, Event, StackIamChanges, StackPlanned};
use super::report::{DeployReport, StackReport};
use super::Toolkit;
use crate::assembly::Assembly;
use crate::deploy::{adopt, deploy_all, plan, protect, stage_templates, DeployOptions, Plan};
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
        for p in plans.iter_mut().filter(|p| p.creates_stack()) {
            let template = p.artifact.template();
            p.unadoptable = adopt::unadoptable(template);
            let candidates = adopt::candidates(template);
            if !candidates.is_empty() {
                let probes = &clients[&p.artifact.artifact_id].probes;
                (p.adopt, p.auto_import) = adopt::sort_by_presence(probes, candidates).await?;
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
        }
        guard(&plans, options)?;
        crate::deploy::assets::check_built(&plans)?;
        self.approve(&plans, options)?;
        let asset_regions: indexmap::IndexSet<String> = plans
            .iter()
            .filter(|p| !p.artifact.assets.is_empty() && !p.unchanged)
            .map(|p| p.region.clone())
            .collect();
        for region in asset_regions {
            let group: Vec<&Plan> = plans.iter().filter(|p| p.region == region).collect();
            let Some(regional) = group
                .first()
                .and_then(|p| clients.get(&p.artifact.artifact_id))
                .cloned()
            else {
                continue;
            };
            let mut staging = regional.staging.clone().ok_or_else(|| {
                ToolkitError::Unexpected(
                    "stacks with assets need the assets bucket, and this toolkit has no S3 client (make it with Toolkit::new)".into(),
                )
            })?;
            staging.toolkit_stack = options.toolkit_stack_name.clone();
            crate::deploy::assets::publish_assets(
                &regional.cfn,
                &staging,
                &group,
                &self.bootstrap_command_for(&region),
                &self.events,
            )
            .await?;
        }
        let regions: indexmap::IndexSet<String> = plans
            .iter()
            .filter(|p| p.artifact.requires_upload && !p.unchanged)
            .map(|p| p.region.clone())
            .collect();
        for region in regions {
            let mut group: Vec<&mut Plan> =
                plans.iter_mut().filter(|p| p.region == region).collect();
            let Some(regional) = group
                .first()
                .and_then(|p| clients.get(&p.artifact.artifact_id))
                .cloned()
            else {
                continue;
            };
            let mut staging = regional.staging.clone().ok_or_else(|| {
                ToolkitError::Unexpected(
                    "a template over 51,200 bytes needs the staging bucket, and this toolkit has no S3 client (make it with Toolkit::new)".into(),
                )
            })?;
            staging.toolkit_stack = options.toolkit_stack_name.clone();
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
            .into_iter()
            .map(|(id, regional)| (id, regional.cfn))
            .collect();
        let results = deploy_all(&cfns, plans, options, &self.events).await;
        let summary = self.summary(started, before);
        self.events.emit(Event::Summary(summary.clone()));
        Ok(DeployReport {
            stacks: results
                .into_iter()
                .map(|(id, (plan, result))| StackReport {
                    stack: plan.artifact.stack_name,
                    artifact_id: id,
                    result,
                })
                .collect(),
            summary,
        })
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
