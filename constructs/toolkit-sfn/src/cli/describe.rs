//! `describe` and `executions`.

use std::process::ExitCode;

use cdk_core::names::EXPORTS_OUTPUT_PREFIX;
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cfn::Cfn;
use cdk_toolkit::cli::{with_aws, Context};
use clap::Args;
use comfy_table::Table;
use serde_json::Value;

use crate::{
    deployed_arn, express_note, format_date, list_executions, seconds_between, single_output, Sfn,
};

/// `describe`'s flags.
#[derive(Args, Debug)]
pub struct DescribeArgs {
    /// The stack whose state machine to describe, when the app has several.
    #[arg(long)]
    stack: Option<String>,
}

/// `executions`' flags.
#[derive(Args, Debug)]
pub struct ExecutionsArgs {
    /// The stack whose state machine to list, when the app has several.
    #[arg(long)]
    stack: Option<String>,
    /// How many executions to list, newest first.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(1..=1000))]
    max: i32,
}

pub(crate) fn describe(context: &Context<'_>, args: &DescribeArgs) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(context.app.synth()?);
    let output = single_output(&assembly, args.stack.as_deref())?;
    with_aws(context.aws, |config| async move {
        let cfn = Cfn::new(&config);
        let arn = deployed_arn(&cfn, &output).await?;
        let m = Sfn::new(&config).machine(&arn).await?;
        println!("stateMachineArn: {}", m.arn);
        println!("name:            {}", m.name);
        println!("status:          {}", m.status);
        println!("type:            {}", m.kind);
        println!("roleArn:         {}", m.role_arn);
        println!("creationDate:    {}", format_date(m.created.as_ref()));
        if !m.log_groups.is_empty() {
            println!("logGroups:       {}", m.log_groups.join(", "));
        }
        if let Some(note) = express_note(&m) {
            println!("note:            {note}");
        }
        if let Some(stack) = cfn.describe(&output.stack).await? {
            println!("stack {} ({}) outputs:", stack.name, stack.status);
            for (k, v) in stack
                .outputs
                .iter()
                .filter(|(k, _)| !k.starts_with(EXPORTS_OUTPUT_PREFIX))
            {
                println!("  {k} = {v}");
            }
        }
        let definition = serde_json::from_str::<Value>(&m.definition)
            .ok()
            .and_then(|d| serde_json::to_string_pretty(&d).ok())
            .unwrap_or(m.definition);
        println!("definition:\n{definition}");
        Ok(ExitCode::SUCCESS)
    })
}

pub(crate) fn executions(context: &Context<'_>, args: &ExecutionsArgs) -> anyhow::Result<ExitCode> {
    let assembly = Assembly::from(context.app.synth()?);
    let output = single_output(&assembly, args.stack.as_deref())?;
    let max = args.max;
    with_aws(context.aws, |config| async move {
        let arn = deployed_arn(&Cfn::new(&config), &output).await?;
        let list = list_executions(&Sfn::new(&config), &arn, max).await?;
        if list.is_empty() {
            println!("No executions of {arn} yet");
            return Ok(ExitCode::SUCCESS);
        }
        let mut table = Table::new();
        table.force_no_tty();
        table.set_header(["Name", "Status", "Start", "Stop", "Duration"]);
        for e in list {
            let duration = match (&e.start, &e.stop) {
                (Some(a), Some(b)) => format!("{:.1} s", seconds_between(a, b)),
                _ => "-".into(),
            };
            table.add_row([
                e.name,
                e.status,
                format_date(e.start.as_ref()),
                format_date(e.stop.as_ref()),
                duration,
            ]);
        }
        println!("{table}");
        Ok(ExitCode::SUCCESS)
    })
}
