//! The toolkit: everything that happens to an app after it is built. It holds the CLI that
//! every app mounts with one call, and all AWS I/O: deploy, diff, destroy, run.
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

pub mod aws;
pub mod bootstrap;
pub mod cfn;
pub mod cli;
pub mod deploy;
pub mod destroy;
pub mod destroy_data;
pub mod diff;
pub mod graph;
pub mod progress;
pub mod select;
pub mod sfn;
