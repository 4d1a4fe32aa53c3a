//! Lambda: functions with inline code, their own role and log group.

mod code;
mod function;
mod runtime;

pub use code::{Code, MAX_INLINE_CODE_BYTES};
pub use function::{Function, FunctionProps};
pub use runtime::Runtime;
