//! Messages constructs leave for the person synthesizing: warnings and information, printed by
//! `synth` with the construct's path (`synth --strict` fails on warnings). Errors are
//! validations: they fail synthesis.

/// How serious a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Level {
    /// Worth knowing.
    Info,
    /// Probably a mistake; `synth --strict` fails on it.
    Warning,
}

impl Level {
    /// The cloud assembly's metadata type (`aws:cdk:info`, `aws:cdk:warning`), as AWS CDK
    /// writes it.
    pub fn metadata_type(self) -> &'static str {
        match self {
            Level::Info => "aws:cdk:info",
            Level::Warning => "aws:cdk:warning",
        }
    }
}

/// A message on one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Annotation {
    pub level: Level,
    pub message: String,
}

/// A message of a synthesized app: where, how serious, what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The construct's path.
    pub path: String,
    /// How serious.
    pub level: Level,
    /// The text.
    pub message: String,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Info => "info",
            Level::Warning => "warning",
        };
        write!(f, "[{level}] {}: {}", self.path, self.message)
    }
}
