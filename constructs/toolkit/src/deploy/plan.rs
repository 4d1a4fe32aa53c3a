//! What a deploy will do to one stack, found before anything changes.

use serde_json::Value;

use super::parameters::{resolve, Parameters, StackParameter};
use crate::assembly::AssemblyStack;
use crate::cfn::{Cfn, StackInfo};
use crate::diff::IamChanges;
use crate::engine::events::PlannedAction;
use crate::error::ToolkitError;

/// One stack's plan.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The synthesized stack.
    pub artifact: AssemblyStack,
    /// The deployed stack, if any.
    pub existing: Option<StackInfo>,
    /// True when the deployed template and tags equal the synthesized ones and no parameter
    /// gets a new value.
    pub unchanged: bool,
    /// What each parameter of the template gets.
    pub parameters: Vec<StackParameter>,
    /// The region the stack deploys to.
    pub region: String,
    /// IAM statements added and removed.
    pub iam: IamChanges,
    /// Where the template was uploaded, when it is too large to pass inline.
    pub template_url: Option<String>,
    /// The deployed template (`null` when there is none).
    pub deployed: Value,
    /// Stateful resources this deploy would replace or delete, as the templates show.
    pub data_loss: Vec<super::protect::DataLoss>,
    /// Retained resources that exist already and are imported into the new stack.
    pub adopt: Vec<super::adopt::Adoption>,
    /// Retained resources that may exist, of types the toolkit cannot check: the change set that
    /// creates the stack asks CloudFormation to import them if they do.
    pub auto_import: Vec<super::adopt::Adoption>,
    /// Retained resources that cannot be adopted if they exist, with the reason (said when the
    /// stack is created).
    pub unadoptable: Vec<super::adopt::Unadoptable>,
    /// Exports the new template drops that deployed stacks still import: kept in the template
    /// deployed first (see [`super::exports`]).
    pub kept_exports: Vec<crate::engine::events::KeptExport>,
    /// The stack as synthesized, when `artifact` is the template with kept exports: deployed
    /// again once their importers no longer import them.
    pub final_artifact: Option<AssemblyStack>,
}

impl Plan {
    /// Whether deploying creates the stack: it does not exist, or it is left from a first
    /// create that failed or never ran (and is deleted first).
    pub fn creates_stack(&self) -> bool {
        match &self.existing {
            None => true,
            Some(s) => s.status.needs_recreate(),
        }
    }

    /// What the deploy will do to the stack.
    pub fn action(&self) -> PlannedAction {
        match &self.existing {
            _ if self.unchanged => PlannedAction::Skip,
            None => PlannedAction::Create,
            Some(s) if s.status.needs_recreate() => PlannedAction::Recreate,
            Some(_) => PlannedAction::Update,
        }
    }
}

/// Reads the deployed stack and template, and compares; resolves each parameter of the template
/// from the values `given`, the deployed stack's and the template's defaults (refusing one that
/// has none: [`ToolkitError::ParameterMissing`]).
pub async fn plan(
    cfn: &Cfn,
    artifact: &AssemblyStack,
    given: &Parameters,
) -> Result<Plan, ToolkitError> {
    let existing = cfn.describe(&artifact.stack_name).await?;
    let keeps_values = existing.as_ref().filter(|s| !s.status.needs_recreate());
    let parameters = resolve(artifact, given, keeps_values, true)?;
    let deployed = match &existing {
        Some(s) if s.status.has_deployed_template() => {
            Some(cfn.template(&artifact.stack_name).await?)
        }
        _ => None,
    };
    let unchanged = match (&existing, &deployed) {
        (Some(s), Some(t)) => {
            s.status.is_settled()
                && t == artifact.template()
                && s.tags == artifact.tags
                && !parameters.iter().any(StackParameter::changes)
        }
        _ => false,
    };
    let deployed = deployed.unwrap_or(Value::Null);
    let iam = IamChanges::between(&deployed, artifact.template());
    let data_loss = super::protect::from_templates(&deployed, artifact.template());
    Ok(Plan {
        artifact: artifact.clone(),
        existing,
        unchanged,
        parameters,
        region: cfn.region().unwrap_or_default(),
        iam,
        template_url: None,
        deployed,
        data_loss,
        adopt: Vec::new(),
        auto_import: Vec::new(),
        unadoptable: Vec::new(),
        kept_exports: Vec::new(),
        final_artifact: None,
    })
}
