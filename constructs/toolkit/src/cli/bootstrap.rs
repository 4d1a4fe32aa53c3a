//! `bootstrap`.

use std::process::ExitCode;

use clap::Args;

use super::render::RenderArgs;
use super::runtime::with_aws;
use crate::aws::AwsOptions;
use crate::bootstrap::{BUCKET_OUTPUT, DEFAULT_TOOLKIT_STACK};
use crate::engine::Toolkit;

#[derive(Args, Debug)]
pub(crate) struct BootstrapArgs {
    /// Name of the toolkit's stack.
    #[arg(long, default_value = DEFAULT_TOOLKIT_STACK)]
    toolkit_stack_name: String,
    #[command(flatten)]
    render: RenderArgs,
}

pub(crate) fn run(aws: &AwsOptions, args: &BootstrapArgs) -> anyhow::Result<ExitCode> {
    let renderer = args.render.renderer();
    let stack = args.toolkit_stack_name.clone();
    with_aws(aws, |config| async move {
        let toolkit = Toolkit::new(&config).events(renderer.events());
        let report = toolkit.bootstrap(&stack).await?;
        let outcome = match report.stack(&stack) {
            Some(Ok(outcome)) => outcome,
            Some(Err(e)) => return Err(anyhow::anyhow!("{e}")),
            None => anyhow::bail!("the toolkit stack {stack} was not deployed"),
        };
        if !renderer.is_json() {
            match outcome.outputs().get(BUCKET_OUTPUT) {
                Some(bucket) => println!("Staging bucket: {bucket} (stack {stack})"),
                None => println!("Stack {stack} is ready"),
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
