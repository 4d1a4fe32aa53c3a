//! The template model: values with typed intrinsic functions ([`expr::Expr`]), resources and
//! outputs.

pub mod condition;
pub mod expr;
pub mod mapping;
pub mod output;
pub(crate) mod overrides;
pub mod parameter;
pub mod resource;
