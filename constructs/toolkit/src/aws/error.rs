//! AWS errors, formatted for people (the SDK's debug chains are not).

use std::error::Error;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};

/// One line saying what went wrong: the service's code and message, or why the endpoint could
/// not be reached.
pub fn describe<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + Error + 'static,
    R: std::fmt::Debug,
{
    match err {
        SdkError::ServiceError(e) => {
            let inner = e.err();
            match (inner.code(), inner.message()) {
                (Some(code), Some(msg)) => format!("{code}: {msg}"),
                (Some(code), None) => code.to_string(),
                (None, Some(msg)) => msg.to_string(),
                (None, None) => format!("the service answered with an error ({inner})"),
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
        SdkError::ResponseError(_) => format!(
            "AWS sent a response that could not be read ({})",
            root_cause(err)
        ),
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
