//! [`Cfn`]: the CloudFormation calls of the toolkit, with errors that name the operation and
//! the stack.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use aws_config::SdkConfig;
use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetType, Parameter, StackEvent, StackResourceDriftStatus, Tag, TemplateStage,
};
use aws_sdk_cloudformation::Client;
use indexmap::IndexMap;
use serde_json::Value;
use tracing::Instrument;

use super::change::{ChangeAction, ChangeSummary, Replacement};
use super::drift::{DriftDetection, PropertyDifference, ResourceDrift};
use super::events::PollConfig;
use super::status::{
    ChangeSetExecution, ChangeSetStatus, DriftDetectionStatus, PropertyDifferenceType,
    ResourceDriftStatus, ResourceStatus, StackDriftStatus, StackStatus,
};
use crate::aws::trace::stack_span;
use crate::aws::{aws_error, describe, is_missing_stack};
use crate::error::ToolkitError;

type Result<T> = std::result::Result<T, ToolkitError>;

/// A deployed stack, as CloudFormation describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackInfo {
    /// The stack ARN.
    pub id: String,
    /// The stack name.
    pub name: String,
    /// The status, e.g. `CREATE_COMPLETE`.
    pub status: StackStatus,
    /// Why it has that status, when CloudFormation says.
    pub reason: Option<String>,
    /// Outputs by key.
    pub outputs: IndexMap<String, String>,
    /// Tags.
    pub tags: IndexMap<String, String>,
    /// Whether termination protection is on.
    pub termination_protection: bool,
    /// The stack's parameters and their values, as CloudFormation describes them (`****` for
    /// a `NoEcho` parameter).
    pub parameters: IndexMap<String, String>,
    /// The values the stack exports (its outputs with an export name): export name → value.
    pub exports: IndexMap<String, String>,
    /// When it was created.
    pub created: Option<SystemTime>,
    /// When it was last updated, if it was.
    pub last_updated: Option<SystemTime>,
}

/// A change set of a stack, as ListChangeSets summarizes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSetInfo {
    /// Its id (ARN).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is computed.
    pub status: ChangeSetStatus,
    /// Whether it can be, is being, or was executed.
    pub execution: ChangeSetExecution,
    /// When it was created.
    pub created: Option<SystemTime>,
}

/// Where CloudFormation takes a template from: inline (at most 51,200 bytes) or an S3 URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateSource<'a> {
    /// `TemplateBody`.
    Body(&'a str),
    /// `TemplateURL`.
    Url(&'a str),
}

impl TemplateSource<'_> {
    fn body(&self) -> Option<String> {
        match self {
            TemplateSource::Body(b) => Some(b.to_string()),
            TemplateSource::Url(_) => None,
        }
    }

    fn url(&self) -> Option<String> {
        match self {
            TemplateSource::Url(u) => Some(u.to_string()),
            TemplateSource::Body(_) => None,
        }
    }
}

/// One resource of a deployed stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackResourceInfo {
    /// Logical ID.
    pub logical_id: String,
    /// Physical ID (the table name, the function name, ...).
    pub physical_id: String,
    /// Type.
    pub resource_type: String,
    /// Status.
    pub status: ResourceStatus,
}

/// A change set once CloudFormation has computed it.
#[derive(Clone, Debug)]
pub struct ChangeSetResult {
    /// Its id (ARN).
    pub id: String,
    /// `CREATE_COMPLETE` or `FAILED`.
    pub status: ChangeSetStatus,
    /// Why it failed.
    pub reason: Option<String>,
    /// The changes.
    pub changes: Vec<ChangeSummary>,
}

impl ChangeSetResult {
    /// True when it failed only because nothing changes.
    pub fn is_empty_change(&self) -> bool {
        self.status.is_failed()
            && self.reason.as_deref().is_some_and(|r| {
                r.contains("didn't contain changes") || r.contains("No updates are to be performed")
            })
    }
}

/// How many calls a client made: reads (describe, list, get) and writes (create, update,
/// execute, delete).
#[derive(Debug, Default)]
pub struct CallStats {
    reads: AtomicUsize,
    writes: AtomicUsize,
}

