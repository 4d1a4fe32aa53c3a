//! The TweetBot's **Find Tweet** Lambda function: the newest tweet matching the execution's
//! search text, from the X API v2 recent search.
//!
//! - Event: the state's input, `{"searchText": "...", "sinceId": "..."?}`. `sinceId` (a tweet
//!   id, as a string of digits; absent or `null` for none) asks only for newer tweets: it is
//!   sent as `since_id` while it is less than seven days old (the recent search refuses older
//!   ones with HTTP 400, and covers only seven days anyway), and always applied to the answer.
//! - Result: [`FindTweetResult`]: `{"found": false}` or `{"found": true, "id", "text",
//!   "authorId", "username", "createdAt", "url"}`.
//! - Errors ([`FindTweetError`], whose [`error_type`](FindTweetError::error_type) is the
//!   `errorType` Step Functions matches): HTTP 429, 5xx, timeouts and connection failures are
//!   [`RETRYABLE_ERROR`] (`TwitterRetryableError`, retried by the task); 401/403 and an
//!   unreadable token are [`AUTH_ERROR`]; malformed answers [`RESPONSE_ERROR`]; a bad event
//!   [`INPUT_ERROR`].
//! - Environment: `BEARER_TOKEN_PARAMETER` (the SSM SecureString holding the bearer token, read
//!   once per instance), `TWITTER_API_URL` (default `https://api.twitter.com`), and the standard
//!   AWS settings (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL`...) for SSM.
//!
//! The token is never logged and never part of a result or an error: [`BearerToken`] has no
//! `Display`, a redacted `Debug`, and makes a sensitive header value.
//!
//! HTTPS (to X and to SSM) is rustls with the ring provider, which cross-builds with
//! cargo-lambda's zig linker; see `constructs/tweetbot/functions/README.md`.

#![warn(missing_docs)]

mod error;
pub mod result;
pub mod token;
pub mod x_api;

use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use serde_json::Value;

pub use error::{
    FindTweetError, AUTH_ERROR, CONFIGURATION_ERROR, INPUT_ERROR, RESPONSE_ERROR, RETRYABLE_ERROR,
};
pub use result::{FindTweetResult, FoundTweet};
pub use token::{BearerToken, BearerTokenParameter};
pub use x_api::{SearchRequest, XApi};

/// The longest query the X API's recent search accepts, in characters.
pub const MAX_SEARCH_TEXT: usize = 512;

/// The environment variable naming the SSM parameter that holds the bearer token.
pub const BEARER_TOKEN_PARAMETER_ENV: &str = "BEARER_TOKEN_PARAMETER";

/// The environment variable holding the X API's base URL.
pub const API_URL_ENV: &str = "TWITTER_API_URL";

/// The search an event asks for: `searchText` (not blank, at most [`MAX_SEARCH_TEXT`]
/// characters) and the optional `sinceId` (a string of digits; absent or `null` for none).
/// Other fields (`phoneNumber`...) are ignored.
///
/// ```
/// use find_tweet::search_request;
/// let r = search_request(&serde_json::json!({"searchText": "AWS", "sinceId": "2126243387799691529"}))?;
/// assert_eq!(r.since_id, Some(2126243387799691529));
/// assert!(search_request(&serde_json::json!({"searchText": " "})).is_err());
/// # Ok::<(), find_tweet::FindTweetError>(())
/// ```
pub fn search_request(event: &Value) -> Result<SearchRequest, FindTweetError> {
    let invalid = |m: String| FindTweetError::InvalidInput(m);
    let query = match event.get("searchText") {
        Some(Value::String(text)) => text.trim(),
        None | Some(Value::Null) => return Err(invalid("searchText is missing".into())),
        Some(_) => return Err(invalid("searchText must be a string".into())),
    };
    if query.is_empty() {
        return Err(invalid("searchText must not be blank".into()));
    }
    let length = query.chars().count();
    if length > MAX_SEARCH_TEXT {
        return Err(invalid(format!(
            "searchText is {length} characters; the X API's recent search accepts at most {MAX_SEARCH_TEXT}"
        )));
    }
    let since_id = match event.get("sinceId") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(
            id.parse::<u64>()
                .ok()
                .filter(|_| id.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| invalid("sinceId must be a tweet id: a string of digits".into()))?,
        ),
        Some(_) => {
            return Err(invalid(
                "sinceId must be a tweet id as a string of digits (a JSON number cannot hold it exactly)"
                    .into(),
            ))
        }
    };
    Ok(SearchRequest {
        query: query.to_string(),
        since_id,
    })
}

