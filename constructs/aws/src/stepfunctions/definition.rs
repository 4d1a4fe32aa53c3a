//! [`Definition`]: a state machine (or Parallel branch) definition.

use cdk_core::Expr;
use indexmap::IndexMap;

use super::state::{StateDef, StateError};

/// `StartAt` and `States`: the ASL model of a state machine or of one Parallel branch.
///
/// ```
/// use cdk_aws::stepfunctions::{Definition, StateDef, StateKind};
/// let mut states = indexmap::IndexMap::new();
/// states.insert("Only".to_string(), StateDef::new(StateKind::Succeed));
/// let d = Definition { start_at: "Only".into(), states, comment: None, timeout: None, query_language: None };
/// assert!(d.validate().is_empty());
/// let missing = Definition { start_at: "Nope".into(), ..d };
/// assert_eq!(missing.validate()[0].state, "Nope");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The first state.
    pub start_at: String,
    /// The states, by name, in the order they were added.
    pub states: IndexMap<String, StateDef>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `TimeoutSeconds` of the whole execution (whole seconds).
    pub timeout: Option<cdk_core::Duration>,
    /// `QueryLanguage` of the machine (or branch); JSONPath when absent.
    pub query_language: Option<super::query_language::QueryLanguage>,
}

impl Definition {
    /// The definition as ASL JSON (references to resources stay typed, for substitution).
    pub fn to_expr(&self) -> Expr {
        let mut m: Vec<(&str, Expr)> = Vec::new();
        if let Some(c) = &self.comment {
            m.push(("Comment", c.as_str().into()));
        }
        if let Some(q) = self.query_language {
            m.push(("QueryLanguage", q.name().into()));
        }
        m.push(("StartAt", self.start_at.as_str().into()));
        m.push((
            "States",
            Expr::map(
                self.states
                    .iter()
                    .map(|(name, s)| (name.clone(), s.to_expr())),
            ),
        ));
        if let Some(t) = self.timeout {
            m.push(("TimeoutSeconds", super::retry::whole_seconds(t)));
        }
        Expr::map(m)
    }

    /// True when a state anywhere in the definition is a distributed Map (its state machine
    /// then starts child executions of itself).
    pub fn has_distributed_map(&self) -> bool {
        self.states.values().any(|s| match &s.kind {
            super::state::StateKind::Map(m) => {
                matches!(m.mode, super::map_def::MapMode::Distributed(_))
                    || m.processor.has_distributed_map()
            }
            super::state::StateKind::Parallel { branches } => {
                branches.iter().any(Definition::has_distributed_map)
            }
            _ => false,
        })
    }

    /// Every Task resource of the definition, at any depth.
    pub fn task_resources(&self) -> Vec<(&str, &Expr)> {
        let mut out = Vec::new();
        for (name, s) in &self.states {
            match &s.kind {
                super::state::StateKind::Task { resource, .. } => {
                    out.push((name.as_str(), resource))
                }
                super::state::StateKind::Map(m) => out.extend(m.processor.task_resources()),
                super::state::StateKind::Parallel { branches } => {
                    out.extend(branches.iter().flat_map(Definition::task_resources))
                }
                _ => {}
            }
        }
        out
    }

    /// Every problem of the definition, each naming its state: see the module's validator.
    pub fn validate(&self) -> Vec<StateError> {
        super::validate::validate(self)
    }
}
