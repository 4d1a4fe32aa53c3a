//! Deploying one planned stack, through a change set or directly, reporting each step.

use std::time::{Duration, Instant, SystemTime};

use super::parameters::api_parameters;
use super::plan::Plan;
use super::wait::{failure, wait_operation};
use super::{adopt, protect};
use super::{DeployMethod, DeployOptions, Outcome};
use crate::cfn::{Cfn, ChangeSetExecution, EventStream, StackInfo, TemplateSource};
use crate::engine::events::{
    Adopting, CannotAdopt, ChangeSetCreated, ChangeSetCreating, ConcurrentChange, Event, Events,
    ImportExisting, Operation, OperationStarted, StackAndStatus, StackFinished, StackOutcome,
    StackUnderReview, TerminationProtection, Unchanged,
};
use crate::error::{AwsErrorKind, DataLossRefusal, ToolkitError};

type Result<T> = std::result::Result<T, ToolkitError>;

fn finished(events: &Events, stack: &str, outcome: StackOutcome) {
    events.emit(Event::StackFinished(StackFinished {
        stack: stack.to_string(),
        outcome,
    }));
}

fn unchanged(
    events: &Events,
    stack: &str,
    reason: Unchanged,
    outputs: indexmap::IndexMap<String, String>,
) -> Outcome {
    finished(
        events,
        stack,
        StackOutcome::Unchanged {
            reason,
            outputs: outputs.clone(),
        },
    );
    Outcome::Unchanged { outputs }
}

/// How many times a stack is tried again when another deploy changed it under this one.
const CONCURRENT_RETRIES: usize = 3;

/// Deploys one planned stack whose plan passed the data guard. A stack left in
/// ROLLBACK_COMPLETE by a failed first create is deleted and created again; an operation
/// already running is waited for first; a stack under review (`REVIEW_IN_PROGRESS`) is waited
/// for while another deploy may execute its change set, and deleted only once it has been idle
/// for [`DeployOptions::abandoned_after`]. When another deploy changes the stack under this one
/// (CloudFormation refuses a request because of it), the stack is settled and tried again.
/// Termination protection is set as the stack asks, on create, update, or when nothing else
/// changes. Reports [`Event::StackFinished`] on success; the caller reports failures.
pub(crate) async fn deploy_stack(
    cfn: &Cfn,
    plan: &Plan,
    options: &DeployOptions,
    events: &Events,
) -> Result<Outcome> {
    let name = plan.artifact.stack_name.as_str();
    let protection = plan.artifact.termination_protection;
    if plan.unchanged {
        let existing = plan.existing.as_ref();
        let current = existing.is_some_and(|s| s.termination_protection);
        set_termination_protection(cfn, name, current, protection, events).await?;
        let outputs = existing.map(|s| s.outputs.clone()).unwrap_or_default();
        return Ok(unchanged(events, name, Unchanged::SameTemplate, outputs));
    }
    let mut retries = 0;
    loop {
        let mut own_change_set = None;
        match attempt(cfn, plan, options, events, &mut own_change_set).await {
            Err(e) if retries < CONCURRENT_RETRIES && is_concurrent_change(&e) => {
                if let Some(id) = own_change_set {
                    let _ = cfn.delete_change_set(name, &id).await;
                }
                let now = cfn.describe(name).await.ok().flatten();
                events.emit(Event::ConcurrentChange(ConcurrentChange {
                    stack: name.to_string(),
                    refused: e.to_string(),
                    status: now.map(|s| s.status),
                }));
                retries += 1;
            }
            other => return other,
        }
    }
}

/// What CloudFormation answers when another deploy changed the stack under this one: the
/// stack was created meanwhile, the change set was deleted or made obsolete by another one's
/// execution, or another operation is running.
fn is_concurrent_change(e: &ToolkitError) -> bool {
    let ToolkitError::Aws {
        kind: AwsErrorKind::Service { code },
        message,
        ..
    } = e
    else {
        return false;
    };
    match code.as_str() {
        "AlreadyExistsException"
        | "ChangeSetNotFound"
        | "ChangeSetNotFoundException"
        | "InvalidChangeSetStatus"
        | "InvalidChangeSetStatusException"
        | "OperationInProgressException" => true,
        "ValidationError" => {
            message.contains("already exists")
                || message.contains("_IN_PROGRESS state")
                || message.contains("cannot be executed in its current")
        }
        _ => false,
    }
}

