//! The destroy workflow: refuse protected stacks, find the data stores `include_data` deletes,
//! get approval, then delete the stacks, dependents first, and the stores after them.

use std::collections::HashMap;
use std::time::Instant;

use super::approval::{Approval, ApprovalRequest, Decision};
use super::events::{DataStoreDeleted, DataStoresFound, Event, StackStarted};
use super::report::DestroyReport;
use super::Toolkit;
use crate::assembly::{Assembly, StackSelection};
use crate::deploy::report_failure;
use crate::destroy::destroy_stack;
use crate::destroy_data::{delete_store, retained_stores};
use crate::error::{ExportInUse, ToolkitError};

/// Settings of a destroy; set them with the builder methods.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct DestroyOptions {
    /// The stacks (with the stacks that depend on them unless exclusively); all by default.
    pub stacks: StackSelection,
    /// Also delete the data stores their Retain policies keep (DynamoDB tables, S3 buckets).
    pub include_data: bool,
    /// Who approves the deletion (default: nobody, so nothing is deleted).
    pub approval: Approval,
}

impl DestroyOptions {
    /// The stacks to delete.
    pub fn stacks(mut self, stacks: StackSelection) -> Self {
        self.stacks = stacks;
        self
    }

    /// Also delete the retained data stores.
    pub fn include_data(mut self, include: bool) -> Self {
        self.include_data = include;
        self
    }

    /// Who approves.
    pub fn approval(mut self, approval: Approval) -> Self {
        self.approval = approval;
        self
    }
}

impl Toolkit {
    /// Deletes the selected stacks of `assembly`, each in its region, dependents first. Stops
    /// before deleting anything when a stack is pinned to another account than the credentials'
    /// ([`ToolkitError::WrongAccount`]), when a stack has termination protection
    /// ([`ToolkitError::TerminationProtected`]), when a stack exports a value that a stack
    /// left in place imports ([`ToolkitError::ExportsInUse`], from ListImports) or approval is
    /// refused; stops at the first stack that fails to delete.
    pub async fn destroy(
        &self,
        assembly: &Assembly,
        options: &DestroyOptions,
    ) -> Result<DestroyReport, ToolkitError> {
        let started = Instant::now();
        let before = self.counts();
        let stacks = assembly.with_dependents(&options.stacks)?;
        self.check_accounts(&stacks).await?;
        let names: Vec<String> = stacks.iter().map(|s| s.stack_name.clone()).collect();
        let mut regional = HashMap::new();
        for s in &stacks {
            regional.insert(s.stack_name.clone(), self.regional(s)?);
        }
        let mut deployed = Vec::new();
        for name in &names {
            if let Some(info) = regional[name].cfn.describe(name).await? {
                deployed.push(info);
            }
        }
        let protected: Vec<String> = deployed
            .iter()
            .filter(|s| s.termination_protection)
            .map(|s| s.name.clone())
            .collect();
        if !protected.is_empty() {
            return Err(ToolkitError::TerminationProtected { stacks: protected });
        }
        // CloudFormation refuses to delete an export another stack imports, after deleting
        // what it could: ask first, and stop before anything is deleted.
        let mut uses = Vec::new();
        for info in &deployed {
            for export in info.exports.keys() {
                let importers: Vec<String> = regional[&info.name]
                    .cfn
                    .importers(export)
                    .await?
                    .into_iter()
                    .filter(|s| !names.contains(s))
                    .collect();
                if !importers.is_empty() {
                    uses.push(ExportInUse {
                        stack: info.name.clone(),
                        export: export.clone(),
                        importers,
                    });
                }
            }
        }
        if !uses.is_empty() {
            return Err(ToolkitError::ExportsInUse { uses });
        }
        let (mut stores, mut kept, mut unfound) = (Vec::new(), Vec::new(), Vec::new());
        if options.include_data {
            for s in &stacks {
                let r = &regional[&s.stack_name];
                let Some(clients) = &r.data else {
                    return Err(ToolkitError::Unexpected(
                        "include_data needs DynamoDB and S3 clients (make the toolkit with Toolkit::new)"
                            .into(),
                    ));
                };
                let found = retained_stores(&r.cfn, clients, std::slice::from_ref(s)).await?;
                stores.extend(found.stores);
                kept.extend(found.kept);
                unfound.extend(found.unfound);
            }
            self.events.emit(Event::DataStoresFound(DataStoresFound {
                stores: stores.clone(),
                kept: kept.clone(),
                unfound,
            }));
        }
        let request = ApprovalRequest::Destroy {
            stacks: &names,
            stores: &stores,
        };
        if let Decision::Refuse(reason) = options.approval.decide(&request) {
            return Err(ToolkitError::ApprovalRefused { reason });
        }
        let mut done = Vec::with_capacity(stacks.len());
        for (i, s) in stacks.iter().enumerate() {
            self.events.emit(Event::StackStarted(StackStarted {
                stack: s.stack_name.clone(),
                index: i + 1,
                total: stacks.len(),
                resources: s.resource_count(),
            }));
            match destroy_stack(&regional[&s.stack_name].cfn, s, &self.events).await {
                Ok(outcome) => done.push((s.stack_name.clone(), outcome)),
                Err(e) => {
                    report_failure(&self.events, &s.stack_name, &e);
                    return Err(e);
                }
            }
        }
        let mut deleted = Vec::with_capacity(stores.len());
        for store in stores {
            if let Some(clients) = regional.get(&store.stack).and_then(|r| r.data.as_ref()) {
                delete_store(clients, &store)
                    .await
                    .map_err(|e| ToolkitError::StoreNotDeleted {
                        store: store.name.clone(),
                        source: Box::new(e),
                    })?;
                self.events.emit(Event::DataStoreDeleted(DataStoreDeleted {
                    store: store.clone(),
                }));
                deleted.push(store);
            }
        }
        let summary = self.summary(started, before);
        self.events.emit(Event::Summary(summary.clone()));
        Ok(DestroyReport {
            stacks: done,
            deleted_stores: deleted,
            kept_stores: kept,
            summary,
        })
    }
}
