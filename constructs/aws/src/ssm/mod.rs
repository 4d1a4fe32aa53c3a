//! SSM Parameter Store: references to existing parameters.

mod parameter;

pub use parameter::SecureStringParameter;
