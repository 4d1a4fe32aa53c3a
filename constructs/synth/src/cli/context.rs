//! Context for the app: `cdk.context.json` next to the app (values that must stay fixed), then
//! `--context key=value` (which wins), handed to cdk-core before the app is built.

use std::path::Path;

use anyhow::{anyhow, Context as _};
use indexmap::IndexMap;
use serde_json::Value;

/// The file AWS CDK keeps context in, in the app's directory.
pub const CONTEXT_FILE: &str = "cdk.context.json";

/// `--context key=value`: the pair, or why not.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected key=value, got {s:?}")),
    }
}

/// The context: the file in `dir` (if there), then the command line's pairs.
pub fn load(dir: &Path, pairs: &[(String, String)]) -> anyhow::Result<IndexMap<String, Value>> {
    let path = dir.join(CONTEXT_FILE);
    let mut out: IndexMap<String, Value> = IndexMap::new();
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let value: Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", path.display()))?;
            let Value::Object(map) = value else {
                return Err(anyhow!(
                    "{} must hold a JSON object of context keys and values",
                    path.display()
                ));
            };
            out.extend(map);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(anyhow!("cannot read {}: {e}", path.display())),
    }
    for (k, v) in pairs {
        out.insert(k.clone(), Value::String(v.clone()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONTEXT_FILE),
            r#"{"stage": "beta", "size": 3}"#,
        )
        .unwrap();
        let ctx = load(dir.path(), &[("stage".into(), "prod".into())]).unwrap();
        assert_eq!(ctx["stage"], "prod");
        assert_eq!(ctx["size"], 3);
        std::fs::write(dir.path().join(CONTEXT_FILE), "[1]").unwrap();
        assert!(load(dir.path(), &[])
            .unwrap_err()
            .to_string()
            .contains("must hold a JSON object"));
        std::fs::write(dir.path().join(CONTEXT_FILE), "{").unwrap();
        assert!(format!("{:#}", load(dir.path(), &[]).unwrap_err()).contains("is not valid JSON"));
        assert_eq!(parse_pair("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert!(parse_pair("novalue").is_err());
        assert!(parse_pair("=v").is_err());
    }
}
