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
    /// Exit with 1 when there are differences (with --drift, drift too).
    #[arg(long)]
    fail: bool,
    /// Also run CloudFormation's drift detection on each deployed stack and show the
    /// resources changed outside CloudFormation, with their property differences.
    #[arg(long)]
    drift: bool,
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
        .parameters(parameters)
        .drift(args.drift);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{
        DriftDetection, DriftDetectionStatus, PropertyDifference, PropertyDifferenceType,
        ResourceDrift, ResourceDriftStatus, StackDrift, StackDriftStatus,
    };

    #[test]
    fn drift_shows_each_resource_and_property_difference() {
        let difference = |path: &str, expected: &str, actual: &str, kind| PropertyDifference {
            path: path.into(),
            expected: expected.into(),
            actual: actual.into(),
            kind,
        };
        let drift = StackDrift {
            detection: DriftDetection {
                detection: DriftDetectionStatus::DetectionComplete,
                status: Some(StackDriftStatus::Drifted),
                reason: None,
                drifted_resources: Some(1),
            },
            resources: vec![ResourceDrift {
                logical_id: "StateMachine2E01A3A5".into(),
                physical_id: "arn:aws:states:us-east-1:123456789012:stateMachine:TweetBot".into(),
                resource_type: "AWS::StepFunctions::StateMachine".into(),
                status: ResourceDriftStatus::Modified,
                differences: vec![
                    difference(
                        "/DefinitionString",
                        "{\"StartAt\":\"Find Tweet\"}",
                        "{\"StartAt\":\"Wait\"}",
                        PropertyDifferenceType::NotEqual,
                    ),
                    difference(
                        "/TracingConfiguration",
                        "{\"Enabled\":true}",
                        "",
                        PropertyDifferenceType::Remove,
                    ),
                    difference(
                        "/Tags/0",
                        "",
                        "{\"Key\":\"owner\"}",
                        PropertyDifferenceType::Add,
                    ),
                ],
            }],
        };
        assert_eq!(
            drift_text("TweetBot", &drift),
            "Drift of stack TweetBot: DRIFTED (1 resource drifted)\n\
             [~] AWS::StepFunctions::StateMachine StateMachine2E01A3A5 (arn:aws:states:us-east-1:123456789012:stateMachine:TweetBot, MODIFIED)\n    \
             [~] /DefinitionString: {\"StartAt\":\"Find Tweet\"} → {\"StartAt\":\"Wait\"}\n    \
             [-] /TracingConfiguration: {\"Enabled\":true} (in the template, not on the resource)\n    \
             [+] /Tags/0: {\"Key\":\"owner\"} (not in the template)\n\n"
        );
    }
}
