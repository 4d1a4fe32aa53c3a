//! The diff workflow: each selected stack's deployed template against the assembly's.

use serde_json::json;

use super::events::{Event, StackDiffed};
use super::report::DiffReport;
use super::Toolkit;
use crate::assembly::Assembly;
use crate::diff::diff;
use crate::error::ToolkitError;

/// Settings of a diff.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct DiffOptions {
    /// The stacks to compare (by stack name or artifact id); all by default.
    pub stacks: Vec<String>,
}

impl DiffOptions {
    /// Compares only these stacks.
    pub fn stacks<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.stacks = names.into_iter().map(Into::into).collect();
        self
    }
}

impl Toolkit {
    /// Compares each selected stack as deployed with the assembly (a stack that is not
    /// deployed shows everything as added). Changes nothing.
    pub async fn diff(
        &self,
        assembly: &Assembly,
        options: &DiffOptions,
    ) -> Result<DiffReport, ToolkitError> {
        let mut stacks = Vec::new();
        for s in assembly.select(&options.stacks)? {
            let existing = self.cfn.describe(&s.stack_name).await?;
            let deployed = match &existing {
                Some(_) => self.cfn.template(&s.stack_name).await?,
                None => json!({}),
            };
            let d = diff(&deployed, s.template());
            self.events.emit(Event::StackDiffed(StackDiffed {
                stack: s.stack_name.clone(),
                deployed: existing.is_some(),
                diff: d.clone(),
            }));
            stacks.push((s.stack_name.clone(), d));
        }
        Ok(DiffReport { stacks })
    }
}
