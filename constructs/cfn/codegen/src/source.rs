//! The input: CloudFormation resource provider schemas as shipped by cfn-lint (pinned in
//! `tools/requirements.txt`, installed by `scripts/setup-tools.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The cfn-lint release the generated code is made from. A different installed version is
/// refused, so that regenerating never silently changes the input.
pub const PINNED_CFN_LINT: &str = "1.58.0";

/// The schemas of one cfn-lint installation.
pub struct Schemas {
    /// cfn-lint's version.
    pub cfn_lint_version: String,
    /// `schemas/version.json`'s `schema_date`.
    pub schema_date: String,
    /// `(type name, schema)` for every type of `providers/us-east-1.json`, sorted by type name.
    pub types: Vec<(String, Value)>,
    /// cfn-lint's list of resource types that hold data (`AdditionalSpecs/StatefulResources.json`).
    pub stateful: Value,
}

/// Why the input could not be read.
#[derive(Debug)]
pub struct SourceError(pub String);

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SourceError {}

fn read_json(path: &Path) -> Result<Value, SourceError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SourceError(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| SourceError(format!("{} is not valid JSON: {e}", path.display())))
}

/// The `cfnlint` package directory of the project's tool virtualenv (`.tools/venv`), found by
/// asking its Python.
pub fn find_cfn_lint(workspace: &Path) -> Result<PathBuf, SourceError> {
    let python = workspace.join(".tools/venv/bin/python");
    if !python.exists() {
        return Err(SourceError(format!(
            "{} not found: run scripts/setup-tools.sh first (it installs cfn-lint {PINNED_CFN_LINT}), or pass --cfn-lint DIR",
            python.display()
        )));
    }
    let out = Command::new(&python)
        .args([
            "-c",
            "import cfnlint, os; print(os.path.dirname(cfnlint.__file__))",
        ])
        .output()
        .map_err(|e| SourceError(format!("cannot run {}: {e}", python.display())))?;
    if !out.status.success() {
        return Err(SourceError(format!(
            "cfn-lint is not installed in {}: run scripts/setup-tools.sh",
            python.display()
        )));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Reads every schema of the `us-east-1` provider list of the cfn-lint package at `package`.
pub fn load(package: &Path) -> Result<Schemas, SourceError> {
    let version_py = std::fs::read_to_string(package.join("version.py"))
        .map_err(|e| SourceError(format!("{}: {e}", package.join("version.py").display())))?;
    let cfn_lint_version = version_py
        .lines()
        .find_map(|l| l.strip_prefix("__version__ = "))
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    if cfn_lint_version != PINNED_CFN_LINT {
        return Err(SourceError(format!(
            "cfn-lint {cfn_lint_version} found at {}, but the generated code is pinned to {PINNED_CFN_LINT}: run scripts/setup-tools.sh, or change PINNED_CFN_LINT and tools/requirements.txt together",
            package.display()
        )));
    }
    let data = package.join("data");
    let schema_date = read_json(&data.join("schemas/version.json"))?["schema_date"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let providers = read_json(&data.join("schemas/providers/us-east-1.json"))?;
    let providers = providers
        .as_object()
        .ok_or_else(|| SourceError("providers/us-east-1.json is not an object".into()))?;
    let mut types = Vec::with_capacity(providers.len());
    for (name, file) in providers {
        let file = file.as_str().unwrap_or_default();
        let schema = read_json(&data.join(format!("schemas/resources/{file}.json")))?;
        types.push((name.clone(), schema));
    }
    types.sort_by(|a, b| a.0.cmp(&b.0));
    let stateful = read_json(&data.join("AdditionalSpecs/StatefulResources.json"))?;
    Ok(Schemas {
        cfn_lint_version,
        schema_date,
        types,
        stateful,
    })
}
