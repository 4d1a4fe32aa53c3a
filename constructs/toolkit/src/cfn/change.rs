//! The changes of a change set, typed.

use std::fmt;

use serde::Serialize;

/// What a change set does to a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ChangeAction {
    /// Created.
    Add,
    /// Changed in place or replaced.
    Modify,
    /// Deleted (or, with a Retain policy, left out of the stack).
    Remove,
    /// Imported.
    Import,
    /// Decided when the change set runs.
    Dynamic,
    /// An action this toolkit does not know, as CloudFormation wrote it.
    Other(String),
}

impl ChangeAction {
    /// From the SDK's value.
    pub fn from_sdk(a: &aws_sdk_cloudformation::types::ChangeAction) -> ChangeAction {
        use aws_sdk_cloudformation::types::ChangeAction as A;
        match a {
            A::Add => ChangeAction::Add,
            A::Modify => ChangeAction::Modify,
            A::Remove => ChangeAction::Remove,
            A::Import => ChangeAction::Import,
            A::Dynamic => ChangeAction::Dynamic,
            other => ChangeAction::Other(other.as_str().to_string()),
        }
    }
}

impl fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeAction::Add => "Add",
            ChangeAction::Modify => "Modify",
            ChangeAction::Remove => "Remove",
            ChangeAction::Import => "Import",
            ChangeAction::Dynamic => "Dynamic",
            ChangeAction::Other(s) => s,
        })
    }
}

/// Whether a modification replaces the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Replacement {
    /// It is replaced.
    Always,
    /// It may be replaced, depending on values known only when the change set runs.
    Conditional,
    /// It is changed in place.
    Never,
}

impl Replacement {
    /// From the SDK's value.
    pub fn from_sdk(r: &aws_sdk_cloudformation::types::Replacement) -> Replacement {
        use aws_sdk_cloudformation::types::Replacement as R;
        match r {
            R::True => Replacement::Always,
            R::Conditional => Replacement::Conditional,
            _ => Replacement::Never,
        }
    }
}

/// One change of a change set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangeSummary {
    /// What happens to the resource.
    pub action: ChangeAction,
    /// Logical ID.
    pub logical_id: String,
    /// Type.
    pub resource_type: String,
    /// Whether a modification replaces it (`None` when it is not a modification).
    pub replacement: Option<Replacement>,
}
