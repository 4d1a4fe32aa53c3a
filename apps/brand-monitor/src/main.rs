//! `cargo run -p brand-monitor -- <verb>`: the brand monitor on the toolkit's CLI, with the Step
//! Functions verbs.

use std::process::ExitCode;

use cdk_toolkit_sfn::{NoInput, StepFunctionsVerbs};

fn main() -> ExitCode {
    cdk_toolkit::cli::run_with::<brand_monitor::Settings, StepFunctionsVerbs<NoInput>>(
        "brand-monitor",
        |settings| Ok(brand_monitor::build(settings)?),
    )
}
