//! Rendering the engine's events: bars on a terminal, timestamped lines elsewhere, or one JSON
//! object per event on standard output (`--json`). The only place that words events for people.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use clap::Args;
use serde_json::{Map, Value};

use super::progress::{now, Progress, ProgressMode, StackProgress};
use crate::cfn::{Replacement, StackStatus};
use crate::deploy::parameters::{ParameterSource, StackParameter};
use crate::deploy::DeployMethod;
use crate::engine::events::{Event, Events, ImportExisting, Operation, StackOutcome, Unchanged};

/// How a verb shows its events.
#[derive(Args, Debug, Clone, Copy)]
pub struct RenderArgs {
    /// How to show progress (default: a bar on a terminal, event lines elsewhere).
    #[arg(long, value_enum, conflicts_with = "json")]
    pub progress: Option<ProgressMode>,
    /// Print one JSON object per event on standard output, and nothing else there.
    #[arg(long)]
    pub json: bool,
}

impl RenderArgs {
    /// The renderer these flags ask for.
    pub fn renderer(&self) -> Renderer {
        Renderer::new(if self.json {
            Output::Json
        } else {
            Output::Text(self.progress.unwrap_or_else(ProgressMode::detect))
        })
    }
}

/// Where events go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// For people: progress on standard error, results on standard output.
    Text(ProgressMode),
    /// One JSON object per event on standard output.
    Json,
}

struct State {
    progress: Progress,
    stacks: HashMap<String, StackProgress>,
}

/// Turns events into output. Cheap to clone; every clone draws on the same bars.
#[derive(Clone)]
pub struct Renderer {
    output: Output,
    state: Arc<Mutex<State>>,
}

impl Renderer {
    /// A renderer writing as `output` says.
    pub fn new(output: Output) -> Renderer {
        let mode = match output {
            Output::Text(mode) => mode,
            Output::Json => ProgressMode::Events,
        };
        Renderer {
            output,
            state: Arc::new(Mutex::new(State {
                progress: Progress::new(mode),
                stacks: HashMap::new(),
            })),
        }
    }

    /// True when standard output holds only JSON events.
    pub fn is_json(&self) -> bool {
        self.output == Output::Json
    }

    /// The engine's event sink that renders here.
    pub fn events(&self) -> Events {
        let me = self.clone();
        Events::new(move |e| me.render(e))
    }

    /// Renders one event.
    pub fn render(&self, event: &Event) {
        match self.output {
            Output::Json => println!("{}", json_line(event)),
            Output::Text(_) => {
                let mut state = match self.state.lock() {
                    Ok(s) => s,
                    Err(poisoned) => poisoned.into_inner(),
                };
                text(&mut state, event);
            }
        }
    }
}

/// One event as one JSON object, with the time it was rendered first.
pub fn json_line(event: &Event) -> String {
    let mut line = Map::new();
    line.insert(
        "time".into(),
        Value::String(
            aws_smithy_types::DateTime::from(std::time::SystemTime::now())
                .fmt(aws_smithy_types::date_time::Format::DateTime)
                .unwrap_or_default(),
        ),
    );
    match serde_json::to_value(event) {
        Ok(Value::Object(fields)) => line.extend(fields),
        Ok(other) => {
            line.insert("event".into(), other);
        }
        Err(e) => {
            line.insert("event".into(), Value::String(event.kind().into()));
            line.insert("error".into(), Value::String(e.to_string()));
        }
    }
    Value::Object(line).to_string()
}

/// The `s` of "it exists" for one, none for "they exist".
fn verb_s(n: usize) -> &'static str {
    if n == 1 {
        "s"
    } else {
        ""
    }
}

fn import_existing(e: &ImportExisting) -> String {
    let names: Vec<String> = e
        .resources
        .iter()
        .map(|a| format!("{} {}", a.resource_type, a.name()))
        .collect();
    let (s, them) = (
        verb_s(names.len()),
        if names.len() == 1 { "it" } else { "them" },
    );
    let names = names.join(", ");
    match e.method {
        DeployMethod::ChangeSet => format!(
            "the toolkit cannot check whether {names} still exist{s} from an earlier destroy; CloudFormation is asked to import {them} if so (ImportExistingResources)"
        ),
        DeployMethod::Direct => format!(
            "the toolkit cannot check whether {names} still exist{s} from an earlier destroy; if so, creating the stack fails with \"already exists\": deploy with --method change-set, which imports {them}"
        ),
    }
}

