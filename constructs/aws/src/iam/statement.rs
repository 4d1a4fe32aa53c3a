//! [`PolicyStatement`]: one least-privilege `Allow` statement.

use cdk_core::Expr;

/// What a statement applies to: specific ARNs, or every resource with a stated reason (only
/// where the API has no resource-level permissions).
#[derive(Clone, Debug, PartialEq)]
pub enum Resources {
    /// These ARNs.
    Arns(Vec<Expr>),
    /// `*`, because the action has no resource ARN to scope it to; the reason is kept in the
    /// policy's metadata.
    Any {
        /// Why `*` is needed.
        reason: String,
    },
}

/// An `Allow` statement. Actions are `service:Action`; `*` is refused.
///
/// ```
/// use cdk_aws::iam::PolicyStatement;
/// use cdk_core::Expr;
/// let s = PolicyStatement::allow(["dynamodb:PutItem"], [Expr::from("arn:aws:dynamodb:us-east-1:1:table/t")]);
/// assert!(s.problems().is_empty());
/// assert!(!PolicyStatement::allow(["*"], [Expr::from("x")]).problems().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyStatement {
    /// The actions, `service:Action`.
    pub actions: Vec<String>,
    /// The resources.
    pub resources: Resources,
}

impl PolicyStatement {
    /// Allows `actions` on the given resource ARNs.
    pub fn allow<'a>(
        actions: impl IntoIterator<Item = &'a str>,
        resources: impl IntoIterator<Item = Expr>,
    ) -> Self {
        PolicyStatement {
            actions: actions.into_iter().map(str::to_string).collect(),
            resources: Resources::Arns(resources.into_iter().collect()),
        }
    }

    /// Allows `actions` on every resource, for APIs without resource-level permissions.
    pub fn allow_any_resource<'a>(
        actions: impl IntoIterator<Item = &'a str>,
        reason: impl Into<String>,
    ) -> Self {
        PolicyStatement {
            actions: actions.into_iter().map(str::to_string).collect(),
            resources: Resources::Any {
                reason: reason.into(),
            },
        }
    }

    /// What is wrong with the statement, if anything.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.actions.is_empty() {
            out.push("a policy statement needs at least one action".to_string());
        }
        for a in &self.actions {
            let valid = a.split_once(':').is_some_and(|(svc, act)| {
                !svc.is_empty()
                    && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !act.is_empty()
                    && act != "*"
                    && act.chars().all(|c| c.is_ascii_alphanumeric() || c == '*')
            });
            if !valid {
                out.push(format!(
                    "IAM action {a:?} is not allowed: name one 'service:Action' (wildcard actions grant too much)"
                ));
            }
        }
        match &self.resources {
            Resources::Arns(arns) if arns.is_empty() => {
                out.push("a policy statement needs at least one resource".into())
            }
            Resources::Arns(arns) => {
                if arns.iter().any(|a| a.as_str() == Some("*")) {
                    out.push(
                        "resource '*' must be given with PolicyStatement::allow_any_resource and a reason"
                            .into(),
                    );
                }
            }
            Resources::Any { reason } if reason.trim().is_empty() => {
                out.push("resource '*' needs a reason".into())
            }
            Resources::Any { .. } => {}
        }
        out
    }

    /// The statement as template JSON.
    pub fn to_expr(&self) -> Expr {
        let action = match self.actions.as_slice() {
            [one] => Expr::from(one.as_str()),
            many => Expr::list(many.iter().map(|a| Expr::from(a.as_str()))),
        };
        let resource = match &self.resources {
            Resources::Arns(arns) if arns.len() == 1 => arns[0].clone(),
            Resources::Arns(arns) => Expr::list(arns.iter().cloned()),
            Resources::Any { .. } => Expr::from("*"),
        };
        Expr::map([
            ("Action", action),
            ("Effect", Expr::from("Allow")),
            ("Resource", resource),
        ])
    }
}
