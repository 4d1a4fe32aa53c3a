//! The syntax tree of a JSONata expression.

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `&` (string concatenation)
    Concat,
    /// `and`
    And,
    /// `or`
    Or,
    /// `in`
    In,
    /// `..` (a range, inside an array constructor)
    Range,
}

/// A JSONata expression.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Ast {
    /// A string literal.
    String(String),
    /// A number literal.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A regular expression literal `/pattern/flags`.
    Regex {
        /// The pattern.
        pattern: String,
        /// The flags (`i`, `m`).
        flags: String,
    },
    /// A field name (a path step).
    Name(String),
    /// `$name`; `$` alone is the context value (name ""), `$$` the root (name "$").
    Variable(String),
    /// `*`
    Wildcard,
    /// `**`
    Descendants,
    /// `%`
    Parent,
    /// `a.b`
    Path(Box<Ast>, Box<Ast>),
    /// `a[predicate]` (an index when the predicate is a number).
    Filter(Box<Ast>, Box<Ast>),
    /// `a[]`: keep a singleton result as an array.
    KeepArray(Box<Ast>),
    /// `{ key: value, ... }` after an expression (grouping) or alone (on the context).
    Object(Option<Box<Ast>>, Vec<(Ast, Ast)>),
    /// `[a, b, 1..3]`
    Array(Vec<Ast>),
    /// `(a; b)`
    Block(Vec<Ast>),
    /// `a op b`
    Binary(BinaryOp, Box<Ast>, Box<Ast>),
    /// `-a`
    Negate(Box<Ast>),
    /// `c ? a : b`
    Condition(Box<Ast>, Box<Ast>, Option<Box<Ast>>),
    /// `a ?: b`
    Elvis(Box<Ast>, Box<Ast>),
    /// `a ?? b`
    Coalesce(Box<Ast>, Box<Ast>),
    /// `$x := value`
    Bind(String, Box<Ast>),
    /// `f(args)`; `?` arguments make a partial application.
    Call(Box<Ast>, Vec<Ast>),
    /// `?` as an argument of a partial application.
    Placeholder,
    /// `function($a, $b) { body }`
    Lambda(Vec<String>, Box<Ast>),
    /// `a ~> f`
    Apply(Box<Ast>, Box<Ast>),
    /// `a ^(<b, >c)`: sort terms, true for descending.
    Sort(Box<Ast>, Vec<(Ast, bool)>),
    /// `a@$x`
    FocusBind(Box<Ast>, String),
    /// `a#$x`
    IndexBind(Box<Ast>, String),
    /// `| location | update, delete |`
    Transform(Box<Ast>, Box<Ast>, Option<Box<Ast>>),
}
