//! [`CallTrace`]: one `tracing` event per AWS call (service, operation, attempts, duration,
//! outcome; the request id when debug is on), from an SDK interceptor on every client the
//! toolkit makes. The stack a call is about comes from the span its caller entered
//! ([`stack_span`]). Nothing of the request is recorded but its operation: no header, no body,
//! so no credential, signature or secret value can reach a log.

use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// The `tracing` target of AWS call events.
pub const TARGET: &str = "cdk_toolkit::aws";

/// The span AWS calls about one stack run in: their events carry its name.
pub fn stack_span(stack: &str) -> tracing::Span {
    tracing::info_span!(target: TARGET, "stack", stack = %stack)
}

/// The SDK interceptor that reports each call as a `tracing` event.
#[derive(Clone, Copy, Debug, Default)]
pub struct CallTrace;

#[derive(Clone, Copy, Debug)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

#[derive(Clone, Copy, Debug)]
struct Attempts(u32);

impl Storable for Attempts {
    type Storer = StoreReplace<Self>;
}

/// Where the last attempt was sent (the request is gone once sent).
#[derive(Clone, Debug)]
struct SentTo(String);

impl Storable for SentTo {
    type Storer = StoreReplace<Self>;
}

/// What [`CallTrace`] records on the last response of every call, for the messages of errors
/// that say little themselves (an HTTP 5xx without an error code): the service, the operation,
/// where it was sent and how many attempts were made. Read it with
/// `response.extension::<CallInfo>()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallInfo {
    /// The service (`CloudFormation`).
    pub service: String,
    /// The operation (`DescribeStacks`).
    pub operation: String,
    /// The endpoint the last attempt was sent to (`https://cloudformation.us-east-1.amazonaws.com`).
    pub endpoint: String,
    /// Attempts made, the first one included.
    pub attempts: u32,
}

/// The scheme and authority of a URI: `https://host:port` (no path, no query).
fn endpoint_of(uri: &str) -> String {
    match uri.find("://") {
        Some(i) => {
            let rest = &uri[i + 3..];
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            uri[..i + 3 + end].to_string()
        }
        None => uri.to_string(),
    }
}

/// The text between `<tag>` and `</tag>` in an XML body.
fn element<'a>(body: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    let len = body[start..].find(&format!("</{tag}>"))?;
    Some(&body[start..start + len])
}

fn body(response: &aws_smithy_runtime_api::http::Response) -> Option<&str> {
    std::str::from_utf8(response.body().bytes()?).ok()
}

/// The request id AWS gave the response: from its headers, or, in the query protocol's XML
/// body, its `RequestId` element.
fn request_id(response: &aws_smithy_runtime_api::http::Response) -> Option<String> {
    let headers = response.headers();
    for name in ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"] {
        if let Some(v) = headers.get(name) {
            return Some(v.to_string());
        }
    }
    element(body(response)?, "RequestId").map(str::to_string)
}

/// The error code of an error response (`ValidationError`, `Throttling`): from the JSON
/// protocols' header, or the XML body's `Code` element.
fn error_code(response: &aws_smithy_runtime_api::http::Response) -> Option<String> {
    if let Some(v) = response.headers().get("x-amzn-errortype") {
        return v.split(':').next().map(str::to_string);
    }
    element(body(response)?, "Code").map(str::to_string)
}

