//! `graph`: the state machine drawn from the synthesized definition, offline; coloured by an
//! execution's statuses with `--execution`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use cdk_core::App;
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cli::{with_aws, Context};
use clap::Args;
use serde_json::Value;

use crate::graph::{to_dot, to_mermaid, to_svg, Graph, Status};
use crate::{check_has_history, statuses, Sfn};

/// The drawing's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[non_exhaustive]
pub enum Format {
    /// A Mermaid flowchart (renders in Markdown on GitHub).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// SVG, laid out by Graphviz's `dot` when installed, else by the layout-rs crate.
    Svg,
}

/// `graph`'s flags.
#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The format.
    #[arg(long, value_enum, default_value = "mermaid")]
    format: Format,
    /// Colour the states by their status in this execution (reads AWS).
    #[arg(long, value_name = "ARN")]
    execution: Option<String>,
    /// The stack whose state machine to draw, when the app has several.
    #[arg(long)]
    stack: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The synthesized definitions of the app's state machines: (stack, logical ID, definition).
fn definitions(app: &App, stack: Option<&str>) -> anyhow::Result<Vec<(String, String, Value)>> {
    let assembly = Assembly::from(app.synth()?);
    let names: Vec<String> = stack.map(str::to_string).into_iter().collect();
    let mut out = Vec::new();
    for s in assembly.select(&names)? {
        for (lid, r) in s.template()["Resources"].as_object().into_iter().flatten() {
            if r["Type"] == "AWS::StepFunctions::StateMachine" {
                out.push((
                    s.stack_name.clone(),
                    lid.clone(),
                    r["Properties"]["Definition"].clone(),
                ));
            }
        }
    }
    Ok(out)
}

pub(crate) fn run(context: &Context<'_>, args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let mut found = definitions(context.app, args.stack.as_deref())?;
    let definition = match found.len() {
        1 => found.remove(0).2,
        0 => bail!("this app has no state machine to draw"),
        _ => {
            let names: Vec<String> = found.iter().map(|(s, l, _)| format!("{s}/{l}")).collect();
            bail!(
                "this app has several state machines ({}): choose one with --stack",
                names.join(", ")
            )
        }
    };
    let mut colours: HashMap<String, Status> = HashMap::new();
    if let Some(arn) = &args.execution {
        let arn = arn.clone();
        let slot = &mut colours;
        with_aws(context.aws, |config| async move {
            let sfn = Sfn::new(&config);
            check_has_history(&sfn, &arn, "graph --execution").await?;
            let info = sfn.execution(&arn).await?;
            *slot = statuses(&sfn.history(&arn).await?, &info.status);
            Ok(ExitCode::SUCCESS)
        })?;
    }
    let graph = Graph::from_definition(&definition, &colours);
    let text = match args.format {
        Format::Mermaid => to_mermaid(&graph),
        Format::Dot => to_dot(&graph),
        Format::Svg => to_svg(&to_dot(&graph), true)?.0,
    };
    match &args.out {
        Some(file) => {
            std::fs::write(file, &text)
                .with_context(|| format!("cannot write {}", file.display()))?;
            eprintln!("Wrote {}", file.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
