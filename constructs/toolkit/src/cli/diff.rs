//! `diff`.

use std::process::ExitCode;

use clap::Args;

use super::render::RenderArgs;
use super::runtime::with_aws;
use super::source::SourceArgs;
use crate::assembly::Assembly;
use crate::aws::AwsOptions;
use crate::engine::{DiffOptions, Toolkit};

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// Stacks to compare (all by default).
    stacks: Vec<String>,
    /// Exit with 1 when there are differences.
    #[arg(long)]
    fail: bool,
    /// A parameter value a deploy would be given (STACK:NAME=VALUE or NAME=VALUE, repeatable):
    /// one that differs from the deployed value is a difference. NoEcho values are never shown.
    #[arg(long = "parameters", value_name = "[STACK:]NAME=VALUE")]
    parameters: Vec<String>,
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    #[command(flatten)]
    render: RenderArgs,
}

pub(crate) fn run(
    name: &str,
    assembly: Assembly,
    aws: &AwsOptions,
    args: &DiffArgs,
) -> anyhow::Result<ExitCode> {
    let selected = assembly.select(&args.stacks)?;
    let parameters = super::deploy::parse_parameters(&args.parameters)?;
    parameters.check(&assembly, &selected)?;
    let options = DiffOptions::default()
        .stacks(args.stacks.clone())
        .parameters(parameters);
    let renderer = args.render.renderer();
    let fail = args.fail;
    with_aws(aws, |config| async move {
        let toolkit = Toolkit::new(&config)
            .events(renderer.events())
            .bootstrap_command(format!("{name} bootstrap"));
        let report = toolkit.diff(&assembly, &options).await?;
        Ok(if fail && report.has_differences() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}