impl CallStats {
    /// Calls that read.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }

    /// Calls that change something.
    pub fn writes(&self) -> usize {
        self.writes.load(Ordering::Relaxed)
    }
}

/// The CloudFormation client of the toolkit.
#[derive(Clone, Debug)]
pub struct Cfn {
    client: Client,
    /// How to poll while waiting.
    pub poll: PollConfig,
    stats: Arc<CallStats>,
}

const CAPABILITIES: [Capability; 3] = [
    Capability::CapabilityIam,
    Capability::CapabilityNamedIam,
    Capability::CapabilityAutoExpand,
];

fn tags(tags: &IndexMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

impl Cfn {
    /// A client from loaded configuration; its calls are traced ([`crate::aws::CallTrace`]).
    pub fn new(config: &SdkConfig) -> Self {
        Cfn::from_client(crate::aws::cloudformation_client(config))
    }

    /// A client from an SDK client (tests give one with a replaying HTTP client).
    pub fn from_client(client: Client) -> Self {
        Cfn {
            client,
            poll: PollConfig::default(),
            stats: Arc::new(CallStats::default()),
        }
    }

    /// A client made from `config` (another region's, say) that polls like this one and adds
    /// its calls to this one's counts.
    pub fn sibling(&self, config: &SdkConfig) -> Self {
        Cfn {
            client: crate::aws::cloudformation_client(config),
            poll: self.poll,
            stats: Arc::clone(&self.stats),
        }
    }

    /// The region this client sends its calls to.
    pub fn region(&self) -> Option<String> {
        self.client.config().region().map(ToString::to_string)
    }

    /// The calls made so far by this client and its clones.
    pub fn stats(&self) -> &CallStats {
        &self.stats
    }

    fn read(&self) {
        self.stats.reads.fetch_add(1, Ordering::Relaxed);
    }

    fn write(&self) {
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
    }

    /// The stack, or `None` when it does not exist (or was deleted).
    pub async fn describe(&self, stack: &str) -> Result<Option<StackInfo>> {
        self.read();
        let sent = self
            .client
            .describe_stacks()
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await;
        let out = match sent {
            Ok(out) => out,
            Err(e) if is_missing_stack(&e) => return Ok(None),
            Err(e) => return Err(aws_error(format!("describing stack {stack}"), &e)),
        };
        let Some(s) = out.stacks().first() else {
            return Ok(None);
        };
        let status = StackStatus::parse(s.stack_status().map(|x| x.as_str()).unwrap_or_default());
        if status.is_deleted() {
            return Ok(None);
        }
        Ok(Some(StackInfo {
            id: s.stack_id().unwrap_or_default().to_string(),
            name: s.stack_name().unwrap_or(stack).to_string(),
            status,
            reason: s.stack_status_reason().map(str::to_string),
            outputs: s
                .outputs()
                .iter()
                .map(|o| {
                    (
                        o.output_key().unwrap_or_default().to_string(),
                        o.output_value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
            tags: s
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
            exports: s
                .outputs()
                .iter()
                .filter_map(|o| {
                    Some((
                        o.export_name()?.to_string(),
                        o.output_value().unwrap_or_default().to_string(),
                    ))
                })
                .collect(),
            created: s
                .creation_time()
                .and_then(|t| SystemTime::try_from(*t).ok()),
            last_updated: s
                .last_updated_time()
                .and_then(|t| SystemTime::try_from(*t).ok()),
            termination_protection: s.enable_termination_protection() == Some(true),
            parameters: s
                .parameters()
                .iter()
                .filter_map(|p| {
                    Some((
                        p.parameter_key()?.to_string(),
                        p.parameter_value().unwrap_or_default().to_string(),
                    ))
                })
                .collect(),
        }))
    }

    /// The template the stack was deployed with.
    pub async fn template(&self, stack: &str) -> Result<Value> {
        self.read();
        let out = self
            .client
            .get_template()
            .stack_name(stack)
            .template_stage(TemplateStage::Original)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("reading the template of stack {stack}"), &e))?;
        let body = out.template_body().unwrap_or("{}");
        serde_json::from_str(body).map_err(|e| ToolkitError::BadTemplate {
            stack: stack.to_string(),
            what: "deployed",
            message: e.to_string(),
        })
    }

    /// The id of the newest event of the stack, if it has any.
    pub async fn newest_event_id(&self, stack: &str) -> Result<Option<String>> {
        self.read();
        match self
            .client
            .describe_stack_events()
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
        {
            Ok(out) => Ok(out
                .stack_events()
                .first()
                .and_then(|e| e.event_id().map(str::to_string))),
            Err(e) if is_missing_stack(&e) => Ok(None),
            Err(e) => Err(aws_error(
                format!("reading the events of stack {stack}"),
                &e,
            )),
        }
    }

    /// The events newer than `last_seen`, newest first (every event when `None`). Pages are
    /// fetched only until `last_seen` is reached.
    pub async fn events_until(
        &self,
        stack: &str,
        last_seen: Option<&str>,
    ) -> Result<Vec<StackEvent>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.read();
            let page = self
                .client
                .describe_stack_events()
                .stack_name(stack)
                .set_next_token(token.clone())
                .send()
                .instrument(stack_span(stack))
                .await
                .map_err(|e| aws_error(format!("reading the events of stack {stack}"), &e))?;
            for e in page.stack_events() {
                if last_seen.is_some() && e.event_id() == last_seen {
                    return Ok(out);
                }
                out.push(e.clone());
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// Creates a change set; returns its id. `parameters` as
    /// [`crate::deploy::parameters::api_parameters`] makes them. With `import_existing`, CloudFormation imports the
    /// template's resources that exist already under their custom names (and are kept on delete)
    /// instead of failing to create them (`ImportExistingResources`).
    pub async fn create_change_set(
        &self,
        stack: &str,
        create: bool,
        template: TemplateSource<'_>,
        stack_tags: &IndexMap<String, String>,
        parameters: &[Parameter],
        import_existing: bool,
    ) -> Result<String> {
        self.write();
        let name = format!(
            "rcdk-deploy-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
        );
        let out = self
            .client
            .create_change_set()
            .stack_name(stack)
            .change_set_name(name)
            .change_set_type(if create {
                ChangeSetType::Create
            } else {
                ChangeSetType::Update
            })
            .set_template_body(template.body())
            .set_template_url(template.url())
            .set_capabilities(Some(CAPABILITIES.to_vec()))
            .set_tags(Some(tags(stack_tags)))
            .set_parameters(Some(parameters.to_vec()))
            .set_import_existing_resources(import_existing.then_some(true))
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("creating a change set for stack {stack}"), &e))?;
        out.id()
            .map(str::to_string)
            .ok_or_else(|| ToolkitError::Unexpected("CreateChangeSet returned no id".into()))
    }

    /// Creates an IMPORT change set adopting existing resources, with the stack's parameter
    /// values (as [`crate::deploy::parameters::api_parameters`] makes them); returns its id.
    pub async fn create_import_change_set(
        &self,
        stack: &str,
        body: &str,
        adoptions: &[crate::deploy::adopt::Adoption],
        parameters: &[Parameter],
        stack_tags: &IndexMap<String, String>,
    ) -> Result<String> {
        self.write();
        let imports = adoptions
            .iter()
            .map(|a| {
                a.identifier
                    .iter()
                    .fold(
                        aws_sdk_cloudformation::types::ResourceToImport::builder()
                            .resource_type(&a.resource_type)
                            .logical_resource_id(&a.logical_id),
                        |b, (key, value)| b.resource_identifier(key, value),
                    )
                    .build()
            })
            .collect::<Vec<_>>();
        let out = self
            .client
            .create_change_set()
            .stack_name(stack)
            .change_set_name(format!("rcdk-import-{}", imports.len()))
            .change_set_type(ChangeSetType::Import)
            .template_body(body)
            .set_resources_to_import(Some(imports))
            .set_parameters(Some(parameters.to_vec()))
            .set_capabilities(Some(CAPABILITIES.to_vec()))
            .set_tags(Some(tags(stack_tags)))
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| {
                aws_error(
                    format!("creating an import change set for stack {stack}"),
                    &e,
                )
            })?;
        out.id()
            .map(str::to_string)
            .ok_or_else(|| ToolkitError::Unexpected("CreateChangeSet returned no id".into()))
    }

    /// Waits for the change set to be computed.
    pub async fn wait_change_set(&self, stack: &str, id: &str) -> Result<ChangeSetResult> {
        let mut delay = self.poll.initial;
        loop {
            self.read();
            let out = self
                .client
                .describe_change_set()
                .change_set_name(id)
                .stack_name(stack)
                .send()
                .instrument(stack_span(stack))
                .await
                .map_err(|e| {
                    aws_error(format!("describing the change set of stack {stack}"), &e)
                })?;
            let status = out.status().map_or(ChangeSetStatus::CreatePending, |s| {
                ChangeSetStatus::parse(s.as_str())
            });
            if !status.is_pending() {
                let changes = out
                    .changes()
                    .iter()
                    .filter_map(|c| c.resource_change())
                    .map(|r| ChangeSummary {
                        action: r
                            .action()
                            .map_or(ChangeAction::Other(String::new()), ChangeAction::from_sdk),
                        logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                        resource_type: r.resource_type().unwrap_or_default().to_string(),
                        replacement: r.replacement().map(Replacement::from_sdk),
                    })
                    .collect();
                return Ok(ChangeSetResult {
                    id: id.to_string(),
                    status,
                    reason: out.status_reason().map(str::to_string),
                    changes,
                });
            }
            tokio::time::sleep(delay).await;
            delay = self.poll.next(delay);
        }
    }

    /// Executes a change set.
    pub async fn execute_change_set(&self, stack: &str, id: &str) -> Result<()> {
        self.write();
        self.client
            .execute_change_set()
            .change_set_name(id)
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("executing the change set of stack {stack}"), &e))?;
        Ok(())
    }

    /// Deletes a change set (one that failed or will not be executed).
    pub async fn delete_change_set(&self, stack: &str, id: &str) -> Result<()> {
        self.write();
        self.client
            .delete_change_set()
            .change_set_name(id)
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("deleting the change set of stack {stack}"), &e))?;
        Ok(())
    }

    /// CreateStack, with termination protection when asked; returns the stack id.
    pub async fn create_stack(
        &self,
        stack: &str,
        template: TemplateSource<'_>,
        stack_tags: &IndexMap<String, String>,
        parameters: &[Parameter],
        termination_protection: bool,
    ) -> Result<String> {
        self.write();
        let out = self
            .client
            .create_stack()
            .stack_name(stack)
            .set_template_body(template.body())
            .set_template_url(template.url())
            .set_capabilities(Some(CAPABILITIES.to_vec()))
            .set_tags(Some(tags(stack_tags)))
            .set_parameters(Some(parameters.to_vec()))
            .set_enable_termination_protection(termination_protection.then_some(true))
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("creating stack {stack}"), &e))?;
        Ok(out.stack_id().unwrap_or(stack).to_string())
    }

    /// UpdateStack; `false` when CloudFormation says there is nothing to update.
    pub async fn update_stack(
        &self,
        stack: &str,
        template: TemplateSource<'_>,
        stack_tags: &IndexMap<String, String>,
        parameters: &[Parameter],
    ) -> Result<bool> {
        self.write();
        let result = self
            .client
            .update_stack()
            .stack_name(stack)
            .set_template_body(template.body())
            .set_template_url(template.url())
            .set_capabilities(Some(CAPABILITIES.to_vec()))
            .set_tags(Some(tags(stack_tags)))
            .set_parameters(Some(parameters.to_vec()))
            .send()
            .instrument(stack_span(stack))
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if describe(&e).contains("No updates are to be performed") => Ok(false),
            Err(e) => Err(aws_error(format!("updating stack {stack}"), &e)),
        }
    }

    /// UpdateTerminationProtection.
    pub async fn update_termination_protection(&self, stack: &str, enable: bool) -> Result<()> {
        self.write();
        self.client
            .update_termination_protection()
            .stack_name(stack)
            .enable_termination_protection(enable)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| {
                aws_error(
                    format!(
                        "turning termination protection {} for stack {stack}",
                        if enable { "on" } else { "off" }
                    ),
                    &e,
                )
            })?;
        Ok(())
    }

    /// DeleteStack.
    pub async fn delete_stack(&self, stack: &str) -> Result<()> {
        self.write();
        self.client
            .delete_stack()
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("deleting stack {stack}"), &e))?;
        Ok(())
    }

    /// The stacks that import this export (ListImports); none when no stack does (AWS then
    /// answers with a ValidationError, which is read as such).
    pub async fn importers(&self, export: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.read();
            let sent = self
                .client
                .list_imports()
                .export_name(export)
                .set_next_token(token.clone())
                .send()
                .await;
            let page = match sent {
                Ok(page) => page,
                Err(e)
                    if e.as_service_error().is_some_and(|s| {
                        s.code() == Some("ValidationError")
                            && s.message().is_some_and(|m| m.contains("is not imported"))
                    }) =>
                {
                    return Ok(out)
                }
                Err(e) => {
                    return Err(aws_error(
                        format!("listing the stacks that import {export}"),
                        &e,
                    ))
                }
            };
            out.extend(page.imports().iter().cloned());
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// The change sets of the stack (ListChangeSets).
    pub async fn change_sets(&self, stack: &str) -> Result<Vec<ChangeSetInfo>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.read();
            let page = self
                .client
                .list_change_sets()
                .stack_name(stack)
                .set_next_token(token.clone())
                .send()
                .instrument(stack_span(stack))
                .await
                .map_err(|e| aws_error(format!("listing the change sets of stack {stack}"), &e))?;
            for c in page.summaries() {
                out.push(ChangeSetInfo {
                    id: c.change_set_id().unwrap_or_default().to_string(),
                    name: c.change_set_name().unwrap_or_default().to_string(),
                    status: ChangeSetStatus::parse(c.status().map_or("", |x| x.as_str())),
                    execution: ChangeSetExecution::parse(
                        c.execution_status().map_or("", |x| x.as_str()),
                    ),
                    created: c
                        .creation_time()
                        .and_then(|t| SystemTime::try_from(*t).ok()),
                });
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// Starts a drift detection of the stack (DetectStackDrift); returns its id.
    pub async fn detect_drift(&self, stack: &str) -> Result<String> {
        self.read();
        let out = self
            .client
            .detect_stack_drift()
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("starting drift detection of stack {stack}"), &e))?;
        out.stack_drift_detection_id()
            .map(str::to_string)
            .ok_or_else(|| {
                ToolkitError::Unexpected(format!(
                    "DetectStackDrift of stack {stack} returned no detection id"
                ))
            })
    }

    /// Where a drift detection is (DescribeStackDriftDetectionStatus).
    pub async fn drift_detection(&self, stack: &str, id: &str) -> Result<DriftDetection> {
        self.read();
        let out = self
            .client
            .describe_stack_drift_detection_status()
            .stack_drift_detection_id(id)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("reading the drift detection of stack {stack}"), &e))?;
        Ok(DriftDetection {
            detection: DriftDetectionStatus::parse(
                out.detection_status().map_or("", |s| s.as_str()),
            ),
            status: out
                .stack_drift_status()
                .map(|s| StackDriftStatus::parse(s.as_str())),
            reason: out.detection_status_reason().map(str::to_string),
            drifted_resources: out
                .drifted_stack_resource_count()
                .map(|n| n.max(0) as usize),
        })
    }

    /// The stack's resources that differ from its template, as the last drift detection found
    /// them (DescribeStackResourceDrifts, MODIFIED and DELETED).
    pub async fn resource_drifts(&self, stack: &str) -> Result<Vec<ResourceDrift>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        let filters: Vec<StackResourceDriftStatus> = ResourceDriftStatus::DRIFTED
            .iter()
            .map(|s| StackResourceDriftStatus::from(s.as_str()))
            .collect();
        loop {
            self.read();
            let page = self
                .client
                .describe_stack_resource_drifts()
                .stack_name(stack)
                .set_stack_resource_drift_status_filters(Some(filters.clone()))
                .set_next_token(token.clone())
                .send()
                .instrument(stack_span(stack))
                .await
                .map_err(|e| {
                    aws_error(
                        format!("reading the drifted resources of stack {stack}"),
                        &e,
                    )
                })?;
            for d in page.stack_resource_drifts() {
                out.push(ResourceDrift {
                    logical_id: d.logical_resource_id().unwrap_or_default().to_string(),
                    physical_id: d.physical_resource_id().unwrap_or_default().to_string(),
                    resource_type: d.resource_type().unwrap_or_default().to_string(),
                    status: ResourceDriftStatus::parse(
                        d.stack_resource_drift_status().map_or("", |s| s.as_str()),
                    ),
                    differences: d
                        .property_differences()
                        .iter()
                        .map(|p| PropertyDifference {
                            path: p.property_path().unwrap_or_default().to_string(),
                            expected: p.expected_value().unwrap_or_default().to_string(),
                            actual: p.actual_value().unwrap_or_default().to_string(),
                            kind: PropertyDifferenceType::parse(
                                p.difference_type().map_or("", |t| t.as_str()),
                            ),
                        })
                        .collect(),
                });
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// The stack's resources with their physical ids, from DescribeStackResources (one call;
    /// AWS answers at most 100 resources there, so a stack with as many is listed again with
    /// ListStackResources, page by page).
    pub async fn describe_resources(&self, stack: &str) -> Result<Vec<StackResourceInfo>> {
        self.read();
        let out = self
            .client
            .describe_stack_resources()
            .stack_name(stack)
            .send()
            .instrument(stack_span(stack))
            .await
            .map_err(|e| aws_error(format!("describing the resources of stack {stack}"), &e))?;
        let resources: Vec<StackResourceInfo> = out
            .stack_resources()
            .iter()
            .map(|r| StackResourceInfo {
                logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                physical_id: r.physical_resource_id().unwrap_or_default().to_string(),
                resource_type: r.resource_type().unwrap_or_default().to_string(),
                status: ResourceStatus::parse(
                    r.resource_status().map(|s| s.as_str()).unwrap_or_default(),
                ),
            })
            .collect();
        if resources.len() >= 100 {
            return self.resources(stack).await;
        }
        Ok(resources)
    }

    /// The region's exports (ListExports, every page): name → value.
    pub async fn exports(&self) -> Result<IndexMap<String, String>> {
        let mut out = IndexMap::new();
        let mut token: Option<String> = None;
        loop {
            self.read();
            let page = self
                .client
                .list_exports()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| aws_error("listing the region's exports", &e))?;
            for e in page.exports() {
                out.insert(
                    e.name().unwrap_or_default().to_string(),
                    e.value().unwrap_or_default().to_string(),
                );
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// The stack's resources with their physical ids.
    pub async fn resources(&self, stack: &str) -> Result<Vec<StackResourceInfo>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.read();
            let page = self
                .client
                .list_stack_resources()
                .stack_name(stack)
                .set_next_token(token.clone())
                .send()
                .instrument(stack_span(stack))
                .await
                .map_err(|e| aws_error(format!("listing the resources of stack {stack}"), &e))?;
            for r in page.stack_resource_summaries() {
                out.push(StackResourceInfo {
                    logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                    physical_id: r.physical_resource_id().unwrap_or_default().to_string(),
                    resource_type: r.resource_type().unwrap_or_default().to_string(),
                    status: ResourceStatus::parse(
                        r.resource_status().map(|s| s.as_str()).unwrap_or_default(),
                    ),
                });
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }
}
