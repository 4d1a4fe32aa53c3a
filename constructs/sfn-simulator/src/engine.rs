//! The interpreter: runs the states of a machine (or of a branch or an iteration) one after
//! the other on the virtual clock, recording the history.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::SimError;
use crate::history::{Event, EventKind};
use crate::mock::{MockedResponse, TestCase};
use crate::query::{states_var, Data, Failure, Lang};
use crate::retry;
use crate::rng::Rng;

/// Where a run of states is: its clock, variables, scope label and default query language.
#[derive(Clone)]
pub(crate) struct Frame {
    pub clock: i64,
    pub vars: Map<String, Value>,
    pub scope: String,
    pub lang: Lang,
    /// `Map.Item` of the context object inside a Map iteration.
    pub map_item: Option<Value>,
}

/// How a state ends.
pub(crate) enum Step {
    Next(String, Value),
    End(Value),
    Fail(Failure),
}

/// The result of one attempt of a state that does work (Task, Parallel, Map).
pub(crate) struct Done {
    pub output: Value,
    pub assigned: Map<String, Value>,
}

pub(crate) struct Run<'a> {
    pub case: &'a TestCase,
    pub invocations: HashMap<String, usize>,
    pub rng: Rng,
    pub history: Vec<Event>,
    pub start_ms: i64,
    pub transitions: usize,
    pub max_transitions: usize,
    pub execution: Value,
    pub state_machine: Value,
    pub deadline_ms: Option<i64>,
    pub timed_out: bool,
}

pub(crate) fn lang_of(state: &Value, default: Lang) -> Lang {
    match state.get("QueryLanguage").and_then(Value::as_str) {
        Some("JSONata") => Lang::Jsonata,
        Some("JSONPath") => Lang::JsonPath,
        _ => default,
    }
}

fn field<'v>(state: &'v Value, name: &str) -> Option<&'v Value> {
    state.get(name)
}

fn def_err(state: &str, m: impl std::fmt::Display) -> SimError {
    SimError::Definition(format!("state '{state}': {m}"))
}

