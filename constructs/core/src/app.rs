//! [`App`], the root of the construct tree.

use std::cell::RefCell;
use std::rc::Rc;

use crate::assembly::CloudAssembly;
use crate::error::{SynthError, ValidationError, ValidationErrors};
use crate::stack::Stack;
use crate::tree::node::{Construct, Node};
use crate::tree::store::{NodeKind, Tree, Validation};

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
pub struct App {
    node: Node,
}

impl Clone for App {
    fn clone(&self) -> Self {
        self.node.tree.borrow_mut().app_handles += 1;
        App {
            node: self.node.clone(),
        }
    }
}

/// When the last `App` handle goes, the tree releases the validations, aspects and construct
/// objects it holds: they may hold handles on the tree, and would keep it alive forever.
impl Drop for App {
    fn drop(&mut self) {
        let released = match self.node.tree.try_borrow_mut() {
            Ok(mut tree) => {
                tree.app_handles = tree.app_handles.saturating_sub(1);
                if tree.app_handles == 0 && !tree.released {
                    tree.release()
                } else {
                    Vec::new()
                }
            }
            Err(_) => Vec::new(),
        };
        drop(released);
    }
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
        let mut tree = Tree::new();
        let context = crate::context::provided();
        if !context.is_empty() {
            tree.nodes[0].extras_mut().context = context;
        }
        App {
            node: Node {
                tree: Rc::new(RefCell::new(tree)),
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
        if self.node.tree.borrow().released {
            return Err(SynthError::AppDropped);
        }
        crate::aspects::invoke(&self.node).map_err(|message| {
            SynthError::Validation(ValidationErrors(vec![ValidationError {
                path: "(app)".into(),
                message,
            }]))
        })?;
        self.node.tree.borrow_mut().locked = true;
        let result = self.validate_and_synthesize();
        self.node.tree.borrow_mut().locked = false;
        result
    }

    /// Every asset of the app, by path, in tree order: what the toolkit prepares before
    /// synthesis.
    pub fn assets(&self) -> Vec<(String, crate::AssetSource)> {
        let tree = self.node.tree.borrow();
        tree.preorder()
            .into_iter()
            .filter_map(|i| match &tree.nodes[i].kind {
                NodeKind::Asset(s) => Some((tree.path(i), (**s).clone())),
                _ => None,
            })
            .collect()
    }

    /// Runs the validations (with no borrow of the tree held, so that they may read any
    /// construct), then synthesizes.
    fn validate_and_synthesize(&self) -> Result<CloudAssembly, SynthError> {
        let checks: Vec<(usize, Validation)> = {
            let tree = self.node.tree.borrow();
            tree.preorder()
                .into_iter()
                .flat_map(|i| {
                    tree.nodes[i]
                        .validations()
                        .iter()
                        .map(move |v| (i, v.clone()))
                })
                .collect()
        };
        let mut found: Vec<(usize, String)> = Vec::new();
        for (i, check) in checks {
            found.extend(check().into_iter().map(|m| (i, m)));
        }
        let tree = self.node.tree.borrow();
        let errors = found
            .into_iter()
            .map(|(i, message)| ValidationError {
                path: tree.path(i),
                message,
            })
            .collect();
        crate::synth::synthesize(&tree, errors)
    }
}