fn waiting_for_review(e: &crate::engine::events::StackUnderReview) -> String {
    let review = StackStatus::ReviewInProgress;
    if e.change_sets.is_empty() {
        format!(
            "the stack is under review ({review}) with no change set, idle for {} s: the deploy that made it may have stopped; waiting until it has been idle {} s before taking it as abandoned (to go on now, delete it: aws cloudformation delete-stack --stack-name {})",
            e.idle_seconds, e.abandoned_after_seconds, e.stack
        )
    } else {
        format!(
            "another deploy is creating this stack: it is under review ({review}) with change set{} {}, idle for {} s; waiting for that deploy to execute it (a stack under review idle for {} s is taken as abandoned)",
            if e.change_sets.len() == 1 { "" } else { "s" },
            e.change_sets.join(", "),
            e.idle_seconds,
            e.abandoned_after_seconds
        )
    }
}

/// `parameters: Stage=prod (given), Token=**** (given), Env (previous value kept), Size (default)`.
fn parameters(params: &[StackParameter]) -> String {
    let each: Vec<String> = params
        .iter()
        .map(|p| match p.source {
            ParameterSource::Given => format!(
                "{}={} (given{})",
                p.name,
                p.shown_value().unwrap_or_default(),
                if p.changes() { "" } else { ", unchanged" }
            ),
            ParameterSource::Previous => format!("{} (previous value kept)", p.name),
            _ => format!("{} (template default)", p.name),
        })
        .collect();
    format!("parameters: {}", each.join(", "))
}

