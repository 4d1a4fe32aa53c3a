//! [`Retry`] and [`Catch`] rules of Task and Parallel states.

use cdk_core::{Duration, Expr};

/// A retry rule.
///
/// ```
/// use cdk_aws::stepfunctions::Retry;
/// use cdk_core::Duration;
/// let r = Retry::on(["States.Timeout"]).interval(Duration::seconds(2)).max_attempts(3).backoff_rate(2.0);
/// assert_eq!(r.errors, ["States.Timeout"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Retry {
    /// Error names matched (`States.ALL` matches all, and must stand alone and last).
    pub errors: Vec<String>,
    /// Time before the first retry (`IntervalSeconds`, whole seconds).
    pub interval: Option<Duration>,
    /// Retries at most (0 means none).
    pub max_attempts: Option<u32>,
    /// Multiplier of the interval after each attempt (at least 1).
    pub backoff_rate: Option<f64>,
    /// Upper bound of the interval (`MaxDelaySeconds`, whole seconds).
    pub max_delay: Option<Duration>,
    /// Randomize intervals (`JitterStrategy: FULL`).
    pub jitter: bool,
}

impl Retry {
    /// Retries on these errors with Step Functions' defaults.
    pub fn on<'a>(errors: impl IntoIterator<Item = &'a str>) -> Self {
        Retry {
            errors: errors.into_iter().map(str::to_string).collect(),
            interval: None,
            max_attempts: None,
            backoff_rate: None,
            max_delay: None,
            jitter: false,
        }
    }

    /// Time before the first retry.
    pub fn interval(mut self, d: Duration) -> Self {
        self.interval = Some(d);
        self
    }

    /// Maximum number of retries.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n);
        self
    }

    /// Backoff multiplier.
    pub fn backoff_rate(mut self, r: f64) -> Self {
        self.backoff_rate = Some(r);
        self
    }

    /// Maximum delay between retries.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = Some(d);
        self
    }

    /// Full jitter on the intervals.
    pub fn jitter(mut self) -> Self {
        self.jitter = true;
        self
    }

    pub(crate) fn to_expr(&self) -> Expr {
        let mut m = vec![("ErrorEquals", Expr::from(self.errors.clone()))];
        if let Some(v) = self.interval {
            m.push(("IntervalSeconds", whole_seconds(v)));
        }
        if let Some(v) = self.max_attempts {
            m.push(("MaxAttempts", v.into()));
        }
        if let Some(v) = self.backoff_rate {
            m.push(("BackoffRate", number(v)));
        }
        if let Some(v) = self.max_delay {
            m.push(("MaxDelaySeconds", whole_seconds(v)));
        }
        if self.jitter {
            m.push(("JitterStrategy", "FULL".into()));
        }
        Expr::map(m)
    }

    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = self.interval {
            if let Err(e) = d.to_seconds_within(1..=99_999_999, "Retry interval") {
                out.push(e);
            }
        }
        if self
            .backoff_rate
            .is_some_and(|r| !(r >= 1.0 && r.is_finite()))
        {
            out.push("Retry BackoffRate must be at least 1.0".into());
        }
        if let Some(d) = self.max_delay {
            if let Err(e) = d.to_seconds_within(1..=31_622_400, "Retry max delay") {
                out.push(e);
            }
        }
        out
    }
}

/// A duration as ASL's whole seconds (a fraction is reported by the validator).
pub(crate) fn whole_seconds(d: Duration) -> Expr {
    Expr::from(d.to_millis() / 1000)
}

pub(crate) fn number(v: f64) -> Expr {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Expr::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Expr::Null, Expr::Number)
    }
}

/// A catch rule: on these errors, go to `next` with the error at `result_path`.
#[derive(Clone, Debug, PartialEq)]
pub struct Catch {
    /// Error names matched.
    pub errors: Vec<String>,
    /// Where the error output goes in the state's input (default: replaces it).
    pub result_path: Option<String>,
    /// The state handling the error.
    pub next: String,
}

impl Catch {
    pub(crate) fn to_expr(&self) -> Expr {
        let mut m = vec![("ErrorEquals", Expr::from(self.errors.clone()))];
        if let Some(p) = &self.result_path {
            m.push(("ResultPath", Expr::from(p.as_str())));
        }
        m.push(("Next", Expr::from(self.next.as_str())));
        Expr::map(m)
    }
}

/// Checks the `ErrorEquals` lists of retriers or catchers: non-empty, and `States.ALL` alone
/// and in the last rule.
pub(crate) fn check_error_lists<'a>(
    kind: &str,
    lists: impl Iterator<Item = &'a [String]>,
) -> Vec<String> {
    let lists: Vec<&[String]> = lists.collect();
    let mut out = Vec::new();
    for (i, errors) in lists.iter().enumerate() {
        if errors.is_empty() {
            out.push(format!("{kind} rule {} has an empty ErrorEquals", i + 1));
        }
        if errors.iter().any(|e| e == "States.ALL") {
            if errors.len() > 1 {
                out.push(format!(
                    "{kind} rule {}: 'States.ALL' must appear alone in ErrorEquals",
                    i + 1
                ));
            }
            if i + 1 != lists.len() {
                out.push(format!(
                    "{kind} rule {}: the rule with 'States.ALL' must be the last {kind} rule",
                    i + 1
                ));
            }
        }
    }
    out
}