/// Settles the stack: waits for an operation in progress, and for a stack under review while
/// it may still be executed (deleting it once abandoned); a stack left by a failed first
/// create is deleted. Returns the stack to deploy onto (`None`: create it).
async fn settle_for_deploy(
    cfn: &Cfn,
    name: &str,
    options: &DeployOptions,
    events: &Events,
) -> Result<Option<StackInfo>> {
    loop {
        match settle(cfn, name, events).await? {
            Some(s) if s.status.is_under_review() => {
                if under_review(cfn, s, options.abandoned_after, events).await? {
                    return Ok(None);
                }
            }
            Some(s) if s.status.needs_recreate() => {
                events.emit(Event::RecreatingStack(StackAndStatus {
                    stack: name.to_string(),
                    status: s.status.clone(),
                }));
                delete_and_wait(cfn, &s, events).await?;
                return Ok(None);
            }
            Some(s) => {
                return match s.status.blocked_deploy_fix(name) {
                    Some(fix) => Err(ToolkitError::StackBlocked {
                        stack: name.to_string(),
                        status: s.status.clone(),
                        reason: s.reason.clone(),
                        fix,
                    }),
                    None => Ok(Some(s)),
                }
            }
            None => return Ok(None),
        }
    }
}

/// A stack under review (`REVIEW_IN_PROGRESS`): another deploy made it with a CREATE change
/// set it may be about to execute. Waits while its change sets are being computed or executed
/// or it has been idle for less than `abandoned_after`; then, idle that long, it is taken as
/// abandoned and deleted (returns true). Returns false as soon as it is no longer under review.
async fn under_review(
    cfn: &Cfn,
    mut stack: StackInfo,
    abandoned_after: Duration,
    events: &Events,
) -> Result<bool> {
    let first_seen = Instant::now();
    let mut announced = false;
    let mut delay = cfn.poll.initial;
    loop {
        let change_sets = cfn.change_sets(&stack.id).await?;
        let busy = change_sets
            .iter()
            .any(|c| c.status.is_pending() || c.execution == ChangeSetExecution::ExecuteInProgress);
        let last_activity = change_sets
            .iter()
            .filter_map(|c| c.created)
            .chain(stack.created)
            .max();
        let idle = last_activity
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .unwrap_or_default()
            .max(first_seen.elapsed());
        let review = StackUnderReview {
            stack: stack.name.clone(),
            change_sets: change_sets.iter().map(|c| c.name.clone()).collect(),
            idle_seconds: idle.as_secs(),
            abandoned_after_seconds: abandoned_after.as_secs(),
        };
        if !busy && idle >= abandoned_after {
            events.emit(Event::AbandonedStack(review));
            delete_and_wait(cfn, &stack, events).await?;
            return Ok(true);
        }
        if !announced {
            events.emit(Event::WaitingForReview(review));
            announced = true;
        }
        let left = abandoned_after.saturating_sub(idle);
        tokio::time::sleep(delay.min(left).max(Duration::from_millis(1))).await;
        delay = cfn.poll.next(delay);
        match cfn.describe(&stack.id).await? {
            Some(now) if now.status.is_under_review() => stack = now,
            _ => return Ok(false),
        }
    }
}

/// After this deploy's own CREATE change set failed: the stack it made under review is
/// deleted when no other deploy added a change set to it, so that the next deploy need not
/// wait for it to be abandoned. Best effort: the change set's failure is what is reported.
async fn remove_own_review(cfn: &Cfn, name: &str, events: &Events) {
    let Ok(Some(s)) = cfn.describe(name).await else {
        return;
    };
    if !s.status.is_under_review() {
        return;
    }
    if cfn.change_sets(&s.id).await.is_ok_and(|c| c.is_empty()) {
        let _ = delete_and_wait(cfn, &s, events).await;
    }
}

