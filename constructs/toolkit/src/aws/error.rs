//! AWS errors, formatted for people (the SDK's debug chains are not) and classified for
//! programs ([`AwsErrorKind`]).

use std::any::Any;
use std::error::Error;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::trace::CallInfo;
use crate::error::{AwsErrorKind, ToolkitError};

/// The HTTP response of a failed call, when it is one the SDK's clients return.
fn http_response<R: 'static>(raw: &R) -> Option<&HttpResponse> {
    (raw as &dyn Any).downcast_ref::<HttpResponse>()
}

/// ` (CloudFormation DescribeStacks at https://..., after 5 attempts)`: what the toolkit's
/// interceptor recorded of the call, when it did ([`CallInfo`]).
fn call_details(response: &HttpResponse) -> String {
    match response.extension::<CallInfo>() {
        Some(c) => format!(
            " ({} {} at {}, after {} attempt{})",
            c.service,
            c.operation,
            c.endpoint,
            c.attempts,
            if c.attempts == 1 { "" } else { "s" }
        ),
        None => String::new(),
    }
}

/// One line saying what went wrong: the service's code and message, or why the endpoint could
/// not be reached. An error response without a code (an HTTP 5xx from a proxy or a failing
/// endpoint, say) is described by its HTTP status, the operation, the endpoint and the attempts
/// made.
pub fn describe<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match err {
        SdkError::ServiceError(e) => {
            let inner = e.err();
            match (inner.code(), inner.message()) {
                (Some(code), Some(msg)) => format!("{code}: {msg}"),
                (Some(code), None) => code.to_string(),
                (None, Some(msg)) => msg.to_string(),
                (None, None) => match http_response(e.raw()) {
                    Some(response) if response.status().is_success() => format!(
                        "the service answered HTTP {} with a body that is not this operation's answer{}",
                        response.status().as_u16(),
                        call_details(response)
                    ),
                    Some(response) => format!(
                        "the service answered HTTP {} without an error code{}",
                        response.status().as_u16(),
                        call_details(response)
                    ),
                    None => format!("the service answered with an error ({inner})"),
                },
            }
        }
        SdkError::DispatchFailure(e) => {
            let cause = root_cause(err);
            if e.is_timeout() {
                format!("cannot reach the AWS endpoint: timed out ({cause})")
            } else {
                format!("cannot reach the AWS endpoint: {cause} (check AWS_ENDPOINT_URL and the network)")
            }
        }
        SdkError::TimeoutError(_) => "the request to AWS timed out".to_string(),
        SdkError::ResponseError(e) => match http_response(e.raw()) {
            Some(response) => format!(
                "AWS sent a response that could not be read (HTTP {}: {}){}",
                response.status().as_u16(),
                root_cause(err),
                call_details(response)
            ),
            None => format!(
                "AWS sent a response that could not be read ({})",
                root_cause(err)
            ),
        },
        SdkError::ConstructionFailure(_) => {
            format!("the request could not be built ({})", root_cause(err))
        }
        other => format!("AWS request failed ({})", root_cause(other)),
    }
}

fn root_cause(err: &dyn Error) -> String {
    let mut cur: &dyn Error = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Error codes AWS services use for throttling.
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "SlowDown",
];

/// Error codes for credentials AWS does not accept.
const CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "AuthFailure",
];

/// Error codes for a caller not allowed to do what it asked.
const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
];

/// What kind of failure an SDK error is.
pub fn kind_of<E, R>(err: &SdkError<E, R>) -> AwsErrorKind
where
    E: ProvideErrorMetadata,
    R: 'static,
{
    match err {
        SdkError::ServiceError(e) => match e.err().code() {
            Some(c) if THROTTLING.contains(&c) => AwsErrorKind::Throttled,
            Some(c) if CREDENTIALS.contains(&c) => AwsErrorKind::Credentials,
            Some(c) if ACCESS_DENIED.contains(&c) => AwsErrorKind::AccessDenied,
            Some(c) => AwsErrorKind::Service {
                code: c.to_string(),
            },
            None => match http_response(e.raw()) {
                Some(r) => AwsErrorKind::HttpStatus {
                    status: r.status().as_u16(),
                },
                None => AwsErrorKind::Other,
            },
        },
        SdkError::DispatchFailure(e) if e.is_timeout() => AwsErrorKind::TimedOut,
        SdkError::DispatchFailure(_) => AwsErrorKind::Unreachable,
        SdkError::TimeoutError(_) => AwsErrorKind::TimedOut,
        _ => AwsErrorKind::Other,
    }
}

/// The toolkit error for a failed call made while doing `operation`.
pub fn aws_error<E, R>(operation: impl Into<String>, err: &SdkError<E, R>) -> ToolkitError
where
    E: ProvideErrorMetadata + Error + 'static,
    R: std::fmt::Debug + 'static,
{
    ToolkitError::Aws {
        operation: operation.into(),
        kind: kind_of(err),
        message: describe(err),
    }
}

/// True when the error says the stack does not exist.
pub(crate) fn is_missing_stack<E, R>(err: &SdkError<E, R>) -> bool
where
    E: ProvideErrorMetadata,
{
    err.as_service_error().is_some_and(|e| {
        e.code() == Some("ValidationError")
            && e.message().is_some_and(|m| m.contains("does not exist"))
    })
}
