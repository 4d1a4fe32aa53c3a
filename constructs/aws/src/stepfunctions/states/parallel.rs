//! [`Parallel`].

use super::Builder;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::state::{StateDef, StateKind};

/// A Parallel state: every branch runs on the same input; the output is the list of the
/// branches' outputs. Each branch is a chain of its own, and may only move between its own
/// states.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Parallel, Pass};
/// let p = Parallel::new("Both")
///     .branch(Pass::new("Left"))
///     .branch(Chain::start(Pass::new("Right 1")).next(Pass::new("Right 2")));
/// let d = Chain::start(p).to_definition();
/// assert!(d.validate().is_empty());
/// let json = d.to_expr().to_literal_json().unwrap();
/// assert_eq!(json["States"]["Both"]["Branches"][1]["StartAt"], "Right 1");
/// ```
#[derive(Clone, Debug)]
pub struct Parallel(pub(crate) Builder, Vec<Chain>);

impl Parallel {
    /// A Parallel state with no branches yet.
    pub fn new(name: &str) -> Self {
        Parallel(
            Builder::new(
                name,
                StateDef::new(StateKind::Parallel {
                    branches: Vec::new(),
                }),
            ),
            Vec::new(),
        )
    }

    /// Adds a branch.
    pub fn branch(mut self, branch: impl Into<Chain>) -> Self {
        self.1.push(branch.into());
        self
    }
}

io_methods!(Parallel);
jsonata_methods!(Parallel);
arguments_methods!(Parallel);

result_methods!(Parallel);
error_methods!(Parallel);

impl From<Parallel> for Chain {
    fn from(p: Parallel) -> Chain {
        let Parallel(mut builder, branches) = p;
        let mut errors = Vec::new();
        let definitions = branches
            .iter()
            .map(|b| {
                errors.extend(b.errors.iter().cloned());
                crate::stepfunctions::grants::add_statements(
                    &mut builder.statements,
                    b.statements.iter().cloned(),
                );
                b.to_definition()
            })
            .collect();
        builder.def.kind = StateKind::Parallel {
            branches: definitions,
        };
        let mut chain = builder.into_chain(true);
        chain.errors.extend(errors);
        chain
    }
}
