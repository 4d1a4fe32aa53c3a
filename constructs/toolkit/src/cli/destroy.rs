//! `destroy`.

use std::process::ExitCode;

use anyhow::bail;
use cdk_core::App;
use clap::Args;

use super::confirm::{ask, can_ask};
use super::runtime::with_cfn;
use crate::aws::AwsOptions;
use crate::destroy::{destroy_stack, DestroyOutcome};
use crate::progress::{Progress, ProgressMode};
use crate::select::with_dependents;

#[derive(Args, Debug)]
pub(crate) struct DestroyArgs {
    /// Stacks to delete, with the stacks that depend on them (all stacks by default).
    stacks: Vec<String>,
    /// Delete every stack (the default when no stack is named).
    #[arg(long)]
    all: bool,
    /// Delete only the named stacks, not the stacks that depend on them.
    #[arg(short, long)]
    exclusively: bool,
    /// Do not ask for confirmation (needed without a terminal).
    #[arg(short, long)]
    force: bool,
    /// How to show progress (default: a bar on a terminal, event lines elsewhere).
    #[arg(long, value_enum)]
    progress: Option<ProgressMode>,
}

pub(crate) fn run(
    _name: &str,
    app: &App,
    aws: &AwsOptions,
    args: &DestroyArgs,
) -> anyhow::Result<ExitCode> {
    let assembly = app.synth()?;
    let names: &[String] = if args.all { &[] } else { &args.stacks };
    let stacks: Vec<cdk_core::StackArtifact> = with_dependents(&assembly, names, args.exclusively)?
        .into_iter()
        .cloned()
        .collect();
    let list: Vec<&str> = stacks.iter().map(|s| s.stack_name.as_str()).collect();
    if !args.force {
        if !can_ask() {
            bail!(
                "refusing to destroy {} without confirmation: there is no terminal to ask on; pass --force",
                list.join(", ")
            );
        }
        if !ask(&format!(
            "Are you sure you want to delete: {}?",
            list.join(", ")
        )) {
            bail!("destroy cancelled; nothing was deleted");
        }
    }
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    with_cfn(aws, |cfn| async move {
        let progress = Progress::new(mode, stacks.len());
        let started = std::time::Instant::now();
        let mut retained = Vec::new();
        for s in &stacks {
            let sp = progress.stack(
                &s.stack_name,
                s.template()["Resources"].as_object().map_or(0, |r| r.len()) as u64,
            );
            match destroy_stack(&cfn, s, &sp).await? {
                DestroyOutcome::Absent => {
                    println!("Stack {} does not exist; nothing to destroy", s.stack_name)
                }
                DestroyOutcome::Deleted { retained: kept } => {
                    println!("Stack {} destroyed", s.stack_name);
                    retained.extend(kept);
                }
            }
        }
        eprintln!(
            "{} CloudFormation API calls ({} writes) in {:.2} s",
            cfn.stats().reads() + cfn.stats().writes(),
            cfn.stats().writes(),
            started.elapsed().as_secs_f64()
        );
        if !retained.is_empty() {
            println!("Retained resources (kept by their Retain policy; delete them yourself if you no longer need them):");
            for r in retained {
                println!(
                    "  {} {} ({}, from stack {})",
                    r.resource_type, r.physical_id, r.logical_id, r.stack
                );
                if r.resource_type == "AWS::DynamoDB::Table" {
                    println!("    its items are still there; to delete it: aws dynamodb delete-table --table-name {}", r.physical_id);
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
