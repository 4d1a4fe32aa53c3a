//! [`CfnOutput`]: a stack output, optionally exported.

use super::expr::Expr;
use crate::error::ConstructError;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

pub(crate) struct OutputData {
    pub value: Expr,
    pub description: Option<String>,
    pub export_name: Option<String>,
}

/// A stack output. Its logical ID comes from its path, like a resource's.
///
/// ```
/// use cdk_core::{App, CfnOutput, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// cdk_core::CfnResource::new(&stack, "Topic", "AWS::SNS::Topic")?;
/// CfnOutput::new(&stack, "Greeting", "hello")?.description("A friendly word");
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Outputs"]["Greeting"]["Value"], "hello");
/// assert_eq!(t["Outputs"]["Greeting"]["Description"], "A friendly word");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CfnOutput {
    node: Node,
}

impl Construct for CfnOutput {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnOutput {
    /// An output of `value`.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        value: impl Into<Expr>,
    ) -> Result<CfnOutput, ConstructError> {
        let scope = scope.node();
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path: join_path(&scope.path(), id),
                message: "an output must be created inside a stack".into(),
            });
        }
        let data = OutputData {
            value: value.into(),
            description: None,
            export_name: None,
        };
        let node = scope.add_child(id, NodeKind::Output(Box::new(data)), "CfnOutput")?;
        Ok(CfnOutput { node }.registered())
    }

    fn with_data(&self, f: impl FnOnce(&mut OutputData)) {
        let mut tree = self.node.tree.borrow_mut();
        if let NodeKind::Output(data) = &mut tree.nodes[self.node.index].kind {
            f(data);
        }
    }

    /// Sets the description.
    pub fn description(self, description: impl Into<String>) -> Self {
        let description = description.into();
        self.with_data(|d| d.description = Some(description));
        self
    }

    /// Exports the output under `name`, for stacks outside this app.
    pub fn export_name(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.with_data(|d| d.export_name = Some(name));
        self
    }
}
