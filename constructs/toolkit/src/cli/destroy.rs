//! `destroy`.

use std::process::ExitCode;

use anyhow::bail;
use cdk_core::App;
use clap::Args;

use super::confirm::{ask, can_ask};
use super::runtime::with_aws;
use crate::aws::AwsOptions;
use crate::cfn::Cfn;
use crate::destroy::{destroy_stack, DestroyOutcome, RetainedResource};
use crate::destroy_data::{delete_table, retained_tables, DataTable};
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
    /// Also delete the tables kept by their Retain policy, and their items (after a
    /// confirmation naming each table and its item count; `--force` gives it).
    #[arg(long)]
    include_data: bool,
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
    let list: Vec<String> = stacks.iter().map(|s| s.stack_name.clone()).collect();
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    let (force, include_data) = (args.force, args.include_data);
    with_aws(aws, |config| async move {
        let cfn = Cfn::new(&config);
        let dynamodb = aws_sdk_dynamodb::Client::new(&config);
        let tables = if include_data {
            retained_tables(&cfn, &dynamodb, &list).await?
        } else {
            Vec::new()
        };
        let mut question = format!("Are you sure you want to delete: {}?", list.join(", "));
        if !tables.is_empty() {
            let named: Vec<String> = tables
                .iter()
                .map(|t| format!("table {} ({} items)", t.name, t.items))
                .collect();
            question = format!(
                "Are you sure you want to delete {} and, with --include-data, {} for good?",
                list.join(", "),
                named.join(", ")
            );
            eprintln!("--include-data also deletes {}", named.join(", "));
        }
        if !force {
            if !can_ask() {
                bail!(
                    "refusing to destroy {} without confirmation: there is no terminal to ask on; pass --force",
                    list.join(", ")
                );
            }
            if !ask(&question) {
                bail!("destroy cancelled; nothing was deleted");
            }
        }
        let retained = destroy_all(&cfn, &stacks, mode).await?;
        print_retained(&retained, &tables);
        for t in &tables {
            delete_table(&dynamodb, &t.name).await?;
            println!(
                "Deleted table {} and its {} items (--include-data)",
                t.name, t.items
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Deletes the stacks in order; returns the resources their Retain policies kept.
async fn destroy_all(
    cfn: &Cfn,
    stacks: &[cdk_core::StackArtifact],
    mode: ProgressMode,
) -> anyhow::Result<Vec<RetainedResource>> {
    let progress = Progress::new(mode, stacks.len());
    let started = std::time::Instant::now();
    let mut retained = Vec::new();
    for s in stacks {
        let resources = s.template()["Resources"].as_object().map_or(0, |r| r.len());
        let sp = progress.stack(&s.stack_name, resources as u64);
        match destroy_stack(cfn, s, &sp).await? {
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
    Ok(retained)
}

fn print_retained(retained: &[RetainedResource], deleting: &[DataTable]) {
    let kept: Vec<&RetainedResource> = retained
        .iter()
        .filter(|r| !deleting.iter().any(|t| t.name == r.physical_id))
        .collect();
    if kept.is_empty() {
        return;
    }
    println!("Retained resources (kept by their Retain policy; delete them yourself if you no longer need them):");
    for r in kept {
        println!(
            "  {} {} ({}, from stack {})",
            r.resource_type, r.physical_id, r.logical_id, r.stack
        );
        if r.resource_type == "AWS::DynamoDB::Table" {
            println!(
                "    its items are still there; to delete it: aws dynamodb delete-table --table-name {} (or destroy --include-data)",
                r.physical_id
            );
        }
    }
}
