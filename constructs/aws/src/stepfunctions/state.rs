//! The state model: what each state of a definition holds, and its ASL JSON.

use cdk_core::{Duration, Expr};

use super::condition::Condition;
use super::definition::Definition;
use super::map_def::MapDef;
use super::query_language::QueryLanguage;
use super::retry::{Catch, Retry};

/// How a Wait state waits.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WaitFor {
    /// A fixed time (`Seconds`, whole seconds).
    Duration(Duration),
    /// Seconds read from the input.
    SecondsPath(String),
    /// Until an ISO-8601 timestamp.
    Timestamp(String),
    /// Until a timestamp read from the input.
    TimestampPath(String),
    /// Seconds given by a JSONata expression (`{% ... %}`, JSONata states).
    SecondsExpression(String),
    /// Until the timestamp given by a JSONata expression (JSONata states).
    TimestampExpression(String),
}

/// The type-specific part of a state.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StateKind {
    /// `Task`: calls a resource (a Lambda function or a service integration).
    Task {
        /// The resource ARN.
        resource: Expr,
        /// `TimeoutSeconds` (whole seconds).
        timeout: Option<Duration>,
        /// `HeartbeatSeconds` (whole seconds).
        heartbeat: Option<Duration>,
    },
    /// `Map`: the same states for each item of a list.
    Map(Box<MapDef>),
    /// `Wait`.
    Wait(WaitFor),
    /// `Pass`, with an optional fixed `Result`.
    Pass {
        /// `Result`.
        result: Option<Expr>,
    },
    /// `Choice`: rules with their targets, and a default target.
    Choice {
        /// Rules in order, each with the state it leads to.
        rules: Vec<(Condition, String)>,
        /// Where to go when no rule matches.
        default: Option<String>,
    },
    /// `Parallel`: branches run at once.
    Parallel {
        /// The branches, each a self-contained definition.
        branches: Vec<Definition>,
    },
    /// `Succeed`.
    Succeed,
    /// `Fail`.
    Fail {
        /// `Error`.
        error: Option<String>,
        /// `Cause`.
        cause: Option<String>,
    },
}

impl StateKind {
    fn type_name(&self) -> &'static str {
        match self {
            StateKind::Task { .. } => "Task",
            StateKind::Map(_) => "Map",
            StateKind::Wait(_) => "Wait",
            StateKind::Pass { .. } => "Pass",
            StateKind::Choice { .. } => "Choice",
            StateKind::Parallel { .. } => "Parallel",
            StateKind::Succeed => "Succeed",
            StateKind::Fail { .. } => "Fail",
        }
    }
}

/// One state of a definition.
#[derive(Clone, Debug, PartialEq)]
pub struct StateDef {
    /// The type-specific part.
    pub kind: StateKind,
    /// `Comment`.
    pub comment: Option<String>,
    /// `Next`; a state without one (that is not Choice, Succeed or Fail) ends the execution.
    pub next: Option<String>,
    /// `InputPath`.
    pub input_path: Option<String>,
    /// `OutputPath`.
    pub output_path: Option<String>,
    /// `ResultPath`: `Some(None)` discards the result (`null`).
    pub result_path: Option<Option<String>>,
    /// `Parameters`.
    pub parameters: Option<Expr>,
    /// `ResultSelector`.
    pub result_selector: Option<Expr>,
    /// `Retry` rules.
    pub retry: Vec<Retry>,
    /// `Catch` rules.
    pub catch: Vec<Catch>,
    /// `QueryLanguage` of this state (else the machine's or branch's).
    pub query_language: Option<QueryLanguage>,
    /// `Arguments` (JSONata).
    pub arguments: Option<Expr>,
    /// `Output` (JSONata).
    pub output: Option<Expr>,
    /// `Assign`: variables set when the state ends (JSONPath or JSONata).
    pub assign: Option<Expr>,
}

/// A problem in a definition, naming the state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateError {
    /// The state's name (empty for problems of the definition as a whole).
    pub state: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.state.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "state '{}': {}", self.state, self.message)
        }
    }
}

impl StateDef {
    /// A state of this kind with nothing else set.
    pub fn new(kind: StateKind) -> Self {
        StateDef {
            kind,
            comment: None,
            next: None,
            input_path: None,
            output_path: None,
            result_path: None,
            parameters: None,
            result_selector: None,
            retry: Vec::new(),
            catch: Vec::new(),
            query_language: None,
            arguments: None,
            output: None,
            assign: None,
        }
    }