/// One try at deploying the stack; `own_change_set` is set to the change set this try made
/// (to delete it if another deploy's changes make this try start over).
async fn attempt(
    cfn: &Cfn,
    plan: &Plan,
    options: &DeployOptions,
    events: &Events,
    own_change_set: &mut Option<String>,
) -> Result<Outcome> {
    let name = plan.artifact.stack_name.as_str();
    let protection = plan.artifact.termination_protection;
    let existing = settle_for_deploy(cfn, name, options, events).await?;
    // Another deploy created the stack since it was planned: guard data against what it
    // deployed.
    let deployed = match &existing {
        Some(s) if plan.creates_stack() && s.status.has_deployed_template() => {
            cfn.template(name).await?
        }
        _ => plan.deployed.clone(),
    };
    let mut create = existing.is_none();
    if create {
        for u in &plan.unadoptable {
            events.emit(Event::CannotAdopt(CannotAdopt {
                stack: name.to_string(),
                resource: u.clone(),
            }));
        }
    }
    if create && !plan.adopt.is_empty() {
        adopt_into_new_stack(cfn, plan, events).await?;
        create = false;
    }
    let import_existing = existing.is_none() && !plan.auto_import.is_empty();
    if import_existing {
        events.emit(Event::ImportExisting(ImportExisting {
            stack: name.to_string(),
            resources: plan.auto_import.clone(),
            method: options.method,
        }));
    }
    let body = match &plan.template_url {
        Some(url) => TemplateSource::Url(url),
        None => TemplateSource::Body(&plan.artifact.template_json),
    };
    let tags = &plan.artifact.tags;
    let operation = |operation| {
        events.emit(Event::OperationStarted(OperationStarted {
            stack: name.to_string(),
            operation,
        }))
    };

    let (info, seen) = match options.method {
        DeployMethod::ChangeSet => {
            events.emit(Event::ChangeSetCreating(ChangeSetCreating {
                stack: name.to_string(),
                new_stack: create,
            }));
            let parameters = api_parameters(&plan.artifact, &plan.parameters, create)?;
            let id = cfn
                .create_change_set(name, create, body, tags, &parameters, import_existing)
                .await?;
            *own_change_set = Some(id.clone());
            let change_set = cfn.wait_change_set(name, &id).await?;
            if change_set.is_empty_change() {
                cfn.delete_change_set(name, &id).await?;
                let current = existing.as_ref().is_some_and(|s| s.termination_protection);
                set_termination_protection(cfn, name, current, protection, events).await?;
                let outputs = existing.map(|s| s.outputs).unwrap_or_default();
                return Ok(unchanged(events, name, Unchanged::EmptyChangeSet, outputs));
            }
            if !change_set.status.is_ready() {
                let _ = cfn.delete_change_set(name, &id).await;
                if create {
                    remove_own_review(cfn, name, events).await;
                }
                return Err(ToolkitError::ChangeSetFailed {
                    stack: name.to_string(),
                    import: false,
                    reason: change_set
                        .reason
                        .unwrap_or_else(|| "no reason given".into()),
                });
            }
            let losses = protect::not_allowed(
                protect::from_change_set(&deployed, &change_set.changes),
                &options.allow_replacement,
                options.allow_data_loss,
            );
            if !losses.is_empty() {
                cfn.delete_change_set(name, &id).await?;
                return Err(ToolkitError::DataLossRefused {
                    refusals: vec![DataLossRefusal {
                        stack: name.to_string(),
                        losses,
                    }],
                });
            }
            events.emit(Event::ChangeSetCreated(ChangeSetCreated {
                stack: name.to_string(),
                id: id.clone(),
                changes: change_set.changes.clone(),
            }));
            let mut stream = EventStream::starting_now(cfn, name).await?;
            operation(Operation::ExecuteChangeSet);
            if let Err(e) = cfn.execute_change_set(name, &id).await {
                // Refused (an export it imports was deleted since the change set was made,
                // say): the stack this deploy created for its change set would stay under
                // review, and the next deploy would wait for it as another deploy's.
                if create {
                    let _ = cfn.delete_change_set(name, &id).await;
                    remove_own_review(cfn, name, events).await;
                }
                return Err(e);
            }
            wait_operation(cfn, name, name, &mut stream, events).await?
        }
        DeployMethod::Direct => {
            let parameters = api_parameters(&plan.artifact, &plan.parameters, create)?;
            let mut stream = EventStream::starting_now(cfn, name).await?;
            if create {
                operation(Operation::CreateStack);
                cfn.create_stack(name, body, tags, &parameters, protection)
                    .await?;
            } else {
                operation(Operation::UpdateStack);
                if !cfn.update_stack(name, body, tags, &parameters).await? {
                    let current = existing.as_ref().is_some_and(|s| s.termination_protection);
                    set_termination_protection(cfn, name, current, protection, events).await?;
                    let outputs = existing.map(|s| s.outputs).unwrap_or_default();
                    return Ok(unchanged(events, name, Unchanged::NothingToUpdate, outputs));
                }
            }
            wait_operation(cfn, name, name, &mut stream, events).await?
        }
    };
    match info {
        Some(s) if s.status.is_deploy_success() => {
            set_termination_protection(cfn, name, s.termination_protection, protection, events)
                .await?;
            finished(
                events,
                name,
                StackOutcome::Deployed {
                    status: s.status.clone(),
                    outputs: s.outputs.clone(),
                },
            );
            Ok(Outcome::Deployed { outputs: s.outputs })
        }
        other => Err(ToolkitError::StackFailed {
            stack: name.to_string(),
            failure: Box::new(failure(name, other.as_ref(), &seen)),
        }),
    }
}