impl Run<'_> {
    pub fn record(&mut self, frame: &Frame, kind: EventKind) {
        self.history.push(Event {
            at_ms: (frame.clock - self.start_ms).max(0) as u64,
            scope: frame.scope.clone(),
            kind,
        });
    }

    /// The context object for `state`, entered at `entered`.
    pub fn context(
        &mut self,
        state: &str,
        entered: i64,
        retry_count: u32,
        frame: &Frame,
        task_token: bool,
    ) -> Value {
        let mut c = Map::new();
        c.insert("Execution".into(), self.execution.clone());
        c.insert(
            "State".into(),
            serde_json::json!({"EnteredTime": crate::clock::format(entered), "Name": state, "RetryCount": retry_count}),
        );
        c.insert("StateMachine".into(), self.state_machine.clone());
        if task_token {
            c.insert(
                "Task".into(),
                serde_json::json!({"Token": format!("token-{}", self.rng.uuid())}),
            );
        }
        if let Some(item) = &frame.map_item {
            c.insert("Map".into(), serde_json::json!({"Item": item}));
        }
        Value::Object(c)
    }

    /// Advances the clock; past the machine's timeout, the execution times out.
    pub fn advance(&mut self, frame: &mut Frame, ms: i64) -> Result<(), Failure> {
        frame.clock = frame.clock.saturating_add(ms);
        self.check_deadline(frame)
    }

    fn check_deadline(&mut self, frame: &mut Frame) -> Result<(), Failure> {
        if let Some(d) = self.deadline_ms {
            if frame.clock > d {
                frame.clock = d;
                self.timed_out = true;
                return Err(Failure::new(
                    "States.Timeout",
                    "The execution timed out (TimeoutSeconds of the state machine)",
                ));
            }
        }
        Ok(())
    }

    /// The next mocked response of `state`.
    pub fn mocked(&mut self, state: &str) -> Result<MockedResponse, SimError> {
        let n = self.invocations.entry(state.to_string()).or_default();
        let invocation = *n;
        *n += 1;
        self.case
            .response(state, invocation)
            .cloned()
            .ok_or_else(|| SimError::Unmocked {
                state: state.to_string(),
                test_case: self.case.name().to_string(),
                invocation,
            })
    }

    /// Runs the states of `machine` (an object with `StartAt` and `States`) from its start.
    pub fn run_states(
        &mut self,
        machine: &Value,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Result<Value, Failure>, SimError> {
        let states = machine
            .get("States")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                SimError::Definition("a machine or branch needs a States object".into())
            })?;
        let mut name = machine
            .get("StartAt")
            .and_then(Value::as_str)
            .ok_or_else(|| SimError::Definition("a machine or branch needs StartAt".into()))?
            .to_string();
        let mut input = input;
        loop {
            self.transitions += 1;
            if self.transitions > self.max_transitions {
                return Err(SimError::TransitionLimit(self.max_transitions));
            }
            let state = states.get(&name).ok_or_else(|| {
                SimError::Definition(format!("the transition to '{name}' leads to no state"))
            })?;
            if let Err(f) = self.check_deadline(frame) {
                return Ok(Err(f));
            }
            self.record(
                frame,
                EventKind::StateEntered {
                    state: name.clone(),
                    input: input.clone(),
                },
            );
            match self.exec_state(&name, state, input, frame)? {
                Step::Next(next, output) => {
                    self.record(
                        frame,
                        EventKind::StateExited {
                            state: name.clone(),
                            output: output.clone(),
                        },
                    );
                    name = next;
                    input = output;
                }
                Step::End(output) => {
                    self.record(
                        frame,
                        EventKind::StateExited {
                            state: name.clone(),
                            output: output.clone(),
                        },
                    );
                    return Ok(Ok(output));
                }
                Step::Fail(f) => return Ok(Err(f)),
            }
        }
    }

    fn next_or_end(name: &str, state: &Value, output: Value) -> Result<Step, SimError> {
        match state.get("Next").and_then(Value::as_str) {
            Some(n) => Ok(Step::Next(n.to_string(), output)),
            None if state.get("End") == Some(&Value::Bool(true)) => Ok(Step::End(output)),
            None => Err(def_err(name, "needs Next or End: true")),
        }
    }

    fn exec_state(
        &mut self,
        name: &str,
        state: &Value,
        raw: Value,
        frame: &mut Frame,
    ) -> Result<Step, SimError> {
        let kind = state
            .get("Type")
            .and_then(Value::as_str)
            .ok_or_else(|| def_err(name, "has no Type"))?;
        let lang = lang_of(state, frame.lang);
        let entered = frame.clock;
        match kind {
            "Task" | "Parallel" | "Map" => {
                self.exec_with_retries(name, kind, state, raw, frame, lang)
            }
            "Pass" | "Wait" | "Succeed" | "Choice" => {
                let context = self.context(name, entered, 0, frame, false);
                match self.simple(name, kind, state, raw, frame, lang, &context)? {
                    Ok(step) => Ok(step),
                    Err(f) => Ok(Step::Fail(f)),
                }
            }
            "Fail" => {
                let context = self.context(name, entered, 0, frame, false);
                let data = Data {
                    context: &context,
                    vars: &frame.vars,
                    now_ms: frame.clock,
                };
                let text = |field_name: &str,
                            path_name: &str,
                            rng: &mut Rng|
                 -> Result<Option<String>, Failure> {
                    if let Some(v) = state.get(field_name) {
                        let v = match lang {
                            Lang::Jsonata => {
                                data.jsonata(v, &states_var(&raw, &context, None, None), rng)?
                            }
                            Lang::JsonPath => v.clone(),
                        };
                        return Ok(Some(
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                        ));
                    }
                    if let Some(Value::String(p)) = state.get(path_name) {
                        let mut t = Map::new();
                        t.insert("v.$".into(), Value::String(p.clone()));
                        let v = data.payload(&Value::Object(t), &raw, rng)?;
                        return Ok(v
                            .get("v")
                            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)));
                    }
                    Ok(None)
                };
                let error = text("Error", "ErrorPath", &mut self.rng);
                let cause = text("Cause", "CausePath", &mut self.rng);
                Ok(Step::Fail(match (error, cause) {
                    (Ok(e), Ok(c)) => {
                        Failure::new(e.as_deref().unwrap_or(""), c.unwrap_or_default())
                    }
                    (Err(f), _) | (_, Err(f)) => f,
                }))
            }
            other => Err(def_err(name, format!("unknown Type '{other}'"))),
        }
    }

    /// Pass, Wait, Succeed, Choice.
    #[allow(clippy::too_many_arguments)]
    fn simple(
        &mut self,
        name: &str,
        kind: &str,
        state: &Value,
        raw: Value,
        frame: &mut Frame,
        lang: Lang,
        context: &Value,
    ) -> Result<Result<Step, Failure>, SimError> {
        let result = (|| -> Result<Result<Step, Failure>, SimError> {
            let vars = frame.vars.clone();
            let data = Data {
                context,
                vars: &vars,
                now_ms: frame.clock,
            };
            let states = states_var(&raw, context, None, None);
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(f) => return Ok(Err(f)),
                    }
                };
            }
            // The effective input (JSONPath) and what `$` means for Assign.
            let effective = match lang {
                Lang::JsonPath => {
                    tri!(data.filter("InputPath", field(state, "InputPath"), raw.clone()))
                }
                Lang::Jsonata => raw.clone(),
            };
            let mut assign_base = effective.clone();
            let mut next: Option<String> = None;
            let mut rule_assign: Option<&Value> = None;
            let mut rule_output: Option<&Value> = None;
            let mut matched = false;
            let output = match (kind, lang) {
                ("Pass", Lang::JsonPath) => {
                    let result = match (field(state, "Result"), field(state, "Parameters")) {
                        (Some(r), _) => r.clone(),
                        (None, Some(p)) => tri!(data.payload(p, &effective, &mut self.rng)),
                        (None, None) => effective.clone(),
                    };
                    assign_base = result.clone();
                    let combined =
                        tri!(data.result_path(field(state, "ResultPath"), raw.clone(), result));
                    tri!(data.filter("OutputPath", field(state, "OutputPath"), combined))
                }
                ("Wait", _) => {
                    let wait_ms = tri!(self.wait_ms(
                        name,
                        state,
                        &effective,
                        &data,
                        &states,
                        lang,
                        frame.clock
                    )?);
                    tri!(self.advance(frame, wait_ms));
                    match lang {
                        Lang::JsonPath => tri!(data.filter(
                            "OutputPath",
                            field(state, "OutputPath"),
                            effective.clone()
                        )),
                        Lang::Jsonata => raw.clone(),
                    }
                }
                ("Choice", _) => {
                    let choices = state
                        .get("Choices")
                        .and_then(Value::as_array)
                        .ok_or_else(|| def_err(name, "a Choice needs Choices"))?;
                    for rule in choices {
                        let holds = match lang {
                            Lang::JsonPath => tri!(crate::choice::holds(rule, &effective, &data)),
                            Lang::Jsonata => {
                                let cond = rule.get("Condition").ok_or_else(|| {
                                    def_err(name, "a JSONata Choice rule needs a Condition")
                                })?;
                                match tri!(data.jsonata(cond, &states, &mut self.rng)) {
                                    Value::Bool(b) => b,
                                    other => {
                                        return Ok(Err(Failure::new(
                                            "States.QueryEvaluationError",
                                            format!("the Condition of a Choice rule must give a boolean, it gave {other}"),
                                        )))
                                    }
                                }
                            }
                        };
                        if holds {
                            matched = true;
                            next = rule.get("Next").and_then(Value::as_str).map(str::to_string);
                            rule_assign = rule.get("Assign");
                            rule_output = rule.get("Output");
                            break;
                        }
                    }
                    if next.is_none() {
                        match state.get("Default").and_then(Value::as_str) {
                            Some(d) => next = Some(d.to_string()),
                            None => {
                                return Ok(Err(Failure::new(
                                    "States.NoChoiceMatched",
                                    format!("No Choice Rules matched and no Default specified in state '{name}'"),
                                )))
                            }
                        }
                    }
                    match lang {
                        Lang::JsonPath => tri!(data.filter(
                            "OutputPath",
                            field(state, "OutputPath"),
                            effective.clone()
                        )),
                        Lang::Jsonata => raw.clone(),
                    }
                }
                (_, Lang::JsonPath) => {
                    tri!(data.filter("OutputPath", field(state, "OutputPath"), effective.clone()))
                }
                (_, Lang::Jsonata) => raw.clone(),
            };
            let output = match (lang, rule_output.or_else(|| field(state, "Output"))) {
                (Lang::Jsonata, Some(o)) => tri!(data.jsonata(o, &states, &mut self.rng)),
                _ => output,
            };
            let assign = if kind == "Choice" && matched {
                rule_assign
            } else {
                field(state, "Assign")
            };
            let assigned = match assign {
                Some(a) => tri!(self.assign(a, lang, &data, &assign_base, &states)),
                None => Map::new(),
            };
            frame.vars.extend(assigned);
            Ok(Ok(match (kind, next) {
                ("Succeed", _) => Step::End(output),
                ("Choice", Some(n)) => Step::Next(n, output),
                _ => Self::next_or_end(name, state, output)?,
            }))
        })();
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn wait_ms(
        &mut self,
        name: &str,
        state: &Value,
        effective: &Value,
        data: &Data<'_>,
        states: &Map<String, Value>,
        lang: Lang,
        now: i64,
    ) -> Result<Result<i64, Failure>, SimError> {
        let value_of = |v: &Value, rng: &mut Rng| -> Result<Value, Failure> {
            match lang {
                Lang::Jsonata => data.jsonata(v, states, rng),
                Lang::JsonPath => Ok(v.clone()),
            }
        };
        let seconds = |v: Value| -> Result<i64, Failure> {
            v.as_i64().filter(|s| *s >= 0).and_then(|s| s.checked_mul(1000)).ok_or_else(|| {
                Failure::runtime(format!("The Wait state '{name}' needs a non-negative integer number of seconds, got {v}"))
            })
        };
        let until = |v: Value| -> Result<i64, Failure> {
            v.as_str()
                .and_then(crate::clock::parse)
                .map(|t| (t - now).max(0))
                .ok_or_else(|| {
                    Failure::runtime(format!(
                        "The Wait state '{name}' needs an ISO-8601 timestamp, got {v}"
                    ))
                })
        };
        Ok(if let Some(s) = state.get("Seconds") {
            value_of(s, &mut self.rng).and_then(seconds)
        } else if let Some(t) = state.get("Timestamp") {
            value_of(t, &mut self.rng).and_then(until)
        } else if let Some(Value::String(p)) = state.get("SecondsPath") {
            data.path("SecondsPath", p, effective).and_then(seconds)
        } else if let Some(Value::String(p)) = state.get("TimestampPath") {
            data.path("TimestampPath", p, effective).and_then(until)
        } else {
            return Err(def_err(
                name,
                "a Wait needs Seconds, Timestamp, SecondsPath or TimestampPath",
            ));
        })
    }

    /// Evaluates `Assign`: a JSONPath payload template on `base`, or a JSONata template.
    pub fn assign(
        &mut self,
        assign: &Value,
        lang: Lang,
        data: &Data<'_>,
        base: &Value,
        states: &Map<String, Value>,
    ) -> Result<Map<String, Value>, Failure> {
        let v = match lang {
            Lang::JsonPath => data.payload(assign, base, &mut self.rng)?,
            Lang::Jsonata => data.jsonata(assign, states, &mut self.rng)?,
        };
        match v {
            Value::Object(m) => Ok(m),
            other => Err(Failure::runtime(format!(
                "Assign must give an object, it gave {other}"
            ))),
        }
    }

    /// Task, Parallel and Map: an attempt, then its retriers and catchers.
    fn exec_with_retries(
        &mut self,
        name: &str,
        kind: &str,
        state: &Value,
        raw: Value,
        frame: &mut Frame,
        lang: Lang,
    ) -> Result<Step, SimError> {
        let retriers: Vec<Value> = state
            .get("Retry")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let catchers: Vec<Value> = state
            .get("Catch")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut counts = vec![0u32; retriers.len()];
        let mut total = 0u32;
        let entered = frame.clock;
        loop {
            let context = self.context(name, entered, total, frame, kind == "Task");
            let attempt = match kind {
                "Task" => self.task(name, state, &raw, frame, lang, &context)?,
                "Parallel" => self.parallel(name, state, &raw, frame, lang, &context)?,
                _ => self.map(name, state, &raw, frame, lang, &context)?,
            };
            let failure = match attempt {
                Ok(done) => {
                    frame.vars.extend(done.assigned);
                    return Self::next_or_end(name, state, done.output);
                }
                Err(f) => f,
            };
            if self.timed_out {
                return Ok(Step::Fail(failure));
            }
            if let Some(i) = retriers
                .iter()
                .position(|r| retry::matches(r.get("ErrorEquals"), &failure.error))
            {
                if let Some(delay) = retry::delay(&retriers[i], counts[i], &mut self.rng) {
                    counts[i] += 1;
                    total += 1;
                    self.record(
                        frame,
                        EventKind::RetryScheduled {
                            state: name.to_string(),
                            error: failure.error.clone(),
                            attempt: total,
                            delay_ms: delay,
                        },
                    );
                    if let Err(f) = self.advance(frame, delay as i64) {
                        return Ok(Step::Fail(f));
                    }
                    continue;
                }
            }
            let Some(catcher) = catchers
                .iter()
                .find(|c| retry::matches(c.get("ErrorEquals"), &failure.error))
            else {
                return Ok(Step::Fail(failure));
            };
            let next = catcher
                .get("Next")
                .and_then(Value::as_str)
                .ok_or_else(|| def_err(name, "a Catch needs Next"))?
                .to_string();
            self.record(
                frame,
                EventKind::ErrorCaught {
                    state: name.to_string(),
                    error: failure.error.clone(),
                    next: next.clone(),
                },
            );
            let error_output = failure.output();
            let vars = frame.vars.clone();
            let data = Data {
                context: &context,
                vars: &vars,
                now_ms: frame.clock,
            };
            let states = states_var(&raw, &context, None, Some(&error_output));
            let caught = (|| -> Result<(Value, Map<String, Value>), Failure> {
                let output = match lang {
                    Lang::JsonPath => data.result_path(
                        catcher.get("ResultPath"),
                        raw.clone(),
                        error_output.clone(),
                    )?,
                    Lang::Jsonata => match catcher.get("Output") {
                        Some(o) => data.jsonata(o, &states, &mut self.rng)?,
                        None => error_output.clone(),
                    },
                };
                let assigned = match catcher.get("Assign") {
                    Some(a) => self.assign(a, lang, &data, &error_output, &states)?,
                    None => Map::new(),
                };
                Ok((output, assigned))
            })();
            return Ok(match caught {
                Ok((output, assigned)) => {
                    frame.vars.extend(assigned);
                    Step::Next(next, output)
                }
                Err(f) => Step::Fail(f),
            });
        }
    }

    /// After the work of a Task, Parallel or Map: `ResultSelector`, `ResultPath`,
    /// `OutputPath` (JSONPath) or `Output` (JSONata), and `Assign`.
    #[allow(clippy::too_many_arguments)]
    pub fn finish(
        &mut self,
        state: &Value,
        raw: &Value,
        result: Value,
        lang: Lang,
        context: &Value,
        frame: &Frame,
    ) -> Result<Done, Failure> {
        let data = Data {
            context,
            vars: &frame.vars,
            now_ms: frame.clock,
        };
        match lang {
            Lang::JsonPath => {
                let selected = match state.get("ResultSelector") {
                    Some(rs) => data.payload(rs, &result, &mut self.rng)?,
                    None => result,
                };
                let assigned = match state.get("Assign") {
                    Some(a) => self.assign(a, lang, &data, &selected, &Map::new())?,
                    None => Map::new(),
                };
                let combined = data.result_path(state.get("ResultPath"), raw.clone(), selected)?;
                let output = data.filter("OutputPath", state.get("OutputPath"), combined)?;
                Ok(Done { output, assigned })
            }
            Lang::Jsonata => {
                let states = states_var(raw, context, Some(&result), None);
                let output = match state.get("Output") {
                    Some(o) => data.jsonata(o, &states, &mut self.rng)?,
                    None => result,
                };
                let assigned = match state.get("Assign") {
                    Some(a) => self.assign(a, lang, &data, &Value::Null, &states)?,
                    None => Map::new(),
                };
                Ok(Done { output, assigned })
            }
        }
    }

    /// The input given to a Task or Parallel: `InputPath` then `Parameters` (JSONPath), or
    /// `Arguments` (JSONata).
    pub fn work_input(
        &mut self,
        state: &Value,
        raw: &Value,
        lang: Lang,
        context: &Value,
        frame: &Frame,
    ) -> Result<Value, Failure> {
        let data = Data {
            context,
            vars: &frame.vars,
            now_ms: frame.clock,
        };
        match lang {
            Lang::JsonPath => {
                let effective = data.filter("InputPath", state.get("InputPath"), raw.clone())?;
                match state.get("Parameters") {
                    Some(p) => data.payload(p, &effective, &mut self.rng),
                    None => Ok(effective),
                }
            }
            Lang::Jsonata => match state.get("Arguments") {
                Some(a) => data.jsonata(a, &states_var(raw, context, None, None), &mut self.rng),
                None => Ok(raw.clone()),
            },
        }
    }
}
