//! A workspace as `cargo metadata --no-deps` describes it: asking cargo, the packages, and the
//! directories a package's build reads (what asset hashing and `deploy --watch` both need).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::AssetError;

/// The cargo to run: the one running this program when there is one (`CARGO`), else the one
/// on PATH.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A command running `program` (cargo, or a cargo subcommand's tool) without the variables
/// cargo sets for what it runs (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...): when this
/// program was started by `cargo run`, a build started from it would otherwise see them, and
/// build scripts that track one (ring's tracks `CARGO_MANIFEST_DIR` and `OUT_DIR`) would run
/// again, rebuilding what depends on them.
pub fn cargo_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str() {
            if is_set_by_cargo_run(name) {
                command.env_remove(name);
            }
        }
    }
    command
}

/// Whether `cargo run` sets `name` for the program it runs (cargo's own `CARGO`, `CARGO_HOME`
/// and configuration variables are kept).
fn is_set_by_cargo_run(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "OUT_DIR"
        )
}

/// `cargo metadata --no-deps` of the workspace holding `dir`, offline.
pub fn cargo_metadata(dir: &Path) -> Result<Value, AssetError> {
    let out = cargo_command(cargo())
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| AssetError::Tool(format!("cannot run cargo metadata: {e}")))?;
    if !out.status.success() {
        return Err(AssetError::Tool(format!(
            "cargo metadata failed in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| AssetError::Tool(format!("cargo metadata answered something else: {e}")))
}

/// A package of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// Its name.
    pub name: String,
    /// The directory of its `Cargo.toml`.
    pub dir: PathBuf,
    /// The packages it depends on by path (normal dependencies).
    pub path_deps: Vec<String>,
    /// Its binaries' names.
    pub bins: Vec<String>,
}

/// The packages of a `cargo metadata` answer.
pub fn packages(metadata: &Value) -> Vec<Package> {
    let names = |list: &Value, keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|v| keep(v))
            .filter_map(|v| v["name"].as_str().map(str::to_string))
            .collect()
    };
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Package {
            name: p["name"].as_str().unwrap_or_default().to_string(),
            dir: Path::new(p["manifest_path"].as_str().unwrap_or_default())
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            path_deps: names(&p["dependencies"], &|d| {
                d["path"].is_string() && d["kind"].is_null()
            }),
            bins: names(&p["targets"], &|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "bin"))
            }),
        })
        .collect()
}

/// The directories of `package` and of the workspace packages it depends on by path,
/// transitively, sorted; `None` when the workspace has no such package. (A path dependency
/// outside the workspace is not listed: the lock file covers it.)
pub fn package_dirs(packages: &[Package], package: &str) -> Option<Vec<PathBuf>> {
    packages.iter().find(|p| p.name == package)?;
    let mut seen = BTreeSet::new();
    let mut pending = vec![package.to_string()];
    let mut dirs = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(p) = packages.iter().find(|p| p.name == name) {
            dirs.insert(p.dir.clone());
            pending.extend(p.path_deps.iter().cloned());
        }
    }
    Some(dirs.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cargo_run_sets_is_not_passed_on_and_cargos_own_settings_are() {
        for set in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION",
            "CARGO_CRATE_NAME",
            "OUT_DIR",
        ] {
            assert!(is_set_by_cargo_run(set), "{set}");
        }
        for kept in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_PROFILE_RELEASE_STRIP",
        ] {
            assert!(!is_set_by_cargo_run(kept), "{kept}");
        }
    }
    use serde_json::json;

    #[test]
    fn a_package_reads_its_path_dependencies_transitively_and_nothing_else() {
        let metadata = json!({"packages": [
            {"name": "app", "manifest_path": "/w/app/Cargo.toml",
             "dependencies": [{"name": "lib", "path": "/w/lib"}, {"name": "serde"},
                              {"name": "helper", "path": "/w/helper", "kind": "dev"}],
             "targets": [{"name": "app", "kind": ["bin"]}, {"name": "app", "kind": ["lib"]}]},
            {"name": "lib", "manifest_path": "/w/lib/Cargo.toml",
             "dependencies": [{"name": "core", "path": "/w/core"}], "targets": []},
            {"name": "core", "manifest_path": "/w/core/Cargo.toml", "dependencies": [], "targets": []},
            {"name": "helper", "manifest_path": "/w/helper/Cargo.toml", "dependencies": [], "targets": []}
        ]});
        let all = packages(&metadata);
        assert_eq!(all[0].bins, ["app"]);
        assert_eq!(
            all[0].path_deps,
            ["lib"],
            "dev and registry dependencies are not read"
        );
        assert_eq!(
            package_dirs(&all, "app").unwrap(),
            [
                Path::new("/w/app"),
                Path::new("/w/core"),
                Path::new("/w/lib")
            ]
        );
        assert_eq!(package_dirs(&all, "nope"), None);
    }
}
