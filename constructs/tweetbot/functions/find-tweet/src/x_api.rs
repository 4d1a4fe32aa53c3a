//! The X API v2 recent search: `GET /2/tweets/search/recent`, over HTTPS with rustls on ring.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{AUTHORIZATION, USER_AGENT};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

use crate::token::BearerToken;
use crate::FindTweetError;

/// The X API's base URL when `TWITTER_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://api.twitter.com";

/// The recent search's path.
pub const SEARCH_PATH: &str = "/2/tweets/search/recent";

/// How many tweets one search asks for (the API's minimum is 10).
pub const MAX_RESULTS: u32 = 10;

/// The longest answer read (a page of 10 tweets with their authors is a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// The longest part of a server's problem description put in an error.
const MAX_DETAIL: usize = 300;

/// The request body: always empty (the search is a GET).
type Body = http_body_util::Empty<hyper::body::Bytes>;

/// The oldest `since_id` sent: the recent search answers HTTP 400 to a `since_id` more than
/// seven days old (an hour of margin is kept for clock differences). An older one is not sent:
/// every tweet the recent search can return is newer than it anyway, and the answer is still
/// filtered by it (see [`crate::result::newest`]).
pub const SINCE_ID_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600 - 3600);

/// Milliseconds from the Unix epoch to the X (Twitter) snowflake epoch, 2010-11-04T01:42:54.657Z.
const SNOWFLAKE_EPOCH_MS: u64 = 1_288_834_974_657;

/// When the tweet `id` was created: its snowflake timestamp (the id's bits above the lowest 22,
/// in milliseconds since 2010-11-04T01:42:54.657Z).
///
/// ```
/// use find_tweet::x_api::tweet_time;
/// use std::time::{Duration, UNIX_EPOCH};
/// // 2126243387799691529 was created at 2026-11-27T09:15:02Z.
/// assert_eq!(tweet_time(2126243387799691529), UNIX_EPOCH + Duration::from_millis(1_795_770_902_000));
/// ```
pub fn tweet_time(id: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis((id >> 22) + SNOWFLAKE_EPOCH_MS)
}

/// One search: the query and, optionally, the id after which tweets are wanted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// The search query (`query`).
    pub query: String,
    /// Only tweets newer than this id: sent as `since_id` when it is recent enough for the
    /// API ([`SINCE_ID_MAX_AGE`]), and always applied to the answer.
    pub since_id: Option<u64>,
}

impl SearchRequest {
    /// The query string at time `now`: `query`, `max_results=10`, `expansions=author_id`,
    /// `tweet.fields=created_at`, `user.fields=username`, then `since_id` if set and at most
    /// [`SINCE_ID_MAX_AGE`] old.
    ///
    /// ```
    /// use find_tweet::x_api::{tweet_time, SearchRequest};
    /// use std::time::Duration;
    /// let id = 2126243387799691529; // 2026-11-27T09:15:02Z
    /// let r = SearchRequest { query: "AWS Step Functions".into(), since_id: Some(id) };
    /// assert_eq!(
    ///     r.query_string(tweet_time(id) + Duration::from_secs(3600)),
    ///     "query=AWS+Step+Functions&max_results=10&expansions=author_id&tweet.fields=created_at&user.fields=username&since_id=2126243387799691529"
    /// );
    /// // Eight days later the API would refuse it: it is not sent.
    /// assert!(!r.query_string(tweet_time(id) + Duration::from_secs(8 * 86400)).contains("since_id"));
    /// ```
    pub fn query_string(&self, now: SystemTime) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("query", &self.query)
            .append_pair("max_results", &MAX_RESULTS.to_string())
            .append_pair("expansions", "author_id")
            .append_pair("tweet.fields", "created_at")
            .append_pair("user.fields", "username");
        if let Some(id) = self.since_id.filter(|&id| sendable_since_id(id, now)) {
            query.append_pair("since_id", &id.to_string());
        }
        query.finish()
    }
}

/// True when the API accepts `id` as `since_id` at `now`: created at most [`SINCE_ID_MAX_AGE`]
/// before `now`.
fn sendable_since_id(id: u64, now: SystemTime) -> bool {
    now.duration_since(tweet_time(id))
        .map_or(true, |age| age <= SINCE_ID_MAX_AGE)
}

