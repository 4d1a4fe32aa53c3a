//! A workspace as `cargo metadata --no-deps` describes it: asking cargo, the packages, and the
//! directories a package's build reads (what asset hashing and `deploy --watch` both need).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::Value;

use super::AssetError;

/// `cargo metadata --no-deps` of the workspace holding `dir`, offline.
pub fn cargo_metadata(dir: &Path) -> Result<Value, AssetError> {
    let out = crate::cargo::command(crate::cargo::program())
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
