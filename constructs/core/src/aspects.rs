//! Aspects: code that visits every construct beneath a scope at synthesis, before validation,
//! to check or change it (AWS CDK's `Aspects`).
//!
//! ```
//! use cdk_core::{App, Aspect, Aspects, CfnResource, Node, RemovalPolicy, Stack};
//!
//! /// Keeps every table, whatever its construct chose.
//! struct RetainTables;
//! impl Aspect for RetainTables {
//!     fn visit(&self, node: &Node) {
//!         if let Some(r) = CfnResource::from_node(node) {
//!             if r.resource_type() == "AWS::DynamoDB::Table" {
//!                 r.apply_removal_policy(RemovalPolicy::Retain);
//!             }
//!         }
//!     }
//! }
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Data")?;
//! CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table")?;
//! Aspects::of(&stack).add(RetainTables);
//! let template = app.synth()?.stack("Data").unwrap().template().clone();
//! assert_eq!(template["Resources"]["Table"]["DeletionPolicy"], "Retain");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::rc::Rc;

use crate::tree::node::{Construct, Node};
use crate::tree::store::AspectEntry;

/// Visits constructs at synthesis. It may read the tree, change constructs (set properties,
/// removal policies, tags), add constructs, validations, warnings and other aspects.
pub trait Aspect {
    /// Called once for every construct beneath the scope the aspect was added to (the scope
    /// included).
    fn visit(&self, node: &Node);
}

impl<F: Fn(&Node)> Aspect for F {
    fn visit(&self, node: &Node) {
        self(node)
    }
}

/// Priorities of aspects, as in AWS CDK: lower runs first at each construct.
pub struct AspectPriority;

impl AspectPriority {
    /// Aspects that change constructs (tags are these).
    pub const MUTATING: i32 = 200;
    /// The default.
    pub const DEFAULT: i32 = 500;
    /// Aspects that only read and report.
    pub const READONLY: i32 = 1000;
}

/// The aspects of one scope.
#[derive(Clone, Debug)]
pub struct Aspects {
    scope: Node,
}

impl Aspects {
    /// The aspects of `scope`: they visit it and everything beneath it.
    pub fn of(scope: &impl Construct) -> Aspects {
        Aspects {
            scope: scope.node().clone(),
        }
    }

    /// Adds an aspect with [`AspectPriority::DEFAULT`].
    pub fn add(&self, aspect: impl Aspect + 'static) {
        self.add_with_priority(aspect, AspectPriority::DEFAULT);
    }

    /// Adds an aspect with a priority (lower runs first at each construct; on equal priority,
    /// aspects of outer scopes run before those of inner ones, then in the order added).
    pub fn add_with_priority(&self, aspect: impl Aspect + 'static, priority: i32) {
        let mut tree = self.scope.tree.borrow_mut();
        let id = tree.next_aspect;
        tree.next_aspect += 1;
        tree.nodes[self.scope.index]
            .extras_mut()
            .aspects
            .push(AspectEntry {
                id,
                priority,
                aspect: Rc::new(aspect),
            });
    }

    /// How many aspects were added to this scope itself.
    pub fn len(&self) -> usize {
        self.scope.tree.borrow().nodes[self.scope.index]
            .aspects()
            .len()
    }

    /// Whether no aspect was added to this scope itself.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The most passes over the tree: aspects that add aspects or constructs are visited again
/// until nothing new is left, or this many times.
const MAX_PASSES: usize = 10;

/// Runs every aspect over the constructs beneath the node it was added to, pre-order, in
/// priority order at each node; never an aspect twice on one node; never a borrow of the tree
/// held while an aspect runs.
pub(crate) fn invoke(root: &Node) -> Result<(), String> {
    let mut invoked: HashSet<(usize, u64)> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let work: Vec<(usize, Vec<AspectEntry>)> = {
            let tree = root.tree.borrow();
            if tree.nodes.iter().all(|n| n.aspects().is_empty()) {
                return Ok(());
            }
            let mut work = Vec::new();
            for i in tree.preorder() {
                let mut chain = Vec::new();
                let mut cur = Some(i);
                while let Some(c) = cur {
                    chain.push(c);
                    cur = tree.nodes[c].parent;
                }
                let mut list: Vec<AspectEntry> = chain
                    .iter()
                    .rev()
                    .flat_map(|&c| tree.nodes[c].aspects().iter().cloned())
                    .filter(|e| !invoked.contains(&(i, e.id)))
                    .collect();
                if !list.is_empty() {
                    list.sort_by_key(|e| e.priority);
                    work.push((i, list));
                }
            }
            work
        };
        if work.is_empty() {
            return Ok(());
        }
        for (i, list) in work {
            let node = root.at(i);
            for entry in list {
                if invoked.insert((i, entry.id)) {
                    entry.aspect.visit(&node);
                }
            }
        }
    }
    Err(format!(
        "aspects were still adding aspects or constructs after {MAX_PASSES} passes over the tree"
    ))
}
