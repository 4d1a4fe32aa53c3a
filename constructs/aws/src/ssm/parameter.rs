//! [`SecureStringParameter`]: a reference to an existing SecureString parameter.

use cdk_core::{Construct, ConstructError, Expr, Node};

use crate::iam::{PolicyStatement, Role};

/// An existing SSM SecureString parameter, referenced by name. Its value never enters a
/// template: functions read it at run time, once granted.
///
/// ```
/// use cdk_aws::ssm::SecureStringParameter;
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let p = SecureStringParameter::from_name(&stack, "Token", "/tweetbot/bearer-token")?;
/// assert_eq!(p.parameter_name(), "/tweetbot/bearer-token");
/// assert!(SecureStringParameter::from_name(&stack, "Bad", "has space").is_err());
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SecureStringParameter {
    node: Node,
    name: String,
}

impl Construct for SecureStringParameter {
    fn node(&self) -> &Node {
        &self.node
    }
}

fn check_name(name: &str) -> Result<(), String> {
    let bare = name.trim_start_matches('/');
    let ok = !bare.is_empty()
        && name.len() <= 1011
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c));
    let lower = bare.to_ascii_lowercase();
    if !ok {
        Err(format!(
            "invalid SSM parameter name {name:?}: use letters, digits, '_', '.', '-' and '/'"
        ))
    } else if lower.starts_with("aws") || lower.starts_with("ssm") {
        Err(format!(
            "invalid SSM parameter name {name:?}: names starting with 'aws' or 'ssm' are reserved"
        ))
    } else {
        Ok(())
    }
}

impl SecureStringParameter {
    /// References the parameter `name` (with or without a leading `/`).
    pub fn from_name(
        scope: &impl Construct,
        id: &str,
        name: &str,
    ) -> Result<SecureStringParameter, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_aws.ssm.SecureStringParameter")?;
        check_name(name).map_err(|message| ConstructError::Invalid {
            path: node.path(),
            message,
        })?;
        Ok(SecureStringParameter {
            node,
            name: name.to_string(),
        }
        .registered())
    }

    /// The parameter's name, as given.
    pub fn parameter_name(&self) -> &str {
        &self.name
    }

    /// The parameter's ARN in the stack's account and region.
    pub fn parameter_arn(&self) -> Expr {
        Expr::sub(
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Name}",
            [("Name", Expr::from(self.name.trim_start_matches('/')))],
        )
    }

    /// Allows `role` to read (and decrypt, with the account's default `aws/ssm` key) this
    /// parameter only.
    pub fn grant_read(&self, role: &Role) -> Result<(), ConstructError> {
        role.add_to_policy(PolicyStatement::allow(
            ["ssm:GetParameter"],
            [self.parameter_arn()],
        ))
    }
}
