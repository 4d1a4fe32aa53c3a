//! Hotswap (`deploy --hotswap`, AWS CDK's `cdk deploy --hotswap`): when the only changes in a
//! deployed stack are ones a service's own API can make in place (a Lambda function's code,
//! environment or description; a state machine's definition), they are made through that API,
//! in seconds, without a change set. The stack then differs from its template (CloudFormation
//! still holds the old one), which [`Event::StackFinished`](crate::engine::Event) with
//! [`StackOutcome::Hotswapped`](crate::engine::events::StackOutcome) says.
//!
//! The pieces, usable alone:
//!
//! - [`classify`](mod@classify): the deployed template against the new one: each change is hotswappable
//!   (a [`HotswapTarget`] knows its resource type and property) or names why it is not
//!   ([`NotHotswappable`]);
//! - [`evaluate`](mod@evaluate): the new values' intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
//!   `Fn::ImportValue`, ...) resolved from the deployed stack's resources, outputs, parameters
//!   and the region's exports; a value that cannot be resolved makes the change not
//!   hotswappable;
//! - [`state`](mod@state): what earlier hotswaps sent, kept in a small local file so that the next hotswap
//!   sends only what changed since (AWS CDK sends every difference from the deployed template
//!   again: aws-cdk-cli issue 885);
//! - [`LambdaFunctions`]: the Lambda target (UpdateFunctionCode, UpdateFunctionConfiguration).
//!   The Step Functions target lives in `cdk-toolkit-sfn`, so that an app without a state
//!   machine does not link the Step Functions SDK; it is registered on the engine with
//!   [`Toolkit::hotswap_target`](crate::Toolkit::hotswap_target).
//!
//! The workflow is [`Toolkit::deploy`](crate::Toolkit::deploy) with
//! [`DeployOptions::hotswap`](field@crate::deploy::DeployOptions::hotswap).

pub mod classify;
pub mod evaluate;
mod lambda;
pub mod state;

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

pub use classify::{classify, Classification, ResourceHotswap};
pub use evaluate::{Evaluator, Unresolved};
pub use lambda::LambdaFunctions;
pub use state::HotswapState;

use crate::error::ToolkitError;

/// The name of the state file, in the cloud assembly directory (`cdk.out/hotswap-state.json`).
pub const STATE_FILE: &str = "hotswap-state.json";

/// What a deploy does with changes that could be hotswapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HotswapMode {
    /// Every change goes through CloudFormation (the default).
    #[default]
    Off,
    /// `--hotswap`: hotswap; a stack with any change that cannot be hotswapped refuses the
    /// whole deploy before anything changes, naming each such change.
    Hotswap,
    /// `--hotswap-fallback`: hotswap the stacks whose changes all can be; deploy the others
    /// through CloudFormation, saying which change made each fall back.
    Fallback,
}

impl HotswapMode {
    /// True for [`HotswapMode::Hotswap`] and [`HotswapMode::Fallback`].
    pub fn is_on(self) -> bool {
        self != HotswapMode::Off
    }
}

/// The hotswap settings of a deploy.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct HotswapOptions {
    /// Whether and how to hotswap.
    pub mode: HotswapMode,
    /// The state file remembering what earlier hotswaps sent ([`STATE_FILE`] in the assembly
    /// directory, for the CLI); `None`: nothing is remembered, and each hotswap sends every
    /// hotswappable difference from the deployed template.
    pub state_file: Option<PathBuf>,
}

impl HotswapOptions {
    /// Hotswap in `mode`, remembering in `state_file`.
    pub fn new(mode: HotswapMode, state_file: Option<PathBuf>) -> HotswapOptions {
        HotswapOptions { mode, state_file }
    }
}

/// A change that cannot be hotswapped, and why: a stack with one is deployed through
/// CloudFormation (`--hotswap-fallback`) or refused (`--hotswap`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotHotswappable {
    /// The resource's logical ID (`None`: a change to the stack itself, its outputs,
    /// parameters, tags, ...).
    pub logical_id: Option<String>,
    /// The resource's type.
    pub resource_type: Option<String>,
    /// What changed: a property (`Timeout`), `added`, `removed`, or a template section and key
    /// (`Outputs.TableArn`).
    pub change: String,
    /// Why it cannot be hotswapped.
    pub reason: String,
}

impl fmt::Display for NotHotswappable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.resource_type, &self.logical_id) {
            (Some(t), Some(id)) => write!(f, "{t} {id}: {}: {}", self.change, self.reason),
            (None, Some(id)) => write!(f, "{id}: {}: {}", self.change, self.reason),
            _ => write!(f, "{}: {}", self.change, self.reason),
        }
    }
}

/// One resource to update in place: its physical ID and the resolved values of its properties
/// that changed (and of those the target needs with them).
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceUpdate {
    /// The stack.
    pub stack: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its physical ID (a function's name, a state machine's ARN), from
    /// DescribeStackResources.
    pub physical_id: String,
    /// The properties that changed since the last hotswap (or the deployed template).
    pub changed: Vec<String>,
    /// The resolved new value of each property in [`HotswapTarget::inputs`]; a property the
    /// new template leaves out is absent.
    pub values: IndexMap<String, Value>,
}

/// A future a [`HotswapTarget`] returns.
pub type HotswapFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<String>, ToolkitError>> + Send + 'a>>;

/// A resource type whose properties (some of them) can be updated through its service's API.
pub trait HotswapTarget: Send + Sync + fmt::Debug {
    /// The CloudFormation type (`AWS::Lambda::Function`).
    fn resource_type(&self) -> &'static str;

    /// The top-level properties it can update in place.
    fn properties(&self) -> &'static [&'static str];

    /// Whether this change of a hotswappable property can be made (`Err`: why not; a Lambda
    /// function's inline `ZipFile` code, say). Values are the templates', unresolved.
    fn check(
        &self,
        property: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) -> Result<(), String> {
        let _ = (property, old, new);
        Ok(())
    }

    /// The properties whose resolved values [`HotswapTarget::apply`] needs when `changed`
    /// changed (by default, those).
    fn inputs(&self, changed: &[String]) -> Vec<String> {
        changed.to_vec()
    }

    /// Makes the update through the service's API in the stack's region (`config`); returns
    /// the API operations called (`UpdateFunctionCode`, ...), each after it took effect.
    fn apply<'a>(
        &'a self,
        config: &'a aws_config::SdkConfig,
        update: &'a ResourceUpdate,
    ) -> HotswapFuture<'a>;
}

/// A short name of a property for people: `Code` of a function is its code, `Definition` of a
/// state machine its definition.
pub fn describe_property(resource_type: &str, property: &str) -> String {
    match (resource_type, property) {
        ("AWS::Lambda::Function", "Code") => "code".into(),
        ("AWS::Lambda::Function", "Environment") => "environment".into(),
        ("AWS::Lambda::Function", "Description") => "description".into(),
        ("AWS::StepFunctions::StateMachine", "Definition" | "DefinitionString") => {
            "definition".into()
        }
        ("AWS::StepFunctions::StateMachine", "DefinitionSubstitutions") => {
            "definition substitutions".into()
        }
        (_, p) => p.to_string(),
    }
}
