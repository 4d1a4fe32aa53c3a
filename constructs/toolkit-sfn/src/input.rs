//! Execution input: from an app's typed flags, or JSON given on the command line or in a file,
//! checked before anything is sent; and execution names.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::error::SfnError;

pub use cdk_synth::cli::{ExecutionInput, NoInput};

/// Parses JSON input; malformed JSON is reported with its line and column (in characters, as
/// an editor counts them).
///
/// ```
/// use cdk_toolkit_sfn::parse_input;
/// assert!(parse_input("{\"a\": 1}", "--input").is_ok());
/// let err = parse_input("{\"a\": }", "--input").unwrap_err().to_string();
/// assert!(err.contains("line 1, column 7"), "{err}");
/// let err = parse_input("{\"é\": }", "--input").unwrap_err().to_string();
/// assert!(err.contains("line 1, column 7"), "{err}");
/// ```
pub fn parse_input(text: &str, source: &str) -> Result<Value, SfnError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        SfnError::Input(format!(
            "malformed JSON in {source} at line {}, column {}: {e}",
            e.line(),
            char_column(text, e.line(), e.column())
        ))
    })
}

/// serde_json's column (bytes into the line) as characters into the line.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let mut end = byte_column.min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    line[..end].chars().count()
}

/// The most execution input Step Functions accepts (`StartExecution`, `StartSyncExecution`):
/// 256 KiB of UTF-8 text.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// Checks that `input` is within what Step Functions accepts ([`MAX_INPUT_BYTES`]) and returns
/// the text to send (compact JSON). `source` says where it came from (`--input-file big.json`),
/// `given` how many bytes it had there (0 when unknown or the same).
///
/// ```
/// use cdk_toolkit_sfn::check_input_size;
/// let small = serde_json::json!({"searchText": "AWS"});
/// assert_eq!(check_input_size(&small, "--input", 0).unwrap(), r#"{"searchText":"AWS"}"#);
/// let big = serde_json::json!({"padding": "x".repeat(300 * 1024)});
/// let err = check_input_size(&big, "--input-file big.json", 0).unwrap_err().to_string();
/// assert!(err.contains("307,214 bytes (300.0 KiB)"), "{err}");
/// assert!(err.contains("at most 262,144 bytes (256 KiB)"), "{err}");
/// ```
pub fn check_input_size(input: &Value, source: &str, given: usize) -> Result<String, SfnError> {
    let text = input.to_string();
    if text.len() <= MAX_INPUT_BYTES {
        return Ok(text);
    }
    let as_given = if given != 0 && given != text.len() {
        format!("; {} as given", bytes(given))
    } else {
        String::new()
    };
    Err(SfnError::Input(format!(
        "the execution input from {source} is {} as compact JSON{as_given}; Step Functions accepts at most {} of input, so nothing was sent",
        bytes(text.len()),
        bytes(MAX_INPUT_BYTES)
    )))
}

/// A size for people: `307,214 bytes (300.0 KiB)`, `262,144 bytes (256 KiB)`.
fn bytes(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let (value, unit) = if n >= 1024 * 1024 {
        (n as f64 / (1024.0 * 1024.0), "MiB")
    } else {
        (n as f64 / 1024.0, "KiB")
    };
    let unit = if value.fract() == 0.0 {
        format!("{value:.0} {unit}")
    } else {
        format!("{value:.1} {unit}")
    };
    format!("{grouped} bytes ({unit})")
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
    fn input_over_256_kib_is_refused_saying_its_size() {
        // Exactly the limit passes; one byte more is refused.
        let at_limit = Value::String("x".repeat(MAX_INPUT_BYTES - 2));
        assert_eq!(
            check_input_size(&at_limit, "--input", 0).unwrap().len(),
            MAX_INPUT_BYTES
        );
        let over = Value::String("x".repeat(MAX_INPUT_BYTES - 1));
        let err = check_input_size(&over, "--input", 0)
            .unwrap_err()
            .to_string();
        assert!(err.contains("262,145 bytes (256.0 KiB)"), "{err}");
        // Non-ASCII text counts in UTF-8 bytes, as Step Functions counts it.
        let wide = Value::String("é".repeat(MAX_INPUT_BYTES / 2));
        assert!(check_input_size(&wide, "--input", 0).is_err());
        let ten_mb = serde_json::json!({"p": "x".repeat(10 * 1024 * 1024)});
        let err = check_input_size(&ten_mb, "--input-file big.json", 10 * 1024 * 1024 + 40)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("from --input-file big.json is 10,485,768 bytes (10.0 MiB) as compact JSON; 10,485,800 bytes (10.0 MiB) as given"),
            "{err}"
        );
        assert_eq!(bytes(MAX_INPUT_BYTES), "262,144 bytes (256 KiB)");
    }

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
