//! Execution input: from an app's typed flags, or JSON given on the command line or in a file,
//! checked before anything is sent; and execution names.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::error::SfnError;

/// Execution input built from an app's own `run` flags (`--search-text`, ...). Validation belongs
/// in the flags' value parsers, so bad input stops before any request. (Part of the command
/// line, the binary's edge: its errors are `anyhow`.)
pub trait ExecutionInput: clap::Args {
    /// The input, when the flags give one (`None` leaves it to `--input`/`--input-file`); an
    /// error when they give only part of it.
    fn input(&self) -> anyhow::Result<Option<Value>>;

    /// Checks input given as JSON (`--input`, `--input-file`) before it is sent.
    fn check(_input: &Value) -> anyhow::Result<()> {
        Ok(())
    }
}

/// An app without input flags of its own.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct NoInput {}

impl ExecutionInput for NoInput {
    fn input(&self) -> anyhow::Result<Option<Value>> {
        Ok(None)
    }
}

/// Parses JSON input; malformed JSON is reported with its line and column.
///
/// ```
/// use cdk_toolkit_sfn::parse_input;
/// assert!(parse_input("{\"a\": 1}", "--input").is_ok());
/// let err = parse_input("{\"a\": }", "--input").unwrap_err().to_string();
/// assert!(err.contains("line 1, column 7"), "{err}");
/// ```
pub fn parse_input(text: &str, source: &str) -> Result<Value, SfnError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        SfnError::Input(format!(
            "malformed JSON in {source} at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// The execution name: the one given (checked), or a new one from the time.
pub fn execution_name(given: Option<&str>, prefix: &str) -> Result<String, SfnError> {
    match given {
        Some(n) => {
            let ok = (1..=80).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                return Err(SfnError::Input(format!(
                    "invalid execution name {n:?}: use 1 to 80 letters, digits, '-' and '_'"
                )));
            }
            Ok(n.to_string())
        }
        None => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| SfnError::Input("the clock is before 1970".into()))?;
            let prefix: String = prefix
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .take(40)
                .collect();
            Ok(format!(
                "{prefix}-{}-{:03}",
                now.as_secs(),
                now.subsec_millis()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_or_generated_unique_per_millisecond() {
        assert_eq!(execution_name(Some("my-run_1"), "x").unwrap(), "my-run_1");
        assert!(execution_name(Some("has space"), "x").is_err());
        assert!(execution_name(Some(&"n".repeat(81)), "x").is_err());
        let generated = execution_name(None, "tweetbot-app").unwrap();
        assert!(generated.starts_with("tweetbot-app-"), "{generated}");
        assert!(generated.len() <= 80);
    }
}
