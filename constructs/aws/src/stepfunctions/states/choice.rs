//! [`Choice`].

use super::Builder;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::condition::Condition;
use crate::stepfunctions::state::{StateDef, StateKind};

/// A Choice state: the first rule that holds picks the next chain, else `otherwise`. `next`
/// after a Choice continues every branch that did not end.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Choice, Condition, Pass, Succeed};
/// let chain = Chain::start(
///     Choice::new("Found?")
///         .when(Condition::is_present("$.tweet"), Pass::new("Use it"))
///         .otherwise(Succeed::new("Nothing to do")),
/// )
/// .next(Pass::new("After"));
/// let d = chain.to_definition();
/// assert!(chain.validate().is_empty());
/// assert_eq!(d.states["Use it"].next.as_deref(), Some("After"));
/// ```
#[derive(Clone, Debug)]
pub struct Choice {
    name: String,
    comment: Option<String>,
    input_path: Option<String>,
    output_path: Option<String>,
    rules: Vec<(Condition, Chain)>,
    otherwise: Option<Chain>,
    query_language: Option<crate::stepfunctions::QueryLanguage>,
    output: Option<cdk_core::Expr>,
    assign: Option<cdk_core::Expr>,
}

impl Choice {
    /// A Choice state with no rules yet.
    pub fn new(name: &str) -> Self {
        Choice {
            name: name.to_string(),
            comment: None,
            input_path: None,
            output_path: None,
            rules: Vec::new(),
            otherwise: None,
            query_language: None,
            output: None,
            assign: None,
        }
    }

    /// Adds a rule: when `condition` holds, continue with `then`.
    pub fn when(mut self, condition: Condition, then: impl Into<Chain>) -> Self {
        self.rules.push((condition, then.into()));
        self
    }

    /// Where to go when no rule holds (without it, the execution fails with
    /// `States.NoChoiceMatched`).
    pub fn otherwise(mut self, then: impl Into<Chain>) -> Self {
        self.otherwise = Some(then.into());
        self
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// Sets `InputPath`.
    pub fn input_path(mut self, path: &str) -> Self {
        self.input_path = Some(path.to_string());
        self
    }

    /// Sets `OutputPath`.
    pub fn output_path(mut self, path: &str) -> Self {
        self.output_path = Some(path.to_string());
        self
    }

    /// Makes this a JSONata Choice: its rules are [`Condition::jsonata`] conditions.
    pub fn jsonata(mut self) -> Self {
        self.query_language = Some(crate::stepfunctions::QueryLanguage::Jsonata);
        self
    }

    /// Sets `Output` (JSONata).
    pub fn output(mut self, output: impl Into<cdk_core::Expr>) -> Self {
        self.output = Some(output.into());
        self
    }

    /// Sets `Assign`: the variables set when the Choice ends.
    pub fn assign(mut self, assign: impl Into<cdk_core::Expr>) -> Self {
        self.assign = Some(assign.into());
        self
    }
}

impl From<Choice> for Chain {
    fn from(c: Choice) -> Chain {
        let mut def = StateDef::new(StateKind::Choice {
            rules: c
                .rules
                .iter()
                .map(|(cond, chain)| (cond.clone(), chain.start.clone()))
                .collect(),
            default: c.otherwise.as_ref().map(|o| o.start.clone()),
        });
        def.comment = c.comment;
        def.input_path = c.input_path;
        def.output_path = c.output_path;
        def.query_language = c.query_language;
        def.output = c.output;
        def.assign = c.assign;
        let mut chain = Builder::new(&c.name, def).into_chain(false);
        let branches = c.rules.into_iter().map(|(_, ch)| ch).chain(c.otherwise);
        let mut ends = Vec::new();
        for branch in branches {
            for end in &branch.ends {
                if !ends.contains(end) {
                    ends.push(end.clone());
                }
            }
            chain.absorb(branch);
        }
        chain.ends = ends;
        chain
    }
}
