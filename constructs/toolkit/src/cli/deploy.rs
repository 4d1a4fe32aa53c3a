//! `deploy`: flags to [`DeployOptions`], the engine's events to the terminal, its report to
//! outputs and an exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::Args;
use indexmap::IndexMap;

use super::confirm::{ask, can_ask};
use super::render::RenderArgs;
use super::runtime::with_aws;
use super::source::SourceArgs;
use crate::assembly::{Assembly, StackSelection};
use crate::aws::AwsOptions;
use crate::deploy::parameters::Parameters;
use crate::deploy::{DeployMethod, DeployOptions, RequireApproval};
use crate::engine::{Approval, ApprovalRequest, Decision, DeployReport, Toolkit};
use crate::hotswap::{HotswapMode, HotswapOptions, HotswapTarget, STATE_FILE};

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
    /// Deploy stacks whose template, tags and parameters are unchanged too (they are skipped
    /// otherwise); CloudFormation says whether anything changes.
    #[arg(short, long)]
    force: bool,
    /// Name of the toolkit's stack (made by `bootstrap`), whose bucket takes large templates.
    #[arg(long, default_value = crate::bootstrap::DEFAULT_TOOLKIT_STACK)]
    toolkit_stack_name: String,
    /// A value for a parameter of a stack's template: STACK:NAME=VALUE, or NAME=VALUE for every
    /// stack whose template declares NAME; repeat for several. A parameter not given keeps its
    /// deployed value, else takes its template's Default. NoEcho values are never shown.
    #[arg(long = "parameters", value_name = "[STACK:]NAME=VALUE")]
    parameters: Vec<String>,
    /// Write the stacks' outputs to this file, as JSON.
    #[arg(long, value_name = "FILE")]
    outputs_file: Option<PathBuf>,
    /// Make the changes that can be made in place (Lambda functions' code, environment and
    /// description; state machines' definitions) through the services' APIs, without
    /// CloudFormation, sending only what changed since the last hotswap; any other change
    /// refuses the deploy, naming it. The stacks then differ from their templates: for
    /// development stacks only.
    #[arg(long)]
    hotswap: bool,
    /// Like --hotswap, and deploy the stacks with changes that cannot be hotswapped through
    /// CloudFormation instead of refusing.
    #[arg(long)]
    hotswap_fallback: bool,
    /// Watch the app's sources and its functions' crates; on each change (debounced), build
    /// what changed, synthesize and hotswap (--hotswap, or --hotswap-fallback when given),
    /// printing each round, until Ctrl-C.
    #[arg(long)]
    pub(crate) watch: bool,
    /// Synthesize the app (building its assets) into DIR and deploy nothing: what `deploy
    /// --watch` runs in the app it rebuilt.
    #[arg(long, hide = true, value_name = "DIR")]
    pub(crate) synth_to: Option<PathBuf>,
    /// Stop watching after this many rounds (the first deploy is round 1).
    #[arg(long, hide = true, value_name = "N")]
    pub(crate) watch_rounds: Option<u32>,
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    #[command(flatten)]
    render: RenderArgs,
}

/// `--yes`, or a question on the terminal when there is one.
fn approval(yes: bool) -> Approval {
    if yes {
        return Approval::Approve;
    }
    Approval::ask(|request| {
        match request {
        ApprovalRequest::IamChanges { .. } if !can_ask() => Decision::Refuse(
            "the IAM changes above need approval and there is no terminal to ask on: rerun with --yes to approve them, or --require-approval never. Nothing was changed".into(),
        ),
        ApprovalRequest::IamChanges { .. } => {
            if ask("Do you wish to deploy these changes?") {
                Decision::Approve
            } else {
                Decision::Refuse("deploy cancelled; nothing was changed".into())
            }
        }
        _ => Decision::Approve,
    }
    })
}

impl DeployArgs {
    /// The hotswap mode the flags ask for (`--watch` hotswaps, as AWS CDK's `cdk watch` does).
    pub(crate) fn hotswap_mode(&self) -> HotswapMode {
        if self.hotswap_fallback {
            HotswapMode::Fallback
        } else if self.hotswap || self.watch {
            HotswapMode::Hotswap
        } else {
            HotswapMode::Off
        }
    }

    /// The renderer the flags ask for.
    pub(crate) fn renderer(&self) -> super::render::Renderer {
        self.render.renderer()
    }

    /// The directory of the cloud assembly deployed (`--assembly DIR`, else `output`), where
    /// the hotswap state file is kept.
    pub(crate) fn assembly_dir(&self, output: &Path) -> PathBuf {
        self.source
            .dir()
            .map_or_else(|| output.to_path_buf(), Path::to_path_buf)
    }

