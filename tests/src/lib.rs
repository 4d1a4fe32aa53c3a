//! Helpers shared by the integration tests: where the pinned external tools are, and how to
//! hand a synthesized state machine definition to asl-validator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The path of a pinned external tool installed by `scripts/setup-tools.sh`; panics with the
/// command to run when it is missing, so that a missing tool fails the test instead of
/// skipping it.
pub fn tool(name: &str) -> PathBuf {
    let root = workspace_root();
    let candidates = [
        root.join(".tools/venv/bin").join(name),
        root.join("tools/node_modules/.bin").join(name),
    ];
    candidates
        .iter()
        .find(|p| p.exists())
        .cloned()
        .unwrap_or_else(|| panic!("{name} is not installed: run scripts/setup-tools.sh"))
}

/// Runs a tool and returns its output.
pub fn run_tool(name: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(tool(name))
        .args(args)
        .current_dir(cwd)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"))
}

/// Every state machine definition of a template, with its substitution variables replaced by
/// placeholder values (ARNs for `...Arn` keys, plain names otherwise), as asl-validator needs.
pub fn definitions(template: &Value) -> Vec<(String, Value)> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::StepFunctions::StateMachine")
        .map(|(id, r)| {
            let mut text = r["Properties"]["Definition"].to_string();
            if let Some(subs) = r["Properties"]["DefinitionSubstitutions"].as_object() {
                for key in subs.keys() {
                    let placeholder = if key.ends_with("Arn") {
                        format!("arn:aws:lambda:us-east-1:123456789012:function:{key}")
                    } else {
                        format!("placeholder-{key}")
                    };
                    text = text.replace(&format!("${{{key}}}"), &placeholder);
                }
            }
            (
                id.clone(),
                serde_json::from_str(&text).expect("definition is JSON"),
            )
        })
        .collect()
}