/// A client of the X API's recent search.
#[derive(Clone, Debug)]
pub struct XApi {
    base: String,
    client: Client<HttpsConnector<HttpConnector>, Body>,
    timeout: Duration,
    clock: fn() -> SystemTime,
}

impl XApi {
    /// A client of the API at `base_url` (`https://...`, or `http://...` for a local stand-in),
    /// with a 10 second timeout per search. TLS is rustls with the ring provider and the
    /// system's root certificates.
    pub fn new(base_url: &str) -> Result<XApi, FindTweetError> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        let uri: http::Uri = format!("{base}{SEARCH_PATH}").parse().map_err(|_| {
            FindTweetError::Configuration(format!("TWITTER_API_URL {base_url:?} is not a URL"))
        })?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            return Err(FindTweetError::Configuration(format!(
                "TWITTER_API_URL {base_url:?} must be an http:// or https:// URL with a host"
            )));
        }
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(Duration::from_secs(5)));
        let https = HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| {
                FindTweetError::Configuration(format!("no usable root certificates: {e}"))
            })?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        Ok(XApi {
            base,
            client,
            timeout: Duration::from_secs(10),
            clock: SystemTime::now,
        })
    }

    /// Sets the time one search may take, answer included.
    pub fn with_timeout(mut self, timeout: Duration) -> XApi {
        self.timeout = timeout;
        self
    }

    /// Sets the clock that decides whether `since_id` is recent enough to send (the system's
    /// by default; tests replaying recorded answers set the time they were recorded).
    pub fn with_clock(mut self, clock: fn() -> SystemTime) -> XApi {
        self.clock = clock;
        self
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Runs a search and returns the answer's body as JSON. Statuses become errors: 429 and
    /// 5xx are retryable, 401 and 403 mean the token was refused (named by `parameter`), any
    /// other non-2xx is an unexpected answer; so are a body that is not JSON and one over 1 MiB.
    pub async fn search(
        &self,
        request: &SearchRequest,
        token: &BearerToken,
        parameter: &str,
    ) -> Result<Value, FindTweetError> {
        match tokio::time::timeout(self.timeout, self.send(request, token, parameter)).await {
            Ok(result) => result,
            Err(_) => Err(FindTweetError::Timeout(self.timeout)),
        }
    }

    async fn send(
        &self,
        request: &SearchRequest,
        token: &BearerToken,
        parameter: &str,
    ) -> Result<Value, FindTweetError> {
        let url = format!(
            "{}{SEARCH_PATH}?{}",
            self.base,
            request.query_string((self.clock)())
        );
        let http_request = Request::get(&url)
            .header(AUTHORIZATION, token.authorization().clone())
            .header(
                USER_AGENT,
                concat!("tweetbot-find-tweet/", env!("CARGO_PKG_VERSION")),
            )
            .body(Body::new())
            .map_err(|e| FindTweetError::Configuration(format!("cannot build the request: {e}")))?;
        tracing::debug!(path = SEARCH_PATH, query = %request.query, since_id = ?request.since_id, "searching X");
        let response = self
            .client
            .request(http_request)
            .await
            .map_err(|e| FindTweetError::Unreachable(describe_client_error(&e)))?;
        let status = response.status();
        let reset = response
            .headers()
            .get("x-rate-limit-reset")
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.chars()
                    .filter(char::is_ascii_digit)
                    .take(20)
                    .collect::<String>()
            })
            .filter(|v| !v.is_empty());
        let body = http_body_util::Limited::new(response.into_body(), MAX_BODY)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    FindTweetError::UnexpectedShape(format!("the answer is over {MAX_BODY} bytes"))
                } else {
                    FindTweetError::Unreachable(format!("the answer was cut off: {e}"))
                }
            })?
            .to_bytes();
        tracing::debug!(status = status.as_u16(), bytes = body.len(), "X answered");
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|e| FindTweetError::MalformedJson(e.to_string()));
        }
        let detail = problem_detail(&body, token);
        Err(match status {
            StatusCode::TOO_MANY_REQUESTS => FindTweetError::RateLimited {
                reset: reset
                    .map(|r| format!(", resets at {r}"))
                    .unwrap_or_default(),
            },
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => FindTweetError::TokenRefused {
                status: status.as_u16(),
                detail,
                parameter: parameter.to_string(),
            },
            s if s.is_server_error() => FindTweetError::ServerError {
                status: s.as_u16(),
                detail,
            },
            s => FindTweetError::UnexpectedStatus {
                status: s.as_u16(),
                detail,
            },
        })
    }
}

