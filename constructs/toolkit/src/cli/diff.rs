//! `diff`.

use std::process::ExitCode;

use clap::Args;

use super::render::RenderArgs;
use super::runtime::with_aws;
use super::source::SourceArgs;
use crate::assembly::Assembly;
use crate::aws::AwsOptions;
use crate::engine::{DiffOptions, Toolkit};

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// Stacks to compare (all by default).
    stacks: Vec<String>,
    /// Exit with 1 when there are differences.
    #[arg(long)]
    fail: bool,
    /// A parameter value a deploy would be given (STACK:NAME=VALUE or NAME=VALUE, repeatable):
    /// one that differs from the deployed value is a difference. NoEcho values are never shown.
    #[arg(long = "parameters", value_name = "[STACK:]NAME=VALUE")]
    parameters: Vec<String>,
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    #[command(flatten)]
    render: RenderArgs,
}

pub(crate) fn run(
    name: &str,
    assembly: Assembly,
    aws: &AwsOptions,
    args: &DiffArgs,
) -> anyhow::Result<ExitCode> {
    let selected = assembly.select(&args.stacks)?;
    let parameters = super::deploy::parse_parameters(&args.parameters)?;
    parameters.check(&assembly, &selected)?;
    let options = DiffOptions::default()
        .stacks(args.stacks.clone())
        .parameters(parameters);
    let renderer = args.render.renderer();
    let fail = args.fail;
    with_aws(aws, |config| async move {
        let toolkit = Toolkit::new(&config)
            .events(renderer.events())
            .bootstrap_command(format!("{name} bootstrap"));
        let report = toolkit.diff(&assembly, &options).await?;
        Ok(if fail && report.has_differences() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}

/// A stack's drift for people: its status, then each drifted resource with its property
/// differences.
pub(crate) fn drift_text(stack: &str, drift: &crate::cfn::StackDrift) -> String {
    use crate::cfn::PropertyDifferenceType;
    let d = &drift.detection;
    let status = d
        .status
        .as_ref()
        .map_or_else(|| "not known".to_string(), ToString::to_string);
    let mut out = format!("Drift of stack {stack}: {status}");
    if let Some(n) = d.drifted_resources {
        out.push_str(&format!(
            " ({n} resource{} drifted)",
            if n == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    if d.detection.is_failed() {
        out.push_str(&format!(
            "  detection {}: {} (the resources it could check are shown)\n",
            d.detection,
            d.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    for r in &drift.resources {
        out.push_str(&format!(
            "[~] {} {} ({}, {})\n",
            r.resource_type, r.logical_id, r.physical_id, r.status
        ));
        for p in &r.differences {
            let line = match p.kind {
                PropertyDifferenceType::Add => {
                    format!("[+] {}: {} (not in the template)", p.path, p.actual)
                }
                PropertyDifferenceType::Remove => {
                    format!(
                        "[-] {}: {} (in the template, not on the resource)",
                        p.path, p.expected
                    )
                }
                _ => format!("[~] {}: {} → {}", p.path, p.expected, p.actual),
            };
            out.push_str(&format!("    {line}\n"));
        }
    }
    out.push('\n');
    out
}
