//! Deploying one stack, through a change set or directly.

use anyhow::bail;

use super::plan::Plan;
use super::wait::{failure_reason, wait_operation};
use super::{adopt, protect};
use super::{DeployMethod, DeployOptions, Outcome};
use crate::cfn::{is_in_progress, Cfn, EventStream, StackInfo, TemplateSource};
use crate::progress::StackProgress;

/// Deploys one planned stack. A stack left in ROLLBACK_COMPLETE by a failed first create (or
/// an empty one left under review) is deleted and created again; an operation already running
/// is waited for first.
pub async fn deploy_stack(
    cfn: &Cfn,
    plan: &Plan,
    options: &DeployOptions,
    progress: &StackProgress,
) -> anyhow::Result<Outcome> {
    let name = plan.artifact.stack_name.as_str();
    if plan.unchanged {
        let outputs = plan
            .existing
            .as_ref()
            .map(|s| s.outputs.clone())
            .unwrap_or_default();
        progress
            .finish("no changes: template and tags are unchanged, skipped (no change set created)");
        return Ok(Outcome::Unchanged { outputs });
    }
    let losses = protect::not_allowed(
        plan.data_loss.clone(),
        &options.allow_replacement,
        options.allow_data_loss,
    );
    if !losses.is_empty() {
        bail!("{}", protect::refusal(name, &losses));
    }
    let existing = settle(cfn, name, progress).await?;
    let existing = match existing {
        Some(s) if super::plan::recreated(&s.status) => {
            progress.info(&format!(
                "stack is in {} (a first create that failed or never ran); deleting it to create it again",
                s.status
            ));
            delete_and_wait(cfn, &s, progress).await?;
            None
        }
        Some(s) if s.status == "UPDATE_ROLLBACK_FAILED" => bail!(
            "stack {name} is in UPDATE_ROLLBACK_FAILED: a rollback could not undo a failed update. Fix the cause ({}), then run `aws cloudformation continue-update-rollback --stack-name {name}` and deploy again",
            s.reason.as_deref().unwrap_or("see the stack's events")
        ),
        Some(s) if s.status == "DELETE_FAILED" => bail!(
            "stack {name} is in DELETE_FAILED ({}); destroy it again once the cause is fixed",
            s.reason.as_deref().unwrap_or("see the stack's events")
        ),
        other => other,
    };
    let mut create = existing.is_none();
    if create {
        for u in &plan.unadoptable {
            progress.info(&u.to_string());
        }
    }
    if create && !plan.adopt.is_empty() {
        adopt_into_new_stack(cfn, plan, progress).await?;
        create = false;
    }
    let import_existing = existing.is_none() && !plan.auto_import.is_empty();
    if import_existing {
        let names: Vec<String> = plan
            .auto_import
            .iter()
            .map(|a| format!("{} {}", a.resource_type, a.name()))
            .collect();
        match options.method {
            DeployMethod::ChangeSet => progress.info(&format!(
                "the toolkit cannot check whether {} still exist{} from an earlier destroy; CloudFormation is asked to import {} if so (ImportExistingResources)",
                names.join(", "),
                if names.len() == 1 { "s" } else { "" },
                if names.len() == 1 { "it" } else { "them" },
            )),
            DeployMethod::Direct => progress.info(&format!(
                "the toolkit cannot check whether {} still exist{} from an earlier destroy; if so, creating the stack fails with \"already exists\": deploy with --method change-set, which imports {}",
                names.join(", "),
                if names.len() == 1 { "s" } else { "" },
                if names.len() == 1 { "it" } else { "them" },
            )),
        }
    }
    let body = match &plan.template_url {
        Some(url) => TemplateSource::Url(url),
        None => TemplateSource::Body(&plan.artifact.template_json),
    };
    let tags = &plan.artifact.tags;

    let (info, events) = match options.method {
        DeployMethod::ChangeSet => {
            progress.info(if create {
                "creating change set (new stack)"
            } else {
                "creating change set"
            });
            let id = cfn
                .create_change_set(name, create, body, tags, import_existing)
                .await?;
            let change_set = cfn.wait_change_set(name, &id).await?;
            if change_set.is_empty_change() {
                cfn.delete_change_set(name, &id).await?;
                let outputs = existing.map(|s| s.outputs).unwrap_or_default();
                progress.finish("no changes (the change set is empty)");
                return Ok(Outcome::Unchanged { outputs });
            }
            if change_set.status != "CREATE_COMPLETE" {
                let _ = cfn.delete_change_set(name, &id).await;
                bail!(
                    "the change set for stack {name} failed: {}",
                    change_set.reason.as_deref().unwrap_or("no reason given")
                );
            }
            let losses = protect::not_allowed(
                protect::from_change_set(&plan.deployed, &change_set.changes),
                &options.allow_replacement,
                options.allow_data_loss,
            );
            if !losses.is_empty() {
                cfn.delete_change_set(name, &id).await?;
                bail!("{}", protect::refusal(name, &losses));
            }
            for c in &change_set.changes {
                let replace = match c.replacement.as_str() {
                    "True" => "  [replacement]",
                    "Conditional" => "  [may be replaced]",
                    _ => "",
                };
                progress.info(&format!(
                    "{} {} {}{replace}",
                    c.action, c.resource_type, c.logical_id
                ));
            }
            let mut events = EventStream::starting_now(cfn, name).await?;
            cfn.execute_change_set(name, &id).await?;
            wait_operation(cfn, name, &mut events, progress).await?
        }
        DeployMethod::Direct => {
            let mut events = EventStream::starting_now(cfn, name).await?;
            if create {
                progress.info("creating stack");
                cfn.create_stack(name, body, tags).await?;
            } else {
                progress.info("updating stack");
                if !cfn.update_stack(name, body, tags).await? {
                    let outputs = existing.map(|s| s.outputs).unwrap_or_default();
                    progress.finish("no changes (CloudFormation has nothing to update)");
                    return Ok(Outcome::Unchanged { outputs });
                }
            }
            wait_operation(cfn, name, &mut events, progress).await?
        }
    };
    match info {
        Some(s) if s.status == "CREATE_COMPLETE" || s.status == "UPDATE_COMPLETE" => {
            progress.finish(&format!("{} (deployed)", s.status));
            Ok(Outcome::Deployed { outputs: s.outputs })
        }
        other => {
            let reason = failure_reason(name, other.as_ref(), &events);
            progress.finish(&format!("failed: {reason}"));
            bail!("stack {name} failed: {reason}")
        }
    }
}

