//! The TweetBot's **Generate Message** Lambda function: a friendly message about the tweet that
//! Find Tweet found, short enough for one SMS.
//!
//! The function receives the state's input (`{"searchText": ..., "tweet": {"username", "text",
//! "id", "url", ...}}`) and returns the message as a JSON string, which the state machine puts at
//! `$.message` for the Send SMS task. The message fits one SMS: at most 160 GSM-7 characters
//! (the GSM 03.38 basic set; extension characters count two), or at most 70 UTF-16 units when it
//! needs Unicode; it is never cut inside a grapheme cluster ([`message`] says how it shortens).
//!
//! ```
//! let event = serde_json::json!({
//!     "searchText": "AWS",
//!     "tweet": {"found": true, "id": "2126243387799691529", "username": "awsdevelopers",
//!               "text": "Hello Step Functions"}
//! });
//! assert_eq!(
//!     generate_message::handle(&event)?,
//!     "@awsdevelopers tweeted about AWS: Hello Step Functions https://x.com/i/status/2126243387799691529"
//! );
//! # Ok::<(), generate_message::GenerateMessageError>(())
//! ```

#![warn(missing_docs)]

pub mod gsm;
pub mod message;

use lambda_runtime::Diagnostic;
use serde_json::{Map, Value};

use crate::message::{compose, Tweet};

/// Why the function failed; its [`error_type`](GenerateMessageError::error_type) is the
/// `errorType` Step Functions sees.
#[derive(Debug, thiserror::Error)]
pub enum GenerateMessageError {
    /// The event is not what the state machine sends.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl GenerateMessageError {
    /// The error name reported to Lambda (`errorType`), which a state's `Retry` or `Catch`
    /// matches.
    pub fn error_type(&self) -> &'static str {
        match self {
            GenerateMessageError::InvalidInput(_) => "InvalidInputError",
        }
    }
}

impl From<GenerateMessageError> for Diagnostic {
    fn from(error: GenerateMessageError) -> Diagnostic {
        Diagnostic {
            error_type: error.error_type().to_string(),
            error_message: error.to_string(),
        }
    }
}

/// Handles one invocation: the message about `event.tweet`, found by `event.searchText`.
/// Missing fields (or `null`) are allowed; a field of the wrong type is an error.
pub fn handle(event: &Value) -> Result<String, GenerateMessageError> {
    let empty = Map::new();
    let event = match event {
        Value::Null => &empty,
        Value::Object(map) => map,
        other => {
            return Err(GenerateMessageError::InvalidInput(format!(
                "the event must be an object, not {}",
                kind(other)
            )))
        }
    };
    let tweet = match event.get("tweet") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(GenerateMessageError::InvalidInput(format!(
                "tweet must be an object, not {}",
                kind(other)
            )))
        }
    };
    let tweet = Tweet {
        username: string_field(tweet, "username", "tweet.")?,
        text: string_field(tweet, "text", "tweet.")?,
        id: string_field(tweet, "id", "tweet.")?,
        url: string_field(tweet, "url", "tweet.")?,
    };
    let search_text = string_field(event, "searchText", "")?.unwrap_or_default();
    let sms = compose(&tweet, &search_text);
    tracing::info!(
        encoding = ?sms.encoding,
        units = sms.encoding.cost(&sms.text),
        tweet_cut = sms.body.as_ref().is_some_and(|b| b.truncated),
        "message composed"
    );
    Ok(sms.text)
}

fn string_field(
    map: &Map<String, Value>,
    name: &str,
    prefix: &str,
) -> Result<Option<String>, GenerateMessageError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(GenerateMessageError::InvalidInput(format!(
            "{prefix}{name} must be a string, not {}",
            kind(other)
        ))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_find_tweet_result_gives_a_message() {
        let event = json!({
            "searchText": "AWS Step Functions",
            "phoneNumber": "+15554446666",
            "tweet": {
                "found": true,
                "id": "2126243387799691529",
                "text": "AWS Step Functions now supports JSONata and variables 🎉 https://t.co/abc",
                "authorId": "2244994945",
                "username": "awsdevelopers",
                "createdAt": "2026-11-27T09:15:02.000Z",
                "url": "https://x.com/awsdevelopers/status/2126243387799691529"
            }
        });
        let message = handle(&event).unwrap();
        assert!(message.starts_with("@awsdevelopers tweeted about AWS Step Functions: "));
        assert!(gsm::fits_one_sms(&message));
    }

    #[test]
    fn missing_fields_are_allowed() {
        assert_eq!(handle(&json!({"tweet": {}})).unwrap(), "@someone tweeted");
        assert_eq!(handle(&Value::Null).unwrap(), "@someone tweeted");
        assert_eq!(
            handle(&json!({"tweet": {"username": null, "text": "hi"}, "searchText": null}))
                .unwrap(),
            "@someone tweeted: hi"
        );
    }

    #[test]
    fn wrong_types_are_invalid_input() {
        for (event, message) in [
            (
                json!([]),
                "invalid input: the event must be an object, not an array",
            ),
            (
                json!({"tweet": "x"}),
                "invalid input: tweet must be an object, not a string",
            ),
            (
                json!({"tweet": {"text": 3}}),
                "invalid input: tweet.text must be a string, not a number",
            ),
            (
                json!({"searchText": true}),
                "invalid input: searchText must be a string, not a boolean",
            ),
        ] {
            let error = handle(&event).unwrap_err();
            assert_eq!(error.to_string(), message);
            let diagnostic = Diagnostic::from(error);
            assert_eq!(diagnostic.error_type, "InvalidInputError");
            assert_eq!(diagnostic.error_message, message);
        }
    }
}
