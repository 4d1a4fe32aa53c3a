//! [`Event`]: what the engine reports while it works, one variant per kind, each with a typed
//! payload (AWS CDK toolkit-lib's IoHost messages, in Rust). A caller observes them through
//! [`Events`]: a callback, or a channel read as a stream. Every event serializes to one JSON
//! object, `{"event": "stack_planned", ...}` (the CLI's `--json`).

use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

use crate::cfn::{ChangeSummary, EventLine, StackStatus};
use crate::deploy::adopt::{Adoption, Unadoptable};
use crate::deploy::parameters::StackParameter;
use crate::deploy::protect::DataLoss;
use crate::deploy::{DeployMethod, RequireApproval};
use crate::destroy::RetainedResource;
use crate::destroy_data::{DataStore, KeptStore, UnfoundStore};
use crate::diff::{IamChanges, StackDiff};
use crate::error::StackFailure;

/// Something the engine did or found, in the order it happened.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A stack was compared with what is deployed, before anything changes.
    StackPlanned(StackPlanned),
    /// IAM changes need approval; the approval policy is asked next.
    ApprovalNeeded(ApprovalNeeded),
    /// A template too large to pass inline was uploaded to the staging bucket.
    TemplateStaged(TemplateStaged),
    /// An asset (a function's code) is in the assets bucket: uploaded now, or already there.
    AssetPublished(AssetPublished),
    /// Work on a stack begins (`index` of `total`).
    StackStarted(StackStarted),
    /// Another operation is running on the stack; the engine waits for it.
    WaitingForOperation(StackAndStatus),
    /// The stack never held a deployed template; it is deleted to be created again.
    RecreatingStack(StackAndStatus),
    /// The stack is under review (`REVIEW_IN_PROGRESS`): another deploy is creating it; the
    /// engine waits for that deploy to execute its change set.
    WaitingForReview(StackUnderReview),
    /// The stack has been under review with no deploy going on for longer than
    /// [`DeployOptions::abandoned_after`](crate::deploy::DeployOptions::abandoned_after): it is
    /// taken as abandoned, deleted, and created again.
    AbandonedStack(StackUnderReview),
    /// Another deploy changed the stack while this one worked on it (its request was refused
    /// because of that); the engine waits for it and tries again.
    ConcurrentChange(ConcurrentChange),
    /// Exports the stack's new template drops are kept for now, because deployed stacks still
    /// import them (the export deadlock of AWS CDK issue 7602).
    ExportsKept(ExportsKept),
    /// The exports kept earlier in this deploy are removed, now that their importers are
    /// deployed without them: the stack is deployed again with its own template.
    RemovingExports(RemovingExports),
    /// `diff --drift`: what drift detection found in a deployed stack.
    StackDrift(StackDriftFound),
    /// A retained resource that cannot be adopted if an earlier destroy kept it.
    CannotAdopt(CannotAdopt),
    /// A retained resource that exists is imported into the stack created again.
    Adopting(Adopting),
    /// Retained resources the toolkit cannot check are left to CloudFormation to import.
    ImportExisting(ImportExisting),
    /// A change set is being created.
    ChangeSetCreating(ChangeSetCreating),
    /// A change set was computed; it is executed next.
    ChangeSetCreated(ChangeSetCreated),
    /// A stack operation was started (CreateStack, UpdateStack, ExecuteChangeSet, DeleteStack).
    OperationStarted(OperationStarted),
    /// CloudFormation reported a stack event.
    ResourceEvent(ResourceEvent),
    /// Termination protection was turned on or off to match the app.
    TerminationProtection(TerminationProtection),
    /// A stack is done, and how.
    StackFinished(StackFinished),
    /// A stack failed.
    StackFailed(StackFailed),
    /// A stack was not started because a stack it depends on failed.
    StackSkipped(StackSkipped),
    /// `--include-data`: the data stores that will be deleted with their stacks, and those that
    /// cannot be.
    DataStoresFound(DataStoresFound),
    /// `--include-data`: a data store was emptied and deleted.
    DataStoreDeleted(DataStoreDeleted),
    /// A deployed stack was compared with the assembly.
    StackDiffed(StackDiffed),
    /// `--hotswap`: a stack's changes will be made in place, without CloudFormation.
    HotswapPlanned(HotswapPlanned),
    /// `--hotswap`: one resource was updated in place through its service's API.
    HotswapApplied(HotswapApplied),
    /// `--hotswap-fallback`: a stack has changes that cannot be hotswapped, and is deployed
    /// through CloudFormation instead.
    HotswapFallback(HotswapFallback),
    /// The command is done: how many calls it made and how long it took.
    Summary(Summary),
}

