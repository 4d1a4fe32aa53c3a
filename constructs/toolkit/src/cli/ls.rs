//! `ls`.

use std::process::ExitCode;

use cdk_core::App;
use clap::Args;

use super::runtime::with_cfn;
use crate::aws::AwsOptions;

#[derive(Args, Debug)]
pub(crate) struct LsArgs {
    /// Also show each stack's template and its deployed status (this reads AWS).
    #[arg(short, long)]
    long: bool,
}

pub(crate) fn run(app: &App, aws: &AwsOptions, args: &LsArgs) -> anyhow::Result<ExitCode> {
    let assembly = app.synth()?;
    let order = assembly.deployment_order();
    let statuses = if args.long {
        let names: Vec<String> = order.iter().map(|s| s.stack_name.clone()).collect();
        let mut out = Vec::new();
        let collected = &mut out;
        with_cfn(aws, |cfn| async move {
            for n in &names {
                let status = match cfn.describe(n).await? {
                    Some(s) => s.status.to_string(),
                    None => "not deployed".to_string(),
                };
                collected.push(status);
            }
            Ok(ExitCode::SUCCESS)
        })?;
        out
    } else {
        Vec::new()
    };
    for (i, s) in order.iter().enumerate() {
        let deps: Vec<&str> = s
            .dependencies
            .iter()
            .filter_map(|d| assembly.stack(d).map(|a| a.stack_name.as_str()))
            .collect();
        if deps.is_empty() {
            println!("{}", s.stack_name);
        } else {
            println!("{} (depends on {})", s.stack_name, deps.join(", "));
        }
        if args.long {
            let resources = s.template()["Resources"].as_object().map_or(0, |r| r.len());
            println!("  path: {}", s.construct_path);
            println!(
                "  template: {} ({} bytes, {} resources)",
                s.template_file,
                s.template_json.len(),
                resources
            );
            println!(
                "  status: {}",
                statuses.get(i).map_or("unknown", String::as_str)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
