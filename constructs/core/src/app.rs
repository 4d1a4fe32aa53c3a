//! [`App`], the root of the construct tree.

use std::cell::RefCell;
use std::rc::Rc;

use crate::assembly::CloudAssembly;
use crate::error::SynthError;
use crate::stack::Stack;
use crate::tree::node::{Construct, Node};
use crate::tree::store::{NodeKind, Tree};

/// The root of a construct tree. Stacks are created in it; [`App::synth`] turns it into a
/// [`CloudAssembly`].
///
/// ```
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// Stack::new(&app, "One")?;
/// Stack::new(&app, "Two")?;
/// let names: Vec<String> = app.stacks().iter().map(|s| s.stack_name()).collect();
/// assert_eq!(names, ["One", "Two"]);
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone)]
pub struct App {
    node: Node,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl Construct for App {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl App {
    /// An empty app.
    pub fn new() -> Self {
        App {
            node: Node {
                tree: Rc::new(RefCell::new(Tree::new())),
                index: 0,
            },
        }
    }

    pub(crate) fn from_node(node: Node) -> App {
        App { node }
    }

    /// Every stack of the app, in creation order.
    pub fn stacks(&self) -> Vec<Stack> {
        let tree = self.node.tree.borrow();
        let indices: Vec<usize> = tree
            .preorder()
            .into_iter()
            .filter(|&i| matches!(tree.nodes[i].kind, NodeKind::Stack(_)))
            .collect();
        drop(tree);
        indices
            .into_iter()
            .map(|i| Stack::from_node(self.node.at(i)))
            .collect()
    }

    /// Validates the whole app and synthesizes it into an in-memory cloud assembly.
    ///
    /// Every validation error (from constructs, references and CloudFormation limits) is
    /// collected and reported together.
    pub fn synth(&self) -> Result<CloudAssembly, SynthError> {
        crate::synth::synthesize(&self.node.tree.borrow())
    }
}
