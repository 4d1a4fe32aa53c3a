//! [`Node`], the handle every construct holds, and the [`Construct`] trait.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::id::check_id;
use super::store::{NodeData, NodeKind, Tree};
use crate::error::ConstructError;

/// Anything that sits in the construct tree: apps, stacks, resources and user constructs.
///
/// A construct of your own holds a [`Node`] and returns it here; that makes it usable as the
/// scope of other constructs.
///
/// ```
/// use cdk_core::{App, Construct, Node, Stack};
///
/// struct Empty { node: Node }
/// impl Construct for Empty {
///     fn node(&self) -> &Node { &self.node }
/// }
///
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let mine = Empty { node: Node::new(&stack, "Mine")? };
/// assert_eq!(mine.node().path(), "S/Mine");
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
pub trait Construct {
    /// The construct's node in the tree.
    fn node(&self) -> &Node;
}

/// A cheap, clonable handle on one node of the construct tree: its scope, id, path and children.
#[derive(Clone)]
pub struct Node {
    pub(crate) tree: Rc<RefCell<Tree>>,
    pub(crate) index: usize,
}

impl Construct for Node {
    fn node(&self) -> &Node {
        self
    }
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Node({:?})", self.path())
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tree, &other.tree) && self.index == other.index
    }
}

impl Node {
    /// Creates a plain construct node `id` under `scope`.
    ///
    /// Fails when the id is empty, contains `/`, or is already taken by a sibling.
    pub fn new(scope: &impl Construct, id: &str) -> Result<Node, ConstructError> {
        Self::with_type(scope, id, "Construct")
    }

    /// Like [`Node::new`], recording `type_name` (shown in `tree.json`).
    pub fn with_type(
        scope: &impl Construct,
        id: &str,
        type_name: &str,
    ) -> Result<Node, ConstructError> {
        scope.node().add_child(id, NodeKind::Construct, type_name)
    }

    pub(crate) fn add_child(
        &self,
        id: &str,
        kind: NodeKind,
        type_name: &str,
    ) -> Result<Node, ConstructError> {
        let mut tree = self.tree.borrow_mut();
        let parent_path = tree.path(self.index);
        let path = join_path(&parent_path, id);
        check_id(id).map_err(|reason| ConstructError::InvalidId {
            path: path.clone(),
            id: id.to_string(),
            reason,
        })?;
        if tree.nodes[self.index].children.contains_key(id) {
            return Err(ConstructError::DuplicateId {
                path,
                id: id.to_string(),
            });
        }
        let index = tree.nodes.len();
        tree.nodes.push(NodeData {
            id: id.to_string(),
            parent: Some(self.index),
            children: IndexMap::new(),
            kind,
            type_name: type_name.to_string(),
            validations: Vec::new(),
        });
        tree.nodes[self.index]
            .children
            .insert(id.to_string(), index);
        drop(tree);
        Ok(Node {
            tree: Rc::clone(&self.tree),
            index,
        })
    }

    /// The id of this node within its scope (empty for the app).
    pub fn id(&self) -> String {
        self.tree.borrow().nodes[self.index].id.clone()
    }

    /// The path from the app: ids joined by `/` (empty for the app).
    pub fn path(&self) -> String {
        self.tree.borrow().path(self.index)
    }

    /// The construct type recorded for this node.
    pub fn type_name(&self) -> String {
        self.tree.borrow().nodes[self.index].type_name.clone()
    }

    /// The enclosing scope; `None` for the app.
    pub fn scope(&self) -> Option<Node> {
        let parent = self.tree.borrow().nodes[self.index].parent?;
        Some(self.at(parent))
    }

    /// The direct children, in creation order.
    pub fn children(&self) -> Vec<Node> {
        let tree = self.tree.borrow();
        let ids: Vec<usize> = tree.nodes[self.index].children.values().copied().collect();
        drop(tree);
        ids.into_iter().map(|i| self.at(i)).collect()
    }

    /// The direct child with this id.
    pub fn try_find_child(&self, id: &str) -> Option<Node> {
        let index = *self.tree.borrow().nodes[self.index].children.get(id)?;
        Some(self.at(index))
    }

    /// The app this node belongs to.
    pub fn app(&self) -> crate::App {
        crate::App::from_node(self.at(0))
    }

    /// The nearest stack at or above this node, `None` for the app.
    pub fn stack(&self) -> Option<crate::Stack> {
        let index = self.tree.borrow().stack_of(self.index)?;
        Some(crate::Stack::from_node(self.at(index)))
    }

    /// Registers a check run at synthesis; each string it returns is reported as an error at
    /// this node's path. The closure must own what it checks.
    ///
    /// ```
    /// use cdk_core::{App, Node, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// Node::new(&stack, "Picky")?.add_validation(|| vec!["always unhappy".to_string()]);
    /// let err = app.synth().unwrap_err();
    /// assert!(err.to_string().contains("[S/Picky] always unhappy"));
    /// # Ok::<(), cdk_core::ConstructError>(())
    /// ```
    pub fn add_validation(&self, check: impl Fn() -> Vec<String> + 'static) {
        self.tree.borrow_mut().nodes[self.index]
            .validations
            .push(Box::new(check));
    }

    /// A readable name for a reference to a resource of this app (`Ref` or `Fn::GetAtt`): the
    /// resource's path below its stack, without `Resource`, plus the attribute, e.g.
    /// `PollerFunctionArn`. `None` for other values.
    pub fn reference_label(&self, expr: &crate::Expr) -> Option<String> {
        let (target, attr) = match expr {
            crate::Expr::Ref(t) => (t, "Ref"),
            crate::Expr::GetAtt(t, a) => (t, a.as_str()),
            _ => return None,
        };
        let tree = self.tree.borrow();
        if target.tree != tree.tree_id || target.node >= tree.nodes.len() {
            return None;
        }
        let components = tree.components(target.node);
        let skip = tree
            .stack_of(target.node)
            .map_or(0, |s| tree.components(s).len());
        let mut label: String = components[skip..]
            .iter()
            .filter(|c| **c != "Resource" && **c != "Default")
            .flat_map(|c| c.chars().filter(char::is_ascii_alphanumeric))
            .collect();
        label.extend(attr.chars().filter(char::is_ascii_alphanumeric));
        Some(label)
    }

    pub(crate) fn at(&self, index: usize) -> Node {
        Node {
            tree: Rc::clone(&self.tree),
            index,
        }
    }

    pub(crate) fn tree_id(&self) -> u64 {
        self.tree.borrow().tree_id
    }
}

pub(crate) fn join_path(parent: &str, id: &str) -> String {
    if parent.is_empty() {
        id.to_string()
    } else {
        format!("{parent}/{id}")
    }
}
