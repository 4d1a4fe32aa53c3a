//! What a deploy will do to one stack, found before anything changes.

use cdk_core::StackArtifact;
use serde_json::Value;

use crate::cfn::{is_in_progress, Cfn, StackInfo};
use crate::diff::IamChanges;

/// One stack's plan.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The synthesized stack.
    pub artifact: StackArtifact,
    /// The deployed stack, if any.
    pub existing: Option<StackInfo>,
    /// True when the deployed template and tags equal the synthesized ones.
    pub unchanged: bool,
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
}

impl Plan {
    /// Whether deploying creates the stack: it does not exist, or it is left from a first
    /// create that failed or never ran (and is deleted first).
    pub fn creates_stack(&self) -> bool {
        match &self.existing {
            None => true,
            Some(s) => recreated(&s.status),
        }
    }
}

/// Statuses of a stack that a deploy deletes and creates again.
pub(crate) fn recreated(status: &str) -> bool {
    matches!(
        status,
        "ROLLBACK_COMPLETE" | "ROLLBACK_FAILED" | "REVIEW_IN_PROGRESS"
    )
}

/// Statuses in which the stack holds a deployed template worth comparing with.
fn has_deployed_template(status: &str) -> bool {
    let never_deployed = matches!(
        status,
        "REVIEW_IN_PROGRESS" | "ROLLBACK_COMPLETE" | "ROLLBACK_FAILED" | "ROLLBACK_IN_PROGRESS"
    );
    let creating = status.starts_with("CREATE_") && status != "CREATE_COMPLETE";
    !never_deployed && !creating && !status.starts_with("DELETE_")
}

/// Reads the deployed stack and template, and compares.
pub async fn plan(cfn: &Cfn, artifact: &StackArtifact) -> anyhow::Result<Plan> {
    let existing = cfn.describe(&artifact.stack_name).await?;
    let deployed = match &existing {
        Some(s) if has_deployed_template(&s.status) => {
            Some(cfn.template(&artifact.stack_name).await?)
        }
        _ => None,
    };
    let unchanged = match (&existing, &deployed) {
        (Some(s), Some(t)) => {
            !is_in_progress(&s.status) && t == artifact.template() && s.tags == artifact.tags
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
        iam,
        template_url: None,
        deployed,
        data_loss,
        adopt: Vec::new(),
        auto_import: Vec::new(),
        unadoptable: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_settled_deployments_have_a_template_to_compare() {
        for yes in [
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "UPDATE_IN_PROGRESS",
        ] {
            assert!(has_deployed_template(yes), "{yes}");
        }
        for no in [
            "REVIEW_IN_PROGRESS",
            "ROLLBACK_COMPLETE",
            "CREATE_IN_PROGRESS",
            "DELETE_FAILED",
        ] {
            assert!(!has_deployed_template(no), "{no}");
        }
    }
}
