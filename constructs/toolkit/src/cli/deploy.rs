//! `deploy`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use cdk_core::App;
use clap::Args;
use indexmap::IndexMap;

use super::confirm::{ask, can_ask};
use super::runtime::with_aws;
use super::GlobalOptions;
use crate::aws::AwsOptions;
use crate::cfn::Cfn;
use crate::deploy::{adopt, protect};
use crate::deploy::{
    deploy_all, plan, stage_templates, DeployMethod, DeployOptions, Outcome, Plan, RequireApproval,
    Staging,
};
use crate::progress::{Progress, ProgressMode};
use crate::select::with_dependencies;

#[derive(Args, Debug)]
pub(crate) struct DeployArgs {
    /// Stacks to deploy, with the stacks they depend on (all stacks by default).
    stacks: Vec<String>,
    /// Deploy every stack (the default when no stack is named).
    #[arg(long)]
    all: bool,
    /// Deploy only the named stacks, not the stacks they depend on.
    #[arg(short, long)]
    exclusively: bool,
    /// How to deploy.
    #[arg(long, value_enum, default_value = "change-set")]
    method: DeployMethod,
    /// How many independent stacks to deploy at once.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
    /// How to show progress (default: a bar on a terminal, event lines elsewhere).
    #[arg(long, value_enum)]
    progress: Option<ProgressMode>,
    /// Which IAM changes need approval before anything changes.
    #[arg(long, value_enum, default_value = "broadening")]
    require_approval: RequireApproval,
    /// Let this stateful resource (logical ID) be replaced or deleted; repeat for several.
    #[arg(long, value_name = "LOGICAL_ID")]
    allow_replacement: Vec<String>,
    /// Let every stateful resource be replaced or deleted.
    #[arg(long)]
    allow_data_loss: bool,
    /// Approve the changes that need approval (needed without a terminal).
    #[arg(short, long)]
    yes: bool,
    /// Name of the toolkit's stack (made by `bootstrap`), whose bucket takes large templates.
    #[arg(long, default_value = crate::bootstrap::DEFAULT_TOOLKIT_STACK)]
    toolkit_stack_name: String,
    /// Write the stacks' outputs to this file, as JSON.
    #[arg(long, value_name = "FILE")]
    outputs_file: Option<PathBuf>,
}

fn needs_approval(p: &Plan, mode: RequireApproval) -> bool {
    !p.unchanged
        && match mode {
            RequireApproval::Never => false,
            RequireApproval::AnyChange => !p.iam.is_empty(),
            RequireApproval::Broadening => p.iam.is_broadening(),
        }
}

fn approve(plans: &[Plan], args: &DeployArgs) -> anyhow::Result<()> {
    let pending: Vec<&Plan> = plans
        .iter()
        .filter(|p| needs_approval(p, args.require_approval))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    for p in &pending {
        eprintln!("Stack {}: IAM statement changes", p.artifact.stack_name);
        eprintln!("{}", p.iam.table());
    }
    let mode = clap::ValueEnum::to_possible_value(&args.require_approval)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    eprintln!("These IAM changes need approval (--require-approval {mode}).");
    if args.yes {
        return Ok(());
    }
    if !can_ask() {
        bail!("the IAM changes above need approval and there is no terminal to ask on: rerun with --yes to approve them, or --require-approval never. Nothing was changed");
    }
    if !ask("Do you wish to deploy these changes?") {
        bail!("deploy cancelled; nothing was changed");
    }
    Ok(())
}

