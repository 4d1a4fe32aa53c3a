//! The warnings and information constructs left, printed with their paths on standard error.

use cdk_core::{CloudAssembly, Level};

/// Prints every message; the number of warnings.
pub fn print(assembly: &CloudAssembly) -> usize {
    let mut warnings = 0;
    for m in &assembly.messages {
        if m.level == Level::Warning {
            warnings += 1;
        }
        eprintln!("{m}");
    }
    warnings
}
