//! The engine: [`Toolkit`] deploys, diffs and destroys the stacks of an [`Assembly`] from code,
//! reporting each step as a typed [`Event`] and returning typed results and errors. The CLI is
//! one caller; it only turns flags into options and events into text.
//!
//! ```no_run
//! use cdk_toolkit::assembly::Assembly;
//! use cdk_toolkit::deploy::DeployOptions;
//! use cdk_toolkit::engine::{Approval, Event, Toolkit};
//!
//! # async fn deploy() -> Result<(), cdk_toolkit::ToolkitError> {
//! let config = cdk_toolkit::aws::load(&Default::default()).await?;
//! let assembly = Assembly::read(std::path::Path::new("cdk.out"))?;
//! let toolkit = Toolkit::new(&config).on_event(|e| {
//!     if let Event::StackFinished(f) = e {
//!         println!("{} done", f.stack);
//!     }
//! });
//! let report = toolkit
//!     .deploy(&assembly, &DeployOptions::default().approval(Approval::Approve))
//!     .await?;
//! for (stack, error) in report.failures() {
//!     eprintln!("{stack}: {error}");
//! }
//! # Ok(())
//! # }
//! ```

mod approval;
mod deploy;
mod destroy;
mod diff;
pub mod events;
mod report;

use std::time::Instant;

use aws_config::SdkConfig;

pub use approval::{Approval, ApprovalRequest, Decision};
pub use destroy::DestroyOptions;
pub use diff::DiffOptions;
pub use events::{Event, Events};
pub use report::{DeployReport, DestroyReport, DiffReport, StackReport};

use crate::assembly::{Assembly, AssemblyStack};
use crate::cfn::Cfn;
use crate::deploy::adopt::Probes;
use crate::deploy::{Plan, Staging};
use crate::destroy_data::DataClients;
use crate::error::ToolkitError;

/// The toolkit's engine: its AWS clients and where its events go.
#[derive(Clone, Debug)]
pub struct Toolkit {
    cfn: Cfn,
    probes: Probes,
    data: Option<DataClients>,
    staging: Option<Staging>,
    events: Events,
    bootstrap_command: String,
}

impl Toolkit {
    /// The engine with every client made from the loaded configuration; events are ignored
    /// until [`Toolkit::on_event`] or [`Toolkit::events`] says where they go.
    pub fn new(config: &SdkConfig) -> Toolkit {
        Toolkit {
            cfn: Cfn::new(config),
            probes: Probes::new(config),
            data: Some(DataClients::new(config)),
            staging: Some(Staging::new(
                config,
                crate::bootstrap::DEFAULT_TOOLKIT_STACK,
            )),
            events: Events::ignored(),
            bootstrap_command: "bootstrap".to_string(),
        }
    }

    /// The engine with only a CloudFormation client (tests give one that replays answers):
    /// without S3 and DynamoDB clients, large templates cannot be staged, `include_data` cannot
    /// delete stores, and retained resources are left to CloudFormation to import.
    pub fn from_cfn(cfn: Cfn) -> Toolkit {
        Toolkit {
            cfn,
            probes: Probes::default(),
            data: None,
            staging: None,
            events: Events::ignored(),
            bootstrap_command: "bootstrap".to_string(),
        }
    }

    /// Hands every event to `handler` as it happens.
    pub fn on_event(self, handler: impl Fn(&Event) + Send + Sync + 'static) -> Toolkit {
        self.events(Events::new(handler))
    }

    /// Sends events there (e.g. [`Events::channel`]).
    pub fn events(mut self, events: Events) -> Toolkit {
        self.events = events;
        self
    }

    /// The clients that tell whether retained resources exist.
    pub fn probes(mut self, probes: Probes) -> Toolkit {
        self.probes = probes;
        self
    }

    /// The command that runs `bootstrap`, as error messages name it (`my-app bootstrap`).
    pub fn bootstrap_command(mut self, command: impl Into<String>) -> Toolkit {
        self.bootstrap_command = command.into();
        self
    }

    /// The CloudFormation client (and its call counts).
    pub fn cfn(&self) -> &Cfn {
        &self.cfn
    }

    /// What deploying this stack would do, read from CloudFormation; nothing changes.
    pub async fn plan(&self, stack: &AssemblyStack) -> Result<Plan, ToolkitError> {
        crate::deploy::plan(&self.cfn, stack).await
    }

    /// Creates or updates the toolkit's stack (`bootstrap`): the staging bucket for templates
    /// over 51,200 bytes. Returns its report; the bucket's name is the output
    /// [`BUCKET_OUTPUT`](crate::bootstrap::BUCKET_OUTPUT).
    pub async fn bootstrap(&self, toolkit_stack_name: &str) -> Result<DeployReport, ToolkitError> {
        let assembly = crate::bootstrap::toolkit_assembly(toolkit_stack_name)
            .map_err(|e| ToolkitError::Unexpected(e.to_string()))?;
        self.deploy(
            &Assembly::from(&assembly),
            &crate::deploy::DeployOptions::default().approval(Approval::Approve),
        )
        .await
    }

    fn summary(&self, started: Instant, before: (usize, usize)) -> events::Summary {
        let stats = self.cfn.stats();
        events::Summary {
            api_calls: stats.reads() + stats.writes() - before.0 - before.1,
            writes: stats.writes() - before.1,
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    fn counts(&self) -> (usize, usize) {
        (self.cfn.stats().reads(), self.cfn.stats().writes())
    }
}
