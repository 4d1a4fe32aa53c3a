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
use crate::destroy_data::{
    delete_store, retained_stores, DataClients, DataStore, KeptStore, StoreKind,
};
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
    /// Also delete the data stores kept by their Retain policy with what they hold: DynamoDB
    /// tables and their items, S3 buckets and every object version (after a confirmation
    /// naming each store and what it holds; `--force` gives it).
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
        let clients = DataClients::new(&config);
        let (stores, kept) = if include_data {
            retained_stores(&cfn, &clients, &list).await?
        } else {
            (Vec::new(), Vec::new())
        };
        let mut question = format!("Are you sure you want to delete: {}?", list.join(", "));
        if !stores.is_empty() {
            let named: Vec<String> = stores.iter().map(DataStore::label).collect();
            question = format!(
                "Are you sure you want to delete {} and, with --include-data, {} for good?",
                list.join(", "),
                named.join(", ")
            );
            eprintln!("--include-data also deletes {}", named.join(", "));
        }
        for k in &kept {
            eprintln!(
                "--include-data cannot delete {} {} ({}, from stack {}): it holds data and stays; delete it yourself if you no longer need it",
                k.resource_type, k.name, k.logical_id, k.stack
            );
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
        print_retained(&retained, &stores, &kept);
        for store in &stores {
            delete_store(&clients, store).await.map_err(|e| {
                anyhow::anyhow!(
                    "{e}; its stack is destroyed and the store is kept: run destroy --include-data again, or delete it yourself"
                )
            })?;
            println!(
                "Deleted {} {} and its {} (--include-data)",
                store.kind.noun(),
                store.name,
                store.contents
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

fn print_retained(retained: &[RetainedResource], deleting: &[DataStore], kept: &[KeptStore]) {
    let left: Vec<&RetainedResource> = retained
        .iter()
        .filter(|r| !deleting.iter().any(|d| d.name == r.physical_id))
        .collect();
    if left.is_empty() {
        return;
    }
    println!("Retained resources (kept by their Retain policy; delete them yourself if you no longer need them):");
    for r in left {
        println!(
            "  {} {} ({}, from stack {})",
            r.resource_type, r.physical_id, r.logical_id, r.stack
        );
        match StoreKind::of(&r.resource_type) {
            Some(StoreKind::Table) => println!(
                "    its items are still there; to delete it: aws dynamodb delete-table --table-name {} (or destroy --include-data)",
                r.physical_id
            ),
            Some(StoreKind::Bucket) => println!(
                "    its objects are still there; to delete it, every object version first: destroy --include-data"
            ),
            None if cdk_cfn::registry::is_stateful(&r.resource_type)
                && !kept.iter().any(|k| k.name == r.physical_id) =>
            {
                println!("    it holds data; it is still there")
            }
            None => {}
        }
    }
}
