//! A simulator of the Amazon States Language: runs a state machine definition with the input
//! given, offline, in milliseconds, on a virtual clock, with task results mocked in the
//! MockConfigFile format of AWS Step Functions Local.
//!
//! It runs every state type (Task, Pass, Wait, Choice, Parallel, Map inline and distributed,
//! Succeed, Fail), the JSONPath data flow (`InputPath`, `Parameters`, `ResultSelector`,
//! `ResultPath`, `OutputPath`, the context object `$$`), variables (`Assign`), JSONata
//! (`QueryLanguage`, `Arguments`, `Output`, `Condition`, `Items`; see [`jsonata`] for what is
//! supported), the intrinsic functions, Retry (backoff rate, `MaxDelaySeconds`, full jitter
//! from a seeded generator) and Catch, and the machine's `TimeoutSeconds`. A 10-second Wait or
//! a retry after 20 seconds moves the virtual clock, not the real one.
//!
//! ```
//! use cdk_sfn_simulator::{simulate, MockConfig, Status};
//! use serde_json::json;
//! let definition = json!({
//!   "StartAt": "Find", "States": {
//!     "Find": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.found",
//!              "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 5, "MaxAttempts": 3}], "Next": "Wait"},
//!     "Wait": {"Type": "Wait", "Seconds": 10, "Next": "Done?"},
//!     "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.found.ok", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
//!     "Yes": {"Type": "Succeed"},
//!     "No": {"Type": "Fail", "Error": "NotFound"}}});
//! let mocks = MockConfig::from_json(&json!({
//!   "StateMachines": {"M": {"TestCases": {"BusyTwice": {"Find": "Busy2"}}}},
//!   "MockedResponses": {"Busy2": {"0-1": {"Throw": {"Error": "Busy", "Cause": "try later"}}, "2": {"Return": {"ok": true}}}}}))?;
//! let run = simulate(&definition, &json!({"q": 1}), &mocks, "BusyTwice")?;
//! assert_eq!(run.status, Status::Succeeded);
//! assert_eq!(run.path(), ["Find", "Wait", "Done?", "Yes"]);
//! assert_eq!(run.retries("Find"), [5000, 10000]);
//! assert_eq!(run.duration_ms, 25_000); // virtual: the test took microseconds
//! assert_eq!(run.output, Some(json!({"q": 1, "found": {"ok": true}})));
//! # Ok::<(), cdk_sfn_simulator::SimError>(())
//! ```

#![warn(missing_docs)]

pub mod cfn;
mod choice;
mod clock;
mod engine;
mod error;
mod history;
mod intrinsics;
pub mod jsonata;
mod jsonpath;
mod map;
mod mock;
mod parallel;
mod query;
mod retry;
pub(crate) mod rng;
mod task;

use std::collections::HashMap;

use serde_json::{Map, Value};

pub use error::SimError;
pub use history::{Event, EventKind, Execution, Status};
pub use mock::{MockConfig, MockedResponse, TestCase};

use engine::{Frame, Run};
use query::Lang;

/// Runs `definition` (ASL JSON) with `input`, the task results coming from the test case
/// `test_case` of `mock_config` (`Machine#Case`, or `Case` when only one machine has it).
pub fn simulate(
    definition: &Value,
    input: &Value,
    mock_config: &MockConfig,
    test_case: &str,
) -> Result<Execution, SimError> {
    Simulator::new(definition.clone()).run(input, mock_config.test_case(test_case)?)
}

/// [`simulate`] for a definition built with `cdk_aws::stepfunctions`. References to resources
/// (a function's ARN, a table's name) become placeholder strings; tasks are matched to their
/// mocks by state name, so they do not matter.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Pass, Succeed, Wait};
/// use cdk_sfn_simulator::{simulate_definition, MockConfig, Status};
/// let chain = Chain::start(Pass::new("Hello").result(serde_json::json!("hi").into()).result_path("$.greeting"))
///     .next(Wait::duration("Pause", cdk_core::Duration::minutes(5)))
///     .next(Succeed::new("Done"));
/// let run = simulate_definition(&chain.to_definition(), &serde_json::json!({}), &MockConfig::default(), None)?;
/// assert_eq!(run.status, Status::Succeeded);
/// assert_eq!(run.output.unwrap()["greeting"], "hi");
/// assert_eq!(run.duration_ms, 300_000);
/// # Ok::<(), cdk_sfn_simulator::SimError>(())
/// ```
pub fn simulate_definition(
    definition: &cdk_aws::stepfunctions::Definition,
    input: &Value,
    mock_config: &MockConfig,
    test_case: Option<&str>,
) -> Result<Execution, SimError> {
    let empty = TestCase::new("none");
    let case = match test_case {
        Some(name) => mock_config.test_case(name)?,
        None => &empty,
    };
    Simulator::from_definition(definition)?.run(input, case)
}

/// A simulator with its settings: the random seed (retry jitter, `States.UUID`, task tokens),
/// the execution's start time and names, and the transition limit.
///
/// ```
/// use cdk_sfn_simulator::{Simulator, TestCase, Status};
/// let def = serde_json::json!({"StartAt": "Id", "States": {"Id": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "at.$": "$$.Execution.StartTime"}, "End": true}}});
/// let run = Simulator::new(def).seed(42).start_time("2030-01-01T00:00:00Z")?.run(&serde_json::json!({}), &TestCase::new("t"))?;
/// let out = run.output.unwrap();
/// assert_eq!(out["at"], "2030-01-01T00:00:00.000Z");
/// assert_eq!(out["id"].as_str().unwrap().len(), 36);
/// # Ok::<(), cdk_sfn_simulator::SimError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Simulator {
    definition: Value,
    seed: u64,
    start_ms: i64,
    execution_name: String,
    state_machine_name: String,
    max_transitions: usize,
}