pub(crate) fn run(
    name: &str,
    app: &App,
    global: &GlobalOptions,
    aws: &AwsOptions,
    args: &DeployArgs,
) -> anyhow::Result<ExitCode> {
    let assembly = app.synth()?;
    assembly.write_to(&global.output)?;
    let names: &[String] = if args.all { &[] } else { &args.stacks };
    let stacks: Vec<cdk_core::StackArtifact> =
        with_dependencies(&assembly, names, args.exclusively)?
            .into_iter()
            .cloned()
            .collect();
    if let Some(file) = &args.outputs_file {
        check_writable(file)?;
    }
    let mode = args.progress.unwrap_or_else(ProgressMode::detect);
    let options = DeployOptions {
        method: args.method,
        concurrency: usize::from(args.concurrency),
        allow_replacement: args.allow_replacement.clone(),
        allow_data_loss: args.allow_data_loss,
    };
    with_aws(aws, |config| async move {
        let cfn = Cfn::new(&config);
        let mut plans = Vec::with_capacity(stacks.len());
        for s in &stacks {
            plans.push(plan(&cfn, s).await?);
        }
        let mut probes = None;
        for p in plans.iter_mut().filter(|p| p.creates_stack()) {
            let template = p.artifact.template();
            p.unadoptable = adopt::unadoptable(template);
            let candidates = adopt::candidates(template);
            if candidates.is_empty() {
                continue;
            }
            let probes = probes.get_or_insert_with(|| adopt::Probes::new(&config));
            (p.adopt, p.auto_import) = adopt::sort_by_presence(probes, candidates).await?;
        }
        let refusals: Vec<String> = plans
            .iter()
            .filter_map(|p| {
                let losses = protect::not_allowed(
                    p.data_loss.clone(),
                    &options.allow_replacement,
                    options.allow_data_loss,
                );
                (!losses.is_empty()).then(|| protect::refusal(&p.artifact.stack_name, &losses))
            })
            .collect();
        if !refusals.is_empty() {
            anyhow::bail!("{}", refusals.join("\n"));
        }
        approve(&plans, args)?;
        if plans
            .iter()
            .any(|p| p.artifact.requires_upload && !p.unchanged)
        {
            let staging = Staging::new(&config, &args.toolkit_stack_name);
            stage_templates(&cfn, &staging, &mut plans, name).await?;
        }
        let progress = Progress::new(mode, plans.len());
        let started = std::time::Instant::now();
        let results = deploy_all(&cfn, plans, &options, progress).await;
        eprintln!(
            "{} CloudFormation API calls ({} writes) in {:.2} s",
            cfn.stats().reads() + cfn.stats().writes(),
            cfn.stats().writes(),
            started.elapsed().as_secs_f64()
        );
        report(&results, args.outputs_file.as_ref())
    })
}

fn check_writable(file: &std::path::Path) -> anyhow::Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        bail!(
            "cannot write the outputs file {}: directory {} does not exist",
            file.display(),
            dir.display()
        );
    }
    if file.is_dir() {
        bail!(
            "cannot write the outputs file {}: it is a directory",
            file.display()
        );
    }
    Ok(())
}

fn report(
    results: &IndexMap<String, (Plan, Result<Outcome, String>)>,
    outputs_file: Option<&PathBuf>,
) -> anyhow::Result<ExitCode> {
    let mut all_outputs: IndexMap<String, IndexMap<String, String>> = IndexMap::new();
    let mut failures = Vec::new();
    for (plan, result) in results.values() {
        let name = plan.artifact.stack_name.clone();
        match result {
            Ok(outcome) => {
                all_outputs.insert(name, outcome.outputs().clone());
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    let shown: Vec<(String, &String, &String)> = all_outputs
        .iter()
        .flat_map(|(stack, outs)| {
            outs.iter()
                .filter(|(k, _)| !k.starts_with("ExportsOutput"))
                .map(move |(k, v)| (stack.clone(), k, v))
        })
        .collect();
    if !shown.is_empty() {
        println!("Outputs:");
        for (stack, k, v) in shown {
            println!("  {stack}.{k} = {v}");
        }
    }
    if let Some(file) = outputs_file {
        let text = serde_json::to_string_pretty(&all_outputs)?;
        std::fs::write(file, text + "\n")
            .with_context(|| format!("cannot write the outputs file {}", file.display()))?;
        eprintln!("Outputs written to {}", file.display());
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for f in &failures {
            eprintln!("error: {f}");
        }
        Ok(ExitCode::FAILURE)
    }
}
