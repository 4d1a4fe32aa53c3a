//! What earlier hotswaps sent, remembered in a small JSON file (`cdk.out/hotswap-state.json`
//! for the CLI), so that the next hotswap sends only what changed since.
//!
//! Per stack, keyed `ACCOUNT/REGION/STACK`: the stack's id, the SHA-256 of the template
//! CloudFormation holds for it, and, per resource hotswapped, the template values of its
//! hotswappable properties as last sent. A record is used only while the stack is the same one
//! (same id) with the same deployed template: any deploy through CloudFormation that changes the
//! template, or a stack deleted and created again, makes it stale, and it is dropped. A resource
//! set back to its deployed values is dropped from the record.
//!
//! The file is local: a hotswap made from another machine or checkout, or a change made in the
//! console, is not in it (`deploy --hotswap --force` ignores the file and sends every
//! hotswappable difference from the deployed template). A file that cannot be read is taken as
//! empty, which only means that more is sent.

use std::collections::BTreeMap;
use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::classify::Recorded;
use crate::error::ToolkitError;

/// The file's format version.
const VERSION: u32 = 1;

/// One stack's record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StackRecord {
    /// The stack's id (ARN) when the hotswaps were made.
    pub stack_id: String,
    /// The SHA-256 of the template CloudFormation held for it ([`template_hash`]).
    pub deployed_template: String,
    /// Per resource hotswapped, its hotswappable properties as last sent (template values).
    pub resources: Recorded,
}

/// The state file's contents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HotswapState {
    version: u32,
    /// `ACCOUNT/REGION/STACK` → record.
    pub stacks: BTreeMap<String, StackRecord>,
}

impl Default for HotswapState {
    fn default() -> Self {
        HotswapState {
            version: VERSION,
            stacks: BTreeMap::new(),
        }
    }
}

/// The SHA-256 (hex) of a template, as compact JSON.
pub fn template_hash(template: &Value) -> String {
    let digest = Sha256::digest(template.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key of a stack: `ACCOUNT/REGION/STACK`.
pub fn key(account: &str, region: &str, stack: &str) -> String {
    format!("{account}/{region}/{stack}")
}

impl HotswapState {
    /// The state in `path`; empty when there is no file, or one that cannot be read (said at
    /// `warn` level: it only means that more is sent).
    pub fn load(path: &Path) -> HotswapState {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return HotswapState::default(),
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "hotswap state unreadable; taken as empty");
                return HotswapState::default();
            }
        };
        match serde_json::from_str::<HotswapState>(&text) {
            Ok(s) if s.version == VERSION => s,
            Ok(_) | Err(_) => {
                tracing::warn!(file = %path.display(), "hotswap state of another format; taken as empty");
                HotswapState::default()
            }
        }
    }

    /// Writes the state to `path` (through a temporary file renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), ToolkitError> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| ToolkitError::Unexpected(e.to_string()))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io(path, e))?;
        }
        let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text + "\n").map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))
    }

    /// What earlier hotswaps sent to this stack, if they were made on this stack (`stack_id`)
    /// with this deployed template.
    pub fn recorded(
        &self,
        key: &str,
        stack_id: &str,
        deployed_template: &str,
    ) -> Option<&Recorded> {
        self.stacks
            .get(key)
            .filter(|r| r.stack_id == stack_id && r.deployed_template == deployed_template)
            .map(|r| &r.resources)
    }

    /// Drops the record of a stack made stale (another stack id or deployed template).
    pub fn forget_stale(&mut self, key: &str, stack_id: &str, deployed_template: &str) -> bool {
        let stale = self
            .stacks
            .get(key)
            .is_some_and(|r| r.stack_id != stack_id || r.deployed_template != deployed_template);
        if stale {
            self.stacks.remove(key);
        }
        stale
    }

    /// Records what was sent to one resource: its hotswappable properties now `sent`; when they
    /// are the `deployed` ones, the resource's record is dropped (and the stack's, when it has
    /// no other).
    pub fn record(
        &mut self,
        key: &str,
        stack_id: &str,
        deployed_template: &str,
        logical_id: &str,
        sent: &IndexMap<String, Value>,
        deployed: &IndexMap<String, Value>,
    ) {
        let entry = self.stacks.entry(key.to_string()).or_default();
        if entry.stack_id != stack_id || entry.deployed_template != deployed_template {
            *entry = StackRecord {
                stack_id: stack_id.to_string(),
                deployed_template: deployed_template.to_string(),
                resources: IndexMap::new(),
            };
        }
        if sent == deployed {
            entry.resources.shift_remove(logical_id);
        } else {
            entry.resources.insert(logical_id.to_string(), sent.clone());
        }
        if entry.resources.is_empty() {
            self.stacks.remove(key);
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> ToolkitError {
    ToolkitError::Unexpected(format!(
        "cannot write the hotswap state file {}: {e}",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(code: &str) -> IndexMap<String, Value> {
        [("Code".to_string(), json!({"S3Key": code}))]
            .into_iter()
            .collect()
    }

    #[test]
    fn a_record_holds_for_the_same_stack_and_deployed_template_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cdk.out").join(super::super::STATE_FILE);
        let mut state = HotswapState::load(&file);
        assert_eq!(state, HotswapState::default(), "no file: empty");
        let k = key("123456789012", "us-east-1", "Bot");
        state.record(&k, "arn:1", "t1", "Fn", &props("b.zip"), &props("a.zip"));
        state.save(&file).unwrap();
        let state = HotswapState::load(&file);
        assert_eq!(
            state.recorded(&k, "arn:1", "t1").unwrap()["Fn"],
            props("b.zip")
        );
        assert!(
            state.recorded(&k, "arn:1", "t2").is_none(),
            "another deployed template"
        );
        assert!(
            state.recorded(&k, "arn:2", "t1").is_none(),
            "another stack of that name"
        );
        let mut state = state;
        assert!(state.forget_stale(&k, "arn:1", "t2"));
        assert!(state.stacks.is_empty());
    }

    #[test]
    fn a_resource_set_back_to_its_deployed_values_is_dropped() {
        let mut state = HotswapState::default();
        let k = key("1", "r", "Bot");
        state.record(&k, "arn:1", "t1", "Fn", &props("b.zip"), &props("a.zip"));
        state.record(&k, "arn:1", "t1", "Fn", &props("a.zip"), &props("a.zip"));
        assert!(state.stacks.is_empty(), "{state:?}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_taken_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        std::fs::write(&file, "{not json").unwrap();
        assert_eq!(HotswapState::load(&file), HotswapState::default());
    }
}
