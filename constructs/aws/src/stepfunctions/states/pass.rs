//! [`Pass`].

use cdk_core::Expr;

use super::Builder;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::state::{StateDef, StateKind};

/// A Pass state: passes its input on, optionally with a fixed result or reshaped parameters.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Pass};
/// let d = Chain::start(Pass::new("Hello").result(serde_json::json!({"greeting": "hi"}).into()).result_path("$.hello")).to_definition();
/// let json = d.to_expr().to_literal_json().unwrap();
/// assert_eq!(json["States"]["Hello"]["Result"]["greeting"], "hi");
/// assert_eq!(json["States"]["Hello"]["End"], true);
/// ```
#[derive(Clone, Debug)]
pub struct Pass(pub(crate) Builder);

impl Pass {
    /// A Pass state named `name`.
    pub fn new(name: &str) -> Self {
        Pass(Builder::new(
            name,
            StateDef::new(StateKind::Pass { result: None }),
        ))
    }

    /// Sets a fixed `Result`.
    pub fn result(mut self, result: Expr) -> Self {
        self.0.def.kind = StateKind::Pass {
            result: Some(result),
        };
        self
    }
}

io_methods!(Pass);
jsonata_methods!(Pass);

result_methods!(Pass);

impl From<Pass> for Chain {
    fn from(s: Pass) -> Chain {
        s.0.into_chain(true)
    }
}
