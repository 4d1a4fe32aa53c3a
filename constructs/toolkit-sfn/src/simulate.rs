//! Simulating the app's state machine offline: finding it in the synthesized app, reading a
//! Step Functions Local mock file, running it through `cdk-sfn-simulator`, and telling the
//! path it took. No AWS call is made.

use std::collections::HashMap;
use std::path::Path;

use cdk_sfn_simulator::cfn::state_machines;
use cdk_sfn_simulator::{Event, EventKind, Execution, MockConfig, Simulator};
use cdk_toolkit::assembly::Assembly;
use serde_json::{Map, Value};

use crate::error::SfnError;
use crate::input::parse_input;

/// A state machine of the synthesized app, with a definition the simulator can run.
#[derive(Clone, Debug, PartialEq)]
pub struct AppMachine {
    /// Its stack.
    pub stack: String,
    /// Its logical ID.
    pub logical_id: String,
    /// Its `StateMachineName`, when the template fixes one.
    pub name: Option<String>,
    /// True for an Express machine (`StateMachineType: EXPRESS`).
    pub express: bool,
    /// Its definition, with `DefinitionSubstitutions` replaced by placeholders
    /// (`cdk_sfn_simulator::cfn::state_machines`); `Null` when the template's definition cannot
    /// be read as JSON (a `DefinitionString` built with intrinsic functions, say).
    pub definition: Value,
}

impl AppMachine {
    /// `Stack/LogicalId`, as errors list the choices.
    pub fn path(&self) -> String {
        format!("{}/{}", self.stack, self.logical_id)
    }

    /// The name the simulator gives `$$.StateMachine.Name`: its name, else its logical ID.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.logical_id)
    }
}

/// Every state machine of the app's stacks (of `stack` when given), in stack order.
pub fn app_machines(assembly: &Assembly, stack: Option<&str>) -> Result<Vec<AppMachine>, SfnError> {
    let names: Vec<String> = stack.map(str::to_string).into_iter().collect();
    let mut out = Vec::new();
    for s in assembly.select(&names)? {
        let template = s.template();
        let runnable = state_machines(template);
        for (lid, r) in template["Resources"].as_object().into_iter().flatten() {
            if r["Type"] != "AWS::StepFunctions::StateMachine" {
                continue;
            }
            let found = runnable.iter().find(|m| &m.logical_id == lid);
            out.push(AppMachine {
                stack: s.stack_name.clone(),
                logical_id: lid.clone(),
                name: r["Properties"]["StateMachineName"]
                    .as_str()
                    .map(str::to_string),
                express: r["Properties"]["StateMachineType"] == "EXPRESS",
                definition: found.map_or(Value::Null, |m| m.definition.clone()),
            });
        }
    }
    Ok(out)
}

/// The one state machine to simulate: the app's only one, or the one `stack` holds, or the one
/// `machine` names (by logical ID or `StateMachineName`). When there are several, the error
/// lists them and says which flag chooses.
pub fn choose_machine(
    assembly: &Assembly,
    stack: Option<&str>,
    machine: Option<&str>,
) -> Result<AppMachine, SfnError> {
    let all = app_machines(assembly, stack)?;
    // Errors list the app's state machines in every stack, not only the one chosen.
    let every = match stack {
        Some(_) => app_machines(assembly, None)?,
        None => all.clone(),
    };
    let known: Vec<String> = every.iter().map(AppMachine::path).collect();
    let mut found: Vec<AppMachine> = match machine {
        Some(m) => all
            .into_iter()
            .filter(|a| a.logical_id == m || a.name.as_deref() == Some(m))
            .collect(),
        None => all,
    };
    match found.len() {
        1 => {
            let chosen = found.remove(0);
            if chosen.definition.is_object() {
                Ok(chosen)
            } else {
                Err(SfnError::UnreadableDefinition {
                    machine: chosen.path(),
                })
            }
        }
        0 => Err(SfnError::NoMachine {
            stack: stack.map(str::to_string),
            machine: machine.map(str::to_string),
            known,
        }),
        _ => {
            let names: Vec<String> = found.iter().map(AppMachine::path).collect();
            let first = &found[0].stack;
            if found.iter().all(|m| &m.stack == first) {
                Err(SfnError::SeveralInStack {
                    stack: first.clone(),
                    names: found
                        .iter()
                        .map(|m| match &m.name {
                            Some(n) => format!("{} ({n})", m.logical_id),
                            None => m.logical_id.clone(),
                        })
                        .collect(),
                })
            } else {
                Err(SfnError::SeveralStateMachines { names })
            }
        }
    }
}

