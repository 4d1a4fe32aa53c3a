//! The part of the command line that needs no AWS: the options every verb takes
//! ([`GlobalOptions`]), `synth` ([`synth`]), the context ([`context`]), and the app's main
//! binary ([`run_synth`]), which runs `synth` and hands every other verb to the app's toolkit
//! binary. The toolkit's CLI (`cdk_toolkit::cli`) is built on these.

pub mod context;
mod input;
pub mod messages;
pub mod prepare;
mod split;
pub mod synth;

use std::path::PathBuf;

use clap::Args;

pub use input::{ExecutionInput, NoInput};
pub use split::{run_synth, ToolkitBin};

/// Options every verb takes.
#[derive(Args, Debug, Clone)]
pub struct GlobalOptions {
    /// Directory of the cloud assembly.
    #[arg(
        short,
        long,
        global = true,
        default_value = "cdk.out",
        value_name = "DIR"
    )]
    pub output: PathBuf,
    /// Show each AWS call (service, operation, stack, duration, attempts); twice adds request
    /// ids and each attempt. Never shows credentials or secret values.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// A context value for the app (`key=value`, repeatable); wins over `cdk.context.json`.
    #[arg(short, long = "context", global = true, value_name = "KEY=VALUE", value_parser = context::parse_pair)]
    pub context: Vec<(String, String)>,
    /// Do not build the app's assets (Rust functions): templates get placeholder keys, fine
    /// for `synth`, `ls` and `diff` of other stacks, refused by `deploy`.
    #[arg(long, global = true)]
    pub no_build: bool,
}

/// An app without settings of its own.
#[derive(Args, Debug, Clone, Default)]
pub struct NoSettings {}
