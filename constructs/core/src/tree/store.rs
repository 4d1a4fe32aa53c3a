//! The arena holding every node of one app.

use std::any::Any;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use indexmap::{IndexMap, IndexSet};

use crate::stack::StackData;
use crate::template::output::OutputData;
use crate::template::resource::ResourceData;

/// A deferred check run at synthesis; returns the problems it finds. Shared, so that synthesis
/// can run it without holding a borrow of the tree.
pub(crate) type Validation = Rc<dyn Fn() -> Vec<String>>;

/// An aspect added to a node, with its priority and an id unique in the tree.
#[derive(Clone)]
pub(crate) struct AspectEntry {
    pub id: u64,
    pub priority: i32,
    pub aspect: Rc<dyn crate::aspects::Aspect>,
}

/// What a node is.
pub(crate) enum NodeKind {
    App,
    Stack(Box<StackData>),
    Resource(Box<ResourceData>),
    Output(Box<OutputData>),
    Parameter(Box<crate::template::parameter::CfnParameterProps>),
    Condition(Box<crate::template::expr::Expr>),
    Mapping(Box<crate::template::mapping::MappingData>),
    Asset(Box<crate::assets::AssetSource>),
    Construct,
}

/// One node of the tree. Kept small (an app of 10,000 stacks has over 200,000 nodes): what
/// few nodes have is boxed ([`Children`], [`NodeExtras`], the kind's data), and the type name
/// is an index into the tree's [`Tree::type_names`].
pub(crate) struct NodeData {
    pub id: String,
    pub parent: Option<usize>,
    pub children: Children,
    pub kind: NodeKind,
    /// Index into [`Tree::type_names`].
    pub type_name: u32,
    /// The construct object made on this node, for `Node::construct`.
    pub construct: Option<Rc<dyn Any>>,
    /// What few nodes have; `None` until one is added.
    pub extras: Option<Box<NodeExtras>>,
}

/// The rarely set parts of a node.
#[derive(Default)]
pub(crate) struct NodeExtras {
    pub validations: Vec<Validation>,
    pub aspects: Vec<AspectEntry>,
    pub annotations: Vec<crate::annotations::Annotation>,
    pub context: IndexMap<String, serde_json::Value>,
}

impl NodeData {
    pub fn new(id: String, parent: Option<usize>, kind: NodeKind, type_name: u32) -> Self {
        NodeData {
            id,
            parent,
            children: Children::default(),
            kind,
            type_name,
            construct: None,
            extras: None,
        }
    }

    /// The rarely set parts, made on first use.
    pub fn extras_mut(&mut self) -> &mut NodeExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    pub fn validations(&self) -> &[Validation] {
        self.extras.as_ref().map_or(&[], |e| &e.validations)
    }

    pub fn aspects(&self) -> &[AspectEntry] {
        self.extras.as_ref().map_or(&[], |e| &e.aspects)
    }

    pub fn annotations(&self) -> &[crate::annotations::Annotation] {
        self.extras.as_ref().map_or(&[], |e| &e.annotations)
    }

    pub fn context(&self, key: &str) -> Option<&serde_json::Value> {
        self.extras.as_ref()?.context.get(key)
    }
}

/// A node's children by id, in creation order; boxed, since most nodes have none.
#[derive(Default)]
pub(crate) struct Children(Option<Box<IndexMap<String, usize>>>);

impl Children {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.0.as_ref()?.get(id).copied()
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.0.as_ref().is_some_and(|m| m.contains_key(id))
    }

    pub fn insert(&mut self, id: String, index: usize) {
        self.0.get_or_insert_with(Box::default).insert(id, index);
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The children's indices, in creation order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.0.iter().flat_map(|m| m.values().copied())
    }

    /// Id and index of each child, in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, usize)> + '_ {
        self.0.iter().flat_map(|m| m.iter().map(|(k, &v)| (k, v)))
    }
}

