//! [`Code`]: a function's code.

/// The largest inline code CloudFormation accepts in `Code.ZipFile`.
pub const MAX_INLINE_CODE_BYTES: usize = 4096;

/// A function's code. Inline code is embedded in the template; keep handler sources in their
/// own files and embed them with `include_str!`.
///
/// ```
/// use cdk_aws::lambda::Code;
/// assert!(Code::inline("def handler(e, c):\n    return e\n").problems().is_empty());
/// assert!(Code::inline("x".repeat(5000)).problems()[0].contains("at most 4096 bytes"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Code {
    /// Source embedded in the template (at most 4 KB).
    Inline(String),
}

impl Code {
    /// Inline source code.
    pub fn inline(source: impl Into<String>) -> Code {
        Code::Inline(source.into())
    }

    /// What is wrong with the code, if anything.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Code::Inline(s) if s.trim().is_empty() => vec!["inline code is empty".into()],
            Code::Inline(s) if s.len() > MAX_INLINE_CODE_BYTES => vec![format!(
                "inline code is {} bytes; CloudFormation accepts at most {MAX_INLINE_CODE_BYTES} bytes of inline code",
                s.len()
            )],
            Code::Inline(_) => Vec::new(),
        }
    }
}
