//! The simulator's semantics, one rule per test: virtual time in Parallel and Map, retry caps,
//! what nothing catches, variable scopes, and the simulator's own errors.

use cdk_sfn_simulator::{MockedResponse, SimError, Simulator, Status, TestCase};
use serde_json::{json, Value};

fn run(def: Value, input: Value, case: &TestCase) -> cdk_sfn_simulator::Execution {
    Simulator::new(def).run(&input, case).unwrap()
}

#[test]
fn parallel_branches_start_together_and_the_state_ends_with_the_last() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "W3", "States": {"W3": {"Type": "Wait", "Seconds": 3, "End": true}}},
        {"StartAt": "W5", "States": {"W5": {"Type": "Wait", "Seconds": 5, "End": true}}}]}}});
    let r = run(def, json!({"x": 1}), &TestCase::new("t"));
    assert_eq!(r.duration_ms, 5_000);
    assert_eq!(r.output, Some(json!([{"x": 1}, {"x": 1}])));
}

#[test]
fn map_iterations_take_the_free_slots_of_max_concurrency() {
    let def = |max: u32| {
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": max, "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": true}}}}}})
    };
    let items = json!([4, 1, 1, 1]);
    // Two slots: 4 | 1,1,1 → 4 s; one slot: 7 s; unlimited: 4 s.
    assert_eq!(
        run(def(2), items.clone(), &TestCase::new("t")).duration_ms,
        4_000
    );
    assert_eq!(
        run(def(1), items.clone(), &TestCase::new("t")).duration_ms,
        7_000
    );
    assert_eq!(run(def(0), items, &TestCase::new("t")).duration_ms, 4_000);
}

#[test]
fn retry_delays_are_capped_by_max_delay_and_counted_per_retrier() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 4, "BackoffRate": 3, "MaxDelaySeconds": 20, "MaxAttempts": 4},
                  {"ErrorEquals": ["B"], "IntervalSeconds": 1, "MaxAttempts": 1}]}}});
    let throw = |e: &str| MockedResponse::Throw {
        error: e.into(),
        cause: String::new(),
    };
    let case = TestCase::new("t").with(
        "T",
        [throw("A"), throw("A"), throw("B"), throw("A"), throw("B")],
    );
    let r = run(def, json!({}), &case);
    assert_eq!(r.retries("T"), [4_000, 12_000, 1_000, 20_000]);
    assert_eq!(r.status, Status::Failed);
    assert_eq!(r.error.as_deref(), Some("B"), "B's only retry is spent");
}

#[test]
fn nothing_catches_states_runtime() {
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "OutputPath": "$.missing", "End": true}}}],
              "Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
        "Caught": {"Type": "Succeed"}}});
    let r = run(def, json!({}), &TestCase::new("t"));
    assert_eq!(r.error.as_deref(), Some("States.Runtime"));
    assert!(r.retries("P").is_empty());
}

#[test]
fn a_catch_puts_the_error_at_its_result_path_in_the_raw_input() {
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "InputPath": "$.part", "End": true,
              "Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "H"}]},
        "H": {"Type": "Pass", "End": true}}});
    let case = TestCase::new("t").with(
        "T",
        [MockedResponse::Throw {
            error: "E".into(),
            cause: "why".into(),
        }],
    );
    let r = run(def, json!({"part": {"a": 1}, "other": 2}), &case);
    assert_eq!(
        r.output,
        Some(json!({"part": {"a": 1}, "other": 2, "error": {"Error": "E", "Cause": "why"}}))
    );
}

#[test]
fn variables_assigned_in_a_branch_stay_in_it() {
    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"v": "outer"}, "Next": "P"},
        "P": {"Type": "Parallel", "Next": "Read", "ResultPath": null, "Branches": [{"StartAt": "In", "States": {
            "In": {"Type": "Pass", "Assign": {"v": "inner"}, "Next": "Seen"},
            "Seen": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": true}}}]},
        "Read": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": true}}});
    let r = run(def, json!({}), &TestCase::new("t"));
    assert_eq!(r.output_of("Seen"), Some(&json!({"v": "inner"})));
    assert_eq!(r.output, Some(json!({"v": "outer"})));
}

#[test]
fn the_machine_timeout_on_the_virtual_clock() {
    let def = json!({"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}});
    let r = run(def, json!({}), &TestCase::new("t"));
    assert_eq!(r.status, Status::TimedOut);
    assert_eq!(r.duration_ms, 60_000);
}

#[test]
fn the_simulators_own_errors() {
    let task =
        json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "End": true}}});
    let err = Simulator::new(task)
        .run(&json!({}), &TestCase::new("Happy"))
        .unwrap_err();
    assert!(
        matches!(err, SimError::Unmocked { ref state, invocation: 0, .. } if state == "T"),
        "{err}"
    );
    let endless = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let err = Simulator::new(endless)
        .max_transitions(100)
        .run(&json!({}), &TestCase::new("t"))
        .unwrap_err();
    assert!(matches!(err, SimError::TransitionLimit(100)));
    let err = Simulator::new(json!({"States": {}}))
        .run(&json!({}), &TestCase::new("t"))
        .unwrap_err();
    assert!(matches!(err, SimError::Definition(_)));
    assert!(matches!(
        cdk_sfn_simulator::MockConfig::from_file("/nonexistent/mock.json").unwrap_err(),
        SimError::Io { .. }
    ));
}
