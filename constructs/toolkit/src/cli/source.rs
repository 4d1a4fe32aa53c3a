//! Where `deploy`, `diff` and `destroy` take their stacks from: the app, synthesized now, or a
//! cloud assembly written earlier (`--assembly DIR`), without building the app.

use std::path::{Path, PathBuf};

use cdk_core::App;
use clap::Args;

use crate::assembly::Assembly;

/// `--assembly DIR`.
#[derive(Args, Debug, Clone)]
pub(crate) struct SourceArgs {
    /// Take the stacks from this cloud assembly (written earlier by `synth`) instead of
    /// building the app; the app's settings are then ignored.
    #[arg(long, value_name = "DIR")]
    assembly: Option<PathBuf>,
}

impl SourceArgs {
    /// The stacks: read from `--assembly`, else the app built and synthesized (and, when
    /// `write_to` is given, written there, as `synth` does).
    pub(crate) fn load(
        &self,
        build: impl FnOnce() -> anyhow::Result<App>,
        write_to: Option<&Path>,
    ) -> anyhow::Result<Assembly> {
        if let Some(dir) = &self.assembly {
            return Ok(Assembly::read(dir)?);
        }
        let assembly = build()?.synth()?;
        super::messages::print(&assembly);
        if let Some(dir) = write_to {
            assembly.write_to(dir)?;
        }
        Ok(Assembly::from(&assembly))
    }
}
