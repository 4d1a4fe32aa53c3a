//! `deploy`: plan every stack (what is deployed, what changes, which IAM changes widen
//! access), get approval, then deploy in dependency order, independent stacks at once.

pub mod adopt;
mod all;
mod plan;
pub mod protect;
mod schedule;
mod stack;
mod stage;
mod wait;

pub use all::deploy_all;
pub use plan::{plan, Plan};
pub use schedule::run_in_order;
pub use stack::deploy_stack;
pub(crate) use stack::{delete_and_wait, settle};
pub use stage::{stage_templates, Staging};
pub use wait::wait_operation;

use indexmap::IndexMap;

/// How stacks are deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DeployMethod {
    /// Through a change set: create it, show it, execute it (the default, as in AWS CDK).
    ChangeSet,
    /// CreateStack or UpdateStack directly.
    Direct,
}

/// Which changes need approval before anything is changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RequireApproval {
    /// None.
    Never,
    /// Any change to IAM statements.
    AnyChange,
    /// IAM changes that widen access (the default).
    Broadening,
}

/// Settings of a deploy.
#[derive(Clone, Debug)]
pub struct DeployOptions {
    /// Change set or direct.
    pub method: DeployMethod,
    /// At most this many stacks at once.
    pub concurrency: usize,
    /// Stateful resources (logical IDs) that may be replaced or deleted.
    pub allow_replacement: Vec<String>,
    /// Any stateful resource may be replaced or deleted.
    pub allow_data_loss: bool,
}

impl Default for DeployOptions {
    fn default() -> Self {
        DeployOptions {
            method: DeployMethod::ChangeSet,
            concurrency: 1,
            allow_replacement: Vec::new(),
            allow_data_loss: false,
        }
    }
}

/// What happened to one stack.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

impl Outcome {
    /// The stack's outputs.
    pub fn outputs(&self) -> &IndexMap<String, String> {
        match self {
            Outcome::Unchanged { outputs } | Outcome::Deployed { outputs } => outputs,
        }
    }
}
