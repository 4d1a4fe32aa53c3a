//! Step Functions: starting executions, following their history, describing machines.

mod client;
mod follow;
mod input;
mod locate;

pub use client::{format_date, seconds_between, ExecutionInfo, MachineInfo, Sfn};
pub use follow::{branches, follow, statuses, Step};
pub use input::{execution_name, parse_input, ExecutionInput, NoInput};
pub use locate::{
    deployed_arn, machine_definition, single_output, state_machine_outputs, MachineOutput,
};