/// `TweetPollerFunctionD7EFCA0D (code), StateMachine2E01A3A5 (definition)`.
fn hotswap_list(resources: &[crate::engine::events::HotswapResource]) -> String {
    resources
        .iter()
        .map(|r| {
            let props: Vec<String> = r
                .properties
                .iter()
                .map(|p| crate::hotswap::describe_property(&r.resource_type, p))
                .collect();
            format!("{} ({})", r.logical_id, props.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a hotswapped stack says: how many resources, and that the stack differs from its
/// template now (as AWS CDK warns).
fn hotswapped(resources: &[String], already: &[String]) -> String {
    let drift = "the stack now differs from its template: CloudFormation still holds the one deployed before (deploy without --hotswap to bring them together; never hotswap production)";
    match (resources.len(), already.len()) {
        (0, 0) => "nothing to hotswap (the changes need no update of any resource)".to_string(),
        (0, n) => format!(
            "nothing changed since the last hotswap ({n} resource{} already hotswapped); {drift}",
            if n == 1 { "" } else { "s" }
        ),
        (n, _) => format!(
            "hotswapped {n} resource{} without CloudFormation; {drift}",
            if n == 1 { "" } else { "s" }
        ),
    }
}

fn operation(op: Operation) -> &'static str {
    match op {
        Operation::CreateStack => "creating stack",
        Operation::UpdateStack => "updating stack",
        Operation::ExecuteChangeSet => "executing change set",
        Operation::Import => "importing the adopted resources",
        Operation::DeleteStack => "deleting stack",
    }
}

fn change_line(c: &crate::cfn::ChangeSummary) -> String {
    let replace = match c.replacement {
        Some(Replacement::Always) => "  [replacement]",
        Some(Replacement::Conditional) => "  [may be replaced]",
        Some(Replacement::Never) | None => "",
    };
    format!("{} {} {}{replace}", c.action, c.resource_type, c.logical_id)
}

/// Says something about a stack: on its bar when it has one, else as a line.
fn info(state: &State, stack: &str, message: &str) {
    match state.stacks.get(stack) {
        Some(sp) => sp.info(&state.progress, message),
        None => state
            .progress
            .println(&format!("{} {stack} | {message}", now())),
    }
}

fn finish(state: &State, stack: &str, message: &str) {
    match state.stacks.get(stack) {
        Some(sp) => sp.finish(&state.progress, message),
        None => info(state, stack, message),
    }
}

fn text(state: &mut State, event: &Event) {
    match event {
        Event::StackPlanned(e) if !e.parameters.is_empty() => {
            info(state, &e.stack, &parameters(&e.parameters))
        }
        Event::StackPlanned(_) => {}
        Event::ApprovalNeeded(e) => {
            for s in &e.stacks {
                eprintln!("Stack {}: IAM statement changes", s.stack);
                eprintln!("{}", s.iam.table());
            }
            eprintln!(
                "These IAM changes need approval (--require-approval {}).",
                e.require.as_str()
            );
        }
        Event::AssetPublished(e) if e.uploaded => state.progress.println(&format!(
            "{} {} | asset {} uploaded to {} ({} bytes)",
            now(),
            e.stack,
            e.asset,
            e.object,
            e.bytes
        )),
        Event::AssetPublished(e) => state.progress.println(&format!(
            "{} {} | asset {} already in {}, not uploaded again",
            now(),
            e.stack,
            e.asset,
            e.object
        )),
        Event::TemplateStaged(e) => state.progress.println(&format!(
            "{} {} | template uploaded to {}",
            now(),
            e.stack,
            e.url
        )),
        Event::StackStarted(e) => {
            let sp = state
                .progress
                .stack(e.index, e.total, &e.stack, e.resources as u64);
            state.stacks.insert(e.stack.clone(), sp);
        }
        Event::WaitingForOperation(e) => info(
            state,
            &e.stack,
            &format!(
                "another operation is running on the stack ({}); waiting for it to finish",
                e.status
            ),
        ),
        Event::RecreatingStack(e) => info(
            state,
            &e.stack,
            &format!(
                "stack is in {} (a first create that failed or never ran); deleting it to create it again",
                e.status
            ),
        ),
        Event::WaitingForReview(e) => info(state, &e.stack, &waiting_for_review(e)),
        Event::AbandonedStack(e) => info(
            state,
            &e.stack,
            &format!(
                "the stack has been under review ({}) with nothing happening to it for {} s, over the {} s after which a stack under review is taken as abandoned by a deploy that stopped; deleting it to create it again",
                StackStatus::ReviewInProgress,
                e.idle_seconds,
                e.abandoned_after_seconds
            ),
        ),
        Event::ConcurrentChange(e) => info(
            state,
            &e.stack,
            &format!(
                "another deploy changed the stack while this one worked on it ({}; the stack is {} now): waiting for it and trying again",
                e.refused,
                e.status
                    .as_ref()
                    .map_or_else(|| "gone".to_string(), ToString::to_string)
            ),
        ),
        Event::ExportsKept(e) => {
            for k in &e.exports {
                info(state, &e.stack, &super::deploy::kept_export(k));
            }
        }
        Event::RemovingExports(e) => info(
            state,
            &e.stack,
            &format!(
                "removing the export{} no longer imported ({}): deploying the stack again with its own template",
                if e.exports.len() == 1 { "" } else { "s" },
                e.exports.join(", ")
            ),
        ),
        Event::StackDrift(e) => print!("{}", super::diff::drift_text(&e.stack, &e.drift)),
        Event::CannotAdopt(e) => info(state, &e.stack, &e.resource.to_string()),
        Event::Adopting(e) => info(
            state,
            &e.stack,
            &format!(
                "adopting the existing {} {} into the stack (resource import) instead of creating it again",
                e.resource.resource_type,
                e.resource.name()
            ),
        ),
        Event::ImportExisting(e) => info(state, &e.stack, &import_existing(e)),
        Event::ChangeSetCreating(e) => info(
            state,
            &e.stack,
            if e.new_stack {
                "creating change set (new stack)"
            } else {
                "creating change set"
            },
        ),
        Event::ChangeSetCreated(e) => {
            for c in &e.changes {
                info(state, &e.stack, &change_line(c));
            }
        }
        Event::OperationStarted(e) => info(state, &e.stack, operation(e.operation)),
        Event::ResourceEvent(e) => match state.stacks.get(&e.stack) {
            Some(sp) => sp.event(&state.progress, &e.event),
            None => info(
                state,
                &e.stack,
                &format!(
                    "{} | {} | {}",
                    e.event.status, e.event.resource_type, e.event.logical_id
                ),
            ),
        },
        Event::TerminationProtection(e) => info(
            state,
            &e.stack,
            if e.enabled {
                "termination protection turned on"
            } else {
                "termination protection turned off"
            },
        ),
        Event::StackFinished(e) => match &e.outcome {
            StackOutcome::Deployed { status, .. } => {
                finish(state, &e.stack, &format!("{status} (deployed)"))
            }
            StackOutcome::Unchanged { reason, .. } => finish(
                state,
                &e.stack,
                match reason {
                    Unchanged::SameTemplate => {
                        "no changes: template, tags and parameters are unchanged, skipped (no change set created)"
                    }
                    Unchanged::EmptyChangeSet => "no changes (the change set is empty)",
                    Unchanged::NothingToUpdate => {
                        "no changes (CloudFormation has nothing to update)"
                    }
                },
            ),
            StackOutcome::Destroyed { .. } => {
                finish(
                    state,
                    &e.stack,
                    &format!("{} (destroyed)", StackStatus::DeleteComplete),
                );
                println!("Stack {} destroyed", e.stack);
            }
            StackOutcome::Absent => {
                finish(state, &e.stack, "does not exist; nothing to destroy");
                println!("Stack {} does not exist; nothing to destroy", e.stack);
            }
            StackOutcome::Hotswapped {
                resources, already, ..
            } => finish(state, &e.stack, &hotswapped(resources, already)),
        },
        Event::HotswapPlanned(e) => {
            if !e.resources.is_empty() {
                info(
                    state,
                    &e.stack,
                    &format!("hotswapping {}", hotswap_list(&e.resources)),
                );
            }
            if !e.already.is_empty() {
                info(
                    state,
                    &e.stack,
                    &format!(
                        "already hotswapped, unchanged since (not sent again): {}",
                        hotswap_list(&e.already)
                    ),
                );
            }
        }
        Event::HotswapApplied(e) => info(
            state,
            &e.stack,
            &format!(
                "hotswapped {} {} ({}: {}) in {:.2} s",
                e.resource_type,
                e.logical_id,
                e.properties
                    .iter()
                    .map(|p| crate::hotswap::describe_property(&e.resource_type, p))
                    .collect::<Vec<_>>()
                    .join(", "),
                e.operations.join(", "),
                e.seconds
            ),
        ),
        Event::HotswapFallback(e) => {
            info(
                state,
                &e.stack,
                "cannot be hotswapped, deploying it through CloudFormation instead (--hotswap-fallback), because of:",
            );
            for c in &e.changes {
                info(state, &e.stack, &format!("  {c}"));
            }
        }
        Event::StackFailed(e) => {
            let why = match &e.failure {
                Some(f) => f.to_string(),
                None => e.error.clone(),
            };
            finish(state, &e.stack, &format!("failed: {why}"));
        }
        Event::StackSkipped(e) => info(
            state,
            &e.stack,
            &format!("not deployed: it depends on {}, which failed", e.dependency),
        ),
        Event::DataStoresFound(e) => {
            if !e.stores.is_empty() {
                let named: Vec<String> = e.stores.iter().map(|s| s.label()).collect();
                eprintln!("--include-data also deletes {}", named.join(", "));
            }
            for k in &e.kept {
                eprintln!(
                    "--include-data cannot delete {} {} ({}, from stack {}): it holds data and stays; delete it yourself if you no longer need it",
                    k.resource_type, k.name, k.logical_id, k.stack
                );
            }
            for u in &e.unfound {
                eprintln!(
                    "--include-data cannot find {} {} of stack {}, which is not deployed: {}; if an earlier destroy kept it, it is still there",
                    u.resource_type, u.logical_id, u.stack, u.why
                );
            }
        }
        Event::DataStoreDeleted(e) => println!(
            "Deleted {} {} and its {} (--include-data)",
            e.store.kind.noun(),
            e.store.name,
            e.store.contents
        ),
        Event::StackDiffed(e) => {
            println!("Stack {}", e.stack);
            print!("{}", e.diff.render());
            println!();
        }
        Event::Summary(e) => eprintln!(
            "{} CloudFormation API calls ({} writes) in {:.2} s",
            e.api_calls, e.writes, e.seconds
        ),
    }
}