/// Reads a mock configuration file (Step Functions Local's MockConfigFile). `flag` names where
/// it came from in messages (`--mock-config`).
pub fn read_mock_config(path: &Path, flag: &str) -> Result<MockConfig, SfnError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SfnError::MockConfig(format!("cannot read {flag} {}: {e}", path.display())))?;
    let json = parse_input(&text, &format!("{flag} {}", path.display()))?;
    MockConfig::from_json(&json)
        .map_err(|e| SfnError::MockConfig(format!("{flag} {}: {e}", path.display())))
}

/// The test case to run: `Machine#Case` as given; a bare `Case` is the machine's own
/// (`Name#Case`, as Step Functions Local matches a mock file's machines by name) when the mock
/// file has one, else left to the simulator (the one machine that has such a case).
pub fn resolve_test_case(mocks: &MockConfig, machine: &AppMachine, test_case: &str) -> String {
    if test_case.contains('#') {
        return test_case.to_string();
    }
    if let Some(name) = &machine.name {
        let own = format!("{name}#{test_case}");
        if mocks.case_names().contains(&own) {
            return own;
        }
    }
    test_case.to_string()
}

/// Runs `machine` with `input`, its tasks' results from the test case `test_case` of
/// `mocks` (see [`resolve_test_case`]), on the simulator's virtual clock. A failed execution
/// is a result; an error is a simulation that could not run (unknown test case, a Task
/// without a mocked response, ...).
pub fn simulate_machine(
    machine: &AppMachine,
    input: &Value,
    mocks: &MockConfig,
    test_case: &str,
) -> Result<Execution, SfnError> {
    if !machine.definition.is_object() {
        return Err(SfnError::UnreadableDefinition {
            machine: machine.path(),
        });
    }
    let case = mocks.test_case(&resolve_test_case(mocks, machine, test_case))?;
    Ok(Simulator::new(machine.definition.clone())
        .state_machine_name(machine.display_name())
        .run(input, case)?)
}

/// The `Type` of every state of a definition, branches and iterators included.
fn state_types(definition: &Value) -> HashMap<String, String> {
    fn walk(def: &Value, out: &mut HashMap<String, String>) {
        for (name, state) in def["States"].as_object().into_iter().flatten() {
            if let Some(t) = state["Type"].as_str() {
                out.insert(name.clone(), t.to_string());
            }
            for b in state["Branches"].as_array().into_iter().flatten() {
                walk(b, out);
            }
            for key in ["Iterator", "ItemProcessor"] {
                if state[key].is_object() {
                    walk(&state[key], out);
                }
            }
        }
    }
    let mut out = HashMap::new();
    walk(definition, &mut out);
    out
}

/// Where an event happened, for people: `""` at the top level, `Parallel › branch 2` for the
/// second branch of `Parallel`, `Map › item 0` for the first iteration of `Map`, nested with
/// ` › `.
fn scope_label(scope: &str, types: &HashMap<String, String>) -> String {
    if scope.is_empty() {
        return String::new();
    }
    let parts: Vec<&str> = scope.split('/').collect();
    let mut out: Vec<String> = Vec::new();
    for pair in parts.chunks(2) {
        match pair {
            [state, index] => {
                let index: usize = index.parse().unwrap_or(0);
                if types.get(*state).map(String::as_str) == Some("Parallel") {
                    out.push(format!("{state} › branch {}", index + 1));
                } else {
                    out.push(format!("{state} › item {index}"));
                }
            }
            [other] => out.push((*other).to_string()),
            _ => {}
        }
    }
    out.join(" › ")
}

fn seconds(ms: u64) -> String {
    format!("{:.2} s", ms as f64 / 1000.0)
}

