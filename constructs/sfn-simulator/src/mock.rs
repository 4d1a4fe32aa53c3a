//! Mocked task results in the MockConfigFile format of AWS Step Functions Local:
//! `StateMachines` → machine → `TestCases` → case → state name → mocked response name, and
//! `MockedResponses` → name → invocation number (`"0"`, `"1-2"`, ...) → `Return` or `Throw`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::error::SimError;

/// What one invocation of a mocked state gives.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum MockedResponse {
    /// The task succeeds with this result.
    Return(Value),
    /// The task fails with this error and cause.
    Throw {
        /// `Error`.
        error: String,
        /// `Cause`.
        cause: String,
    },
}

/// A whole mock configuration file.
///
/// ```
/// use cdk_sfn_simulator::MockConfig;
/// let config = MockConfig::from_json(&serde_json::json!({
///     "StateMachines": {"Bot": {"TestCases": {"Happy": {"Find": "FoundOne"}}}},
///     "MockedResponses": {"FoundOne": {"0": {"Return": {"found": true}}, "1-2": {"Throw": {"Error": "E", "Cause": "c"}}}}
/// }))?;
/// let case = config.test_case("Bot#Happy")?;
/// assert_eq!(case.response("Find", 0).unwrap(), &cdk_sfn_simulator::MockedResponse::Return(serde_json::json!({"found": true})));
/// assert!(matches!(case.response("Find", 2), Some(cdk_sfn_simulator::MockedResponse::Throw { .. })));
/// assert!(case.response("Find", 3).is_none());
/// # Ok::<(), cdk_sfn_simulator::SimError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MockConfig {
    machines: Vec<(String, Vec<(String, TestCase)>)>,
}

/// One test case: for each mocked state, its responses by invocation number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestCase {
    name: String,
    states: HashMap<String, Vec<MockedResponse>>,
}

impl TestCase {
    /// A test case built in code: `state` gets `responses`, one per invocation.
    ///
    /// ```
    /// use cdk_sfn_simulator::{MockedResponse, TestCase};
    /// let case = TestCase::new("Happy").with("Find", [MockedResponse::Return(serde_json::json!(1))]);
    /// assert!(case.response("Find", 0).is_some());
    /// ```
    pub fn new(name: &str) -> TestCase {
        TestCase {
            name: name.to_string(),
            states: HashMap::new(),
        }
    }

    /// Adds the responses of `state` (invocation 0, 1, ...).
    pub fn with(
        mut self,
        state: &str,
        responses: impl IntoIterator<Item = MockedResponse>,
    ) -> TestCase {
        self.states
            .insert(state.to_string(), responses.into_iter().collect());
        self
    }

    /// The test case's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when `state` is mocked in this test case.
    pub fn mocks(&self, state: &str) -> bool {
        self.states.contains_key(state)
    }

    /// The response of `state`'s invocation number `invocation` (0 is the first).
    pub fn response(&self, state: &str, invocation: usize) -> Option<&MockedResponse> {
        self.states.get(state)?.get(invocation)
    }
}

