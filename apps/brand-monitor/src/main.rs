//! `cargo run -p brand-monitor -- <verb>`: the brand monitor on the toolkit's CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    cdk_toolkit::cli::run::<brand_monitor::Settings>("brand-monitor", |settings| {
        Ok(brand_monitor::build(settings)?)
    })
}
