//! The template model: values with typed intrinsic functions ([`expr::Expr`]), resources and
//! outputs.

pub mod expr;
pub mod output;
pub(crate) mod overrides;
pub mod resource;
