//! AWS configuration and errors, from the standard chain.

mod config;
mod error;

pub use config::{load, AwsOptions};
pub use error::describe;
pub(crate) use error::is_missing_stack;