/// The path an execution took, one line per step, for people: each state entered (`→`, with
/// its type) and left (`✓`, with the virtual time it took when it took any), each task
/// failure (`✗`), retry (`↻`, with its delay) and caught error (`⤷`), each Map item (`·`),
/// prefixed with the virtual time since the start and followed by the branch or item.
///
/// ```
/// use cdk_sfn_simulator::{simulate, MockConfig};
/// use serde_json::json;
/// let def = json!({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
///     "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}], "End": true}}});
/// let mocks = MockConfig::from_json(&json!({"StateMachines": {"M": {"TestCases": {"T": {"Call": "R"}}}},
///     "MockedResponses": {"R": {"0": {"Throw": {"Error": "Busy", "Cause": "later"}}, "1": {"Return": 1}}}}))?;
/// let run = simulate(&def, &json!({}), &mocks, "T")?;
/// let lines = cdk_toolkit_sfn::path_lines(&run, &def);
/// assert_eq!(lines, [
///     "  0.00 s  → Call [Task]",
///     "  0.00 s  ✗ Call: Busy: later",
///     "  0.00 s  ↻ Call: retry 1 after 2.00 s (Busy)",
///     "  2.00 s  ✓ Call  2.00 s",
/// ]);
/// # Ok::<(), cdk_sfn_simulator::SimError>(())
/// ```
pub fn path_lines(execution: &Execution, definition: &Value) -> Vec<String> {
    let types = state_types(definition);
    let mut entered: HashMap<(String, String), u64> = HashMap::new();
    let mut out = Vec::new();
    for Event { at_ms, scope, kind } in &execution.history {
        let label = scope_label(scope, &types);
        let at = if label.is_empty() {
            String::new()
        } else {
            format!("  ({label})")
        };
        let text = match kind {
            EventKind::StateEntered { state, .. } => {
                entered.insert((scope.clone(), state.clone()), *at_ms);
                let kind = types.get(state).map(String::as_str).unwrap_or("State");
                format!("→ {state} [{kind}]")
            }
            EventKind::StateExited { state, .. } => {
                let took = entered
                    .get(&(scope.clone(), state.clone()))
                    .map(|start| at_ms.saturating_sub(*start))
                    .filter(|ms| *ms > 0)
                    .map(|ms| format!("  {}", seconds(ms)))
                    .unwrap_or_default();
                format!("✓ {state}{took}")
            }
            EventKind::TaskFailed {
                state,
                error,
                cause,
            } => {
                if cause.is_empty() {
                    format!("✗ {state}: {error}")
                } else {
                    format!("✗ {state}: {error}: {cause}")
                }
            }
            EventKind::RetryScheduled {
                state,
                error,
                attempt,
                delay_ms,
            } => format!(
                "↻ {state}: retry {attempt} after {} ({error})",
                seconds(*delay_ms)
            ),
            EventKind::ErrorCaught { state, error, next } => {
                format!("⤷ {state}: {error} caught, next: {next}")
            }
            EventKind::MapIterationStarted { state, index } => format!("· {state}: item {index}"),
            _ => continue,
        };
        out.push(format!("{:>8}  {text}{at}", seconds(*at_ms)));
    }
    out
}

/// `StateEntered` → `state_entered`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The execution as JSON lines for programs (`simulate --json`): one object per history event,
/// `{"event": "state_entered", "at_ms": 0, "scope": "", "state": ..., "input": ...}`, in
/// order, then a `summary` with the machine, the test case, the status, the output or error
/// and cause, and the virtual duration.
pub fn json_lines(execution: &Execution, machine: &AppMachine, test_case: &str) -> Vec<Value> {
    let mut out: Vec<Value> = execution
        .history
        .iter()
        .map(|e| {
            let mut object = Map::new();
            let fields = serde_json::to_value(e).unwrap_or(Value::Null);
            let fields = fields.as_object().cloned().unwrap_or_default();
            let kind = fields
                .get("type")
                .and_then(Value::as_str)
                .map(snake_case)
                .unwrap_or_default();
            object.insert("event".into(), Value::String(kind));
            for (k, v) in fields {
                if k != "type" {
                    object.insert(k, v);
                }
            }
            Value::Object(object)
        })
        .collect();
    out.push(serde_json::json!({
        "event": "summary",
        "stack": machine.stack,
        "logical_id": machine.logical_id,
        "state_machine": machine.display_name(),
        "test_case": test_case,
        "status": execution.status,
        "output": execution.output,
        "error": execution.error,
        "cause": execution.cause,
        "duration_ms": execution.duration_ms,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scopes_name_branches_from_one_and_items_by_index() {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor":
                {"StartAt": "In", "States": {"In": {"Type": "Pass", "End": true}}}}}}]}}});
        let types = state_types(&def);
        assert_eq!(types["In"], "Pass");
        assert_eq!(scope_label("", &types), "");
        assert_eq!(scope_label("P/0", &types), "P › branch 1");
        assert_eq!(scope_label("P/1/M/3", &types), "P › branch 2 › M › item 3");
        assert_eq!(snake_case("MapIterationStarted"), "map_iteration_started");
    }
}