pub(crate) struct Tree {
    /// Distinguishes trees, so that a reference into another app is caught.
    pub tree_id: u32,
    pub nodes: Vec<NodeData>,
    /// Every node's type name, once each (nodes hold an index).
    pub type_names: IndexSet<Box<str>>,
    /// Set while synthesis runs: adding a construct then is an error.
    pub locked: bool,
    /// Live `App` handles; when the last goes, the closures and construct objects the tree
    /// holds are released, so that handles they captured no longer keep the tree alive.
    pub app_handles: usize,
    /// The app was dropped (see `app_handles`).
    pub released: bool,
    /// The next aspect id.
    pub next_aspect: u64,
}

static NEXT_TREE_ID: AtomicU32 = AtomicU32::new(1);

impl Tree {
    pub fn new() -> Self {
        Tree {
            tree_id: NEXT_TREE_ID.fetch_add(1, Ordering::Relaxed),
            nodes: vec![NodeData::new(String::new(), None, NodeKind::App, 0)],
            type_names: IndexSet::from_iter([Box::from("App")]),
            locked: false,
            app_handles: 1,
            released: false,
            next_aspect: 0,
        }
    }

    /// The index of `type_name` in [`Tree::type_names`], added if new.
    pub fn type_name_index(&mut self, type_name: &str) -> u32 {
        let index = match self.type_names.get_index_of(type_name) {
            Some(i) => i,
            None => self.type_names.insert_full(Box::from(type_name)).0,
        };
        u32::try_from(index).expect("fewer than 2^32 type names")
    }

    /// The type name of node `index`.
    pub fn type_name(&self, index: usize) -> &str {
        &self.type_names[self.nodes[index].type_name as usize]
    }

    /// Path components from the root (excluded) down to `index`.
    pub fn components(&self, index: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = Some(index);
        while let Some(i) = cur {
            let n = &self.nodes[i];
            if n.parent.is_some() {
                out.push(n.id.as_str());
            }
            cur = n.parent;
        }
        out.reverse();
        out
    }

    pub fn path(&self, index: usize) -> String {
        self.components(index).join("/")
    }

    /// The nearest stack at or above `index`.
    pub fn stack_of(&self, index: usize) -> Option<usize> {
        let mut cur = Some(index);
        while let Some(i) = cur {
            if matches!(self.nodes[i].kind, NodeKind::Stack(_)) {
                return Some(i);
            }
            cur = self.nodes[i].parent;
        }
        None
    }

    /// Every node in depth-first, creation order, starting at the root.
    pub fn preorder(&self) -> Vec<usize> {
        self.preorder_from(0)
    }

    /// `start` and every node beneath it, depth-first, in creation order.
    pub fn preorder_from(&self, start: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.nodes[i].children.values().rev());
        }
        out
    }

    /// `start` and every node beneath it, children before their parent.
    pub fn postorder_from(&self, start: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![(start, false)];
        while let Some((i, expanded)) = stack.pop() {
            if expanded {
                out.push(i);
            } else {
                stack.push((i, true));
                stack.extend(self.nodes[i].children.values().rev().map(|c| (c, false)));
            }
        }
        out
    }

    /// Drops every closure and construct object the tree holds (they may hold handles on the
    /// tree itself), returning them so that they are dropped after the borrow ends.
    pub fn release(&mut self) -> Vec<Box<dyn Any>> {
        self.released = true;
        let mut out: Vec<Box<dyn Any>> = Vec::new();
        for n in &mut self.nodes {
            if let Some(extras) = &mut n.extras {
                out.push(Box::new(std::mem::take(&mut extras.validations)));
                out.push(Box::new(std::mem::take(&mut extras.aspects)));
            }
            if let Some(c) = n.construct.take() {
                out.push(Box::new(c));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_node_is_96_bytes() {
        assert_eq!(std::mem::size_of::<super::NodeData>(), 96);
    }
}