fn outcome(context: &FinalizerInterceptorContextRef<'_>) -> String {
    let response = context.response();
    let status = response.map(|r| r.status().as_u16());
    match (context.output_or_error(), status) {
        (Some(Ok(_)), Some(s)) => format!("ok (HTTP {s})"),
        (Some(Ok(_)), None) => "ok".to_string(),
        (Some(Err(_)), Some(s)) => match response.and_then(error_code) {
            Some(code) => format!("error (HTTP {s} {code})"),
            None => format!("error (HTTP {s})"),
        },
        (Some(Err(e)), None) => format!("error: {}", first_line(&e.to_string())),
        (None, _) => "no result".to_string(),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

impl Intercept for CallTrace {
    fn name(&self) -> &'static str {
        "CallTrace"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        cfg.interceptor_state().store_put(Attempts(0));
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state()
            .store_put(SentTo(endpoint_of(context.request().uri())));
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<Attempts>().map_or(0, |a| a.0) + 1;
        cfg.interceptor_state().store_put(Attempts(attempt));
        if tracing::enabled!(target: TARGET, tracing::Level::DEBUG) {
            let (service, operation) = names(cfg);
            let request_id = context.response().and_then(request_id);
            tracing::debug!(
                target: TARGET,
                service = %service,
                operation = %operation,
                attempt,
                request_id = %request_id.as_deref().unwrap_or("-"),
                outcome = %outcome(context),
                "attempt"
            );
        }
        Ok(())
    }

    fn modify_before_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let endpoint = cfg.load::<SentTo>().map(|s| s.0.clone());
        let (service, operation) = names(cfg);
        let attempts = cfg.load::<Attempts>().map_or(0, |a| a.0);
        if let (Some(endpoint), Some(response)) = (endpoint, context.response_mut()) {
            response.add_extension(CallInfo {
                service,
                operation,
                endpoint,
                attempts,
            });
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
            return Ok(());
        }
        let (service, operation) = names(cfg);
        let took = cfg
            .load::<Started>()
            .map_or(Duration::ZERO, |s| s.0.elapsed());
        let attempts = cfg.load::<Attempts>().map_or(0, |a| a.0);
        let ms = format!("{:.1}", took.as_secs_f64() * 1000.0);
        let outcome = outcome(context);
        if tracing::enabled!(target: TARGET, tracing::Level::DEBUG) {
            let request_id = context.response().and_then(request_id);
            tracing::info!(
                target: TARGET,
                service = %service,
                operation = %operation,
                ms = %ms,
                attempts,
                outcome = %outcome,
                request_id = %request_id.as_deref().unwrap_or("-"),
                "call"
            );
        } else {
            tracing::info!(
                target: TARGET,
                service = %service,
                operation = %operation,
                ms = %ms,
                attempts,
                outcome = %outcome,
                "call"
            );
        }
        Ok(())
    }
}

fn names(cfg: &ConfigBag) -> (String, String) {
    match cfg.load::<Metadata>() {
        Some(m) => (m.service().to_string(), m.name().to_string()),
        None => ("?".to_string(), "?".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    fn response(status: u16, body: &str) -> Response {
        Response::new(
            StatusCode::try_from(status).unwrap(),
            SdkBody::from(body.to_string()),
        )
    }

    #[test]
    fn the_endpoint_is_the_scheme_and_authority() {
        assert_eq!(
            endpoint_of("https://cloudformation.us-east-1.amazonaws.com/"),
            "https://cloudformation.us-east-1.amazonaws.com"
        );
        assert_eq!(
            endpoint_of("http://127.0.0.1:4566/?Action=DescribeStacks"),
            "http://127.0.0.1:4566"
        );
        assert_eq!(endpoint_of("http://h:1"), "http://h:1");
    }

    #[test]
    fn request_ids_and_error_codes_come_from_the_headers_or_the_xml_body() {
        let xml = response(
            400,
            "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>b9b4</RequestId></ErrorResponse>",
        );
        assert_eq!(request_id(&xml).as_deref(), Some("b9b4"));
        assert_eq!(error_code(&xml).as_deref(), Some("Throttling"));
        let mut json = response(400, "{\"message\": \"no table\"}");
        json.headers_mut().insert("x-amzn-RequestId", "J0S4");
        json.headers_mut().insert(
            "x-amzn-ErrorType",
            "ResourceNotFoundException:http://internal.amazon.com/coral/",
        );
        assert_eq!(request_id(&json).as_deref(), Some("J0S4"));
        assert_eq!(
            error_code(&json).as_deref(),
            Some("ResourceNotFoundException")
        );
        assert_eq!(request_id(&response(200, "{}")), None);
    }
}