impl Event {
    /// The stack the event is about, if it is about one.
    pub fn stack(&self) -> Option<&str> {
        match self {
            Event::StackPlanned(e) => Some(&e.stack),
            Event::TemplateStaged(e) => Some(&e.stack),
            Event::AssetPublished(e) => Some(&e.stack),
            Event::StackStarted(e) => Some(&e.stack),
            Event::WaitingForOperation(e) | Event::RecreatingStack(e) => Some(&e.stack),
            Event::WaitingForReview(e) | Event::AbandonedStack(e) => Some(&e.stack),
            Event::ConcurrentChange(e) => Some(&e.stack),
            Event::ExportsKept(e) => Some(&e.stack),
            Event::RemovingExports(e) => Some(&e.stack),
            Event::StackDrift(e) => Some(&e.stack),
            Event::CannotAdopt(e) => Some(&e.stack),
            Event::Adopting(e) => Some(&e.stack),
            Event::ImportExisting(e) => Some(&e.stack),
            Event::ChangeSetCreating(e) => Some(&e.stack),
            Event::ChangeSetCreated(e) => Some(&e.stack),
            Event::OperationStarted(e) => Some(&e.stack),
            Event::ResourceEvent(e) => Some(&e.stack),
            Event::TerminationProtection(e) => Some(&e.stack),
            Event::StackFinished(e) => Some(&e.stack),
            Event::StackFailed(e) => Some(&e.stack),
            Event::StackSkipped(e) => Some(&e.stack),
            Event::StackDiffed(e) => Some(&e.stack),
            Event::DataStoreDeleted(e) => Some(&e.store.stack),
            Event::HotswapPlanned(e) => Some(&e.stack),
            Event::HotswapApplied(e) => Some(&e.stack),
            Event::HotswapFallback(e) => Some(&e.stack),
            Event::ApprovalNeeded(_) | Event::DataStoresFound(_) | Event::Summary(_) => None,
        }
    }

    /// The event's kind, as in its JSON (`stack_planned`).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::StackPlanned(_) => "stack_planned",
            Event::ApprovalNeeded(_) => "approval_needed",
            Event::TemplateStaged(_) => "template_staged",
            Event::AssetPublished(_) => "asset_published",
            Event::StackStarted(_) => "stack_started",
            Event::WaitingForOperation(_) => "waiting_for_operation",
            Event::RecreatingStack(_) => "recreating_stack",
            Event::WaitingForReview(_) => "waiting_for_review",
            Event::AbandonedStack(_) => "abandoned_stack",
            Event::ConcurrentChange(_) => "concurrent_change",
            Event::ExportsKept(_) => "exports_kept",
            Event::RemovingExports(_) => "removing_exports",
            Event::StackDrift(_) => "stack_drift",
            Event::CannotAdopt(_) => "cannot_adopt",
            Event::Adopting(_) => "adopting",
            Event::ImportExisting(_) => "import_existing",
            Event::ChangeSetCreating(_) => "change_set_creating",
            Event::ChangeSetCreated(_) => "change_set_created",
            Event::OperationStarted(_) => "operation_started",
            Event::ResourceEvent(_) => "resource_event",
            Event::TerminationProtection(_) => "termination_protection",
            Event::StackFinished(_) => "stack_finished",
            Event::StackFailed(_) => "stack_failed",
            Event::StackSkipped(_) => "stack_skipped",
            Event::DataStoresFound(_) => "data_stores_found",
            Event::DataStoreDeleted(_) => "data_store_deleted",
            Event::StackDiffed(_) => "stack_diffed",
            Event::HotswapPlanned(_) => "hotswap_planned",
            Event::HotswapApplied(_) => "hotswap_applied",
            Event::HotswapFallback(_) => "hotswap_fallback",
            Event::Summary(_) => "summary",
        }
    }
}

/// What a deploy will do to a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlannedAction {
    /// Create it.
    Create,
    /// Delete what is left of a failed first create, then create it.
    Recreate,
    /// Update it.
    Update,
    /// Nothing: the deployed template and tags are the synthesized ones, and no parameter gets
    /// a new value.
    Skip,
}

/// [`Event::StackPlanned`].
#[derive(Clone, Debug, Serialize)]
pub struct StackPlanned {
    /// The stack.
    pub stack: String,
    /// What the deploy will do to it.
    pub action: PlannedAction,
    /// Its status now, when it exists.
    pub status: Option<StackStatus>,
    /// The region it deploys to.
    pub region: String,
    /// What each parameter of its template gets (a `NoEcho` value shows as `****`).
    pub parameters: Vec<StackParameter>,
    /// IAM statements added and removed.
    pub iam: IamChanges,
    /// Stateful resources the templates show would be replaced or deleted (before allowances).
    pub data_loss: Vec<DataLoss>,
    /// Retained resources that exist and will be imported.
    pub adopt: Vec<Adoption>,
    /// True when the template must go through the staging bucket.
    pub requires_upload: bool,
}

