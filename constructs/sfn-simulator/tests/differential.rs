//! Differential tests: the corpus (`differential/corpus.json`, 46 machines covering every
//! state type, data-flow field and error path) runs on the emulator's States Language
//! interpreter (moto's, started by the test harness) and on the simulator, with the same
//! inputs and the same task results (queued Lambda results for moto, mocks for the
//! simulator), and the two are compared state by state: the states entered and exited, in
//! order, with their input and output, then the status, output and error.
//!
//! Where they differ, `docs/stepfunctions-simulator.md` says how and who is right by the
//! States Language specification; [`KNOWN`] lists those machines, and the test fails on any
//! other difference, and on a known one that went away.

use std::collections::BTreeMap;
use std::process::Command;

use cdk_sfn_simulator::{EventKind, Execution, MockConfig, Simulator};
use serde_json::{json, Value};
use test_harness::{tool, workspace_root, LocalAws};

/// The machines on which moto and the simulator differ, each with the reason (see the docs).
const KNOWN: &[(&str, &str)] = &[
    ("choice-missing-variable", "moto takes the Default when the Variable is absent; Step Functions fails with States.Runtime (the simulator)"),
    ("choice-no-match", "moto fails with States.Runtime; the specification names States.NoChoiceMatched (the simulator)"),
    ("execution-timeout", "both time out; moto gives no error name, the specification names States.Timeout (the simulator)"),
    ("intrinsic-failure", "moto fails with States.Runtime; the specification names States.IntrinsicFailure (the simulator)"),
    ("map-items-not-array", "moto raises the JSONata error States.QueryEvaluationError in a JSONPath state; States.Runtime (the simulator)"),
    ("parallel-basic", "moto reads the definite path $[1].v as a list; a definite path names one value (the simulator)"),
    ("string-output", "moto records a string output without JSON quotes; outputs are JSON texts (the simulator)"),
    ("variables-assign", "moto fails on JSONPath variables ($count) with a TypeError; variables are part of the language (the simulator)"),
];

fn simulate(case: &Value) -> Execution {
    let name = case["name"].as_str().unwrap();
    let mut responses = serde_json::Map::new();
    let mut states = serde_json::Map::new();
    if let Some(mocks) = case["mocks"].as_object() {
        for (state, list) in mocks {
            let key = format!("{state}Mock");
            let by_invocation: serde_json::Map<String, Value> = list
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, r)| (i.to_string(), r.clone()))
                .collect();
            responses.insert(key.clone(), Value::Object(by_invocation));
            states.insert(state.clone(), Value::String(key));
        }
    }
    let config = MockConfig::from_json(&json!({
        "StateMachines": {name: {"TestCases": {"Differential": states}}},
        "MockedResponses": responses,
    }))
    .unwrap();
    Simulator::new(case["definition"].clone())
        .execution_name("diff")
        .state_machine_name(name)
        .run(&case["input"], config.test_case("Differential").unwrap())
        .unwrap()
}

/// The simulator's run in the driver's shape.
fn shape(run: &Execution) -> Value {
    let events: Vec<Value> = run
        .history
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StateEntered { state, input } => {
                Some(json!({"type": "entered", "state": state, "data": input}))
            }
            EventKind::StateExited { state, output } => {
                Some(json!({"type": "exited", "state": state, "data": output}))
            }
            _ => None,
        })
        .collect();
    json!({
        "status": run.status,
        "output": run.output,
        "error": run.error,
        "cause": run.cause,
        "events": events,
    })
}

/// How the two runs differ, or `None`.
fn difference(moto: &Value, sim: &Value, unordered: bool) -> Option<String> {
    let mut out = Vec::new();
    for field in ["status", "output", "error"] {
        if moto[field] != sim[field] {
            out.push(format!(
                "{field}: moto {} / simulator {}",
                moto[field], sim[field]
            ));
        }
    }
    if moto["status"] != sim["status"] || moto["error"] != sim["error"] {
        out.push(format!(
            "cause: moto {} / simulator {}",
            moto["cause"], sim["cause"]
        ));
    }
    let (mut m, mut s) = (
        moto["events"].as_array().unwrap().clone(),
        sim["events"].as_array().unwrap().clone(),
    );
    if unordered {
        // Parallel branches run at once on moto, one after the other in the simulator: the
        // same events, in an order the specification leaves open.
        m.sort_by_key(Value::to_string);
        s.sort_by_key(Value::to_string);
    }
    if let Some(i) = (0..m.len().max(s.len())).find(|&i| m.get(i) != s.get(i)) {
        out.push(format!(
            "event {i}: moto {} / simulator {}",
            m.get(i).map_or("(none)".into(), Value::to_string),
            s.get(i).map_or("(none)".into(), Value::to_string)
        ));
    }
    (!out.is_empty()).then(|| out.join("; "))
}

#[test]
fn the_simulator_agrees_with_moto_state_by_state_except_where_documented() {
    let dir = workspace_root().join("constructs/sfn-simulator/tests/differential");
    let corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("corpus.json")).unwrap()).unwrap();
    assert!(corpus.len() >= 30);
    let aws = LocalAws::start();
    let out = Command::new(tool("python"))
        .arg(dir.join("driver.py"))
        .arg(dir.join("corpus.json"))
        .arg(aws.endpoint())
        .envs(aws.env())
        .output()
        .expect("the driver runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let moto: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(moto.len(), corpus.len());
    let mut differences = BTreeMap::new();
    for (case, moto) in corpus.iter().zip(&moto) {
        let name = case["name"].as_str().unwrap();
        let sim = shape(&simulate(case));
        let unordered = case["definition"].to_string().contains("\"Parallel\"");
        if let Some(d) = difference(moto, &sim, unordered) {
            differences.insert(name.to_string(), d);
        }
    }
    let report: Vec<String> = differences
        .iter()
        .map(|(n, d)| format!("{n}: {d}"))
        .collect();
    eprintln!(
        "{} machines, {} differ:\n{}",
        corpus.len(),
        differences.len(),
        report.join("\n")
    );
    let known: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
    let found: Vec<&str> = differences.keys().map(String::as_str).collect();
    assert_eq!(
        found,
        known,
        "the differences changed: update KNOWN and docs/stepfunctions-simulator.md\n{}",
        report.join("\n")
    );
}
