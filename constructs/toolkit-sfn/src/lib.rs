//! The Step Functions verbs, for apps with a state machine: `run`, `watch`, `describe`,
//! `executions` and `graph`, mounted next to the toolkit's own verbs.
//!
//! ```no_run
//! use cdk_core::App;
//! use cdk_toolkit_sfn::{NoInput, StepFunctionsVerbs};
//!
//! fn main() -> std::process::ExitCode {
//!     cdk_toolkit::cli::run_with::<cdk_toolkit::cli::NoSettings, StepFunctionsVerbs<NoInput>>(
//!         "my-app",
//!         |_| Ok(App::new()),
//!     )
//! }
//! ```
//!
//! An app without a state machine mounts nothing of this crate, and links neither the Step
//! Functions SDK nor the graph layout.

#![warn(missing_docs)]

pub mod cli;
mod client;
mod error;
mod follow;
pub mod graph;
mod input;
mod locate;

pub use cli::StepFunctionsVerbs;
pub use client::{format_date, seconds_between, ExecutionInfo, MachineInfo, Sfn};
pub use error::SfnError;
pub use follow::{branches, follow, statuses, Step};
pub use input::{execution_name, parse_input, ExecutionInput, NoInput};
pub use locate::{
    deployed_arn, machine_definition, single_output, state_machine_outputs, MachineOutput,
};
