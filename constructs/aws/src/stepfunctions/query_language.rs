//! [`QueryLanguage`]: JSONPath (the default) or JSONata, per machine and per state.

/// The query language of a state machine or of one state.
///
/// A JSONata state uses `Arguments`, `Output`, `Assign` and `{% ... %}` expressions, and may
/// not use `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`,
/// `ItemsPath`, `SecondsPath`, `TimestampPath` or `Variable`-style Choice rules; a JSONPath
/// state may not use `Arguments`, `Output`, `Items` or JSONata conditions. The validator
/// reports every mix, naming the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryLanguage {
    /// `JSONPath`.
    JsonPath,
    /// `JSONata`.
    Jsonata,
}

impl QueryLanguage {
    /// The name in ASL.
    pub fn name(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}
