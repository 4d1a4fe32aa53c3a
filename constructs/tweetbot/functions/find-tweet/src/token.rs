//! The X API bearer token: read once per function instance from an SSM SecureString, kept only
//! as a sensitive `Authorization` header value, and never shown.

use std::fmt;

use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};
use http::HeaderValue;
use tokio::sync::OnceCell;

use crate::FindTweetError;

/// A bearer token. Its `Debug` shows no part of it, and it has no `Display`; the header value it
/// makes is marked sensitive, so HTTP libraries do not print it either.
#[derive(Clone)]
pub struct BearerToken {
    secret: String,
    header: HeaderValue,
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl BearerToken {
    /// A token from its value (surrounding whitespace removed). `None` when the value is empty
    /// or cannot be sent in an HTTP header; the reason never quotes the value.
    pub fn new(value: &str) -> Result<BearerToken, &'static str> {
        let secret = value.trim();
        if secret.is_empty() {
            return Err("the value is empty");
        }
        let mut header = HeaderValue::from_str(&format!("Bearer {secret}"))
            .map_err(|_| "the value has characters an HTTP header cannot carry")?;
        header.set_sensitive(true);
        Ok(BearerToken {
            secret: secret.to_string(),
            header,
        })
    }

    /// The `Authorization` header value, `Bearer <token>`, marked sensitive.
    pub fn authorization(&self) -> &HeaderValue {
        &self.header
    }

    /// `text` with every occurrence of the token replaced by `***`: for anything a server
    /// answered that goes into an error (a hostile or broken server could echo the header).
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.secret, "***")
    }
}

/// The SSM SecureString parameter holding the bearer token, read (with decryption) on first use
/// and then kept for the life of the function instance. A failed read is not kept: the next
/// invocation tries again.
#[derive(Debug)]
pub struct BearerTokenParameter {
    client: aws_sdk_ssm::Client,
    name: String,
    token: OnceCell<BearerToken>,
}

impl BearerTokenParameter {
    /// The parameter `name`, read through `client`.
    pub fn new(client: aws_sdk_ssm::Client, name: impl Into<String>) -> BearerTokenParameter {
        BearerTokenParameter {
            client,
            name: name.into(),
            token: OnceCell::new(),
        }
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The token: from SSM on the first call, from memory afterwards.
    pub async fn get(&self) -> Result<&BearerToken, FindTweetError> {
        self.token.get_or_try_init(|| self.read()).await
    }

    async fn read(&self) -> Result<BearerToken, FindTweetError> {
        tracing::info!(parameter = %self.name, "reading the bearer token from SSM");
        let unavailable = |reason: String| FindTweetError::TokenUnavailable {
            parameter: self.name.clone(),
            reason,
        };
        let output = self
            .client
            .get_parameter()
            .name(&self.name)
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| unavailable(describe_sdk_error(&e)))?;
        let value = output
            .parameter()
            .and_then(|p| p.value())
            .ok_or_else(|| unavailable("the parameter has no value".into()))?;
        BearerToken::new(value).map_err(|reason| unavailable(reason.into()))
    }
}

/// A short description of an SDK error: the service's error code and message, or what failed
/// on the way (SSM never returns the parameter's value in an error).
fn describe_sdk_error<E, R>(error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    match error {
        SdkError::ServiceError(e) => {
            let e = e.err();
            match (e.code(), e.message()) {
                (Some(code), Some(message)) if !message.is_empty() => format!("{code}: {message}"),
                (Some(code), _) => code.to_string(),
                _ => "the service answered an error".into(),
            }
        }
        SdkError::TimeoutError(_) => "the request to SSM timed out".into(),
        SdkError::DispatchFailure(f) if f.is_io() => "SSM could not be reached".into(),
        SdkError::DispatchFailure(f) if f.is_timeout() => "the request to SSM timed out".into(),
        SdkError::DispatchFailure(_) => "the request to SSM could not be sent".into(),
        SdkError::ConstructionFailure(_) => {
            "the request to SSM could not be built (check the region and credentials)".into()
        }
        SdkError::ResponseError(_) => "SSM answered something unreadable".into(),
        _ => "the request to SSM failed".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_shows() {
        let token = BearerToken::new("  AAAA-secret-token\n").unwrap();
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
        assert!(token.authorization().is_sensitive());
        assert_eq!(format!("{:?}", token.authorization()), "Sensitive");
        assert_eq!(
            token.authorization().to_str().unwrap(),
            "Bearer AAAA-secret-token"
        );
        assert_eq!(token.redact("echo AAAA-secret-token!"), "echo ***!");
    }

    #[test]
    fn unusable_values_are_refused_without_quoting_them() {
        assert_eq!(BearerToken::new(" \n").unwrap_err(), "the value is empty");
        let error = BearerToken::new("abc\u{7}def").unwrap_err();
        assert!(!error.contains("abc"));
    }
}
