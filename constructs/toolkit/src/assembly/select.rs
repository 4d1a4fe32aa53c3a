//! Choosing stacks of an assembly by name: the stacks named, with the stacks they depend on
//! (to deploy) or the stacks that depend on them (to destroy).

use super::{Assembly, AssemblyStack};
use crate::error::ToolkitError;

/// Which stacks a command is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackSelection {
    /// Stack names or artifact ids; none means every stack.
    pub names: Vec<String>,
    /// Only the named stacks, not their dependencies (deploy) or dependents (destroy).
    pub exclusively: bool,
}

impl StackSelection {
    /// Every stack.
    pub fn all() -> StackSelection {
        StackSelection::default()
    }

    /// The named stacks (by stack name or artifact id), with their dependencies or dependents.
    pub fn named<I, S>(names: I) -> StackSelection
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        StackSelection {
            names: names.into_iter().map(Into::into).collect(),
            exclusively: false,
        }
    }

    /// Only the named stacks.
    pub fn exclusively(mut self) -> StackSelection {
        self.exclusively = true;
        self
    }
}

fn named(s: &AssemblyStack, names: &[String]) -> bool {
    names
        .iter()
        .any(|n| *n == s.stack_name || *n == s.artifact_id)
}

impl Assembly {
    fn check_names(&self, names: &[String]) -> Result<(), ToolkitError> {
        for name in names {
            if self.stack(name).is_none() {
                return Err(ToolkitError::UnknownStack {
                    name: name.clone(),
                    known: self.stacks.iter().map(|s| s.stack_name.clone()).collect(),
                });
            }
        }
        Ok(())
    }

    /// The stacks named (by stack name or artifact id), in deployment order; all stacks when
    /// `names` is empty. An unknown name is an error listing the known ones.
    pub fn select(&self, names: &[String]) -> Result<Vec<&AssemblyStack>, ToolkitError> {
        self.check_names(names)?;
        Ok(self
            .deployment_order()
            .into_iter()
            .filter(|s| names.is_empty() || named(s, names))
            .collect())
    }

    /// The stacks whose artifact ids are in `chosen`, in deployment order.
    fn in_order(&self, chosen: &[String]) -> Vec<&AssemblyStack> {
        self.deployment_order()
            .into_iter()
            .filter(|s| chosen.contains(&s.artifact_id))
            .collect()
    }

    fn ids(&self, names: &[String]) -> Result<Vec<String>, ToolkitError> {
        Ok(self
            .select(names)?
            .iter()
            .map(|s| s.artifact_id.clone())
            .collect())
    }

    /// The selected stacks plus every stack they depend on (unless `exclusively`), in
    /// deployment order: the stacks a deploy goes through.
    pub fn with_dependencies(
        &self,
        selection: &StackSelection,
    ) -> Result<Vec<&AssemblyStack>, ToolkitError> {
        let mut chosen = self.ids(&selection.names)?;
        if !selection.exclusively {
            let mut i = 0;
            while i < chosen.len() {
                if let Some(s) = self.stack(&chosen[i]) {
                    for d in &s.dependencies {
                        if !chosen.contains(d) {
                            chosen.push(d.clone());
                        }
                    }
                }
                i += 1;
            }
        }
        Ok(self.in_order(&chosen))
    }

    /// The selected stacks plus every stack that depends on them (unless `exclusively`), in
    /// reverse deployment order: dependents first, as they must be deleted.
    pub fn with_dependents(
        &self,
        selection: &StackSelection,
    ) -> Result<Vec<&AssemblyStack>, ToolkitError> {
        let mut chosen = self.ids(&selection.names)?;
        if !selection.exclusively {
            let mut grew = true;
            while grew {
                grew = false;
                for s in &self.stacks {
                    if !chosen.contains(&s.artifact_id)
                        && s.dependencies.iter().any(|d| chosen.contains(d))
                    {
                        chosen.push(s.artifact_id.clone());
                        grew = true;
                    }
                }
            }
        }
        let mut out = self.in_order(&chosen);
        out.reverse();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assembly() -> Assembly {
        let stack = |id: &str, deps: &[&str]| {
            let mut s = AssemblyStack::new(id, id, "{}");
            s.dependencies = deps.iter().map(|d| d.to_string()).collect();
            s
        };
        Assembly::new(vec![
            stack("Bot", &["Data"]),
            stack("Data", &[]),
            stack("Other", &[]),
        ])
    }

    fn names(stacks: &[&AssemblyStack]) -> Vec<String> {
        stacks.iter().map(|s| s.stack_name.clone()).collect()
    }

    #[test]
    fn dependencies_come_first_and_dependents_go_first() {
        let a = assembly();
        assert_eq!(names(&a.select(&[]).unwrap()), ["Data", "Bot", "Other"]);
        let bot = StackSelection::named(["Bot"]);
        assert_eq!(names(&a.with_dependencies(&bot).unwrap()), ["Data", "Bot"]);
        assert_eq!(
            names(&a.with_dependencies(&bot.clone().exclusively()).unwrap()),
            ["Bot"]
        );
        let data = StackSelection::named(["Data"]);
        assert_eq!(names(&a.with_dependents(&data).unwrap()), ["Bot", "Data"]);
        let err = a.select(&["Nope".into()]).unwrap_err().to_string();
        assert_eq!(
            err,
            "no stack named 'Nope' in this app; its stacks are: Bot, Data, Other"
        );
    }
}