/// One stack's IAM changes.
#[derive(Clone, Debug, Serialize)]
pub struct StackIamChanges {
    /// The stack.
    pub stack: String,
    /// Its IAM statements added and removed.
    pub iam: IamChanges,
}

/// [`Event::ApprovalNeeded`].
#[derive(Clone, Debug, Serialize)]
pub struct ApprovalNeeded {
    /// Which changes need approval.
    pub require: RequireApproval,
    /// The stacks whose changes need it.
    pub stacks: Vec<StackIamChanges>,
}

/// [`Event::TemplateStaged`].
#[derive(Clone, Debug, Serialize)]
pub struct TemplateStaged {
    /// The stack.
    pub stack: String,
    /// Where CloudFormation reads it from.
    pub url: String,
}

/// [`Event::AssetPublished`].
#[derive(Clone, Debug, Serialize)]
pub struct AssetPublished {
    /// The stack.
    pub stack: String,
    /// The asset construct's path.
    pub asset: String,
    /// Its object, `s3://bucket/key`.
    pub object: String,
    /// Uploaded now (`false`: the bucket already had it).
    pub uploaded: bool,
    /// Its size in bytes.
    pub bytes: u64,
}

/// [`Event::StackStarted`].
#[derive(Clone, Debug, Serialize)]
pub struct StackStarted {
    /// The stack.
    pub stack: String,
    /// Its place among the stacks of this command, from 1.
    pub index: usize,
    /// How many stacks the command goes through.
    pub total: usize,
    /// How many resources its template declares.
    pub resources: usize,
}

/// [`Event::WaitingForOperation`], [`Event::RecreatingStack`].
#[derive(Clone, Debug, Serialize)]
pub struct StackAndStatus {
    /// The stack.
    pub stack: String,
    /// Its status.
    pub status: StackStatus,
}

/// [`Event::WaitingForReview`], [`Event::AbandonedStack`]: a stack under review
/// (`REVIEW_IN_PROGRESS`).
#[derive(Clone, Debug, Serialize)]
pub struct StackUnderReview {
    /// The stack.
    pub stack: String,
    /// Its change sets (none when the deploy that made it stopped after its change set
    /// failed).
    pub change_sets: Vec<String>,
    /// Seconds since anything happened to it (it or its newest change set was created).
    pub idle_seconds: u64,
    /// After how many idle seconds it is taken as abandoned.
    pub abandoned_after_seconds: u64,
}

/// [`Event::ConcurrentChange`].
#[derive(Clone, Debug, Serialize)]
pub struct ConcurrentChange {
    /// The stack.
    pub stack: String,
    /// The request that was refused, and why.
    pub refused: String,
    /// The stack's status now (`None`: it is gone).
    pub status: Option<StackStatus>,
}

/// An export a stack keeps for now, and the stacks that still import it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeptExport {
    /// The export's name.
    pub export: String,
    /// The output that exports it.
    pub output: String,
    /// Its value, as deployed (kept as it is).
    pub value: String,
    /// The deployed stacks that import it (ListImports).
    pub importers: Vec<String>,
    /// True when every importer is deployed by this command: the export is removed once they
    /// are; else it stays until they are deployed without it.
    pub removed_after: bool,
}

/// [`Event::ExportsKept`].
#[derive(Clone, Debug, Serialize)]
pub struct ExportsKept {
    /// The stack that exports them.
    pub stack: String,
    /// The exports kept.
    pub exports: Vec<KeptExport>,
}

/// [`Event::RemovingExports`].
#[derive(Clone, Debug, Serialize)]
pub struct RemovingExports {
    /// The stack.
    pub stack: String,
    /// The exports removed.
    pub exports: Vec<String>,
}

/// [`Event::StackDrift`].
#[derive(Clone, Debug, Serialize)]
pub struct StackDriftFound {
    /// The stack.
    pub stack: String,
    /// What drift detection found.
    pub drift: crate::cfn::StackDrift,
}

/// [`Event::CannotAdopt`].
#[derive(Clone, Debug, Serialize)]
pub struct CannotAdopt {
    /// The stack.
    pub stack: String,
    /// The resource, and why.
    pub resource: Unadoptable,
}

