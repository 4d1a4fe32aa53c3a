//! Building the app's assets (Rust functions, directories) before it is synthesized, unless
//! `--no-build`.

use cdk_core::App;

use crate::assets::{prepare, PrepareOptions};

/// Prepares the app's assets and hands them to cdk-core for the synthesis that follows; with
/// `no_build`, hands over none (their keys are placeholders).
pub fn assets(app: &App, no_build: bool) -> anyhow::Result<()> {
    let declared = app.assets();
    if no_build || declared.is_empty() {
        cdk_core::assets::provide(Default::default());
        return Ok(());
    }
    let started = std::time::Instant::now();
    let prepared = prepare(&declared, &PrepareOptions::in_dir("."))?;
    tracing::debug!(
        assets = prepared.len(),
        ms = started.elapsed().as_millis() as u64,
        "assets prepared"
    );
    cdk_core::assets::provide(prepared);
    Ok(())
}
