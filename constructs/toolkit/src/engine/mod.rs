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
mod hotswap;
mod report;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_config::{Region, SdkConfig};

pub use approval::{Approval, ApprovalRequest, Decision};
pub use destroy::DestroyOptions;
pub use diff::DiffOptions;
pub use events::{Event, Events};
pub use report::{DeployReport, DestroyReport, DiffReport, StackReport};

use crate::assembly::{Assembly, AssemblyStack};
use crate::cfn::{Cfn, StackInfo};
use crate::deploy::adopt::Probes;
use crate::deploy::parameters::Parameters;
use crate::deploy::{Plan, Staging};
use crate::destroy_data::DataClients;
use crate::error::ToolkitError;

/// The toolkit's engine: its AWS clients (for the configured region, and, made when first
/// needed, for each region a stack names), and where its events go.
#[derive(Clone, Debug)]
pub struct Toolkit {
    cfn: Cfn,
    probes: Probes,
    data: Option<DataClients>,
    staging: Option<Staging>,
    events: Events,
    bootstrap_command: String,
    /// The loaded configuration, to make clients for other regions (`None`: from_cfn).
    config: Option<SdkConfig>,
    sts: Option<aws_sdk_sts::Client>,
    /// Clients of regions other than the configured one, by region.
    regions: Arc<Mutex<HashMap<String, Regional>>>,
    /// The credentials' account, asked once.
    account: Arc<tokio::sync::OnceCell<String>>,
    /// What `deploy` can hotswap (Lambda functions; state machines when `cdk-toolkit-sfn`
    /// registers its target).
    hotswap_targets: Vec<Arc<dyn crate::hotswap::HotswapTarget>>,
}

/// The clients of one region.
#[derive(Clone, Debug)]
pub(crate) struct Regional {
    pub(crate) cfn: Cfn,
    pub(crate) probes: Probes,
    pub(crate) data: Option<DataClients>,
    pub(crate) staging: Option<Staging>,
}

