//! `destroy`: flags to [`DestroyOptions`], the engine's events to the terminal, and what its
//! Retain policies kept.

use std::process::ExitCode;

use clap::Args;

use super::confirm::{ask, can_ask};
use super::render::RenderArgs;
use super::runtime::with_aws;
use super::source::SourceArgs;
use crate::assembly::{Assembly, StackSelection};
use crate::aws::AwsOptions;
use crate::destroy_data::{DataStore, StoreKind};
use crate::engine::{Approval, ApprovalRequest, Decision, DestroyOptions, DestroyReport, Toolkit};

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
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    #[command(flatten)]
    render: RenderArgs,
}

/// `--force`, or a question on the terminal when there is one.
fn approval(force: bool) -> Approval {
    if force {
        return Approval::Approve;
    }
    Approval::ask(|request| {
        match request {
        ApprovalRequest::Destroy { stacks, .. } if !can_ask() => Decision::Refuse(format!(
            "refusing to destroy {} without confirmation: there is no terminal to ask on; pass --force",
            stacks.join(", ")
        )),
        ApprovalRequest::Destroy { stacks, stores } => {
            let question = if stores.is_empty() {
                format!("Are you sure you want to delete: {}?", stacks.join(", "))
            } else {
                let named: Vec<String> = stores.iter().map(DataStore::label).collect();
                format!(
                    "Are you sure you want to delete {} and, with --include-data, {} for good?",
                    stacks.join(", "),
                    named.join(", ")
                )
            };
            if ask(&question) {
                Decision::Approve
            } else {
                Decision::Refuse("destroy cancelled; nothing was deleted".into())
            }
        }
        _ => Decision::Approve,
    }
    })
}

pub(crate) fn run(
    assembly: Assembly,
    aws: &AwsOptions,
    args: &DestroyArgs,
) -> anyhow::Result<ExitCode> {
    let names = if args.all {
        Vec::new()
    } else {
        args.stacks.clone()
    };
    let mut stacks = StackSelection::named(names);
    stacks.exclusively = args.exclusively;
    assembly.with_dependents(&stacks)?;
    let options = DestroyOptions::default()
        .stacks(stacks)
        .include_data(args.include_data)
        .approval(approval(args.force));
    let renderer = args.render.renderer();
    with_aws(aws, |config| async move {
        let toolkit = Toolkit::new(&config).events(renderer.events());
        let report = toolkit.destroy(&assembly, &options).await?;
        if !renderer.is_json() {
            print_retained(&report);
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn print_retained(report: &DestroyReport) {
    let left = report.retained();
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
                && !report.kept_stores.iter().any(|k| k.name == r.physical_id) =>
            {
                println!("    it holds data; it is still there")
            }
            None => {}
        }
    }
}
