//! The diff workflow: each selected stack's deployed template against the assembly's.

use serde_json::json;

use super::events::{Event, StackDiffed, StackDriftFound};
use super::report::DiffReport;
use super::Toolkit;
use crate::assembly::Assembly;
use crate::cfn::detect_drift;
use crate::deploy::parameters::{resolve, Parameters};
use crate::diff::{diff, ParameterChange};
use crate::error::ToolkitError;

/// Settings of a diff.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct DiffOptions {
    /// The stacks to compare (by stack name or artifact id); all by default.
    pub stacks: Vec<String>,
    /// Parameter values a deploy would be given: those that differ from the deployed ones
    /// are differences.
    pub parameters: Parameters,
    /// Also run CloudFormation's drift detection on each deployed stack: resources changed
    /// outside CloudFormation, with their property differences (`diff --drift`).
    pub drift: bool,
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

    /// The parameter values a deploy would be given.
    pub fn parameters(mut self, parameters: Parameters) -> Self {
        self.parameters = parameters;
        self
    }

    /// Also detects each deployed stack's drift.
    pub fn drift(mut self, drift: bool) -> Self {
        self.drift = drift;
        self
    }
}

impl Toolkit {
    /// Compares each selected stack as deployed in its region with the assembly (a stack that
    /// is not deployed shows everything as added), and the parameter values given with the
    /// deployed ones; with `drift`, also runs CloudFormation's drift detection on each deployed
    /// stack (changing nothing but the stack's drift status). Refuses a parameter value no template declares, and a
    /// stack pinned to another account than the credentials' ([`ToolkitError::WrongAccount`]).
    pub async fn diff(
        &self,
        assembly: &Assembly,
        options: &DiffOptions,
    ) -> Result<DiffReport, ToolkitError> {
        let selected = assembly.select(&options.stacks)?;
        options.parameters.check(assembly, &selected)?;
        self.check_accounts(&selected).await?;
        let mut stacks = Vec::new();
        let mut drifts = Vec::new();
        for s in selected {
            let cfn = self.regional(s)?.cfn;
            let existing = cfn.describe(&s.stack_name).await?;
            let deployed = match &existing {
                Some(_) => cfn.template(&s.stack_name).await?,
                None => json!({}),
            };
            let mut d = diff(&deployed, s.template());
            let keeps_values = existing.as_ref().filter(|e| !e.status.needs_recreate());
            d.parameters = resolve(s, &options.parameters, keeps_values, false)?
                .iter()
                .filter_map(ParameterChange::of)
                .collect();
            self.events.emit(Event::StackDiffed(StackDiffed {
                stack: s.stack_name.clone(),
                deployed: existing.is_some(),
                diff: d.clone(),
            }));
            stacks.push((s.stack_name.clone(), d));
            if options.drift && existing.is_some() {
                let drift = detect_drift(&cfn, &s.stack_name).await?;
                self.events.emit(Event::StackDrift(StackDriftFound {
                    stack: s.stack_name.clone(),
                    drift: drift.clone(),
                }));
                drifts.push((s.stack_name.clone(), drift));
            }
        }
        Ok(DiffReport { stacks, drifts })
    }
}
