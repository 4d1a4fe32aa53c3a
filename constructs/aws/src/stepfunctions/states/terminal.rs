//! [`Succeed`] and [`Fail`]: states that end the execution.

use super::Builder;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::state::{StateDef, StateKind};

/// Ends the execution successfully. Nothing can follow it.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Pass, Succeed};
/// let bad = Chain::start(Succeed::new("Done")).next(Pass::new("After"));
/// assert!(bad.validate()[0].message.contains("no open end"));
/// ```
#[derive(Clone, Debug)]
pub struct Succeed(pub(crate) Builder);

impl Succeed {
    /// A Succeed state.
    pub fn new(name: &str) -> Self {
        Succeed(Builder::new(name, StateDef::new(StateKind::Succeed)))
    }
}

io_methods!(Succeed);
jsonata_methods!(Succeed);

impl From<Succeed> for Chain {
    fn from(s: Succeed) -> Chain {
        s.0.into_chain(false)
    }
}

/// Ends the execution with an error and a cause. Nothing can follow it.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Choice, Condition, Fail, Pass};
/// let chain = Chain::start(
///     Choice::new("Valid?")
///         .when(Condition::is_present("$.id"), Pass::new("Go On"))
///         .otherwise(Fail::new("Invalid", "InvalidInput", "the input has no id")),
/// );
/// let json = chain.to_definition().to_expr().to_literal_json().unwrap();
/// assert_eq!(json["States"]["Invalid"]["Error"], "InvalidInput");
/// assert!(json["States"]["Invalid"].get("End").is_none());
/// ```
#[derive(Clone, Debug)]
pub struct Fail(pub(crate) Builder);

impl Fail {
    /// A Fail state with an error name and a cause.
    pub fn new(name: &str, error: &str, cause: &str) -> Self {
        Fail(Builder::new(
            name,
            StateDef::new(StateKind::Fail {
                error: Some(error.to_string()),
                cause: Some(cause.to_string()),
            }),
        ))
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: &str) -> Self {
        self.0.def.comment = Some(comment.to_string());
        self
    }
}

impl From<Fail> for Chain {
    fn from(s: Fail) -> Chain {
        s.0.into_chain(false)
    }
}
