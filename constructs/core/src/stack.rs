//! [`Stack`]: the unit of deployment, one CloudFormation template.

use indexmap::IndexMap;

use crate::environment::Environment;
use crate::error::ConstructError;
use crate::tree::node::{Construct, Node};
use crate::tree::store::NodeKind;

/// Optional settings of a stack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackProps {
    /// The CloudFormation stack name; defaults to the construct id.
    pub stack_name: Option<String>,
    /// The template's `Description`.
    pub description: Option<String>,
    /// Stack tags, applied by CloudFormation to every resource that supports tags.
    pub tags: IndexMap<String, String>,
    /// Whether CloudFormation termination protection is on.
    pub termination_protection: bool,
    /// The account and region to deploy to; environment-agnostic by default.
    pub env: Environment,
}

impl StackProps {
    /// Sets the stack name.
    pub fn stack_name(mut self, name: impl Into<String>) -> Self {
        self.stack_name = Some(name.into());
        self
    }

    /// Sets the account and region.
    pub fn env(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }

    /// Turns CloudFormation termination protection on or off.
    pub fn termination_protection(mut self, on: bool) -> Self {
        self.termination_protection = on;
        self
    }

    /// Sets the template description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a stack tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
}

pub(crate) struct StackData {
    pub props: StackProps,
    pub stack_name: String,
    /// Stacks this one must be deployed after, besides those implied by references.
    pub dependencies: Vec<usize>,
}

/// A CloudFormation stack. Every resource created under it lands in its template.
///
/// ```
/// use cdk_core::{App, Stack, StackProps};
/// let app = App::new();
/// let data = Stack::with_props(&app, "Data", StackProps::default().stack_name("tweet-data"))?;
/// assert_eq!(data.stack_name(), "tweet-data");
/// assert!(Stack::new(&app, "bad_name").is_err()); // '_' is not allowed in stack names
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    node: Node,
}

impl Construct for Stack {
    fn node(&self) -> &Node {
        &self.node
    }
}

/// Checks a CloudFormation stack name: a letter, then letters, digits and hyphens, at most 128.
pub fn check_stack_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let valid = name.len() <= 128
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid stack name {name:?}: it must start with a letter and contain only letters, digits and hyphens, at most 128 characters"
        ))
    }
}

impl Stack {
    /// A stack with default settings; its name is `id`.
    pub fn new(scope: &impl Construct, id: &str) -> Result<Stack, ConstructError> {
        Self::with_props(scope, id, StackProps::default())
    }

    /// A stack with the given settings.
    pub fn with_props(
        scope: &impl Construct,
        id: &str,
        props: StackProps,
    ) -> Result<Stack, ConstructError> {
        let scope = scope.node();
        if scope.stack().is_some() {
            return Err(ConstructError::Invalid {
                path: crate::tree::node::join_path(&scope.path(), id),
                message: "a stack cannot be created inside another stack".into(),
            });
        }
        let stack_name = props.stack_name.clone().unwrap_or_else(|| id.to_string());
        check_stack_name(&stack_name).map_err(|message| ConstructError::Invalid {
            path: crate::tree::node::join_path(&scope.path(), id),
            message,
        })?;
        if let Some(message) = props.env.problems().into_iter().next() {
            return Err(ConstructError::Invalid {
                path: crate::tree::node::join_path(&scope.path(), id),
                message: format!("invalid environment: {message}"),
            });
        }
        let data = StackData {
            props,
            stack_name,
            dependencies: Vec::new(),
        };
        let node = scope.add_child(id, NodeKind::Stack(Box::new(data)), "Stack")?;
        Ok(Stack { node }.registered())
    }

    pub(crate) fn from_node(node: Node) -> Stack {
        Stack { node }
    }

    fn read<R>(&self, f: impl FnOnce(&StackData) -> R) -> R {
        let tree = self.node.tree.borrow();
        match &tree.nodes[self.node.index].kind {
            NodeKind::Stack(data) => f(data),
            _ => unreachable!("a Stack handle always points at a stack node"),
        }
    }

    fn with_data<R>(&self, f: impl FnOnce(&mut StackData) -> R) -> R {
        let mut tree = self.node.tree.borrow_mut();
        match &mut tree.nodes[self.node.index].kind {
            NodeKind::Stack(data) => f(data),
            _ => unreachable!("a Stack handle always points at a stack node"),
        }
    }

    /// The CloudFormation stack name.
    pub fn stack_name(&self) -> String {
        self.read(|d| d.stack_name.clone())
    }

    /// The stack's settings.
    /// The account and region this stack deploys to.
    pub fn environment(&self) -> Environment {
        self.read(|d| d.props.env.clone())
    }

    /// The stack's settings.
    pub fn props(&self) -> StackProps {
        self.read(|d| d.props.clone())
    }

    /// Makes this stack deploy after `other` (references between stacks add this by themselves).
    pub fn add_dependency(&self, other: &Stack) {
        let index = other.node.index;
        self.with_data(|d| {
            if !d.dependencies.contains(&index) {
                d.dependencies.push(index);
            }
        });
    }
}
