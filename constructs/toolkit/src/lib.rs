//! The toolkit: everything that happens to an app after it is built, in three layers.
//!
//! - The **engine** ([`engine::Toolkit`]) deploys, diffs and destroys the stacks of an
//!   [`assembly::Assembly`] through the CloudFormation API: it plans, guards data, asks for
//!   approval through a policy or a callback, stages large templates and deploys in dependency
//!   order with bounded concurrency. It reports each step as a typed [`engine::Event`] and
//!   fails with a typed [`ToolkitError`].
//! - The **pieces** it is made of, usable alone: [`cfn`] (calls, typed statuses, event
//!   streams), [`deploy`] (plans, data protection, adoption, staging), [`diff`], [`destroy`],
//!   [`destroy_data`], [`bootstrap`], [`aws`] (configuration, error classification, call
//!   tracing).
//! - The **CLI** ([`cli`]) that every app mounts with one call: it parses flags and renders
//!   the engine's events (bars, lines or JSON).
//!
//! ```no_run
//! use cdk_core::{App, Stack};
//!
//! #[derive(clap::Args)]
//! struct Settings {
//!     /// Name of the only stack.
//!     #[arg(long, global = true, default_value = "Hello")]
//!     stack_name: String,
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     cdk_toolkit::cli::run::<Settings>("hello-app", |s| {
//!         let app = App::new();
//!         Stack::new(&app, &s.stack_name)?;
//!         Ok(app)
//!     })
//! }
//! ```

#![warn(missing_docs)]

pub mod assembly;
pub use cdk_synth::assets;
pub mod aws;
pub mod bootstrap;
pub mod cfn;
pub mod cli;
pub mod deploy;
pub mod destroy;
pub mod destroy_data;
pub mod diff;
pub mod engine;
mod error;
pub mod hotswap;

pub use engine::Toolkit;
pub use error::{
    AwsErrorKind, DataLossRefusal, ExportInUse, FailedResource, HotswapRefusal, StackFailure,
    ToolkitError,
};