/// The Find Tweet function: an X API client and the bearer token's parameter.
#[derive(Debug)]
pub struct FindTweet {
    api: XApi,
    token: BearerTokenParameter,
}

impl FindTweet {
    /// The function searching `api` with the token from `token`.
    pub fn new(api: XApi, token: BearerTokenParameter) -> FindTweet {
        FindTweet { api, token }
    }

    /// The function configured from the environment: `BEARER_TOKEN_PARAMETER`,
    /// `TWITTER_API_URL`, and the standard AWS configuration for SSM (see [`sdk_config`]).
    pub async fn from_env() -> Result<FindTweet, FindTweetError> {
        let parameter = std::env::var(BEARER_TOKEN_PARAMETER_ENV)
            .ok()
            .filter(|p| !p.trim().is_empty())
            .ok_or_else(|| {
                FindTweetError::Configuration(format!(
                    "{BEARER_TOKEN_PARAMETER_ENV} is not set: it names the SSM SecureString parameter holding the X API bearer token"
                ))
            })?;
        let api_url = std::env::var(API_URL_ENV)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| x_api::DEFAULT_API_URL.to_string());
        let api = XApi::new(&api_url)?;
        let ssm = aws_sdk_ssm::Client::new(&sdk_config().await);
        Ok(FindTweet::new(
            api,
            BearerTokenParameter::new(ssm, parameter),
        ))
    }

    /// Handles one invocation: checks the event, reads the token (first time only), searches,
    /// and returns the newest tweet.
    pub async fn handle(&self, event: &Value) -> Result<FindTweetResult, FindTweetError> {
        let request = search_request(event)?;
        let token = self.token.get().await?;
        let answer = self.api.search(&request, token, self.token.name()).await?;
        let result = result::newest(&answer, request.since_id)?;
        match &result.tweet {
            Some(tweet) => {
                tracing::info!(id = %tweet.id, username = %tweet.username, "found a tweet")
            }
            None => tracing::info!(since_id = ?request.since_id, "no new tweet"),
        }
        Ok(result)
    }
}

/// An HTTP client for the AWS SDK using rustls with the ring provider (the SDK's default
/// client uses aws-lc-rs, whose C build does not cross-compile with cargo-lambda's zig).
pub fn aws_http_client() -> aws_sdk_ssm::config::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The standard AWS configuration (environment, profiles, `AWS_ENDPOINT_URL`, the Lambda
/// execution role's credentials) with [`aws_http_client`].
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_http_client())
        .load()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn search_text_is_required_not_blank_and_at_most_512_characters() {
        let r =
            search_request(&json!({"searchText": "  AWS Step Functions ", "phoneNumber": "+1"}))
                .unwrap();
        assert_eq!(r.query, "AWS Step Functions");
        assert_eq!(r.since_id, None);
        assert!(search_request(&json!({"searchText": "é".repeat(512)})).is_ok());
        for (event, message) in [
            (json!({}), "invalid input: searchText is missing"),
            (json!(null), "invalid input: searchText is missing"),
            (json!({"searchText": 3}), "invalid input: searchText must be a string"),
            (json!({"searchText": " \n"}), "invalid input: searchText must not be blank"),
            (
                json!({"searchText": "é".repeat(513)}),
                "invalid input: searchText is 513 characters; the X API's recent search accepts at most 512",
            ),
        ] {
            let error = search_request(&event).unwrap_err();
            assert_eq!(error.to_string(), message);
            assert_eq!(error.error_type(), INPUT_ERROR);
        }
    }

    #[test]
    fn since_id_is_an_optional_string_of_digits() {
        let r = |since: Value| search_request(&json!({"searchText": "a", "sinceId": since}));
        assert_eq!(r(json!(null)).unwrap().since_id, None);
        assert_eq!(
            r(json!("18446744073709551615")).unwrap().since_id,
            Some(u64::MAX)
        );
        for bad in [
            json!(""),
            json!("+5"),
            json!("12a"),
            json!("18446744073709551616"),
            json!(5),
            json!([]),
        ] {
            let error = r(bad.clone()).unwrap_err();
            assert_eq!(error.error_type(), INPUT_ERROR, "{bad}");
            assert!(
                error.to_string().contains("sinceId must be a tweet id"),
                "{error}"
            );
        }
    }
}
