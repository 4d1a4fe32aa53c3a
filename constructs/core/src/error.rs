//! Typed errors of the construct tree and of synthesis.

use std::fmt;

/// An error raised while building the construct tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConstructError {
    /// The id is empty, contains `/`, or is otherwise unusable.
    #[error("invalid construct id {id:?} at '{path}': {reason}")]
    InvalidId {
        /// Path the construct would have had.
        path: String,
        /// The offending id.
        id: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A sibling with the same id already exists.
    #[error("duplicate construct id '{id}': '{path}' already exists")]
    DuplicateId {
        /// Path of the existing construct.
        path: String,
        /// The duplicated id.
        id: String,
    },
    /// Any other misuse of the tree, with the path of the construct concerned.
    #[error("{path}: {message}")]
    Invalid {
        /// Path of the construct concerned.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// One problem found by validation, with the path of the construct it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Construct path (`Stack/Construct/...`), or the stack name for stack-level problems.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.path, self.message)
    }
}

/// Every validation error of a synthesis, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} validation error{}:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// An error of synthesis or of writing the cloud assembly.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// The app did not validate; every problem is listed.
    #[error("{0}")]
    Validation(ValidationErrors),
    /// Every `App` handle was dropped before synthesis, releasing the app's validations and
    /// aspects.
    #[error("the App was dropped before synthesis: keep the App (or a clone of it) alive until synth, since dropping it releases its validations and aspects")]
    AppDropped,
    /// The cloud assembly could not be written.
    #[error("cannot write the cloud assembly to '{path}': {cause}")]
    Io {
        /// File or directory that failed.
        path: String,
        /// What went wrong, for people (already in the message: not a `source`, so that a
        /// cause chain does not print it twice).
        cause: String,
    },
}

impl SynthError {
    /// The validation errors, when this is a validation failure.
    pub fn validation_errors(&self) -> Option<&ValidationErrors> {
        match self {
            SynthError::Validation(v) => Some(v),
            SynthError::Io { .. } | SynthError::AppDropped => None,
        }
    }
}
