//! `diff`.

use std::process::ExitCode;

use cdk_core::App;
use clap::Args;
use serde_json::json;

use super::runtime::with_cfn;
use crate::aws::AwsOptions;
use crate::diff::diff;
use crate::select::select;

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// Stacks to compare (all by default).
    stacks: Vec<String>,
    /// Exit with 1 when there are differences.
    #[arg(long)]
    fail: bool,
}

pub(crate) fn run(app: &App, aws: &AwsOptions, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let assembly = app.synth()?;
    let stacks = select(&assembly, &args.stacks)?;
    let fail = args.fail;
    with_cfn(aws, |cfn| async move {
        let mut differences = false;
        for s in stacks {
            let deployed = match cfn.describe(&s.stack_name).await? {
                Some(_) => cfn.template(&s.stack_name).await?,
                None => json!({}),
            };
            let d = diff(&deployed, s.template());
            differences |= !d.is_empty();
            println!("Stack {}", s.stack_name);
            print!("{}", d.render());
            println!();
        }
        Ok(if fail && differences {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}
