//! The simulator's JSONata evaluator against the reference implementation: the `jsonata`
//! package the test tools pin (`tools/package-lock.json`, through asl-validator), run with
//! Node on the same expressions and bindings (`tests/jsonata/corpus.json`). Both must give
//! the same value, both no value, or both an error.

use std::process::Command;

use cdk_aws::stepfunctions::jsonata::parse;
use cdk_sfn_simulator::jsonata::{evaluate, Env, JValue};
use serde_json::{json, Value};
use test_harness::workspace_root;

/// Expressions where the simulator knowingly differs from the reference (none so far).
const KNOWN: &[&str] = &[];

fn ours(expr: &str, bindings: &Value) -> Value {
    let Ok(ast) = parse(expr) else {
        return json!({"error": "parse"});
    };
    let env = Env::root(bindings.as_object().unwrap());
    match evaluate(&ast, &env, &mut cdk_sfn_simulator::jsonata::Rng::new(0), 0) {
        Ok(JValue::Undefined) => json!({"undefined": true}),
        Ok(v) => match v.to_json() {
            Ok(Some(j)) => json!({"value": j}),
            _ => json!({"error": "function"}),
        },
        Err(e) => json!({"error": e}),
    }
}

fn same(reference: &Value, ours: &Value) -> bool {
    match (reference.get("error"), ours.get("error")) {
        (Some(_), Some(_)) => true,
        (None, None) => match (reference.get("value"), ours.get("value")) {
            (Some(a), Some(b)) => numbers_equal(a, b),
            (None, None) => true,
            _ => false,
        },
        _ => false,
    }
}

/// JSON equality with numbers compared as numbers (1 and 1.0 alike).
fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| numbers_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| numbers_equal(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn the_evaluator_agrees_with_the_reference_jsonata() {
    let root = workspace_root();
    let corpus_path = root.join("constructs/sfn-simulator/tests/jsonata/corpus.json");
    let corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&corpus_path).unwrap()).unwrap();
    let modules = root.join("tools/node_modules");
    assert!(
        modules.join("jsonata").exists(),
        "the reference jsonata is not installed: run scripts/setup-tools.sh"
    );
    let out = Command::new("node")
        .arg(root.join("constructs/sfn-simulator/tests/jsonata/reference.js"))
        .arg(&corpus_path)
        .arg(&modules)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut differences = Vec::new();
    for (case, reference) in corpus.iter().zip(&reference) {
        let expr = case["expr"].as_str().unwrap();
        let ours = ours(expr, &case["bindings"]);
        if !same(reference, &ours) {
            differences.push(format!(
                "{expr}\n  reference {reference}\n  simulator {ours}"
            ));
        }
    }
    eprintln!("{} expressions, {} differ", corpus.len(), differences.len());
    let found: Vec<&str> = differences
        .iter()
        .map(|d| d.lines().next().unwrap_or(""))
        .collect();
    assert_eq!(found, KNOWN, "\n{}", differences.join("\n"));
}