/// `: <detail>` from an X API problem (`detail`, else `title`, then the first of `errors[]`'s
/// messages), with control characters removed, at most 300 characters and the token redacted;
/// empty when the body says nothing usable.
fn problem_detail(body: &[u8], token: &BearerToken) -> String {
    let Ok(problem) = serde_json::from_slice::<Value>(body) else {
        return String::new();
    };
    let text = |v: &Value| v.as_str().map(str::to_string);
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = problem
        .get("detail")
        .and_then(text)
        .or_else(|| problem.get("title").and_then(text))
    {
        parts.push(d);
    }
    if let Some(m) = problem
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .and_then(|e| e.get("message"))
        .and_then(text)
    {
        parts.push(m);
    }
    let joined = parts.join(" ");
    let clean: String = token
        .redact(&joined)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_DETAIL)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        String::new()
    } else {
        format!(": {clean}")
    }
}

/// The client error and its causes, joined: `client error (Connect): tcp connect error: ...`.
fn describe_client_error(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> BearerToken {
        BearerToken::new("secret-token").unwrap()
    }

    #[test]
    fn the_query_is_encoded_and_since_id_is_optional() {
        let r = SearchRequest {
            query: "#AWS & \"Step Functions\" -is:retweet".into(),
            since_id: None,
        };
        assert_eq!(
            r.query_string(SystemTime::now()),
            "query=%23AWS+%26+%22Step+Functions%22+-is%3Aretweet&max_results=10&expansions=author_id&tweet.fields=created_at&user.fields=username"
        );
    }

    #[test]
    fn since_id_is_sent_while_the_api_accepts_it() {
        let id = 2126243387799691529; // 2026-11-27T09:15:02Z
        let created = tweet_time(id);
        let r = SearchRequest {
            query: "a".into(),
            since_id: Some(id),
        };
        let sent = |now: SystemTime| {
            r.query_string(now)
                .contains("&since_id=2126243387799691529")
        };
        assert!(
            sent(created - Duration::from_secs(60)),
            "a clock behind the tweet's"
        );
        assert!(sent(created));
        assert!(sent(created + SINCE_ID_MAX_AGE));
        assert!(!sent(created + SINCE_ID_MAX_AGE + Duration::from_secs(1)));
        // Ids from before the snowflake scheme (or made up) are very old: not sent.
        let tiny = SearchRequest {
            query: "a".into(),
            since_id: Some(1),
        };
        assert!(!tiny.query_string(created).contains("since_id"));
    }

    #[test]
    fn base_urls_are_checked() {
        assert!(XApi::new("https://api.twitter.com/").is_ok());
        assert_eq!(
            XApi::new("http://127.0.0.1:8080").unwrap().base_url(),
            "http://127.0.0.1:8080"
        );
        for bad in ["", "api.twitter.com", "ftp://x", "https://"] {
            let error = XApi::new(bad).unwrap_err();
            assert_eq!(error.error_type(), "ConfigurationError", "{bad:?}");
        }
    }

    #[test]
    fn problem_details_are_short_clean_and_redacted() {
        let body = br#"{"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","errors":[{"message":"Invalid 'since_id':'1'."}]}"#;
        assert_eq!(
            problem_detail(body, &token()),
            ": One or more parameters to your request was invalid. Invalid 'since_id':'1'."
        );
        assert_eq!(
            problem_detail(br#"{"title":"Bearer secret-token\nis bad"}"#, &token()),
            ": Bearer *** is bad"
        );
        assert_eq!(problem_detail(b"<html>", &token()), "");
        let long = format!(r#"{{"detail":"{}"}}"#, "x".repeat(1000));
        assert_eq!(
            problem_detail(long.as_bytes(), &token()).len(),
            2 + MAX_DETAIL
        );
    }
}
