//! Deploying one stack at a time, and the pieces of a deploy: the plan (what is deployed, what
//! changes, which IAM changes widen access), data protection, adoption of retained resources,
//! staging of large templates, and running stacks in dependency order. The workflow that puts
//! them together is [`crate::engine::Toolkit::deploy`].

pub mod adopt;
mod all;
pub mod assets;
pub mod exports;
pub mod parameters;
mod plan;
pub mod protect;
mod schedule;
mod stack;
mod stage;
mod wait;

pub(crate) use all::{deploy_all, report_failure};
pub use plan::{plan, Plan};
pub use schedule::run_in_order;
pub(crate) use stack::{delete_and_wait, deploy_stack, settle};
pub use stage::{stage_templates, Staging};
pub use wait::wait_operation;

use std::time::Duration;

use indexmap::IndexMap;
use serde::Serialize;

use crate::assembly::StackSelection;
use crate::engine::Approval;
use parameters::{ParameterValue, Parameters};

/// How stacks are deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DeployMethod {
    /// Through a change set: create it, show it, execute it (the default, as in AWS CDK).
    ChangeSet,
    /// CreateStack or UpdateStack directly.
    Direct,
}

/// Which changes need approval before anything is changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RequireApproval {
    /// None.
    Never,
    /// Any change to IAM statements.
    AnyChange,
    /// IAM changes that widen access (the default).
    Broadening,
}

impl RequireApproval {
    /// The setting as the command line writes it (`broadening`).
    pub fn as_str(self) -> &'static str {
        match self {
            RequireApproval::Never => "never",
            RequireApproval::AnyChange => "any-change",
            RequireApproval::Broadening => "broadening",
        }
    }

    /// Whether a plan's changes need approval under this setting.
    pub fn applies_to(self, plan: &Plan) -> bool {
        !plan.unchanged
            && match self {
                RequireApproval::Never => false,
                RequireApproval::AnyChange => !plan.iam.is_empty(),
                RequireApproval::Broadening => plan.iam.is_broadening(),
            }
    }
}

/// Settings of a deploy. Every one has a default; set them with the builder methods.
///
/// ```
/// use cdk_toolkit::deploy::{DeployMethod, DeployOptions};
/// use cdk_toolkit::engine::Approval;
/// let options = DeployOptions::default()
///     .method(DeployMethod::Direct)
///     .concurrency(4)
///     .allow_replacement("TweetStoreTable199E3D4B")
///     .parameter(Some("TweetBot"), "Stage", "prod")
///     .approval(Approval::Approve);
/// assert_eq!(options.concurrency, 4);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DeployOptions {
    /// The stacks (with their dependencies unless exclusively); all by default.
    pub stacks: StackSelection,
    /// Change set (the default) or direct.
    pub method: DeployMethod,
    /// At most this many stacks at once (default 1).
    pub concurrency: usize,
    /// Stateful resources (logical IDs) that may be replaced or deleted.
    pub allow_replacement: Vec<String>,
    /// Any stateful resource may be replaced or deleted.
    pub allow_data_loss: bool,
    /// Which IAM changes need approval (default: those that widen access).
    pub require_approval: RequireApproval,
    /// Who approves them (default: nobody, so such a deploy stops).
    pub approval: Approval,
    /// The toolkit stack whose bucket takes large templates.
    pub toolkit_stack_name: String,
    /// Values for the templates' parameters (`--parameters`); a parameter not given keeps its
    /// deployed value, else takes its template's `Default`.
    pub parameters: Parameters,
    /// Deploy a stack even when its template, tags and parameters are the deployed ones
    /// (`--force`): CloudFormation is asked, and says whether anything changes.
    pub force: bool,
    /// How long a stack may stay under review (`REVIEW_IN_PROGRESS`: created by a change set
    /// not executed yet) with nothing happening to it before a deploy takes it as abandoned by
    /// a deploy that stopped, deletes it and creates it again (default 5 minutes). Until then,
    /// the deploy waits for the other one, which may be about to execute its change set.
    pub abandoned_after: Duration,
    /// `--hotswap`: whether changes that can be made in place are made through the services'
    /// APIs instead of CloudFormation, and where what was sent is remembered (default: off).
    pub hotswap: crate::hotswap::HotswapOptions,
}

