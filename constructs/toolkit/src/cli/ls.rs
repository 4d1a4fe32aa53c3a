//! `ls`.

use std::process::ExitCode;

use cdk_core::App;
use clap::Args;

use super::runtime::with_aws;
use crate::assembly::Assembly;
use crate::aws::AwsOptions;
use crate::engine::Toolkit;

#[derive(Args, Debug)]
pub(crate) struct LsArgs {
    /// Also show each stack's environment, template and deployed status, read in its own
    /// region (this reads AWS).
    #[arg(short, long)]
    long: bool,
}

pub(crate) fn run(app: &App, aws: &AwsOptions, args: &LsArgs) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(&app.synth()?);
    let order = assembly.deployment_order();
    let statuses = if args.long {
        let stacks: Vec<_> = order.iter().map(|s| (*s).clone()).collect();
        let mut out = Vec::new();
        let collected = &mut out;
        with_aws(aws, |config| async move {
            let toolkit = Toolkit::new(&config);
            for s in &stacks {
                let status = match &s.environment.account {
                    Some(account) => {
                        let credentials = toolkit.credentials_account().await?;
                        if *account != credentials {
                            collected.push(format!(
                                "not read: the stack is pinned to account {account} and the credentials are for account {credentials}"
                            ));
                            continue;
                        }
                        toolkit.describe(s).await?
                    }
                    None => toolkit.describe(s).await?,
                };
                collected.push(match status {
                    Some(info) => format!("{} (in {})", info.status, toolkit.region_of(s)),
                    None => format!("not deployed (in {})", toolkit.region_of(s)),
                });
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
            println!("  path: {}", s.construct_path);
            println!("  environment: {}", s.environment);
            println!(
                "  template: {} ({} bytes, {} resources)",
                s.template_file,
                s.template_json.len(),
                s.resource_count()
            );
            println!(
                "  status: {}",
                statuses.get(i).map_or("unknown", String::as_str)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
