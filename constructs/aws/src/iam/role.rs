//! [`Role`]: an IAM role assumed by a service, with a default policy that grants add to.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_cfn::iam::{CfnPolicy, CfnPolicyProps, CfnRole, CfnRoleProps};
use cdk_core::{Construct, ConstructError, Expr, Node};

use super::statement::{PolicyStatement, Resources};

/// Settings of a role.
#[derive(Clone, Debug)]
pub struct RoleProps {
    /// The service principal that assumes the role, e.g. `lambda.amazonaws.com`.
    pub assumed_by: String,
    /// A description.
    pub description: Option<String>,
}

impl RoleProps {
    /// A role assumed by the service principal `service`.
    pub fn assumed_by(service: impl Into<String>) -> Self {
        RoleProps {
            assumed_by: service.into(),
            description: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }
}

/// An IAM role. Permissions are added with [`Role::add_to_policy`] (or a resource's `grant_*`
/// method), and land in one `DefaultPolicy` attached to the role.
///
/// ```
/// use cdk_aws::iam::{PolicyStatement, Role, RoleProps};
/// use cdk_core::{App, Expr, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let role = Role::new(&stack, "Role", RoleProps::assumed_by("lambda.amazonaws.com"))?;
/// role.add_to_policy(PolicyStatement::allow(["sqs:SendMessage"], [Expr::from("arn:aws:sqs:us-east-1:1:q")]))?;
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// let policy = t["Resources"].as_object().unwrap().values()
///     .find(|r| r["Type"] == "AWS::IAM::Policy").unwrap();
/// assert_eq!(policy["Properties"]["PolicyDocument"]["Statement"][0]["Action"], "sqs:SendMessage");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Role {
    node: Node,
    resource: CfnRole,
    policy: Rc<RefCell<Option<CfnPolicy>>>,
    statements: Rc<RefCell<Vec<PolicyStatement>>>,
}

impl Construct for Role {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Role {
    /// A role assumed by `props.assumed_by`.
    pub fn new(scope: &impl Construct, id: &str, props: RoleProps) -> Result<Role, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_aws.iam.Role")?;
        let assume = Expr::from(serde_json::json!({
            "Statement": [{
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": { "Service": props.assumed_by },
            }],
            "Version": "2012-10-17",
        }));
        let mut cfn_props = CfnRoleProps::new(assume);
        if let Some(d) = props.description {
            cfn_props = cfn_props.description(d);
        }
        let resource = CfnRole::new(&node, "Resource", cfn_props)?;
        Ok(Role {
            node,
            resource,
            policy: Rc::new(RefCell::new(None)),
            statements: Rc::new(RefCell::new(Vec::new())),
        }
        .registered())
    }

    /// The role's ARN.
    pub fn arn(&self) -> Expr {
        self.resource.get_att("Arn")
    }

    /// The role's name.
    pub fn role_name(&self) -> Expr {
        self.resource.reference()
    }

    /// The underlying `AWS::IAM::Role`.
    pub fn resource(&self) -> &CfnRole {
        &self.resource
    }

    /// The `AWS::IAM::Policy` holding the role's statements, once one was added.
    pub fn default_policy(&self) -> Option<CfnPolicy> {
        self.policy.borrow().clone()
    }

    /// The statements granted so far.
    pub fn statements(&self) -> Vec<PolicyStatement> {
        self.statements.borrow().clone()
    }

    /// Adds a statement to the role's default policy (identical statements are added once).
    /// A statement that grants too much (wildcard action, `*` without a reason) is reported at
    /// synthesis.
    pub fn add_to_policy(&self, statement: PolicyStatement) -> Result<(), ConstructError> {
        let mut slot = self.policy.borrow_mut();
        let resource = match slot.as_ref() {
            Some(r) => r.clone(),
            None => {
                let resource = CfnPolicy::new(
                    &self.node,
                    "DefaultPolicy",
                    self.policy_props(Expr::Map(Default::default()), String::new()),
                )?;
                // The check owns only the statements, never a handle on the tree.
                let statements = Rc::clone(&self.statements);
                resource.node().add_validation(move || {
                    statements
                        .borrow()
                        .iter()
                        .flat_map(|s| s.problems())
                        .collect()
                });
                *slot = Some(resource.clone());
                resource
            }
        };
        let mut statements = self.statements.borrow_mut();
        if statements.contains(&statement) {
            return Ok(());
        }
        statements.push(statement);
        let document = Expr::map([
            (
                "Statement",
                Expr::list(statements.iter().map(PolicyStatement::to_expr)),
            ),
            ("Version", Expr::from("2012-10-17")),
        ]);
        resource.set_props(self.policy_props(document, resource.logical_id()));
        let reasons: Vec<Expr> = statements
            .iter()
            .filter_map(|s| match &s.resources {
                Resources::Any { reason } => Some(Expr::map([
                    ("actions", Expr::from(s.actions.clone())),
                    ("reason", Expr::from(reason.as_str())),
                ])),
                Resources::Arns(_) => None,
            })
            .collect();
        if !reasons.is_empty() {
            resource.add_metadata("cdk:wildcard-resources", Expr::list(reasons));
        }
        if let Some(PolicyStatement {
            resources: Resources::Any { reason },
            ..
        }) = statements.last()
        {
            if !has_checkov_suppression(&resource) {
                resource.suppress_checkov(
                    "CKV_AWS_111",
                    &format!("'*' only where the API has no resource-level permissions: {reason} (all such statements are listed in cdk:wildcard-resources)"),
                );
            }
        }
        Ok(())
    }
}

/// True when the policy already records a checkov suppression for wildcard resources.
impl Role {
    /// The default policy's properties: `document`, named `name` (its logical ID, as AWS CDK
    /// names it), attached to this role.
    fn policy_props(&self, document: Expr, name: String) -> CfnPolicyProps {
        CfnPolicyProps::new(document, name).roles(vec![self.role_name()])
    }
}

fn has_checkov_suppression(policy: &cdk_core::CfnResource) -> bool {
    match policy.metadata("checkov") {
        Some(Expr::Map(m)) => matches!(m.get("skip"), Some(Expr::List(l)) if !l.is_empty()),
        _ => false,
    }
}
