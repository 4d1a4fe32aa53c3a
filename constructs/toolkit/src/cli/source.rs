//! Where `deploy`, `diff` and `destroy` take their stacks from: the app, synthesized now, or a
//! cloud assembly written earlier (`--assembly DIR`), without building the app.

use std::path::{Path, PathBuf};

use cdk_core::App;
use clap::Args;

use crate::assembly::Assembly;

/// What a verb needs of the app's assets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assets {
    /// Build them (diff).
    Build,
    /// Leave them unbuilt (`--no-build`).
    NotBuilt,
    /// Build them: the verb uploads them (deploy).
    Required,
    /// `--no-build` where the verb uploads them: refused.
    RefusedUnbuilt,
    /// The verb does not look at them (destroy).
    NotNeeded,
}

impl Assets {
    /// For a verb that reads the keys (`uploads`: and needs the code).
    pub(crate) fn for_verb(no_build: bool, uploads: bool) -> Assets {
        match (no_build, uploads) {
            (false, false) => Assets::Build,
            (true, false) => Assets::NotBuilt,
            (false, true) => Assets::Required,
            (true, true) => Assets::RefusedUnbuilt,
        }
    }
}

/// `--assembly DIR`.
#[derive(Args, Debug, Clone)]
pub(crate) struct SourceArgs {
    /// Take the stacks from this cloud assembly (written earlier by `synth`) instead of
    /// building the app; the app's settings are then ignored.
    #[arg(long, value_name = "DIR")]
    assembly: Option<PathBuf>,
}

impl SourceArgs {
    /// `--assembly DIR`, when given.
    pub(crate) fn dir(&self) -> Option<&Path> {
        self.assembly.as_deref()
    }

    /// The stacks: read from `--assembly`, else the app built and synthesized (and, when
    /// `write_to` is given, written there, as `synth` does). `assets` says what becomes of the
    /// app's assets: built first, left out (`--no-build`), or not needed (destroy).
    pub(crate) fn load(
        &self,
        build: impl FnOnce() -> anyhow::Result<App>,
        write_to: Option<&Path>,
        assets: Assets,
    ) -> anyhow::Result<Assembly> {
        if let Some(dir) = &self.assembly {
            return Ok(Assembly::read(dir)?);
        }
        let app = build()?;
        match assets {
            Assets::Build | Assets::Required => cdk_synth::cli::prepare::assets(&app, false)?,
            Assets::NotBuilt | Assets::NotNeeded => cdk_synth::cli::prepare::assets(&app, true)?,
            Assets::RefusedUnbuilt => {
                if !app.assets().is_empty() {
                    anyhow::bail!(
                        "the app has assets (Rust functions) and --no-build leaves them unbuilt; a deploy needs their code: run without --no-build"
                    );
                }
            }
        }
        let assembly = app.synth()?;
        cdk_synth::cli::messages::print(&assembly);
        if let Some(dir) = write_to {
            assembly.write_to(dir)?;
        }
        Ok(Assembly::from(&assembly))
    }
}
