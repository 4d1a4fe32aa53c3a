//! `bootstrap`.

use std::process::ExitCode;

use clap::Args;

use super::runtime::with_cfn;
use crate::aws::AwsOptions;
use crate::bootstrap::{toolkit_assembly, BUCKET_OUTPUT, DEFAULT_TOOLKIT_STACK};
use crate::deploy::{deploy_stack, plan, DeployOptions};
use crate::progress::{Progress, ProgressMode};

#[derive(Args, Debug)]
pub(crate) struct BootstrapArgs {
    /// Name of the toolkit's stack.
    #[arg(long, default_value = DEFAULT_TOOLKIT_STACK)]
    toolkit_stack_name: String,
    /// How to show progress (default: a bar on a terminal, event lines elsewhere).
    #[arg(long, value_enum)]
    progress: Option<ProgressMode>,
}

pub(crate) fn run(aws: &AwsOptions, args: &BootstrapArgs) -> anyhow::Result<ExitCode> {
    let assembly = toolkit_assembly(&args.toolkit_stack_name)?;
    let artifact = assembly
        .stack(&args.toolkit_stack_name)
        .cloned()
        .expect("the toolkit assembly has its one stack");
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    with_cfn(aws, |cfn| async move {
        let p = plan(&cfn, &artifact).await?;
        let progress = Progress::new(mode, 1);
        let sp = progress.stack(&artifact.stack_name, 2);
        let outcome = deploy_stack(&cfn, &p, &DeployOptions::default(), &sp).await?;
        match outcome.outputs().get(BUCKET_OUTPUT) {
            Some(bucket) => println!("Staging bucket: {bucket} (stack {})", artifact.stack_name),
            None => println!("Stack {} is ready", artifact.stack_name),
        }
        Ok(ExitCode::SUCCESS)
    })
}