impl Regional {
    /// The staging bucket's clients, for the bootstrap stack `toolkit_stack`; `needs` says
    /// what needs them, in the error of a toolkit made without an S3 client.
    pub(crate) fn staging_for(
        &self,
        toolkit_stack: &str,
        needs: &str,
    ) -> Result<Staging, ToolkitError> {
        let mut staging = self.staging.clone().ok_or_else(|| {
            ToolkitError::Unexpected(format!(
                "{needs}, and this toolkit has no S3 client (make it with Toolkit::new)"
            ))
        })?;
        staging.toolkit_stack = toolkit_stack.to_string();
        Ok(staging)
    }
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
            config: Some(config.clone()),
            sts: Some(crate::aws::sts_client(config)),
            regions: Arc::default(),
            account: Arc::default(),
            hotswap_targets: vec![Arc::new(crate::hotswap::LambdaFunctions::new())],
        }
    }

    /// The engine with only a CloudFormation client (tests give one that replays answers):
    /// without S3 and DynamoDB clients, large templates cannot be staged, `include_data` cannot
    /// delete stores, and retained resources are left to CloudFormation to import; without STS
    /// and a configuration, a stack that names an account or another region is refused.
    pub fn from_cfn(cfn: Cfn) -> Toolkit {
        Toolkit {
            cfn,
            probes: Probes::default(),
            data: None,
            staging: None,
            events: Events::ignored(),
            bootstrap_command: "bootstrap".to_string(),
            config: None,
            sts: None,
            regions: Arc::default(),
            account: Arc::default(),
            hotswap_targets: vec![Arc::new(crate::hotswap::LambdaFunctions::new())],
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

    /// Adds a resource type `deploy --hotswap` can update in place (it replaces a target of the
    /// same type): `cdk-toolkit-sfn` registers state machines' definitions this way.
    pub fn hotswap_target(mut self, target: Arc<dyn crate::hotswap::HotswapTarget>) -> Toolkit {
        self.hotswap_targets
            .retain(|t| t.resource_type() != target.resource_type());
        self.hotswap_targets.push(target);
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

    /// What deploying this stack would do (without parameter values), read from
    /// CloudFormation in the stack's region; nothing changes.
    pub async fn plan(&self, stack: &AssemblyStack) -> Result<Plan, ToolkitError> {
        let regional = self.regional(stack)?;
        crate::deploy::plan(&regional.cfn, stack, &Parameters::new()).await
    }

    /// The deployed stack, read in the stack's region (`None` when it is not deployed there).
    pub async fn describe(&self, stack: &AssemblyStack) -> Result<Option<StackInfo>, ToolkitError> {
        self.regional(stack)?.cfn.describe(&stack.stack_name).await
    }

    /// The region a stack deploys to: its own, else the configured one.
    pub fn region_of(&self, stack: &AssemblyStack) -> String {
        stack
            .environment
            .region
            .clone()
            .unwrap_or_else(|| self.cfn.region().unwrap_or_default())
    }

    /// The account of the credentials, asked of STS once for the life of this engine (and its
    /// clones).
    pub async fn credentials_account(&self) -> Result<String, ToolkitError> {
        let Some(sts) = &self.sts else {
            return Err(ToolkitError::Unexpected(
                "this toolkit has no STS client to read the credentials' account (make it with Toolkit::new)".into(),
            ));
        };
        self.account
            .get_or_try_init(|| crate::aws::caller_account(sts))
            .await
            .cloned()
    }

    /// Refuses ([`ToolkitError::WrongAccount`]), before anything else is asked of AWS, a stack
    /// pinned to an account that is not the credentials'. Asks STS only when a stack names an
    /// account.
    pub async fn check_accounts(&self, stacks: &[&AssemblyStack]) -> Result<(), ToolkitError> {
        let mut credentials = None;
        for s in stacks {
            let Some(account) = &s.environment.account else {
                continue;
            };
            if credentials.is_none() {
                credentials = Some(self.credentials_account().await?);
            }
            if let Some(c) = credentials.as_ref().filter(|c| *c != account) {
                return Err(ToolkitError::WrongAccount {
                    stack: s.stack_name.clone(),
                    account: account.clone(),
                    credentials: c.clone(),
                });
            }
        }
        Ok(())
    }

    /// The clients of the stack's region: the configured ones, or, for a stack that names
    /// another region, clients made from the same configuration for that region (once).
    pub(crate) fn regional(&self, stack: &AssemblyStack) -> Result<Regional, ToolkitError> {
        let base = self.cfn.region().unwrap_or_default();
        let region = self.region_of(stack);
        if region == base {
            return Ok(Regional {
                cfn: self.cfn.clone(),
                probes: self.probes.clone(),
                data: self.data.clone(),
                staging: self.staging.clone(),
            });
        }
        let mut regions = match self.regions.lock() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(r) = regions.get(&region) {
            return Ok(r.clone());
        }
        let Some(config) = &self.config else {
            return Err(ToolkitError::Unexpected(format!(
                "stack {} deploys to {region}, and this toolkit has clients for {base} only (make it with Toolkit::new to reach other regions)",
                stack.stack_name
            )));
        };
        let config = config
            .to_builder()
            .region(Region::new(region.clone()))
            .build();
        let r = Regional {
            cfn: self.cfn.sibling(&config),
            probes: Probes::new(&config),
            data: Some(DataClients::new(&config)),
            staging: Some(Staging::new(
                &config,
                crate::bootstrap::DEFAULT_TOOLKIT_STACK,
            )),
        };
        regions.insert(region, r.clone());
        Ok(r)
    }

    /// The command that runs `bootstrap` for this region (`my-app bootstrap --region eu-west-1`
    /// when it is not the configured one).
    pub(crate) fn bootstrap_command_for(&self, region: &str) -> String {
        if self.cfn.region().as_deref() == Some(region) {
            self.bootstrap_command.clone()
        } else {
            format!("{} --region {region}", self.bootstrap_command)
        }
    }

    /// Creates or updates the toolkit's stack (`bootstrap`): the staging bucket for templates
    /// over 51,200 bytes. Returns its report; the bucket's name is the output
    /// [`BUCKET_OUTPUT`](crate::bootstrap::BUCKET_OUTPUT).
    pub async fn bootstrap(&self, toolkit_stack_name: &str) -> Result<DeployReport, ToolkitError> {
        self.bootstrap_in(toolkit_stack_name, None).await
    }

    /// [`Toolkit::bootstrap`] in this region (`None`: the configured one): each region whose
    /// stacks have templates over 51,200 bytes needs its own staging bucket.
    pub async fn bootstrap_in(
        &self,
        toolkit_stack_name: &str,
        region: Option<&str>,
    ) -> Result<DeployReport, ToolkitError> {
        let assembly = crate::bootstrap::toolkit_assembly(toolkit_stack_name)
            .map_err(|e| ToolkitError::Unexpected(e.to_string()))?;
        let mut assembly = Assembly::from(&assembly);
        if let Some(region) = region {
            assembly = Assembly::new(
                assembly
                    .stacks()
                    .iter()
                    .map(|s| {
                        s.clone()
                            .with_environment(cdk_core::Environment::region(region))
                    })
                    .collect(),
            );
        }
        self.deploy(
            &assembly,
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
