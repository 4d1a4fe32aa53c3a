//! The Step Functions verbs, for apps with a state machine: `run`, `watch`, `describe`,
//! `executions`, `graph` and `simulate`, mounted next to the toolkit's own verbs.
//!
//! `run` of an Express state machine waits for its result through `StartSyncExecution`;
//! `simulate` runs the app's state machine offline with `cdk-sfn-simulator`, its tasks'
//! results mocked in a Step Functions Local mock file.
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
mod execute;
mod follow;
pub mod graph;
mod hotswap;
mod input;
mod locate;
mod simulate;

pub use cli::StepFunctionsVerbs;
pub use client::{
    format_date, is_express_execution, seconds_between, ExecutionInfo, MachineInfo, Sfn,
    SYNC_READ_TIMEOUT,
};
pub use error::SfnError;
pub use execute::{
    check_has_history, express_machine_arn, express_note, list_executions, start_execution, Started,
};
pub use follow::{branches, follow, statuses, Step};
pub use hotswap::{definition, StateMachines};
pub use input::{
    check_input_size, execution_name, parse_input, ExecutionInput, NoInput, MAX_INPUT_BYTES,
};
pub use locate::{
    deployed_arn, express_in_template, machine_definition, single_output, state_machine_outputs,
    MachineOutput,
};
pub use simulate::{
    app_machines, choose_machine, json_lines, path_lines, read_mock_config, resolve_test_case,
    simulate_machine, AppMachine,
};
