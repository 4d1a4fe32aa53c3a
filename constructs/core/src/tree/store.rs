//! The arena holding every node of one app.

use indexmap::IndexMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::stack::StackData;
use crate::template::output::OutputData;
use crate::template::resource::ResourceData;

/// A deferred check run at synthesis; returns the problems it finds.
pub(crate) type Validation = Box<dyn Fn() -> Vec<String>>;

/// What a node is.
pub(crate) enum NodeKind {
    App,
    Stack(Box<StackData>),
    Resource(Box<ResourceData>),
    Output(OutputData),
    Construct,
}

pub(crate) struct NodeData {
    pub id: String,
    pub parent: Option<usize>,
    pub children: IndexMap<String, usize>,
    pub kind: NodeKind,
    pub type_name: String,
    pub validations: Vec<Validation>,
}

pub(crate) struct Tree {
    /// Distinguishes trees, so that a reference into another app is caught.
    pub tree_id: u64,
    pub nodes: Vec<NodeData>,
}

static NEXT_TREE_ID: AtomicU64 = AtomicU64::new(1);

impl Tree {
    pub fn new() -> Self {
        Tree {
            tree_id: NEXT_TREE_ID.fetch_add(1, Ordering::Relaxed),
            nodes: vec![NodeData {
                id: String::new(),
                parent: None,
                children: IndexMap::new(),
                kind: NodeKind::App,
                type_name: "App".into(),
                validations: Vec::new(),
            }],
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
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![0usize];
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.nodes[i].children.values().rev().copied());
        }
        out
    }
}
