//! Choosing stacks of an assembly by the names given on the command line.

use cdk_core::{CloudAssembly, StackArtifact};

fn check_names(assembly: &CloudAssembly, names: &[String]) -> anyhow::Result<()> {
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
    Ok(())
}

fn named(s: &StackArtifact, names: &[String]) -> bool {
    names
        .iter()
        .any(|n| *n == s.stack_name || *n == s.artifact_id)
}

/// The stacks named (by stack name or artifact id), in deployment order; all stacks when
/// `names` is empty. An unknown name is an error listing the known ones.
pub fn select<'a>(
    assembly: &'a CloudAssembly,
    names: &[String],
) -> anyhow::Result<Vec<&'a StackArtifact>> {
    check_names(assembly, names)?;
    Ok(assembly
        .deployment_order()
        .into_iter()
        .filter(|s| names.is_empty() || named(s, names))
        .collect())
}

fn ids(stacks: &[&StackArtifact]) -> Vec<String> {
    stacks.iter().map(|s| s.artifact_id.clone()).collect()
}

/// The stacks whose artifact ids are in `chosen`, in deployment order.
fn in_order<'a>(assembly: &'a CloudAssembly, chosen: &[String]) -> Vec<&'a StackArtifact> {
    assembly
        .deployment_order()
        .into_iter()
        .filter(|s| chosen.contains(&s.artifact_id))
        .collect()
}

/// Like [`select`], plus every stack the chosen ones depend on (unless `exclusively`), in
/// deployment order.
pub fn with_dependencies<'a>(
    assembly: &'a CloudAssembly,
    names: &[String],
    exclusively: bool,
) -> anyhow::Result<Vec<&'a StackArtifact>> {
    let mut chosen = ids(&select(assembly, names)?);
    if !exclusively {
        let mut i = 0;
        while i < chosen.len() {
            if let Some(s) = assembly.stack(&chosen[i]) {
                for d in &s.dependencies {
                    if !chosen.contains(d) {
                        chosen.push(d.clone());
                    }
                }
            }
            i += 1;
        }
    }
    Ok(in_order(assembly, &chosen))
}

/// Like [`select`], plus every stack that depends on the chosen ones (unless `exclusively`),
/// in reverse deployment order: dependents first, as they must be deleted.
pub fn with_dependents<'a>(
    assembly: &'a CloudAssembly,
    names: &[String],
    exclusively: bool,
) -> anyhow::Result<Vec<&'a StackArtifact>> {
    let mut chosen = ids(&select(assembly, names)?);
    if !exclusively {
        let mut grew = true;
        while grew {
            grew = false;
            for s in &assembly.stacks {
                if !chosen.contains(&s.artifact_id)
                    && s.dependencies.iter().any(|d| chosen.contains(d))
                {
                    chosen.push(s.artifact_id.clone());
                    grew = true;
                }
            }
        }
    }
    let mut out = in_order(assembly, &chosen);
    out.reverse();
    Ok(out)
}
