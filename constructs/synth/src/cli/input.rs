//! The typed flags of a verb an app mounts: the Step Functions `run` takes the app's own
//! execution input (`--search-text`, ...). Here, without the AWS SDK, so that an app's library
//! can define its input and still link into its main binary without the SDK.

use serde_json::Value;

/// Execution input built from an app's own `run` flags (`--search-text`, ...). Validation belongs
/// in the flags' value parsers, so bad input stops before any request. (Part of the command
/// line, the binary's edge: its errors are `anyhow`.)
pub trait ExecutionInput: clap::Args {
    /// The input, when the flags give one (`None` leaves it to `--input`/`--input-file`); an
    /// error when they give only part of it.
    fn input(&self) -> anyhow::Result<Option<Value>>;

    /// Checks input given as JSON (`--input`, `--input-file`) before it is sent.
    fn check(_input: &Value) -> anyhow::Result<()> {
        Ok(())
    }
}

/// An app without input flags of its own.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct NoInput {}

impl ExecutionInput for NoInput {
    fn input(&self) -> anyhow::Result<Option<Value>> {
        Ok(None)
    }
}
