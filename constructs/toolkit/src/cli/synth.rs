//! `synth`.

use std::process::ExitCode;
use std::time::Instant;

use cdk_core::App;
use clap::Args;

use super::GlobalOptions;
use crate::assembly::Assembly;

#[derive(Args, Debug)]
pub(crate) struct SynthArgs {
    /// Stacks whose templates to print on standard output (all are written either way).
    stacks: Vec<String>,
    /// Do not print the summary.
    #[arg(short, long)]
    quiet: bool,
    /// Fail (and write nothing) when a construct left a warning.
    #[arg(long)]
    strict: bool,
}

pub(crate) fn run(app: &App, global: &GlobalOptions, args: &SynthArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    super::prepare::assets(app, global.no_build)?;
    let assembly = app.synth()?;
    let warnings = super::messages::print(&assembly);
    if args.strict && warnings > 0 {
        anyhow::bail!(
            "{warnings} warning{} (above); --strict fails on warnings",
            if warnings == 1 { "" } else { "s" }
        );
    }
    let named = if args.stacks.is_empty() {
        None
    } else {
        Some(Assembly::from(&assembly))
    };
    let chosen = match &named {
        Some(a) => a.select(&args.stacks)?,
        None => Vec::new(),
    };
    assembly.write_to(&global.output)?;
    let elapsed = started.elapsed();
    for s in &chosen {
        println!("{}", s.template_json);
    }
    if !args.quiet {
        let dir = global.output.display();
        eprintln!(
            "Synthesized {} stack{} to {dir}/ in {} ms:",
            assembly.stacks.len(),
            if assembly.stacks.len() == 1 { "" } else { "s" },
            elapsed.as_millis()
        );
        for s in assembly.deployment_order() {
            eprintln!(
                "  {:<20} {dir}/{} ({} bytes)",
                s.stack_name,
                s.template_file,
                s.template_json.len()
            );
            if s.requires_upload {
                eprintln!(
                    "    note: over 51,200 bytes; deploying it needs the staging bucket (run `bootstrap` once)"
                );
            }
        }
        eprintln!("  manifest: {dir}/manifest.json, tree: {dir}/tree.json");
    }
    Ok(ExitCode::SUCCESS)
}
