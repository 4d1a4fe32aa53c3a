//! [`FindTweetError`]: every way Find Tweet fails, and the `errorType` each reports.

use std::time::Duration;

use lambda_runtime::Diagnostic;

/// The `errorType` of rate limiting (HTTP 429), X API server errors (5xx), timeouts and
/// connection failures; the Find Tweet task's `Retry` matches it (`cdk_tweetbot::RETRYABLE_ERROR`).
pub const RETRYABLE_ERROR: &str = "TwitterRetryableError";

/// The `errorType` of a refused bearer token (HTTP 401, 403) or one that cannot be read from SSM.
pub const AUTH_ERROR: &str = "TwitterAuthError";

/// The `errorType` of an answer that is not a search result (malformed JSON, wrong shape, an
/// unexpected status such as 400).
pub const RESPONSE_ERROR: &str = "TwitterResponseError";

/// The `errorType` of an event that is not what the state machine sends.
pub const INPUT_ERROR: &str = "InvalidInputError";

/// The `errorType` of a function whose environment is wrong (an unusable `TWITTER_API_URL`).
pub const CONFIGURATION_ERROR: &str = "ConfigurationError";

/// Why Find Tweet failed. No variant ever holds the bearer token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FindTweetError {
    /// The event is not what the state machine sends (no `searchText`, a bad `sinceId`...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// X answered HTTP 429.
    #[error("X API rate limit reached (HTTP 429){reset}; retry later")]
    RateLimited {
        /// `, resets at <epoch seconds>` from `x-rate-limit-reset`, or empty.
        reset: String,
    },
    /// X answered a 5xx status.
    #[error("X API failed (HTTP {status}){detail}")]
    ServerError {
        /// The HTTP status.
        status: u16,
        /// `: <the problem's detail>`, or empty.
        detail: String,
    },
    /// X could not be reached.
    #[error("X API unreachable: {0}")]
    Unreachable(String),
    /// X did not answer in time.
    #[error("X API did not answer within {} ms", .0.as_millis())]
    Timeout(Duration),
    /// X refused the bearer token (HTTP 401 or 403).
    #[error("X API refused the bearer token (HTTP {status}){detail}: check the token in the SSM parameter {parameter}")]
    TokenRefused {
        /// The HTTP status.
        status: u16,
        /// `: <the problem's detail>`, or empty.
        detail: String,
        /// The SSM parameter the token came from.
        parameter: String,
    },
    /// The bearer token could not be read from SSM.
    #[error("cannot read the bearer token from the SSM parameter {parameter}: {reason}")]
    TokenUnavailable {
        /// The SSM parameter.
        parameter: String,
        /// Why (the SSM error code and message, or what is wrong with the value).
        reason: String,
    },
    /// X answered a status that is neither success nor one of the above (400, 404...).
    #[error("X API answered HTTP {status}{detail}")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// `: <the problem's detail>`, or empty.
        detail: String,
    },
    /// X answered something that is not JSON.
    #[error("X API answered malformed JSON ({0})")]
    MalformedJson(String),
    /// X answered JSON that is not a search result.
    #[error("X API answer is not a search result: {0}")]
    UnexpectedShape(String),
    /// The function's environment is wrong.
    #[error("configuration error: {0}")]
    Configuration(String),
}

impl FindTweetError {
    /// The error name reported to Lambda (`errorType`), which the state's `Retry` and `Catch`
    /// match: [`RETRYABLE_ERROR`], [`AUTH_ERROR`], [`RESPONSE_ERROR`], [`INPUT_ERROR`] or
    /// [`CONFIGURATION_ERROR`].
    pub fn error_type(&self) -> &'static str {
        match self {
            FindTweetError::RateLimited { .. }
            | FindTweetError::ServerError { .. }
            | FindTweetError::Unreachable(_)
            | FindTweetError::Timeout(_) => RETRYABLE_ERROR,
            FindTweetError::TokenRefused { .. } | FindTweetError::TokenUnavailable { .. } => {
                AUTH_ERROR
            }
            FindTweetError::UnexpectedStatus { .. }
            | FindTweetError::MalformedJson(_)
            | FindTweetError::UnexpectedShape(_) => RESPONSE_ERROR,
            FindTweetError::InvalidInput(_) => INPUT_ERROR,
            FindTweetError::Configuration(_) => CONFIGURATION_ERROR,
        }
    }

    /// True when retrying later may succeed (the error type is [`RETRYABLE_ERROR`]).
    pub fn is_retryable(&self) -> bool {
        self.error_type() == RETRYABLE_ERROR
    }
}

impl From<FindTweetError> for Diagnostic {
    fn from(error: FindTweetError) -> Diagnostic {
        Diagnostic {
            error_type: error.error_type().to_string(),
            error_message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_types_are_the_names_the_state_machine_matches() {
        let cases = [
            (
                FindTweetError::RateLimited {
                    reset: String::new(),
                },
                RETRYABLE_ERROR,
            ),
            (
                FindTweetError::ServerError {
                    status: 503,
                    detail: String::new(),
                },
                RETRYABLE_ERROR,
            ),
            (
                FindTweetError::Unreachable("refused".into()),
                RETRYABLE_ERROR,
            ),
            (
                FindTweetError::Timeout(Duration::from_secs(1)),
                RETRYABLE_ERROR,
            ),
            (
                FindTweetError::TokenRefused {
                    status: 401,
                    detail: String::new(),
                    parameter: "/p".into(),
                },
                AUTH_ERROR,
            ),
            (
                FindTweetError::TokenUnavailable {
                    parameter: "/p".into(),
                    reason: "ParameterNotFound".into(),
                },
                AUTH_ERROR,
            ),
            (
                FindTweetError::UnexpectedStatus {
                    status: 400,
                    detail: String::new(),
                },
                RESPONSE_ERROR,
            ),
            (FindTweetError::MalformedJson("eof".into()), RESPONSE_ERROR),
            (FindTweetError::UnexpectedShape("x".into()), RESPONSE_ERROR),
            (FindTweetError::InvalidInput("x".into()), INPUT_ERROR),
            (
                FindTweetError::Configuration("x".into()),
                CONFIGURATION_ERROR,
            ),
        ];
        for (error, error_type) in cases {
            assert_eq!(error.is_retryable(), error_type == RETRYABLE_ERROR);
            let message = error.to_string();
            let diagnostic = Diagnostic::from(error);
            assert_eq!(diagnostic.error_type, error_type);
            assert_eq!(diagnostic.error_message, message);
        }
        assert_eq!(RETRYABLE_ERROR, "TwitterRetryableError");
    }
}
