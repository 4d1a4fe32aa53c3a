//! IAM: policy statements, roles and their default policies.

mod role;
mod statement;

pub use role::{Role, RoleProps};
pub use statement::{PolicyStatement, Resources};
