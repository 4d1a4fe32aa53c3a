//! The cloud assembly: what synthesis produces, in memory, and its layout on disk.

mod manifest;
pub(crate) mod tree_json;
mod write;

use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// The template as written to disk (serialized once).
    pub template_json: String,
    /// The template as JSON, parsed from `template_json` when first asked for (so that large
    /// apps do not hold every template twice).
    pub(crate) parsed: OnceLock<Value>,
    /// Artifact ids of the stacks this one must be deployed after.
    pub dependencies: Vec<String>,
    /// Stack tags.
    pub tags: IndexMap<String, String>,
    /// Termination protection.
    pub termination_protection: bool,
    /// The account and region the stack deploys to.
    pub environment: crate::Environment,
    /// True when the template is over 51,200 bytes and must be uploaded to S3 to deploy.
    pub requires_upload: bool,
    /// Construct path → logical ID of every resource and output of the stack.
    pub logical_ids: IndexMap<String, String>,
    /// The assets its template refers to.
    pub assets: Vec<crate::assets::StackAsset>,
}

impl StackArtifact {
    /// `<artifact>.assets.json`: the asset manifest's file name.
    pub fn asset_manifest_file(&self) -> String {
        format!("{}.assets.json", self.artifact_id)
    }

    /// The asset manifest, in AWS CDK's format (read by the toolkit's deploy and by the CDK
    /// CLI).
    pub fn asset_manifest(&self) -> Value {
        let files: serde_json::Map<String, Value> = self
            .assets
            .iter()
            .map(|a| {
                (
                    a.hash.clone(),
                    serde_json::json!({
                        "displayName": a.path,
                        "source": { "path": a.assembly_file(), "packaging": "file" },
                        "destinations": {
                            "current_account-current_region": {
                                "bucketName": crate::assets::ASSETS_BUCKET,
                                "objectKey": a.object_key(),
                            }
                        }
                    }),
                )
            })
            .collect();
        serde_json::json!({
            "version": manifest::CLOUD_ASSEMBLY_VERSION,
            "files": files,
            "dockerImages": {},
        })
    }

    /// The template.
    pub fn template(&self) -> &Value {
        self.parsed
            .get_or_init(|| serde_json::from_str(&self.template_json).unwrap_or(Value::Null))
    }
}

/// The result of synthesis: every stack's template, the manifest and the construct tree.
#[derive(Debug, Clone)]
pub struct CloudAssembly {
    /// The stacks, in creation order.
    pub stacks: Vec<StackArtifact>,
    /// The contents of `tree.json`, serialized once.
    pub tree_json: String,
    /// Warnings and information left by constructs, in tree order.
    pub messages: Vec<crate::annotations::Message>,
    /// Stack name and artifact id → index in `stacks`.
    index: HashMap<String, usize>,
}

impl CloudAssembly {
    pub(crate) fn new(
        stacks: Vec<StackArtifact>,
        tree_json: String,
        messages: Vec<crate::annotations::Message>,
    ) -> Self {
        let mut index = HashMap::with_capacity(stacks.len() * 2);
        for (i, s) in stacks.iter().enumerate() {
            index.insert(s.artifact_id.clone(), i);
            index.insert(s.stack_name.clone(), i);
        }
        CloudAssembly {
            stacks,
            tree_json,
            messages,
            index,
        }
    }

    /// The stack with this stack name or artifact id.
    pub fn stack(&self, name: &str) -> Option<&StackArtifact> {
        self.index.get(name).map(|&i| &self.stacks[i])
    }

    /// The contents of `manifest.json`.
    pub fn manifest(&self) -> Value {
        manifest::render(self)
    }

    /// Stacks in an order where each comes after the stacks it depends on, otherwise in
    /// creation order. Linear in stacks and dependencies.
    pub fn deployment_order(&self) -> Vec<&StackArtifact> {
        let mut out = Vec::with_capacity(self.stacks.len());
        let mut state = vec![0u8; self.stacks.len()]; // 0 new, 1 visiting, 2 placed
        for start in 0..self.stacks.len() {
            // Iterative post-order: a stack is placed once all its dependencies are.
            let mut path = vec![(start, 0usize)];
            while let Some(&mut (i, ref mut next)) = path.last_mut() {
                if state[i] == 2 {
                    path.pop();
                    continue;
                }
                state[i] = 1;
                let deps = &self.stacks[i].dependencies;
                if let Some(d) = deps.get(*next) {
                    *next += 1;
                    if let Some(&j) = self.index.get(d) {
                        if state[j] == 0 {
                            path.push((j, 0));
                        }
                    }
                } else {
                    state[i] = 2;
                    out.push(&self.stacks[i]);
                    path.pop();
                }
            }
        }
        out
    }
}