    /// The deploy's options, the hotswap state kept in `assembly_dir`.
    pub(crate) fn deploy_options(&self, assembly_dir: &Path) -> anyhow::Result<DeployOptions> {
        Ok(self.options()?.hotswap(HotswapOptions::new(
            self.hotswap_mode(),
            Some(assembly_dir.join(STATE_FILE)),
        )))
    }

    /// The outputs file, checked.
    pub(crate) fn outputs_file(&self) -> anyhow::Result<Option<&PathBuf>> {
        if let Some(file) = &self.outputs_file {
            check_writable(file)?;
        }
        Ok(self.outputs_file.as_ref())
    }

    fn options(&self) -> anyhow::Result<DeployOptions> {
        let names = if self.all {
            Vec::new()
        } else {
            self.stacks.clone()
        };
        let mut stacks = StackSelection::named(names);
        stacks.exclusively = self.exclusively;
        let mut options = DeployOptions::default()
            .stacks(stacks)
            .method(self.method)
            .concurrency(usize::from(self.concurrency))
            .allow_data_loss(self.allow_data_loss)
            .require_approval(self.require_approval)
            .approval(approval(self.yes))
            .toolkit_stack_name(&self.toolkit_stack_name)
            .parameters(parse_parameters(&self.parameters)?)
            .force(self.force);
        for id in &self.allow_replacement {
            options = options.allow_replacement(id);
        }
        Ok(options)
    }
}

pub(crate) fn run(
    name: &str,
    assembly: Assembly,
    aws: &AwsOptions,
    args: &DeployArgs,
    targets: Vec<Arc<dyn HotswapTarget>>,
    assembly_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let options = args.deploy_options(assembly_dir)?;
    let stacks = assembly.with_dependencies(&options.stacks)?;
    options.parameters.check(&assembly, &stacks)?;
    let outputs_file = args.outputs_file()?;
    let renderer = args.render.renderer();
    with_aws(aws, |config| async move {
        let toolkit = engine(name, &config, targets).events(renderer.events());
        let report = toolkit.deploy(&assembly, &options).await?;
        finish(&report, outputs_file, renderer.is_json())
    })
}

/// The engine of `deploy`, with the app's hotswap targets.
pub(crate) fn engine(
    name: &str,
    config: &aws_config::SdkConfig,
    targets: Vec<Arc<dyn HotswapTarget>>,
) -> Toolkit {
    targets.into_iter().fold(
        Toolkit::new(config).bootstrap_command(format!("{name} bootstrap")),
        Toolkit::hotswap_target,
    )
}

/// `--parameters` values; an error never quotes a value (it may be a secret).
pub(crate) fn parse_parameters(entries: &[String]) -> anyhow::Result<Parameters> {
    Parameters::parse(entries).map_err(|e| anyhow::anyhow!("--parameters: {e}"))
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

/// Prints the outputs (but those that carry cross-stack references), writes the outputs file,
/// and says what failed.
pub(crate) fn finish(
    report: &DeployReport,
    outputs_file: Option<&PathBuf>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let all_outputs: IndexMap<String, IndexMap<String, String>> = report.outputs();
    let shown: Vec<(&String, &String, &String)> = all_outputs
        .iter()
        .flat_map(|(stack, outs)| {
            outs.iter()
                .filter(|(k, _)| !k.starts_with(cdk_core::names::EXPORTS_OUTPUT_PREFIX))
                .map(move |(k, v)| (stack, k, v))
        })
        .collect();
    if !shown.is_empty() && !json {
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
    let failures: Vec<(&str, &crate::ToolkitError)> = report.failures().collect();
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for (stack, e) in failures {
            eprintln!("error: {stack}: {e}");
        }
        Ok(ExitCode::FAILURE)
    }
}

/// What deploy says of an export it keeps for now (the export deadlock).
pub(crate) fn kept_export(k: &crate::engine::events::KeptExport) -> String {
    let importers = k.importers.join(", ");
    if k.removed_after {
        format!(
            "keeping export {} (output {}) for now: {importers} still import{} it; it is removed once {} deployed without it, in this deploy",
            k.export,
            k.output,
            if k.importers.len() == 1 { "s" } else { "" },
            if k.importers.len() == 1 { "that stack is" } else { "they are" }
        )
    } else {
        format!(
            "keeping export {} (output {}): {importers} still import{} it and {} not deployed by this command; deploy {importers} without the reference, then this stack again to remove it",
            k.export,
            k.output,
            if k.importers.len() == 1 { "s" } else { "" },
            if k.importers.len() == 1 { "is" } else { "are" }
        )
    }
}