    /// True for states that never take `Next` or `End` (Choice, Succeed, Fail).
    pub fn is_terminal_kind(&self) -> bool {
        matches!(
            self.kind,
            StateKind::Choice { .. } | StateKind::Succeed | StateKind::Fail { .. }
        )
    }

    /// True when an execution may stop here successfully or with an error by design.
    pub fn ends_execution(&self) -> bool {
        match self.kind {
            StateKind::Succeed | StateKind::Fail { .. } => true,
            StateKind::Choice { .. } => false,
            _ => self.next.is_none(),
        }
    }

    /// Every state this one can lead to.
    pub fn targets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.next.iter().map(String::as_str).collect();
        if let StateKind::Choice { rules, default } = &self.kind {
            out.extend(rules.iter().map(|(_, n)| n.as_str()));
            out.extend(default.as_deref());
        }
        out.extend(self.catch.iter().map(|c| c.next.as_str()));
        out
    }

    /// The state as ASL JSON.
    pub fn to_expr(&self) -> Expr {
        let mut m: Vec<(&str, Expr)> = vec![("Type", self.kind.type_name().into())];
        if let Some(c) = &self.comment {
            m.push(("Comment", c.as_str().into()));
        }
        if let Some(q) = self.query_language {
            m.push(("QueryLanguage", q.name().into()));
        }
        match &self.kind {
            StateKind::Task {
                resource,
                timeout,
                heartbeat,
            } => {
                m.push(("Resource", resource.clone()));
                if let Some(t) = timeout {
                    m.push(("TimeoutSeconds", super::retry::whole_seconds(*t)));
                }
                if let Some(h) = heartbeat {
                    m.push(("HeartbeatSeconds", super::retry::whole_seconds(*h)));
                }
            }
            StateKind::Map(map) => map.to_fields(&mut m),
            StateKind::Wait(w) => m.push(match w {
                WaitFor::Duration(d) => ("Seconds", super::retry::whole_seconds(*d)),
                WaitFor::SecondsPath(p) => ("SecondsPath", p.as_str().into()),
                WaitFor::Timestamp(t) => ("Timestamp", t.as_str().into()),
                WaitFor::TimestampPath(p) => ("TimestampPath", p.as_str().into()),
                WaitFor::SecondsExpression(e) => ("Seconds", e.as_str().into()),
                WaitFor::TimestampExpression(e) => ("Timestamp", e.as_str().into()),
            }),
            StateKind::Pass { result: Some(r) } => m.push(("Result", r.clone())),
            StateKind::Pass { result: None } | StateKind::Succeed => {}
            StateKind::Choice { rules, default } => {
                let choices = rules.iter().map(|(cond, next)| {
                    let mut rule = cond.to_expr();
                    if let Some(map) = rule.as_map_mut() {
                        map.insert("Next".into(), next.as_str().into());
                    }
                    rule
                });
                m.push(("Choices", Expr::list(choices)));
                if let Some(d) = default {
                    m.push(("Default", d.as_str().into()));
                }
            }
            StateKind::Parallel { branches } => {
                m.push((
                    "Branches",
                    Expr::list(branches.iter().map(Definition::to_expr)),
                ));
            }
            StateKind::Fail { error, cause } => {
                if let Some(e) = error {
                    m.push(("Error", e.as_str().into()));
                }
                if let Some(c) = cause {
                    m.push(("Cause", c.as_str().into()));
                }
            }
        }
        if let Some(p) = &self.input_path {
            m.push(("InputPath", p.as_str().into()));
        }
        if let Some(p) = &self.parameters {
            m.push(("Parameters", p.clone()));
        }
        if let Some(p) = &self.result_selector {
            m.push(("ResultSelector", p.clone()));
        }
        if let Some(p) = &self.result_path {
            m.push(("ResultPath", p.as_deref().map_or(Expr::Null, Expr::from)));
        }
        if let Some(p) = &self.output_path {
            m.push(("OutputPath", p.as_str().into()));
        }
        if let Some(a) = &self.arguments {
            m.push(("Arguments", a.clone()));
        }
        if let Some(o) = &self.output {
            m.push(("Output", o.clone()));
        }
        if let Some(a) = &self.assign {
            m.push(("Assign", a.clone()));
        }
        if !self.retry.is_empty() {
            m.push(("Retry", Expr::list(self.retry.iter().map(Retry::to_expr))));
        }
        if !self.catch.is_empty() {
            m.push(("Catch", Expr::list(self.catch.iter().map(Catch::to_expr))));
        }
        if !self.is_terminal_kind() {
            match &self.next {
                Some(n) => m.push(("Next", n.as_str().into())),
                None => m.push(("End", true.into())),
            }
        }
        Expr::map(m)
    }
}
