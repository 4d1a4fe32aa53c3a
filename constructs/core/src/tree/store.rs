//! The arena holding every node of one app.

use std::any::Any;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use indexmap::IndexMap;

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
    Output(OutputData),
    Parameter(Box<crate::template::parameter::CfnParameterProps>),
    Condition(Box<crate::template::expr::Expr>),
    Mapping(Box<crate::template::mapping::MappingData>),
    Asset(Box<crate::assets::AssetSource>),
    Construct,
}

pub(crate) struct NodeData {
    pub id: String,
    pub parent: Option<usize>,
    pub children: IndexMap<String, usize>,
    pub kind: NodeKind,
    pub type_name: String,
    pub validations: Vec<Validation>,
    pub aspects: Vec<AspectEntry>,
    /// The construct object made on this node, for `Node::construct`.
    pub construct: Option<Rc<dyn Any>>,
    pub annotations: Vec<crate::annotations::Annotation>,
    pub context: IndexMap<String, serde_json::Value>,
}

impl NodeData {
    pub fn new(id: String, parent: Option<usize>, kind: NodeKind, type_name: String) -> Self {
        NodeData {
            id,
            parent,
            children: IndexMap::new(),
            kind,
            type_name,
            validations: Vec::new(),
            aspects: Vec::new(),
            construct: None,
            annotations: Vec::new(),
            context: IndexMap::new(),
        }
    }
}

pub(crate) struct Tree {
    /// Distinguishes trees, so that a reference into another app is caught.
    pub tree_id: u32,
    pub nodes: Vec<NodeData>,
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
            nodes: vec![NodeData::new(
                String::new(),
                None,
                NodeKind::App,
                "App".into(),
            )],
            locked: false,
            app_handles: 1,
            released: false,
            next_aspect: 0,
        }
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
            stack.extend(self.nodes[i].children.values().rev().copied());
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
                stack.extend(self.nodes[i].children.values().rev().map(|&c| (c, false)));
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
            out.push(Box::new(std::mem::take(&mut n.validations)));
            out.push(Box::new(std::mem::take(&mut n.aspects)));
            if let Some(c) = n.construct.take() {
                out.push(Box::new(c));
            }
        }
        out
    }
}