impl Simulator {
    /// A simulator of `definition` (ASL JSON) with the default settings: seed 0, start at
    /// 2024-01-01T00:00:00Z, execution `simulation` of the machine `StateMachine`, at most
    /// 10,000 state transitions.
    pub fn new(definition: Value) -> Simulator {
        Simulator {
            definition,
            seed: 0,
            start_ms: 1_704_067_200_000,
            execution_name: "simulation".into(),
            state_machine_name: "StateMachine".into(),
            max_transitions: 10_000,
        }
    }

    /// A simulator of a definition built with `cdk_aws::stepfunctions`.
    pub fn from_definition(
        definition: &cdk_aws::stepfunctions::Definition,
    ) -> Result<Simulator, SimError> {
        let json = definition
            .to_expr()
            .replace_intrinsics(&mut |token| match token {
                cdk_core::Expr::Sub(template, vars) if vars.is_empty() => cdk_core::Expr::from(
                    template
                        .replace("${AWS::Partition}", cfn::PARTITION)
                        .replace("${AWS::Region}", cfn::REGION)
                        .replace("${AWS::AccountId}", cfn::ACCOUNT),
                ),
                _ => cdk_core::Expr::from(format!(
                    "arn:{}:placeholder:{}:{}:reference",
                    cfn::PARTITION,
                    cfn::REGION,
                    cfn::ACCOUNT
                )),
            })
            .to_literal_json()
            .ok_or_else(|| {
                SimError::Definition("the definition holds values that are not JSON".into())
            })?;
        Ok(Simulator::new(json))
    }

    /// Sets the random seed.
    pub fn seed(mut self, seed: u64) -> Simulator {
        self.seed = seed;
        self
    }

    /// Sets the start time (ISO-8601).
    pub fn start_time(mut self, timestamp: &str) -> Result<Simulator, SimError> {
        self.start_ms = clock::parse(timestamp).ok_or_else(|| {
            SimError::Definition(format!("{timestamp:?} is not an ISO-8601 timestamp"))
        })?;
        Ok(self)
    }

    /// Sets the execution's name (`$$.Execution.Name`).
    pub fn execution_name(mut self, name: &str) -> Simulator {
        self.execution_name = name.to_string();
        self
    }

    /// Sets the state machine's name (`$$.StateMachine.Name`).
    pub fn state_machine_name(mut self, name: &str) -> Simulator {
        self.state_machine_name = name.to_string();
        self
    }

    /// Sets the limit of state transitions (a guard against endless loops).
    pub fn max_transitions(mut self, n: usize) -> Simulator {
        self.max_transitions = n;
        self
    }

    /// Runs the definition with `input`, the task results from `test_case`.
    pub fn run(&self, input: &Value, test_case: &TestCase) -> Result<Execution, SimError> {
        let def = &self.definition;
        if !def.is_object() || def.get("StartAt").is_none() || def.get("States").is_none() {
            return Err(SimError::Definition(
                "a definition is an object with StartAt and States".into(),
            ));
        }
        let sm_arn = format!(
            "arn:{}:states:{}:{}:stateMachine:{}",
            cfn::PARTITION,
            cfn::REGION,
            cfn::ACCOUNT,
            self.state_machine_name
        );
        let execution = serde_json::json!({
            "Id": format!("arn:{}:states:{}:{}:execution:{}:{}", cfn::PARTITION, cfn::REGION, cfn::ACCOUNT, self.state_machine_name, self.execution_name),
            "Input": input,
            "Name": self.execution_name,
            "RoleArn": format!("arn:{}:iam::{}:role/{}-role", cfn::PARTITION, cfn::ACCOUNT, self.state_machine_name),
            "StartTime": clock::format(self.start_ms),
            "RedriveCount": 0,
        });
        let deadline_ms = def
            .get("TimeoutSeconds")
            .and_then(Value::as_i64)
            .map(|s| self.start_ms.saturating_add(s.saturating_mul(1000)));
        let mut run = Run {
            case: test_case,
            invocations: HashMap::new(),
            rng: rng::Rng::new(self.seed),
            history: Vec::new(),
            start_ms: self.start_ms,
            transitions: 0,
            max_transitions: self.max_transitions,
            execution,
            state_machine: serde_json::json!({"Id": sm_arn, "Name": self.state_machine_name}),
            deadline_ms,
            timed_out: false,
        };
        let mut frame = Frame {
            clock: self.start_ms,
            vars: Map::new(),
            scope: String::new(),
            lang: engine::lang_of(def, Lang::JsonPath),
            map_item: None,
        };
        run.record(
            &frame,
            EventKind::ExecutionStarted {
                input: input.clone(),
            },
        );
        let outcome = run.run_states(def, input.clone(), &mut frame)?;
        let (status, output, error, cause) = match outcome {
            Ok(v) => {
                run.record(&frame, EventKind::ExecutionSucceeded { output: v.clone() });
                (Status::Succeeded, Some(v), None, None)
            }
            Err(f) if run.timed_out => {
                run.record(&frame, EventKind::ExecutionTimedOut);
                (Status::TimedOut, None, Some(f.error), Some(f.cause))
            }
            Err(f) => {
                run.record(
                    &frame,
                    EventKind::ExecutionFailed {
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                );
                (Status::Failed, None, Some(f.error), Some(f.cause))
            }
        };
        Ok(Execution {
            status,
            output,
            error,
            cause,
            history: run.history,
            duration_ms: (frame.clock - self.start_ms).max(0) as u64,
        })
    }
}
