//! Retriers and catchers: which rule matches an error, and how long a retry waits (interval ×
//! backoff rate ^ attempt, capped by `MaxDelaySeconds`, with `JitterStrategy: FULL` drawn from
//! the seeded generator).

use serde_json::Value;

use crate::rng::Rng;

/// Errors no retrier or catcher handles, as in Step Functions.
pub(crate) fn uncatchable(error: &str) -> bool {
    error == "States.Runtime" || error == "States.DataLimitExceeded"
}

/// Whether an `ErrorEquals` list matches `error`.
pub(crate) fn matches(error_equals: Option<&Value>, error: &str) -> bool {
    if uncatchable(error) {
        return false;
    }
    let Some(list) = error_equals.and_then(Value::as_array) else {
        return false;
    };
    list.iter().filter_map(Value::as_str).any(|name| {
        name == error
            || name == "States.ALL"
            || (name == "States.TaskFailed"
                && error != "States.Timeout"
                && !error.starts_with("States."))
            || (name == "States.TaskFailed"
                && matches!(error, "States.HeartbeatTimeout" | "States.Permissions"))
    })
}

/// The delay before retry number `attempt` (0 for the first retry) of `retrier`, in
/// milliseconds; `None` when the retrier has no attempts left.
pub(crate) fn delay(retrier: &Value, attempt: u32, rng: &mut Rng) -> Option<u64> {
    let max_attempts = retrier
        .get("MaxAttempts")
        .and_then(Value::as_u64)
        .unwrap_or(3);
    if u64::from(attempt) >= max_attempts {
        return None;
    }
    let interval = retrier
        .get("IntervalSeconds")
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    let backoff = retrier
        .get("BackoffRate")
        .and_then(Value::as_f64)
        .unwrap_or(2.0);
    let mut seconds = interval * backoff.powi(attempt as i32);
    if let Some(max) = retrier.get("MaxDelaySeconds").and_then(Value::as_f64) {
        seconds = seconds.min(max);
    }
    if retrier.get("JitterStrategy").and_then(Value::as_str) == Some("FULL") {
        seconds *= rng.next_f64();
    }
    Some((seconds * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn backoff_cap_and_jitter() {
        let r = json!({"ErrorEquals": ["E"], "IntervalSeconds": 5, "MaxAttempts": 3, "BackoffRate": 2.0});
        let mut rng = Rng::new(1);
        let delays: Vec<Option<u64>> = (0..4).map(|a| delay(&r, a, &mut rng)).collect();
        assert_eq!(delays, [Some(5000), Some(10000), Some(20000), None]);
        let capped = json!({"ErrorEquals": ["E"], "IntervalSeconds": 5, "BackoffRate": 3.0, "MaxDelaySeconds": 12});
        assert_eq!(delay(&capped, 2, &mut rng), Some(12000));
        let jitter = json!({"ErrorEquals": ["E"], "IntervalSeconds": 10, "JitterStrategy": "FULL"});
        let d = delay(&jitter, 0, &mut Rng::new(3)).unwrap();
        assert!(d <= 10000);
        assert_eq!(Some(d), delay(&jitter, 0, &mut Rng::new(3)));
        assert_eq!(delay(&json!({"MaxAttempts": 0}), 0, &mut rng), None);
    }

    #[test]
    fn matching() {
        assert!(matches(Some(&json!(["States.ALL"])), "Anything"));
        assert!(!matches(Some(&json!(["States.ALL"])), "States.Runtime"));
        assert!(matches(
            Some(&json!(["States.TaskFailed"])),
            "Lambda.ServiceException"
        ));
        assert!(!matches(
            Some(&json!(["States.TaskFailed"])),
            "States.Timeout"
        ));
        assert!(matches(Some(&json!(["A", "B"])), "B"));
        assert!(!matches(Some(&json!(["A"])), "B"));
    }
}
