//! Preparing an app's assets before synthesis: each [`cdk_core::AssetSource`] becomes a zip in
//! a cache directory with its content hash, which cdk-core then uses for object keys
//! ([`cdk_core::assets::provide`]). Rust functions are built with cargo-lambda only when their
//! sources changed; directories are zipped deterministically; zips are taken as they are.

mod fingerprint;
mod lock;
#[doc(hidden)]
pub mod packages;
mod rust;
mod zip;

use std::path::{Path, PathBuf};

use cdk_core::assets::PreparedAsset;
use cdk_core::AssetSource;
use indexmap::IndexMap;

pub use fingerprint::{hash_directory, hash_file};
pub use rust::{rust_build, set_rust_build, RustBuild};

/// Why an asset could not be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssetError {
    /// A file or directory could not be read or written.
    #[error("asset {path}: {message}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A tool the build needs is missing.
    #[error("{0}")]
    Tool(String),
    /// `cargo lambda build` failed.
    #[error("building the Rust function {package} failed:\n{output}")]
    Build {
        /// The package.
        package: String,
        /// Cargo's own message.
        output: String,
    },
}

impl AssetError {
    pub(crate) fn io(path: &Path, e: impl std::fmt::Display) -> Self {
        AssetError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }
}

/// How to prepare.
#[derive(Clone, Debug)]
pub struct PrepareOptions {
    /// Where prepared zips are kept between runs (`<hash>.zip`).
    pub cache_dir: PathBuf,
    /// The directory relative asset paths start from (the app's directory).
    pub base_dir: PathBuf,
}

impl PrepareOptions {
    /// Options for an app run from `base_dir`, caching in `<cargo target dir>/cdk-assets`.
    pub fn in_dir(base_dir: impl Into<PathBuf>) -> Self {
        let base_dir = base_dir.into();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                rust::workspace_root(&base_dir)
                    .unwrap_or_else(|| base_dir.clone())
                    .join("target")
            });
        PrepareOptions {
            cache_dir: target.join("cdk-assets"),
            base_dir,
        }
    }
}

/// Prepares every asset: `(path, source)` as `App::assets` lists them. The result goes to
/// [`cdk_core::assets::provide`].
pub fn prepare(
    assets: &[(String, AssetSource)],
    options: &PrepareOptions,
) -> Result<IndexMap<String, PreparedAsset>, AssetError> {
    std::fs::create_dir_all(&options.cache_dir)
        .map_err(|e| AssetError::io(&options.cache_dir, e))?;
    let mut out = IndexMap::new();
    // The workspaces asked so far: the app's directory's, and those of packages named by
    // their directory (usually the same one, asked once).
    let mut workspaces: Vec<rust::Workspace> = Vec::new();
    for (path, source) in assets {
        let prepared = match source {
            AssetSource::Directory(dir) => {
                let dir = options.base_dir.join(dir);
                let hash = hash_directory(&dir)?;
                let file = options.cache_dir.join(format!("{hash}.zip"));
                if !file.exists() {
                    zip::zip_directory(&dir, &file)?;
                }
                PreparedAsset::new(hash, file)
            }
            AssetSource::ZipFile(file) => {
                let file = options.base_dir.join(file);
                PreparedAsset::new(hash_file(&file)?, file)
            }
            AssetSource::RustFunction {
                package,
                binary,
                manifest_dir,
            } => {
                let ws = workspace_for(&mut workspaces, package, manifest_dir.as_deref(), options)?;
                rust::prepare(ws, package, binary.as_deref(), options)?
            }
            other => {
                return Err(AssetError::Tool(format!(
                    "asset {path}: the toolkit cannot prepare {other}"
                )))
            }
        };
        out.insert(path.clone(), prepared);
    }
    Ok(out)
}

/// The workspace holding `package`: the one of its `manifest_dir` when given (which must
/// exist), else the one of the directory the app runs in. Each is asked of cargo once.
fn workspace_for<'w>(
    workspaces: &'w mut Vec<rust::Workspace>,
    package: &str,
    manifest_dir: Option<&Path>,
    options: &PrepareOptions,
) -> Result<&'w rust::Workspace, AssetError> {
    let dir = match manifest_dir {
        Some(dir) => {
            if !dir.join("Cargo.toml").is_file() {
                return Err(AssetError::Tool(format!(
                    "the Rust package {package} is not at {}: there is no Cargo.toml there (was the app built on another machine, or the package moved?)",
                    dir.display()
                )));
            }
            dir.to_path_buf()
        }
        None => options.base_dir.clone(),
    };
    let known = workspaces.iter().position(|ws| match manifest_dir {
        Some(_) => ws.has_package_in(package, &dir),
        None => ws.is_of(&dir),
    });
    let index = match known {
        Some(i) => i,
        None => {
            workspaces.push(rust::Workspace::of(&dir)?);
            workspaces.len() - 1
        }
    };
    Ok(&workspaces[index])
}
