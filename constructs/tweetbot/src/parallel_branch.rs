//! [`ParallelBranch`].

use cdk_aws::stepfunctions::{Chain, Parallel};
use cdk_core::{Construct, ConstructError, Node};

/// Runs the chains it is given as the branches of one Parallel state, on the same input.
/// The state's result (the list of the branches' outputs) is discarded, so the execution's data
/// passes through unchanged.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Pass};
/// use cdk_core::{App, Stack};
/// use cdk_tweetbot::ParallelBranch;
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let p = ParallelBranch::new(&stack, "Both", "Parallel", [Pass::new("A").into(), Pass::new("B").into()])?;
/// assert_eq!(p.branch_count(), 2);
/// assert!(Chain::start(p.state()).validate().is_empty());
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ParallelBranch {
    node: Node,
    state_name: String,
    branches: Vec<Chain>,
}

impl Construct for ParallelBranch {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl ParallelBranch {
    /// A Parallel state named `state_name` running `branches`. At least one branch is needed.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        state_name: &str,
        branches: impl IntoIterator<Item = Chain>,
    ) -> Result<ParallelBranch, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_tweetbot.ParallelBranch")?;
        let branches: Vec<Chain> = branches.into_iter().collect();
        if branches.is_empty() {
            return Err(ConstructError::Invalid {
                path: node.path(),
                message: format!("Parallel state '{state_name}' needs at least one branch"),
            });
        }
        Ok(ParallelBranch {
            node,
            state_name: state_name.to_string(),
            branches,
        }
        .registered())
    }

    /// How many branches run.
    pub fn branch_count(&self) -> usize {
        self.branches.len()
    }

    /// The Parallel state.
    pub fn state(&self) -> Parallel {
        self.branches
            .iter()
            .cloned()
            .fold(Parallel::new(&self.state_name), Parallel::branch)
            .discard_result()
    }
}