/// How long a stack under review stays untouched before a deploy takes it as abandoned.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(300);

impl Default for DeployOptions {
    fn default() -> Self {
        DeployOptions {
            stacks: StackSelection::all(),
            method: DeployMethod::ChangeSet,
            concurrency: 1,
            allow_replacement: Vec::new(),
            allow_data_loss: false,
            require_approval: RequireApproval::Broadening,
            approval: Approval::Refuse,
            toolkit_stack_name: crate::bootstrap::DEFAULT_TOOLKIT_STACK.to_string(),
            parameters: Parameters::new(),
            force: false,
            abandoned_after: ABANDONED_AFTER,
            hotswap: crate::hotswap::HotswapOptions::default(),
        }
    }
}

impl DeployOptions {
    /// The stacks to deploy.
    pub fn stacks(mut self, stacks: StackSelection) -> Self {
        self.stacks = stacks;
        self
    }

    /// Through change sets or directly.
    pub fn method(mut self, method: DeployMethod) -> Self {
        self.method = method;
        self
    }

    /// At most this many independent stacks at once (at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Lets this stateful resource (logical ID) be replaced or deleted.
    pub fn allow_replacement(mut self, logical_id: impl Into<String>) -> Self {
        self.allow_replacement.push(logical_id.into());
        self
    }

    /// Lets every stateful resource be replaced or deleted.
    pub fn allow_data_loss(mut self, allow: bool) -> Self {
        self.allow_data_loss = allow;
        self
    }

    /// Which IAM changes need approval.
    pub fn require_approval(mut self, require: RequireApproval) -> Self {
        self.require_approval = require;
        self
    }

    /// Who approves.
    pub fn approval(mut self, approval: Approval) -> Self {
        self.approval = approval;
        self
    }

    /// The toolkit stack made by `bootstrap`.
    pub fn toolkit_stack_name(mut self, name: impl Into<String>) -> Self {
        self.toolkit_stack_name = name.into();
        self
    }

    /// Gives a parameter a value: of `stack` (stack name or artifact id), or, with `None`, of
    /// every stack whose template declares it.
    pub fn parameter(
        mut self,
        stack: Option<&str>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.parameters = self
            .parameters
            .with(ParameterValue::new(stack, name, value));
        self
    }

    /// The values for the templates' parameters.
    pub fn parameters(mut self, parameters: Parameters) -> Self {
        self.parameters = parameters;
        self
    }

    /// Deploys stacks whose template, tags and parameters are unchanged too.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// How long a stack under review stays untouched before it is taken as abandoned.
    pub fn abandoned_after(mut self, after: Duration) -> Self {
        self.abandoned_after = after;
        self
    }

    /// Hotswaps what can be (see [`crate::hotswap`]).
    pub fn hotswap(mut self, hotswap: crate::hotswap::HotswapOptions) -> Self {
        self.hotswap = hotswap;
        self
    }
}

/// What happened to one stack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Nothing changed; the stack was not touched.
    Unchanged {
        /// The stack's outputs.
        outputs: IndexMap<String, String>,
    },
    /// Created or updated.
    Deployed {
        /// The stack's outputs.
        outputs: IndexMap<String, String>,
    },
    /// Changed in place by a hotswap; the stack now differs from its template.
    Hotswapped {
        /// The stack's outputs.
        outputs: IndexMap<String, String>,
    },
}

impl Outcome {
    /// The stack's outputs.
    pub fn outputs(&self) -> &IndexMap<String, String> {
        match self {
            Outcome::Unchanged { outputs }
            | Outcome::Deployed { outputs }
            | Outcome::Hotswapped { outputs } => outputs,
        }
    }
}
