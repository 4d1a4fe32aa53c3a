//! The verbs an app with a state machine mounts: [`StepFunctionsVerbs`], flattened next to the
//! toolkit's (`cdk_toolkit::cli::run_with::<Settings, StepFunctionsVerbs<Input>>`). `Input`
//! is the app's own typed flags for `run` ([`ExecutionInput`]; [`NoInput`] for none).

mod describe;
mod graph;
mod interrupt;
mod run;
mod simulate;

use std::process::ExitCode;

use cdk_toolkit::cli::{Context, Verbs};
use clap::Subcommand;

pub use describe::{DescribeArgs, ExecutionsArgs};
pub use graph::{Format, GraphArgs};
pub use run::{RunArgs, WatchArgs};
pub use simulate::SimulateArgs;

use crate::input::{ExecutionInput, NoInput};

/// `run`, `watch`, `describe`, `executions`, `graph` and `simulate`.
#[derive(Subcommand, Debug)]
pub enum StepFunctionsVerbs<R: ExecutionInput = NoInput> {
    /// Start an execution of the deployed state machine and follow it to its end.
    Run(RunArgs<R>),
    /// Follow an execution that is already running.
    Watch(WatchArgs),
    /// Describe the deployed state machine and its definition.
    Describe(DescribeArgs),
    /// List the state machine's recent executions.
    Executions(ExecutionsArgs),
    /// Draw the state machine (Mermaid, DOT or SVG), offline; coloured by an execution's states.
    Graph(GraphArgs),
    /// Run the state machine offline with mocked task results (a Step Functions Local mock
    /// file), and print the path it took and its output; no AWS access.
    Simulate(SimulateArgs<R>),
}

impl<R: ExecutionInput> Verbs for StepFunctionsVerbs<R> {
    /// State machines' definitions, for `deploy --hotswap`.
    fn hotswap_targets() -> Vec<std::sync::Arc<dyn cdk_toolkit::hotswap::HotswapTarget>> {
        vec![std::sync::Arc::new(crate::hotswap::StateMachines::new())]
    }

    fn run(&self, context: &Context<'_>) -> anyhow::Result<ExitCode> {
        match self {
            StepFunctionsVerbs::Run(args) => run::run(context, args),
            StepFunctionsVerbs::Watch(args) => run::watch(context, args),
            StepFunctionsVerbs::Describe(args) => describe::describe(context, args),
            StepFunctionsVerbs::Executions(args) => describe::executions(context, args),
            StepFunctionsVerbs::Graph(args) => graph::run(context, args),
            StepFunctionsVerbs::Simulate(args) => simulate::simulate(context, args),
        }
    }
}
