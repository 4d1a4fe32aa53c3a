//! The toolkit: everything that happens to an app after it is built. It holds the CLI that
//! every app mounts with one call, and (in later modules) all AWS I/O.
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

pub mod cli;
pub mod select;