/// Waits for an operation already running on the stack, then returns the stack.
pub(crate) async fn settle(
    cfn: &Cfn,
    name: &str,
    progress: &StackProgress,
) -> anyhow::Result<Option<StackInfo>> {
    let current = cfn.describe(name).await?;
    match current {
        Some(s) if is_in_progress(&s.status) => {
            progress.info(&format!(
                "another operation is running on the stack ({}); waiting for it to finish",
                s.status
            ));
            let mut events = EventStream::starting_now(cfn, &s.id).await?;
            let (info, _) = wait_operation(cfn, &s.id, &mut events, progress).await?;
            Ok(info)
        }
        other => Ok(other),
    }
}

/// Deletes the stack and waits until it is gone.
pub(crate) async fn delete_and_wait(
    cfn: &Cfn,
    stack: &StackInfo,
    progress: &StackProgress,
) -> anyhow::Result<()> {
    let mut events = EventStream::starting_now(cfn, &stack.id).await?;
    cfn.delete_stack(&stack.id).await?;
    let (info, events) = wait_operation(cfn, &stack.id, &mut events, progress).await?;
    if let Some(s) = info {
        bail!(
            "deleting stack {} failed: {}",
            stack.name,
            failure_reason(&stack.name, Some(&s), &events)
        );
    }
    Ok(())
}

/// Creates the stack by importing the retained resources that exist already, so that the
/// deploy that follows updates it instead of creating them again.
async fn adopt_into_new_stack(
    cfn: &Cfn,
    plan: &Plan,
    progress: &StackProgress,
) -> anyhow::Result<()> {
    let name = plan.artifact.stack_name.as_str();
    for a in &plan.adopt {
        progress.info(&format!(
            "adopting the existing {} {} into the stack (resource import) instead of creating it again",
            a.resource_type,
            a.name()
        ));
    }
    let body = serde_json::to_string(&adopt::import_template(
        plan.artifact.template(),
        &plan.adopt,
    ))?;
    let id = cfn
        .create_import_change_set(name, &body, &plan.adopt, &plan.artifact.tags)
        .await?;
    let change_set = cfn.wait_change_set(name, &id).await?;
    if change_set.status != "CREATE_COMPLETE" {
        let _ = cfn.delete_change_set(name, &id).await;
        bail!(
            "the import change set for stack {name} failed: {}",
            change_set.reason.as_deref().unwrap_or("no reason given")
        );
    }
    let mut events = EventStream::starting_now(cfn, name).await?;
    cfn.execute_change_set(name, &id).await?;
    let (info, events) = wait_operation(cfn, name, &mut events, progress).await?;
    match info {
        Some(s) if s.status == "IMPORT_COMPLETE" => Ok(()),
        other => bail!(
            "importing into stack {name} failed: {}",
            failure_reason(name, other.as_ref(), &events)
        ),
    }
}
