//! [`Node`], the handle every construct holds, and the [`Construct`] trait.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::id::check_id;
use super::store::{NodeData, NodeKind, Tree};
use crate::annotations::{Annotation, Level};
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

    /// Records this construct object on its node (see [`Node::construct`]), so that tree
    /// walks and aspects can get it back; returns it. Constructs call it at the end of `new`.
    fn registered(self) -> Self
    where
        Self: Sized + Clone + 'static,
    {
        self.node().set_construct(self.clone());
        self
    }
}

/// The order of [`Node::find_all`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Traversal {
    /// A scope before its children.
    PreOrder,
    /// Children before their scope.
    PostOrder,
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
        if tree.locked {
            return Err(ConstructError::Invalid {
                path,
                message: "cannot add a construct while the app is being synthesized (in a validation); add it before synth, or from an aspect".into(),
            });
        }
        if tree.nodes[self.index].children.contains_key(id) {
            return Err(ConstructError::DuplicateId {
                path,
                id: id.to_string(),
            });
        }
        let index = tree.nodes.len();
        let type_name = tree.type_name_index(type_name);
        tree.nodes.push(NodeData::new(
            id.to_string(),
            Some(self.index),
            kind,
            type_name,
        ));
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
        self.tree.borrow().type_name(self.index).to_string()
    }

    /// The enclosing scope; `None` for the app.
    pub fn scope(&self) -> Option<Node> {
        let parent = self.tree.borrow().nodes[self.index].parent?;
        Some(self.at(parent))
    }

    /// The direct children, in creation order.
    pub fn children(&self) -> Vec<Node> {
        let tree = self.tree.borrow();
        let ids: Vec<usize> = tree.nodes[self.index].children.values().collect();
        drop(tree);
        ids.into_iter().map(|i| self.at(i)).collect()
    }

    /// The direct child with this id.
    pub fn try_find_child(&self, id: &str) -> Option<Node> {
        let index = self.tree.borrow().nodes[self.index].children.get(id)?;
        Some(self.at(index))
    }

    /// The app this node belongs to.
    pub fn app(&self) -> crate::App {
        self.tree.borrow_mut().app_handles += 1;
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
            .extras_mut()
            .validations
            .push(Rc::new(check));
    }

    /// An error reported at synthesis with this node's path (synthesis fails).
    pub fn add_error(&self, message: impl Into<String>) {
        let message = message.into();
        self.add_validation(move || vec![message.clone()]);
    }

    /// A warning printed by `synth` with this node's path; `synth --strict` fails on it.
    ///
    /// ```
    /// use cdk_core::{App, CfnResource, Node, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// CfnResource::new(&stack, "Topic", "AWS::SNS::Topic")?;
    /// Node::new(&stack, "Old")?.add_warning("deprecated: use New");
    /// let assembly = app.synth()?;
    /// assert_eq!(assembly.messages[0].to_string(), "[warning] S/Old: deprecated: use New");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_warning(&self, message: impl Into<String>) {
        self.annotate(Level::Warning, message.into());
    }

    /// Information printed by `synth` with this node's path.
    pub fn add_info(&self, message: impl Into<String>) {
        self.annotate(Level::Info, message.into());
    }

    fn annotate(&self, level: Level, message: String) {
        let mut tree = self.tree.borrow_mut();
        let list = &mut tree.nodes[self.index].extras_mut().annotations;
        let annotation = Annotation { level, message };
        if !list.contains(&annotation) {
            list.push(annotation);
        }
    }

    /// This node and every node beneath it, in pre-order (a scope before its children) or
    /// post-order (children first); siblings in creation order.
    ///
    /// ```
    /// use cdk_core::{App, Construct, Node, Stack, Traversal};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// let a = Node::new(&stack, "A")?;
    /// Node::new(&a, "B")?;
    /// let paths = |order| stack.node().find_all(order).iter().map(|n| n.path()).collect::<Vec<_>>();
    /// assert_eq!(paths(Traversal::PreOrder), ["S", "S/A", "S/A/B"]);
    /// assert_eq!(paths(Traversal::PostOrder), ["S/A/B", "S/A", "S"]);
    /// # Ok::<(), cdk_core::ConstructError>(())
    /// ```
    pub fn find_all(&self, order: Traversal) -> Vec<Node> {
        let tree = self.tree.borrow();
        let indices = match order {
            Traversal::PreOrder => tree.preorder_from(self.index),
            Traversal::PostOrder => tree.postorder_from(self.index),
        };
        drop(tree);
        indices.into_iter().map(|i| self.at(i)).collect()
    }

    /// The direct child with this id, or an error naming the path and the children there are.
    pub fn find_child(&self, id: &str) -> Result<Node, ConstructError> {
        self.try_find_child(id).ok_or_else(|| {
            let children: Vec<String> = self.children().iter().map(Node::id).collect();
            ConstructError::Invalid {
                path: join_path(&self.path(), id),
                message: format!(
                    "no construct with id {id:?} here; the children are: {}",
                    if children.is_empty() {
                        "none".to_string()
                    } else {
                        children.join(", ")
                    }
                ),
            }
        })
    }

    /// The child named `Resource` or `Default`: the main resource of an L2 construct, as in
    /// AWS CDK.
    pub fn default_child(&self) -> Option<Node> {
        self.try_find_child("Resource")
            .or_else(|| self.try_find_child("Default"))
    }

    /// Records the construct object made on this node, so that tree walks and aspects can get
    /// it back with [`Node::construct`]. Constructs of this library call it in their `new`.
    pub fn set_construct<T: Any>(&self, construct: T) {
        self.tree.borrow_mut().nodes[self.index].construct = Some(Rc::new(construct));
    }

    /// The construct object on this node, if it is a `T` (a copy of the handle).
    ///
    /// ```
    /// use cdk_core::{App, Construct, Node, Stack};
    /// #[derive(Clone)]
    /// struct Mine { node: Node }
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// let mine = Mine { node: Node::new(&stack, "Mine")? };
    /// mine.node.set_construct(mine.clone());
    /// let found = stack.node().find_child("Mine")?.construct::<Mine>().expect("a Mine");
    /// assert_eq!(found.node.path(), "S/Mine");
    /// # Ok::<(), cdk_core::ConstructError>(())
    /// ```
    pub fn construct<T: Any + Clone>(&self) -> Option<T> {
        let tree = self.tree.borrow();
        tree.nodes[self.index]
            .construct
            .as_ref()?
            .downcast_ref::<T>()
            .cloned()
    }

    /// Sets a context value on this node, for it and everything beneath it; only before the
    /// node has children (as in AWS CDK), so that no construct saw another value.
    pub fn set_context(
        &self,
        key: &str,
        value: impl Into<serde_json::Value>,
    ) -> Result<(), ConstructError> {
        let mut tree = self.tree.borrow_mut();
        if !tree.nodes[self.index].children.is_empty() {
            return Err(ConstructError::Invalid {
                path: tree.path(self.index),
                message: format!("cannot set context {key:?} after children were added"),
            });
        }
        tree.nodes[self.index]
            .extras_mut()
            .context
            .insert(key.to_string(), value.into());
        Ok(())
    }

    /// A context value: this node's, else the nearest scope's, else the app's (given by
    /// `--context key=value` or `cdk.context.json`).
    pub fn try_get_context(&self, key: &str) -> Option<serde_json::Value> {
        let tree = self.tree.borrow();
        let mut cur = Some(self.index);
        while let Some(i) = cur {
            if let Some(v) = tree.nodes[i].context(key) {
                return Some(v.clone());
            }
            cur = tree.nodes[i].parent;
        }
        None
    }

    /// A readable name for a reference to a resource of this app (`Ref` or `Fn::GetAtt`): the
    /// resource's path below its stack, without `Resource`, plus the attribute, e.g.
    /// `PollerFunctionArn`. `None` for other values.
    pub fn reference_label(&self, expr: &crate::Expr) -> Option<String> {
        let (target, attr) = match expr {
            crate::Expr::Ref(t) => (t, "Ref"),
            crate::Expr::GetAtt(t, a) => (t, &**a),
            _ => return None,
        };
        let tree = self.tree.borrow();
        if target.tree != tree.tree_id || target.index() >= tree.nodes.len() {
            return None;
        }
        let components = tree.components(target.index());
        let skip = tree
            .stack_of(target.index())
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

    /// A reference to this node, for an [`crate::Expr`].
    pub(crate) fn target(&self) -> crate::template::expr::Target {
        crate::template::expr::Target::new(self.tree.borrow().tree_id, self.index)
    }
}

pub(crate) fn join_path(parent: &str, id: &str) -> String {
    if parent.is_empty() {
        id.to_string()
    } else {
        format!("{parent}/{id}")
    }
}
