//! [`Assembly`]: the stacks the toolkit deploys, diffs and destroys, taken from an app's
//! synthesis ([`From<&CloudAssembly>`](Assembly#impl-From<%26CloudAssembly>-for-Assembly)) or
//! read back from a cloud assembly directory written earlier ([`Assembly::read`]), so that an
//! assembly synthesized once can be deployed to several accounts.

mod read;
mod select;

use std::collections::HashMap;
use std::sync::OnceLock;

use cdk_core::{CloudAssembly, Environment, StackArtifact};
use indexmap::IndexMap;
use serde_json::Value;

pub use read::read;
pub use select::StackSelection;

/// One stack of an assembly.
#[derive(Clone, Debug)]
pub struct AssemblyStack {
    /// The artifact id in `manifest.json`.
    pub artifact_id: String,
    /// The CloudFormation stack name.
    pub stack_name: String,
    /// The stack's construct path.
    pub construct_path: String,
    /// The template file name inside the assembly directory.
    pub template_file: String,
    /// The template, as written.
    pub template_json: String,
    parsed: OnceLock<Value>,
    /// Artifact ids of the stacks this one must be deployed after.
    pub dependencies: Vec<String>,
    /// Stack tags.
    pub tags: IndexMap<String, String>,
    /// Whether CloudFormation termination protection is on.
    pub termination_protection: bool,
    /// True when the template is over 51,200 bytes and must be uploaded to S3 to deploy.
    pub requires_upload: bool,
    /// The account and region the stack deploys to (`StackProps::env`); what is not fixed
    /// comes from the toolkit's configuration.
    pub environment: Environment,
    /// The assets the template refers to.
    pub assets: Vec<AssemblyAsset>,
}

/// One asset of a stack: its object key in the assets bucket and the file to upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssemblyAsset {
    /// The asset construct's path.
    pub path: String,
    /// Its object key (`<hash>.zip`).
    pub key: String,
    /// The file to upload; `None` when the asset was not built (`--no-build`).
    pub file: Option<std::path::PathBuf>,
}

impl AssemblyStack {
    /// A stack from its parts; the template is parsed when first asked for.
    pub fn new(
        artifact_id: impl Into<String>,
        stack_name: impl Into<String>,
        template_json: impl Into<String>,
    ) -> AssemblyStack {
        let template_json = template_json.into();
        let stack_name = stack_name.into();
        AssemblyStack {
            artifact_id: artifact_id.into(),
            construct_path: stack_name.clone(),
            template_file: format!("{stack_name}.template.json"),
            stack_name,
            requires_upload: template_json.len() > cdk_core::synth::MAX_TEMPLATE_BODY_BYTES,
            template_json,
            parsed: OnceLock::new(),
            dependencies: Vec::new(),
            tags: IndexMap::new(),
            termination_protection: false,
            environment: Environment::agnostic(),
            assets: Vec::new(),
        }
    }

    /// The stack with this environment.
    pub fn with_environment(mut self, environment: Environment) -> AssemblyStack {
        self.environment = environment;
        self
    }

    /// The same stack with another template (whether it must be uploaded follows its size).
    pub fn with_template(&self, template_json: String) -> AssemblyStack {
        AssemblyStack {
            requires_upload: template_json.len() > cdk_core::synth::MAX_TEMPLATE_BODY_BYTES,
            template_json,
            parsed: OnceLock::new(),
            ..self.clone()
        }
    }

    /// The template (`null` if it is not JSON: [`Assembly::read`] refuses such templates).
    pub fn template(&self) -> &Value {
        self.parsed
            .get_or_init(|| serde_json::from_str(&self.template_json).unwrap_or(Value::Null))
    }

    /// How many resources the template declares.
    pub fn resource_count(&self) -> usize {
        self.template()["Resources"]
            .as_object()
            .map_or(0, |r| r.len())
    }
}

impl From<&StackArtifact> for AssemblyStack {
    fn from(s: &StackArtifact) -> AssemblyStack {
        AssemblyStack {
            artifact_id: s.artifact_id.clone(),
            stack_name: s.stack_name.clone(),
            construct_path: s.construct_path.clone(),
            template_file: s.template_file.clone(),
            template_json: s.template_json.clone(),
            parsed: OnceLock::new(),
            dependencies: s.dependencies.clone(),
            tags: s.tags.clone(),
            termination_protection: s.termination_protection,
            requires_upload: s.requires_upload,
            environment: s.environment.clone(),
            assets: s
                .assets
                .iter()
                .map(|a| AssemblyAsset {
                    path: a.path.clone(),
                    key: a.object_key(),
                    file: a.file.clone(),
                })
                .collect(),
        }
    }
}

/// The stacks of a cloud assembly.
#[derive(Clone, Debug, Default)]
pub struct Assembly {
    stacks: Vec<AssemblyStack>,
    /// Stack name and artifact id → index in `stacks`.
    index: HashMap<String, usize>,
}

impl Assembly {
    /// An assembly of these stacks (in creation order).
    pub fn new(stacks: Vec<AssemblyStack>) -> Assembly {
        let mut index = HashMap::with_capacity(stacks.len() * 2);
        for (i, s) in stacks.iter().enumerate() {
            index.insert(s.artifact_id.clone(), i);
            index.insert(s.stack_name.clone(), i);
        }
        Assembly { stacks, index }
    }

    /// Reads the cloud assembly written to `dir` by `synth`; see [`read`].
    pub fn read(dir: &std::path::Path) -> Result<Assembly, crate::ToolkitError> {
        read(dir)
    }

    /// The stacks, in creation order.
    pub fn stacks(&self) -> &[AssemblyStack] {
        &self.stacks
    }

    /// The stack with this stack name or artifact id.
    pub fn stack(&self, name: &str) -> Option<&AssemblyStack> {
        self.index.get(name).map(|&i| &self.stacks[i])
    }

    /// Stacks in an order where each comes after the stacks it depends on, otherwise in
    /// creation order.
    pub fn deployment_order(&self) -> Vec<&AssemblyStack> {
        let mut out = Vec::with_capacity(self.stacks.len());
        let mut state = vec![0u8; self.stacks.len()]; // 0 new, 1 visiting, 2 placed
        for start in 0..self.stacks.len() {
            let mut path = vec![(start, 0usize)];
            while let Some(&mut (i, ref mut next)) = path.last_mut() {
                if state[i] == 2 {
                    path.pop();
                    continue;
                }
                state[i] = 1;
                if let Some(d) = self.stacks[i].dependencies.get(*next) {
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

impl From<&CloudAssembly> for Assembly {
    fn from(a: &CloudAssembly) -> Assembly {
        Assembly::new(a.stacks.iter().map(AssemblyStack::from).collect())
    }
}

impl From<CloudAssembly> for Assembly {
    fn from(a: CloudAssembly) -> Assembly {
        Assembly::from(&a)
    }
}