/// [`Event::Adopting`].
#[derive(Clone, Debug, Serialize)]
pub struct Adopting {
    /// The stack.
    pub stack: String,
    /// The resource imported.
    pub resource: Adoption,
}

/// [`Event::ImportExisting`].
#[derive(Clone, Debug, Serialize)]
pub struct ImportExisting {
    /// The stack.
    pub stack: String,
    /// The resources.
    pub resources: Vec<Adoption>,
    /// How the stack is deployed: only change sets can import them.
    pub method: DeployMethod,
}

/// [`Event::ChangeSetCreating`].
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSetCreating {
    /// The stack.
    pub stack: String,
    /// True when the change set creates the stack.
    pub new_stack: bool,
}

/// [`Event::ChangeSetCreated`].
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSetCreated {
    /// The stack.
    pub stack: String,
    /// The change set's id.
    pub id: String,
    /// What it changes.
    pub changes: Vec<ChangeSummary>,
}

/// A stack operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    /// CreateStack.
    CreateStack,
    /// UpdateStack.
    UpdateStack,
    /// ExecuteChangeSet.
    ExecuteChangeSet,
    /// ExecuteChangeSet of an IMPORT change set.
    Import,
    /// DeleteStack.
    DeleteStack,
}

/// [`Event::OperationStarted`].
#[derive(Clone, Debug, Serialize)]
pub struct OperationStarted {
    /// The stack.
    pub stack: String,
    /// The operation.
    pub operation: Operation,
}

/// [`Event::ResourceEvent`].
#[derive(Clone, Debug, Serialize)]
pub struct ResourceEvent {
    /// The stack.
    pub stack: String,
    /// The event, as CloudFormation reported it.
    #[serde(flatten)]
    pub event: EventLine,
}

/// [`Event::TerminationProtection`].
#[derive(Clone, Debug, Serialize)]
pub struct TerminationProtection {
    /// The stack.
    pub stack: String,
    /// On or off now.
    pub enabled: bool,
}

/// Why a deploy left a stack unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unchanged {
    /// The deployed template, tags and parameter values are the synthesized and given ones: no
    /// change set was created.
    SameTemplate,
    /// The change set holds no change.
    EmptyChangeSet,
    /// UpdateStack said there is nothing to update.
    NothingToUpdate,
}

/// How a stack ended.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StackOutcome {
    /// Created or updated.
    Deployed {
        /// Its final status.
        status: StackStatus,
        /// Its outputs.
        outputs: IndexMap<String, String>,
    },
    /// Not changed.
    Unchanged {
        /// Why.
        reason: Unchanged,
        /// Its outputs.
        outputs: IndexMap<String, String>,
    },
    /// Deleted.
    Destroyed {
        /// The resources its Retain policies kept.
        retained: Vec<RetainedResource>,
    },
    /// There was no such stack to destroy.
    Absent,
    /// `--hotswap`: changed in place, without CloudFormation; the stack now differs from its
    /// template (CloudFormation still holds the one deployed before).
    Hotswapped {
        /// The resources updated now.
        resources: Vec<String>,
        /// Resources an earlier hotswap had already brought to the new values: not sent again.
        already: Vec<String>,
        /// Its outputs (unchanged by a hotswap).
        outputs: IndexMap<String, String>,
    },
}

/// [`Event::StackFinished`].
#[derive(Clone, Debug, Serialize)]
pub struct StackFinished {
    /// The stack.
    pub stack: String,
    /// How it ended.
    #[serde(flatten)]
    pub outcome: StackOutcome,
}

/// [`Event::StackFailed`].
#[derive(Clone, Debug, Serialize)]
pub struct StackFailed {
    /// The stack.
    pub stack: String,
    /// What went wrong, for people.
    pub error: String,
    /// When the stack operation itself failed: its final status and first failing resource.
    pub failure: Option<StackFailure>,
}

/// [`Event::StackSkipped`].
#[derive(Clone, Debug, Serialize)]
pub struct StackSkipped {
    /// The stack.
    pub stack: String,
    /// The dependency that failed.
    pub dependency: String,
}

/// [`Event::DataStoresFound`].
#[derive(Clone, Debug, Serialize)]
pub struct DataStoresFound {
    /// The stores deleted after their stacks, with what they hold.
    pub stores: Vec<DataStore>,
    /// Retained resources holding data that `--include-data` cannot delete.
    pub kept: Vec<KeptStore>,
    /// Retained resources holding data of stacks destroyed earlier that `--include-data`
    /// cannot find or delete (they may still be there).
    pub unfound: Vec<UnfoundStore>,
}

/// [`Event::DataStoreDeleted`].
#[derive(Clone, Debug, Serialize)]
pub struct DataStoreDeleted {
    /// The store.
    pub store: DataStore,
}

