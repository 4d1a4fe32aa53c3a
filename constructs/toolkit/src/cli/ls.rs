//! `ls`.

use std::process::ExitCode;

use cdk_core::App;
use clap::Args;

#[derive(Args, Debug)]
pub(crate) struct LsArgs {
    /// Also show each stack's construct path, template size and resources.
    #[arg(short, long)]
    long: bool,
}

pub(crate) fn run(app: &App, args: &LsArgs) -> anyhow::Result<ExitCode> {
    let assembly = app.synth()?;
    for s in assembly.deployment_order() {
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
            let resources = s.template["Resources"].as_object().map_or(0, |r| r.len());
            println!("  path: {}", s.construct_path);
            println!(
                "  template: {} ({} bytes, {} resources)",
                s.template_file,
                s.template_json.len(),
                resources
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
