//! Lambda: functions with their own role and log group, from inline code or an asset (Rust
//! binaries of the workspace, built by the toolkit).

mod code;
mod function;
mod runtime;
mod rust_function;

pub use code::{Code, MAX_INLINE_CODE_BYTES};
pub use function::{Function, FunctionProps};
pub use runtime::Runtime;
pub use rust_function::RustFunction;