impl MockConfig {
    /// Reads and parses a mock configuration file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<MockConfig, SimError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SimError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| SimError::MockConfig(format!("{}: not JSON: {e}", path.display())))?;
        Self::from_json(&value)
    }

    /// Parses a mock configuration given as JSON.
    pub fn from_json(value: &Value) -> Result<MockConfig, SimError> {
        let bad = |m: String| SimError::MockConfig(m);
        let root = value
            .as_object()
            .ok_or_else(|| bad("the configuration must be an object".into()))?;
        let empty = serde_json::Map::new();
        let responses = match root.get("MockedResponses") {
            None => &empty,
            Some(r) => r
                .as_object()
                .ok_or_else(|| bad("MockedResponses must be an object".into()))?,
        };
        let mut parsed: HashMap<String, Vec<MockedResponse>> = HashMap::new();
        for (name, by_invocation) in responses {
            parsed.insert(name.clone(), parse_responses(name, by_invocation)?);
        }
        let mut machines = Vec::new();
        let Some(sms) = root.get("StateMachines") else {
            return Ok(MockConfig { machines });
        };
        let sms = sms
            .as_object()
            .ok_or_else(|| bad("StateMachines must be an object".into()))?;
        for (machine, body) in sms {
            let cases = body
                .get("TestCases")
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    bad(format!(
                        "state machine '{machine}' needs a TestCases object"
                    ))
                })?;
            let mut out = Vec::new();
            for (case, states) in cases {
                let states = states.as_object().ok_or_else(|| {
                    bad(format!(
                        "test case '{machine}#{case}' must map state names to mocked response names"
                    ))
                })?;
                let mut tc = TestCase::new(case);
                for (state, response) in states {
                    let response = response.as_str().ok_or_else(|| {
                        bad(format!(
                            "test case '{machine}#{case}', state '{state}': the value must be the name of a mocked response"
                        ))
                    })?;
                    let list = parsed.get(response).ok_or_else(|| {
                        bad(format!(
                            "test case '{machine}#{case}', state '{state}': no mocked response named '{response}' in MockedResponses"
                        ))
                    })?;
                    tc.states.insert(state.clone(), list.clone());
                }
                out.push((case.clone(), tc));
            }
            machines.push((machine.clone(), out));
        }
        Ok(MockConfig { machines })
    }

    /// The test case named `name`: `Machine#Case` (as Step Functions Local names it in a
    /// state machine ARN), or `Case` alone when exactly one state machine has a case of that
    /// name.
    pub fn test_case(&self, name: &str) -> Result<&TestCase, SimError> {
        let (machine, case) = match name.split_once('#') {
            Some((m, c)) => (Some(m), c),
            None => (None, name),
        };
        let found: Vec<(&str, &TestCase)> = self
            .machines
            .iter()
            .filter(|(m, _)| machine.is_none_or(|want| want == m))
            .flat_map(|(m, cases)| {
                cases
                    .iter()
                    .filter(|(c, _)| c == case)
                    .map(move |(_, tc)| (m.as_str(), tc))
            })
            .collect();
        match found.as_slice() {
            [(_, tc)] => Ok(tc),
            [] => Err(SimError::UnknownTestCase(format!(
                "no test case '{name}' in the mock configuration (known: {})",
                self.case_names().join(", ")
            ))),
            many => Err(SimError::UnknownTestCase(format!(
                "test case '{case}' exists for several state machines ({}): name one as Machine#{case}",
                many.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Every test case, as `Machine#Case`.
    pub fn case_names(&self) -> Vec<String> {
        self.machines
            .iter()
            .flat_map(|(m, cases)| cases.iter().map(move |(c, _)| format!("{m}#{c}")))
            .collect()
    }
}

fn parse_responses(name: &str, value: &Value) -> Result<Vec<MockedResponse>, SimError> {
    let bad = |m: String| SimError::MockConfig(format!("mocked response '{name}': {m}"));
    let obj = value.as_object().ok_or_else(|| {
        bad("must map invocation numbers (\"0\", \"1-2\") to Return or Throw".into())
    })?;
    let mut ranges: Vec<(usize, usize, MockedResponse)> = Vec::new();
    for (range, body) in obj {
        let (start, end) = parse_range(range).filter(|(s, e)| e - s < MAX_RANGE).ok_or_else(|| {
            bad(format!(
                "'{range}' is not an invocation number or range like \"0\" or \"1-2\" (of at most {MAX_RANGE} invocations)"
            ))
        })?;
        let body = body
            .as_object()
            .ok_or_else(|| bad(format!("invocation '{range}' must be an object")))?;
        let response = match (body.get("Return"), body.get("Throw")) {
            (Some(r), None) => MockedResponse::Return(r.clone()),
            (None, Some(t)) => {
                let field = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_string);
                MockedResponse::Throw {
                    error: field("Error").ok_or_else(|| {
                        bad(format!("invocation '{range}': Throw needs an Error string"))
                    })?,
                    cause: field("Cause").unwrap_or_default(),
                }
            }
            _ => {
                return Err(bad(format!(
                    "invocation '{range}' needs exactly one of Return and Throw"
                )))
            }
        };
        ranges.push((start, end, response));
    }
    ranges.sort_by_key(|(s, _, _)| *s);
    let mut out = Vec::new();
    for (start, end, response) in ranges {
        if start != out.len() {
            return Err(bad(format!(
                "invocations must be numbered consecutively from 0: expected {} next, found {start}",
                out.len()
            )));
        }
        out.extend(std::iter::repeat_n(response, end - start + 1));
    }
    Ok(out)
}

/// The longest invocation range one entry may cover.
const MAX_RANGE: usize = 100_000;

fn parse_range(s: &str) -> Option<(usize, usize)> {
    let s = s.trim();
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => s.parse().ok().map(|n| (n, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_expand_and_must_be_consecutive() {
        let ok = json!({"MockedResponses": {"R": {"0": {"Return": 1}, "1-3": {"Throw": {"Error": "E"}}}},
                        "StateMachines": {"M": {"TestCases": {"C": {"S": "R"}}}}});
        let c = MockConfig::from_json(&ok).unwrap();
        let case = c.test_case("C").unwrap();
        assert_eq!(
            case.response("S", 3),
            Some(&MockedResponse::Throw {
                error: "E".into(),
                cause: String::new()
            })
        );
        assert_eq!(case.response("S", 4), None);
        let gap = json!({"MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}});
        assert!(MockConfig::from_json(&gap)
            .unwrap_err()
            .to_string()
            .contains("expected 1 next, found 2"));
        let both = json!({"MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}});
        assert!(MockConfig::from_json(&both).is_err());
        let missing = json!({"StateMachines": {"M": {"TestCases": {"C": {"S": "Nope"}}}}});
        assert!(MockConfig::from_json(&missing)
            .unwrap_err()
            .to_string()
            .contains("'Nope'"));
    }

    #[test]
    fn test_case_names() {
        let c = MockConfig::from_json(&json!({"StateMachines": {
            "A": {"TestCases": {"Happy": {}, "Sad": {}}}, "B": {"TestCases": {"Happy": {}}}}}))
        .unwrap();
        assert!(c.test_case("Sad").is_ok());
        assert!(c.test_case("B#Happy").is_ok());
        assert!(c
            .test_case("Happy")
            .unwrap_err()
            .to_string()
            .contains("several"));
        assert!(c
            .test_case("Nope")
            .unwrap_err()
            .to_string()
            .contains("A#Happy"));
    }
}
