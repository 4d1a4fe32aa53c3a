//! The part of a workspace's `Cargo.lock` one package's build depends on: the locked packages
//! reachable from it. A Rust function's hash covers only these, so adding a dependency to
//! another crate of the workspace (which rewrites the lock file) does not rebuild every
//! function.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::AssetError;

#[derive(Deserialize)]
struct LockFile {
    #[serde(default)]
    package: Vec<Locked>,
}

#[derive(Deserialize)]
struct Locked {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

impl Locked {
    /// One line naming exactly what was locked.
    fn line(&self) -> String {
        format!(
            "{} {} {} {} [{}]",
            self.name,
            self.version,
            self.source.as_deref().unwrap_or("path"),
            self.checksum.as_deref().unwrap_or("-"),
            self.dependencies.join(", ")
        )
    }

    /// Whether a lock file dependency entry (`name`, `name version` or
    /// `name version (source)`) means this package.
    fn is(&self, entry: &str) -> bool {
        let mut parts = entry.splitn(3, ' ');
        let name = parts.next().unwrap_or_default();
        let version = parts.next();
        name == self.name && version.is_none_or(|v| v == self.version)
    }
}

/// The locked packages `package` (a member of the workspace, locked without a source) depends
/// on, itself included, one line each, sorted: what its build takes from the lock file.
pub(crate) fn closure(lock_file: &Path, package: &str) -> Result<Vec<String>, AssetError> {
    let text = std::fs::read_to_string(lock_file).map_err(|e| AssetError::io(lock_file, e))?;
    let lock: LockFile = toml::from_str(&text).map_err(|e| {
        AssetError::Tool(format!(
            "cannot read {}: {}",
            lock_file.display(),
            e.message()
        ))
    })?;
    let mut by_name: HashMap<&str, Vec<&Locked>> = HashMap::new();
    for p in &lock.package {
        by_name.entry(p.name.as_str()).or_default().push(p);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<&Locked> = by_name
        .get(package)
        .into_iter()
        .flatten()
        .filter(|p| p.source.is_none())
        .copied()
        .collect();
    if pending.is_empty() {
        return Err(AssetError::Tool(format!(
            "{} does not lock the package {package}: run cargo build once to update it",
            lock_file.display()
        )));
    }
    while let Some(p) = pending.pop() {
        if !seen.insert(p.line()) {
            continue;
        }
        for entry in &p.dependencies {
            let name = entry.split(' ').next().unwrap_or_default();
            pending.extend(
                by_name
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter(|d| d.is(entry))
                    .copied(),
            );
        }
    }
    Ok(seen.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "rand 0.8.5"]

[[package]]
name = "other"
version = "0.1.0"
dependencies = ["rand 0.9.0"]

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "aaaa"

[[package]]
name = "rand"
version = "0.9.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "bbbb"

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "cccc"
"#;

    fn closure_of(lock: &str, package: &str) -> Result<Vec<String>, AssetError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Cargo.lock");
        std::fs::write(&file, lock).unwrap();
        closure(&file, package)
    }

    #[test]
    fn only_what_the_package_reaches_is_in_its_closure() {
        let lines = closure_of(LOCK, "app").unwrap();
        let names: Vec<&str> = lines.iter().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(names, ["app", "rand", "serde"]);
        assert!(lines.iter().any(|l| l.starts_with("rand 0.8.5 ")));
        assert!(!lines.iter().any(|l| l.contains("0.9.0 ")), "{lines:?}");
    }

    #[test]
    fn a_change_elsewhere_leaves_the_closure_alone_and_one_within_changes_it() {
        let before = closure_of(LOCK, "app").unwrap();
        let elsewhere = LOCK.replace("checksum = \"bbbb\"", "checksum = \"dddd\"");
        assert_eq!(closure_of(&elsewhere, "app").unwrap(), before);
        let within = LOCK.replace("checksum = \"aaaa\"", "checksum = \"eeee\"");
        assert_ne!(closure_of(&within, "app").unwrap(), before);
    }

    #[test]
    fn a_package_the_lock_file_lacks_or_a_broken_lock_file_is_an_error() {
        let err = closure_of(LOCK, "nope").unwrap_err().to_string();
        assert!(err.contains("does not lock the package nope"), "{err}");
        let err = closure_of("[[package]]\nname = 1\n", "app")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read"), "{err}");
    }
}
