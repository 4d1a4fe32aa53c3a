//! [`Chain`]: states linked with `next`, and [`Goto`] for loops.

use indexmap::IndexMap;

use super::definition::Definition;
use super::state::{StateDef, StateError};
use crate::iam::PolicyStatement;

/// A sequence of states with open ends that `next` continues from. Every state type converts
/// into a chain, so `Chain::start(a).next(b).next(c)` links `a → b → c`. The chain also carries
/// the IAM statements its tasks need, granted by the state machine that runs it.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Pass, Wait};
/// use cdk_core::Duration;
/// let chain = Chain::start(Pass::new("A")).next(Wait::duration("B", Duration::seconds(1))).next(Pass::new("C"));
/// let d = chain.to_definition();
/// assert_eq!(d.states["A"].next.as_deref(), Some("B"));
/// assert_eq!(d.states["B"].next.as_deref(), Some("C"));
/// assert_eq!(d.states["C"].next, None); // the open end becomes `End: true`
/// ```
#[derive(Clone, Debug)]
pub struct Chain {
    pub(crate) start: String,
    pub(crate) states: IndexMap<String, StateDef>,
    pub(crate) ends: Vec<String>,
    pub(crate) statements: Vec<PolicyStatement>,
    pub(crate) errors: Vec<StateError>,
}

/// A transition to a state by name, for loops and for joining chains built apart. A name that
/// no state has is reported at synthesis.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Choice, Condition, Goto, Pass, Succeed};
/// let chain = Chain::start(Pass::new("Poll")).next(
///     Choice::new("Done?")
///         .when(Condition::boolean_equals("$.done", true), Succeed::new("Finished"))
///         .otherwise(Goto::state("Poll")),
/// );
/// assert!(chain.validate().is_empty());
/// let dangling = Chain::start(Pass::new("A")).next(Goto::state("Nowhere"));
/// assert!(dangling.validate()[0].to_string().contains("'Nowhere'"));
/// ```
pub struct Goto;

impl Goto {
    /// A chain that only leads to the state named `name`.
    pub fn state(name: &str) -> Chain {
        Chain {
            start: name.to_string(),
            states: IndexMap::new(),
            ends: Vec::new(),
            statements: Vec::new(),
            errors: Vec::new(),
        }
    }
}

impl Chain {
    /// A chain starting with `first`.
    pub fn start(first: impl Into<Chain>) -> Chain {
        first.into()
    }

    /// A chain of one state; `open` when `next` may continue from it.
    pub(crate) fn single(name: String, def: StateDef, open: bool) -> Chain {
        let mut states = IndexMap::new();
        states.insert(name.clone(), def);
        Chain {
            ends: if open { vec![name.clone()] } else { Vec::new() },
            start: name,
            states,
            statements: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Continues every open end of this chain with `then`.
    pub fn next(mut self, then: impl Into<Chain>) -> Chain {
        let then = then.into();
        if self.ends.is_empty() {
            let last = self
                .states
                .keys()
                .last()
                .cloned()
                .unwrap_or(self.start.clone());
            self.errors.push(StateError {
                state: last,
                message: format!(
                    "cannot continue with '{}': this chain has no open end (it finishes with Succeed, Fail, a Goto or a Choice whose branches all end)",
                    then.start
                ),
            });
        }
        for end in std::mem::take(&mut self.ends) {
            if let Some(s) = self.states.get_mut(&end) {
                s.next = Some(then.start.clone());
            }
        }
        self.ends = then.ends.clone();
        self.absorb(then);
        self
    }

    /// Adds states that are not linked from this chain's ends, but reached through a [`Goto`]
    /// or a Catch handler.
    pub fn also(mut self, other: impl Into<Chain>) -> Chain {
        self.absorb(other.into());
        self
    }

    /// Takes in `other`'s states, statements and errors; a state name seen twice is an error.
    pub(crate) fn absorb(&mut self, other: Chain) {
        for (name, def) in other.states {
            if self.states.contains_key(&name) {
                self.errors.push(StateError {
                    state: name.clone(),
                    message: "the name is used by two states; state names must be unique in the whole state machine".into(),
                });
            } else {
                self.states.insert(name, def);
            }
        }
        super::grants::add_statements(&mut self.statements, other.statements);
        self.errors.extend(other.errors);
    }

    /// The name of the first state.
    pub fn start_state(&self) -> &str {
        &self.start
    }

    /// The IAM statements the chain's tasks need.
    pub fn statements(&self) -> &[PolicyStatement] {
        &self.statements
    }

    /// The definition of this chain: open ends become `End`.
    pub fn to_definition(&self) -> Definition {
        Definition {
            start_at: self.start.clone(),
            states: self.states.clone(),
            comment: None,
            timeout: None,
            query_language: None,
        }
    }

    /// Every problem: errors made while building the chain, then the definition's.
    pub fn validate(&self) -> Vec<StateError> {
        let mut out = self.errors.clone();
        out.extend(self.to_definition().validate());
        out
    }
}
