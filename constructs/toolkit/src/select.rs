//! Choosing stacks of an assembly by the names given on the command line.

use cdk_core::{CloudAssembly, StackArtifact};

/// The stacks named (by stack name or artifact id), in deployment order; all stacks when
/// `names` is empty. An unknown name is an error listing the known ones.
pub fn select<'a>(
    assembly: &'a CloudAssembly,
    names: &[String],
) -> anyhow::Result<Vec<&'a StackArtifact>> {
    for name in names {
        if assembly.stack(name).is_none() {
            let known: Vec<&str> = assembly
                .stacks
                .iter()
                .map(|s| s.stack_name.as_str())
                .collect();
            anyhow::bail!(
                "no stack named '{name}' in this app; its stacks are: {}",
                known.join(", ")
            );
        }
    }
    Ok(assembly
        .deployment_order()
        .into_iter()
        .filter(|s| {
            names.is_empty()
                || names
                    .iter()
                    .any(|n| *n == s.stack_name || *n == s.artifact_id)
        })
        .collect())
}
