//! The cloud assembly: what synthesis produces, in memory, and its layout on disk.

mod manifest;
pub(crate) mod tree_json;
mod write;

use indexmap::IndexMap;
use serde_json::Value;

pub use manifest::CLOUD_ASSEMBLY_VERSION;

/// One synthesized stack.
#[derive(Debug, Clone)]
pub struct StackArtifact {
    /// The artifact id in `manifest.json` (the stack's construct path, `/` replaced by `-`).
    pub artifact_id: String,
    /// The CloudFormation stack name.
    pub stack_name: String,
    /// The stack's construct path.
    pub construct_path: String,
    /// The template file name inside the assembly directory.
    pub template_file: String,
    /// The template.
    pub template: Value,
    /// The template as written to disk (serialized once).
    pub template_json: String,
    /// Artifact ids of the stacks this one must be deployed after.
    pub dependencies: Vec<String>,
    /// Stack tags.
    pub tags: IndexMap<String, String>,
    /// Termination protection.
    pub termination_protection: bool,
    /// True when the template is over 51,200 bytes and must be uploaded to S3 to deploy.
    pub requires_upload: bool,
    /// Construct path → logical ID of every resource and output of the stack.
    pub logical_ids: IndexMap<String, String>,
}

/// The result of synthesis: every stack's template, the manifest and the construct tree.
#[derive(Debug, Clone)]
pub struct CloudAssembly {
    /// The stacks, in creation order.
    pub stacks: Vec<StackArtifact>,
    /// The contents of `tree.json`.
    pub tree: Value,
}

impl CloudAssembly {
    pub(crate) fn new(stacks: Vec<StackArtifact>, tree: Value) -> Self {
        CloudAssembly { stacks, tree }
    }

    /// The stack with this stack name or artifact id.
    pub fn stack(&self, name: &str) -> Option<&StackArtifact> {
        self.stacks
            .iter()
            .find(|s| s.stack_name == name || s.artifact_id == name)
    }

    /// The contents of `manifest.json`.
    pub fn manifest(&self) -> Value {
        manifest::render(self)
    }

    /// Stacks in an order where each comes after the stacks it depends on.
    pub fn deployment_order(&self) -> Vec<&StackArtifact> {
        let mut done: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        while out.len() < self.stacks.len() {
            let before = out.len();
            for s in &self.stacks {
                if !done.contains(&s.artifact_id.as_str())
                    && s.dependencies.iter().all(|d| done.contains(&d.as_str()))
                {
                    done.push(&s.artifact_id);
                    out.push(s);
                }
            }
            if out.len() == before {
                break; // cycles are rejected by synthesis; never loop forever
            }
        }
        out
    }
}