/// [`Event::StackDiffed`].
#[derive(Clone, Debug, Serialize)]
pub struct StackDiffed {
    /// The stack.
    pub stack: String,
    /// True when the stack is deployed (else everything shows as added).
    pub deployed: bool,
    /// The differences.
    pub diff: StackDiff,
}

/// One resource a hotswap updates, and which of its properties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HotswapResource {
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// The properties sent.
    pub properties: Vec<String>,
}

/// [`Event::HotswapPlanned`].
#[derive(Clone, Debug, Serialize)]
pub struct HotswapPlanned {
    /// The stack.
    pub stack: String,
    /// The resources to update, with the properties sent.
    pub resources: Vec<HotswapResource>,
    /// Resources that differ from the deployed template, and whose new values an earlier
    /// hotswap already sent (remembered in the state file): not sent again.
    pub already: Vec<HotswapResource>,
}

/// [`Event::HotswapApplied`].
#[derive(Clone, Debug, Serialize)]
pub struct HotswapApplied {
    /// The stack.
    pub stack: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its physical ID (a function's name, a state machine's ARN).
    pub physical_id: String,
    /// The properties sent.
    pub properties: Vec<String>,
    /// The API operations called (`UpdateFunctionCode`, `UpdateStateMachine`, ...).
    pub operations: Vec<String>,
    /// How long it took, until the service said the update was done.
    pub seconds: f64,
}

/// [`Event::HotswapFallback`].
#[derive(Clone, Debug, Serialize)]
pub struct HotswapFallback {
    /// The stack.
    pub stack: String,
    /// The changes that cannot be hotswapped.
    pub changes: Vec<crate::hotswap::NotHotswappable>,
}

/// [`Event::Summary`].
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// CloudFormation API calls made.
    pub api_calls: usize,
    /// Of which, calls that change something.
    pub writes: usize,
    /// Wall time, in seconds.
    pub seconds: f64,
}

type Handler = Arc<dyn Fn(&Event) + Send + Sync>;

/// Where events go: a callback shared by every task of a command (or nowhere).
#[derive(Clone, Default)]
pub struct Events {
    handler: Option<Handler>,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("observed", &self.handler.is_some())
            .finish()
    }
}

impl Events {
    /// Events handed to `handler` as they happen (from any task: it must be quick, and thread
    /// safe).
    pub fn new(handler: impl Fn(&Event) + Send + Sync + 'static) -> Events {
        Events {
            handler: Some(Arc::new(handler)),
        }
    }

    /// Events that go nowhere.
    pub fn ignored() -> Events {
        Events::default()
    }

    /// Events sent to a channel, and its receiving end: read it as a stream
    /// (`while let Some(e) = rx.recv().await`). Events sent after the receiver is dropped are
    /// dropped too.
    pub fn channel() -> (Events, tokio::sync::mpsc::UnboundedReceiver<Event>) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        (
            Events::new(move |e| {
                let _ = tx.send(e.clone());
            }),
            rx,
        )
    }

    /// Reports an event.
    pub fn emit(&self, event: Event) {
        if let Some(h) = &self.handler {
            h(&event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_is_one_json_object_named_by_its_kind() {
        let events = [
            Event::StackStarted(StackStarted {
                stack: "Data".into(),
                index: 1,
                total: 2,
                resources: 3,
            }),
            Event::StackFinished(StackFinished {
                stack: "Data".into(),
                outcome: StackOutcome::Deployed {
                    status: StackStatus::CreateComplete,
                    outputs: [("Name".to_string(), "t".to_string())]
                        .into_iter()
                        .collect(),
                },
            }),
            Event::Summary(Summary {
                api_calls: 4,
                writes: 0,
                seconds: 0.5,
            }),
        ];
        for e in &events {
            let v = serde_json::to_value(e).unwrap();
            assert_eq!(v["event"], e.kind(), "{v}");
        }
        let v = serde_json::to_value(&events[1]).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"event": "stack_finished", "stack": "Data", "outcome": "deployed",
                "status": StackStatus::CreateComplete.as_str(), "outputs": {"Name": "t"}})
        );
    }

    #[tokio::test]
    async fn a_channel_reads_events_as_a_stream() {
        let (events, mut rx) = Events::channel();
        events.emit(Event::StackSkipped(StackSkipped {
            stack: "Bot".into(),
            dependency: "Data".into(),
        }));
        drop(events);
        let got = rx.recv().await.unwrap();
        assert_eq!(got.stack(), Some("Bot"));
        assert!(rx.recv().await.is_none());
    }
}
