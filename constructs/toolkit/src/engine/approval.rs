//! Approval: which changes need it ([`RequireApproval`](crate::deploy::RequireApproval)), and
//! who gives it ([`Approval`]): a policy value, or a callback that asks someone.

use std::fmt;
use std::sync::Arc;

use crate::deploy::RequireApproval;
use crate::destroy_data::DataStore;

use super::events::StackIamChanges;

/// What needs approval.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApprovalRequest<'a> {
    /// A deploy's IAM changes.
    IamChanges {
        /// The rule that makes them need approval.
        require: RequireApproval,
        /// Per stack, the changes.
        stacks: &'a [StackIamChanges],
    },
    /// Deleting stacks (and, with `include_data`, data stores).
    Destroy {
        /// The stacks, in the order they are deleted.
        stacks: &'a [String],
        /// The data stores deleted after them.
        stores: &'a [DataStore],
    },
}

/// An answer to an [`ApprovalRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Approve,
    /// Stop, changing nothing; the reason becomes the error's message.
    Refuse(String),
}

type Asker = Arc<dyn Fn(&ApprovalRequest<'_>) -> Decision + Send + Sync>;

/// Who approves what needs approval.
#[derive(Clone)]
#[non_exhaustive]
pub enum Approval {
    /// Everything is approved (`--yes`, `--force`).
    Approve,
    /// Nothing is approved: a change that needs approval stops the command.
    Refuse,
    /// A callback decides (it may ask a person).
    Ask(Asker),
}

impl Approval {
    /// A callback that decides.
    pub fn ask(f: impl Fn(&ApprovalRequest<'_>) -> Decision + Send + Sync + 'static) -> Approval {
        Approval::Ask(Arc::new(f))
    }

    /// The decision on `request`.
    pub fn decide(&self, request: &ApprovalRequest<'_>) -> Decision {
        match self {
            Approval::Approve => Decision::Approve,
            Approval::Refuse => Decision::Refuse(match request {
                ApprovalRequest::IamChanges { .. } => {
                    "the IAM changes need approval and the approval policy refuses them. Nothing was changed".to_string()
                }
                ApprovalRequest::Destroy { stacks, .. } => format!(
                    "refusing to destroy {}: the approval policy refuses it. Nothing was deleted",
                    stacks.join(", ")
                ),
            }),
            Approval::Ask(f) => f(request),
        }
    }
}

impl Default for Approval {
    /// Nothing is approved unless said so.
    fn default() -> Self {
        Approval::Refuse
    }
}

impl fmt::Debug for Approval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Approval::Approve => "Approve",
            Approval::Refuse => "Refuse",
            Approval::Ask(_) => "Ask(..)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_and_callbacks_decide() {
        let request = ApprovalRequest::Destroy {
            stacks: &["Bot".to_string()],
            stores: &[],
        };
        assert_eq!(Approval::Approve.decide(&request), Decision::Approve);
        assert!(matches!(
            Approval::default().decide(&request),
            Decision::Refuse(r) if r.contains("refusing to destroy Bot")
        ));
        let no = Approval::ask(|_| Decision::Refuse("not today".into()));
        assert_eq!(no.decide(&request), Decision::Refuse("not today".into()));
    }
}