/// Turns termination protection on or off when the stack has it otherwise than the app says.
async fn set_termination_protection(
    cfn: &Cfn,
    name: &str,
    current: bool,
    desired: bool,
    events: &Events,
) -> Result<()> {
    if current == desired {
        return Ok(());
    }
    cfn.update_termination_protection(name, desired).await?;
    events.emit(Event::TerminationProtection(TerminationProtection {
        stack: name.to_string(),
        enabled: desired,
    }));
    Ok(())
}

/// Waits for an operation already running on the stack, then returns the stack.
pub(crate) async fn settle(cfn: &Cfn, name: &str, events: &Events) -> Result<Option<StackInfo>> {
    let current = cfn.describe(name).await?;
    match current {
        Some(s) if s.status.is_in_progress() => {
            events.emit(Event::WaitingForOperation(StackAndStatus {
                stack: name.to_string(),
                status: s.status.clone(),
            }));
            let mut stream = EventStream::starting_now(cfn, &s.id).await?;
            let (info, _) = wait_operation(cfn, &s.id, name, &mut stream, events).await?;
            Ok(info)
        }
        other => Ok(other),
    }
}

/// Deletes the stack and waits until it is gone.
pub(crate) async fn delete_and_wait(cfn: &Cfn, stack: &StackInfo, events: &Events) -> Result<()> {
    let mut stream = EventStream::starting_now(cfn, &stack.id).await?;
    events.emit(Event::OperationStarted(OperationStarted {
        stack: stack.name.clone(),
        operation: Operation::DeleteStack,
    }));
    cfn.delete_stack(&stack.id).await?;
    let (info, seen) = wait_operation(cfn, &stack.id, &stack.name, &mut stream, events).await?;
    if let Some(s) = info {
        return Err(ToolkitError::DeleteFailed {
            stack: stack.name.clone(),
            failure: Box::new(failure(&stack.name, Some(&s), &seen)),
        });
    }
    Ok(())
}

/// Creates the stack by importing the retained resources that exist already, so that the
/// deploy that follows updates it instead of creating them again.
async fn adopt_into_new_stack(cfn: &Cfn, plan: &Plan, events: &Events) -> Result<()> {
    let name = plan.artifact.stack_name.as_str();
    for a in &plan.adopt {
        events.emit(Event::Adopting(Adopting {
            stack: name.to_string(),
            resource: a.clone(),
        }));
    }
    let template = adopt::import_template(plan.artifact.template(), &plan.adopt);
    let body = serde_json::to_string(&template)
        .map_err(|e| ToolkitError::Unexpected(format!("the import template of {name}: {e}")))?;
    let parameters = api_parameters(&plan.artifact, &plan.parameters, true)?;
    let id = cfn
        .create_import_change_set(name, &body, &plan.adopt, &parameters, &plan.artifact.tags)
        .await?;
    let change_set = cfn.wait_change_set(name, &id).await?;
    if !change_set.status.is_ready() {
        let _ = cfn.delete_change_set(name, &id).await;
        return Err(ToolkitError::ChangeSetFailed {
            stack: name.to_string(),
            import: true,
            reason: change_set
                .reason
                .unwrap_or_else(|| "no reason given".into()),
        });
    }
    let mut stream = EventStream::starting_now(cfn, name).await?;
    events.emit(Event::OperationStarted(OperationStarted {
        stack: name.to_string(),
        operation: Operation::Import,
    }));
    cfn.execute_change_set(name, &id).await?;
    let (info, seen) = wait_operation(cfn, name, name, &mut stream, events).await?;
    match info {
        Some(s) if s.status.is_deploy_success() => Ok(()),
        other => Err(ToolkitError::ImportFailed {
            stack: name.to_string(),
            failure: Box::new(failure(name, other.as_ref(), &seen)),
        }),
    }
}
