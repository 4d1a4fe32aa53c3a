//! `synth`.

use std::process::ExitCode;
use std::time::Instant;

use cdk_core::{App, StackArtifact};
use clap::Args;

use super::GlobalOptions;

/// `synth`'s own arguments.
#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Stacks whose templates to print on standard output (all are written either way).
    stacks: Vec<String>,
    /// Do not print the summary.
    #[arg(short, long)]
    quiet: bool,
    /// Fail (and write nothing) when a construct left a warning.
    #[arg(long)]
    strict: bool,
}

/// Builds the app's assets (unless `--no-build`), synthesizes the app, writes the cloud
/// assembly to `--output` and prints the templates asked for and a summary.
pub fn run(app: &App, global: &GlobalOptions, args: &SynthArgs) -> anyhow::Result<ExitCode> {
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
    let is_named = |s: &&StackArtifact| {
        args.stacks
            .iter()
            .any(|n| *n == s.stack_name || *n == s.artifact_id)
    };
    if let Some(name) = args.stacks.iter().find(|n| {
        !assembly
            .stacks
            .iter()
            .any(|s| s.stack_name == **n || s.artifact_id == **n)
    }) {
        let known: Vec<&str> = assembly
            .stacks
            .iter()
            .map(|s| s.stack_name.as_str())
            .collect();
        anyhow::bail!(
            "no stack named '{name}' in this app; its stacks are: {}",
            known.join(", ")
        );
    }
    let chosen: Vec<&StackArtifact> = if args.stacks.is_empty() {
        Vec::new()
    } else {
        assembly
            .deployment_order()
            .into_iter()
            .filter(is_named)
            .collect()
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
