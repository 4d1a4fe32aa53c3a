//! [`Wait`].

use super::Builder;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::state::{StateDef, StateKind, WaitFor};

/// A Wait state.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Wait};
/// use cdk_core::Duration;
/// let d = Chain::start(Wait::duration("Wait 10 Seconds", Duration::seconds(10))).to_definition();
/// assert_eq!(d.to_expr().to_literal_json().unwrap()["States"]["Wait 10 Seconds"]["Seconds"], 10);
/// ```
#[derive(Clone, Debug)]
pub struct Wait(pub(crate) Builder);

impl Wait {
    fn with(name: &str, w: WaitFor) -> Self {
        Wait(Builder::new(name, StateDef::new(StateKind::Wait(w))))
    }

    /// Waits a fixed time (whole seconds, checked at synth).
    pub fn duration(name: &str, time: cdk_core::Duration) -> Self {
        Self::with(name, WaitFor::Duration(time))
    }

    /// Waits the number of seconds found at `path` in the input.
    pub fn seconds_path(name: &str, path: &str) -> Self {
        Self::with(name, WaitFor::SecondsPath(path.to_string()))
    }

    /// Waits until an ISO-8601 timestamp.
    pub fn until(name: &str, timestamp: &str) -> Self {
        Self::with(name, WaitFor::Timestamp(timestamp.to_string()))
    }

    /// Waits until the timestamp found at `path` in the input.
    pub fn until_path(name: &str, path: &str) -> Self {
        Self::with(name, WaitFor::TimestampPath(path.to_string()))
    }

    /// Waits the seconds a JSONata expression gives (a JSONata state).
    ///
    /// ```
    /// use cdk_aws::stepfunctions::{Chain, Wait};
    /// let w = Wait::seconds_expression("Back Off", "{% $states.input.attempt * 10 %}").jsonata();
    /// assert!(Chain::start(w).validate().is_empty());
    /// let jsonpath = Wait::seconds_expression("Back Off", "{% $states.input.attempt * 10 %}");
    /// assert!(!Chain::start(jsonpath).validate().is_empty());
    /// ```
    pub fn seconds_expression(name: &str, expression: &str) -> Self {
        Self::with(name, WaitFor::SecondsExpression(expression.to_string()))
    }

    /// Waits until the timestamp a JSONata expression gives (a JSONata state).
    pub fn until_expression(name: &str, expression: &str) -> Self {
        Self::with(name, WaitFor::TimestampExpression(expression.to_string()))
    }
}

io_methods!(Wait);
jsonata_methods!(Wait);

impl From<Wait> for Chain {
    fn from(s: Wait) -> Chain {
        s.0.into_chain(true)
    }
}
