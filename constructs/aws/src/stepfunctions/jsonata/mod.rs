//! JSONata, the query language of `QueryLanguage: JSONata` states: a lexer and a parser of the
//! whole expression grammar of JSONata 2 (paths, predicates, operators, conditionals, blocks,
//! variable binding, lambdas, function calls and partial application, object and array
//! constructors, ranges, sorting, grouping, focus and index binding, transforms, regular
//! expressions, comments). The builder uses it to reject, at synthesis, any `{% ... %}` that
//! does not parse; the simulator (`cdk-sfn-simulator`) evaluates the tree it produces.
//!
//! What is checked is the syntax only: unknown functions, wrong argument counts and type
//! errors are found when the expression runs.
//!
//! ```
//! use cdk_aws::stepfunctions::jsonata::{parse, parse_template};
//! assert!(parse("$states.input.items[price > 10].name").is_ok());
//! assert!(parse("$sum($states.input.items.(price * qty))").is_ok());
//! assert!(parse("(a + ").is_err());
//! assert!(parse_template("{% $states.input.x %}").is_ok());
//! assert!(parse_template("{% $states.input.x").is_err());
//! ```

mod ast;
mod lexer;
mod parser;

pub use ast::{Ast, BinaryOp};
pub use parser::parse;

/// Parses a Step Functions JSONata template string, `{% expression %}`.
pub fn parse_template(text: &str) -> Result<Ast, String> {
    let inner = expression_of(text).ok_or_else(|| {
        format!("{text:?} is not a JSONata expression: it must be written {{% expression %}}")
    })?;
    parse(inner)
}

/// The expression inside `{% ... %}`, when `text` is one.
pub fn expression_of(text: &str) -> Option<&str> {
    text.strip_prefix("{%")?.strip_suffix("%}")
}

/// True when `text` is written as a JSONata expression (`{% ... %}`).
pub fn is_expression(text: &str) -> bool {
    expression_of(text).is_some()
}
