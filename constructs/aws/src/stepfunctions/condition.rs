//! [`Condition`] and [`Operator`]: the rules of a Choice state.

use cdk_core::Expr;

use super::jsonpath::check_reference_path;

/// A comparison operator of a Choice rule, as the States Language names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operator {
    /// `StringEquals`
    StringEquals,
    /// `StringLessThan`
    StringLessThan,
    /// `StringGreaterThan`
    StringGreaterThan,
    /// `StringLessThanEquals`
    StringLessThanEquals,
    /// `StringGreaterThanEquals`
    StringGreaterThanEquals,
    /// `StringMatches`: a pattern with `*` wildcards.
    StringMatches,
    /// `NumericEquals`
    NumericEquals,
    /// `NumericLessThan`
    NumericLessThan,
    /// `NumericGreaterThan`
    NumericGreaterThan,
    /// `NumericLessThanEquals`
    NumericLessThanEquals,
    /// `NumericGreaterThanEquals`
    NumericGreaterThanEquals,
    /// `BooleanEquals`
    BooleanEquals,
    /// `TimestampEquals`
    TimestampEquals,
    /// `TimestampLessThan`
    TimestampLessThan,
    /// `TimestampGreaterThan`
    TimestampGreaterThan,
    /// `TimestampLessThanEquals`
    TimestampLessThanEquals,
    /// `TimestampGreaterThanEquals`
    TimestampGreaterThanEquals,
    /// `IsNull`
    IsNull,
    /// `IsPresent`
    IsPresent,
    /// `IsNumeric`
    IsNumeric,
    /// `IsString`
    IsString,
    /// `IsBoolean`
    IsBoolean,
    /// `IsTimestamp`
    IsTimestamp,
}

/// What kind of value an operator compares with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Boolean,
    Timestamp,
    /// `true`/`false` of a type test.
    Test,
}

impl Operator {
    /// The operator's name in ASL (without the `Path` suffix).
    pub fn name(self) -> &'static str {
        use Operator::*;
        match self {
            StringEquals => "StringEquals",
            StringLessThan => "StringLessThan",
            StringGreaterThan => "StringGreaterThan",
            StringLessThanEquals => "StringLessThanEquals",
            StringGreaterThanEquals => "StringGreaterThanEquals",
            StringMatches => "StringMatches",
            NumericEquals => "NumericEquals",
            NumericLessThan => "NumericLessThan",
            NumericGreaterThan => "NumericGreaterThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BooleanEquals => "BooleanEquals",
            TimestampEquals => "TimestampEquals",
            TimestampLessThan => "TimestampLessThan",
            TimestampGreaterThan => "TimestampGreaterThan",
            TimestampLessThanEquals => "TimestampLessThanEquals",
            TimestampGreaterThanEquals => "TimestampGreaterThanEquals",
            IsNull => "IsNull",
            IsPresent => "IsPresent",
            IsNumeric => "IsNumeric",
            IsString => "IsString",
            IsBoolean => "IsBoolean",
            IsTimestamp => "IsTimestamp",
        }
    }

    fn kind(self) -> Kind {
        use Operator::*;
        match self {
            StringEquals
            | StringLessThan
            | StringGreaterThan
            | StringLessThanEquals
            | StringGreaterThanEquals
            | StringMatches => Kind::String,
            NumericEquals
            | NumericLessThan
            | NumericGreaterThan
            | NumericLessThanEquals
            | NumericGreaterThanEquals => Kind::Number,
            BooleanEquals => Kind::Boolean,
            TimestampEquals
            | TimestampLessThan
            | TimestampGreaterThan
            | TimestampLessThanEquals
            | TimestampGreaterThanEquals => Kind::Timestamp,
            IsNull | IsPresent | IsNumeric | IsString | IsBoolean | IsTimestamp => Kind::Test,
        }
    }

    /// True when the operator has a `...Path` form (comparing with another value of the
    /// input): every comparison but `StringMatches` and the type tests.
    pub fn has_path_form(self) -> bool {
        self != Operator::StringMatches && self.kind() != Kind::Test
    }
}

/// What a variable is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum Comparand {
    /// A fixed value.
    Value(Expr),
    /// Another value of the input (`StringEqualsPath`, ...).
    Path(String),
}

/// A Choice rule's condition.
///
/// ```
/// use cdk_aws::stepfunctions::{Condition, Operator};
/// let c = Condition::and([Condition::is_present("$.tweet"), !Condition::is_null("$.tweet")]);
/// assert!(c.problems().is_empty());
/// assert!(!Condition::string_equals("tweet", "x").problems().is_empty());
/// let later = Condition::compare_path("$.end", Operator::TimestampGreaterThan, "$.start");
/// assert_eq!(later.to_expr().to_literal_json().unwrap(), serde_json::json!({"Variable": "$.end", "TimestampGreaterThanPath": "$.start"}));
/// // The value must suit the operator.
/// assert!(!Condition::compare("$.n", Operator::NumericEquals, "five").problems().is_empty());
/// // JSONata states take a condition expression instead.
/// assert!(Condition::jsonata("{% $states.input.n > 5 %}").problems().is_empty());
/// assert!(!Condition::jsonata("{% $states.input.n > %}").problems().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Condition {
    /// `Variable` compared with an operator.
    Compare {
        /// The variable's path.
        variable: String,
        /// The operator.
        operator: Operator,
        /// What it is compared with.
        comparand: Comparand,
    },
    /// All must hold.
    And(Vec<Condition>),
    /// One must hold.
    Or(Vec<Condition>),
    /// Must not hold.
    Not(Box<Condition>),
    /// A JSONata `Condition` (`{% ... %}`), for states whose query language is JSONata.
    Jsonata(String),
}

impl Condition {
    /// `variable` compared with a fixed value.
    pub fn compare(variable: &str, operator: Operator, value: impl Into<Expr>) -> Self {
        Condition::Compare {
            variable: variable.to_string(),
            operator,
            comparand: Comparand::Value(value.into()),
        }
    }

    /// `variable` compared with the value at `path` (the operator's `...Path` form).
    pub fn compare_path(variable: &str, operator: Operator, path: &str) -> Self {
        Condition::Compare {
            variable: variable.to_string(),
            operator,
            comparand: Comparand::Path(path.to_string()),
        }
    }

    /// A JSONata condition, `{% expression %}`.
    pub fn jsonata(expression: &str) -> Self {
        Condition::Jsonata(expression.to_string())
    }

    /// The string at `variable` equals `value`.
    pub fn string_equals(variable: &str, value: &str) -> Self {
        Self::compare(variable, Operator::StringEquals, value)
    }

    /// The string at `variable` matches a pattern with `*` wildcards.
    pub fn string_matches(variable: &str, pattern: &str) -> Self {
        Self::compare(variable, Operator::StringMatches, pattern)
    }

    /// The number at `variable` equals `value`.
    pub fn number_equals(variable: &str, value: i64) -> Self {
        Self::compare(variable, Operator::NumericEquals, value)
    }

    /// The number at `variable` is greater than `value`.
    pub fn number_greater_than(variable: &str, value: i64) -> Self {
        Self::compare(variable, Operator::NumericGreaterThan, value)
    }

    /// The number at `variable` is less than `value`.
    pub fn number_less_than(variable: &str, value: i64) -> Self {
        Self::compare(variable, Operator::NumericLessThan, value)
    }

    /// The boolean at `variable` equals `value`.
    pub fn boolean_equals(variable: &str, value: bool) -> Self {
        Self::compare(variable, Operator::BooleanEquals, value)
    }

    /// The timestamp at `variable` is before `timestamp` (ISO-8601).
    pub fn timestamp_less_than(variable: &str, timestamp: &str) -> Self {
        Self::compare(variable, Operator::TimestampLessThan, timestamp)
    }

    /// Something is present at `variable`.
    pub fn is_present(variable: &str) -> Self {
        Self::compare(variable, Operator::IsPresent, true)
    }

    /// Nothing is present at `variable`.
    pub fn is_not_present(variable: &str) -> Self {
        Self::compare(variable, Operator::IsPresent, false)
    }

    /// The value at `variable` is null.
    pub fn is_null(variable: &str) -> Self {
        Self::compare(variable, Operator::IsNull, true)
    }

    /// All conditions hold.
    pub fn and(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::And(conditions.into_iter().collect())
    }

    /// At least one condition holds.
    pub fn or(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::Or(conditions.into_iter().collect())
    }

    /// The condition does not hold (also written `!condition`).
    pub fn negate(condition: Condition) -> Self {
        Condition::Not(Box::new(condition))
    }

    /// True for a JSONata condition (anywhere inside).
    pub fn is_jsonata(&self) -> bool {
        match self {
            Condition::Jsonata(_) => true,
            Condition::And(cs) | Condition::Or(cs) => cs.iter().any(Self::is_jsonata),
            Condition::Not(c) => c.is_jsonata(),
            Condition::Compare { .. } => false,
        }
    }

    /// The rule as ASL JSON (without `Next`).
    pub fn to_expr(&self) -> Expr {
        match self {
            Condition::Compare {
                variable,
                operator,
                comparand,
            } => {
                let (key, value) = match comparand {
                    Comparand::Value(v) => (operator.name().to_string(), v.clone()),
                    Comparand::Path(p) => {
                        (format!("{}Path", operator.name()), Expr::from(p.as_str()))
                    }
                };
                Expr::map([
                    ("Variable".to_string(), Expr::from(variable.as_str())),
                    (key, value),
                ])
            }
            Condition::And(cs) => Expr::map([("And", Expr::list(cs.iter().map(Self::to_expr)))]),
            Condition::Or(cs) => Expr::map([("Or", Expr::list(cs.iter().map(Self::to_expr)))]),
            Condition::Not(c) => Expr::map([("Not", c.to_expr())]),
            Condition::Jsonata(e) => Expr::map([("Condition", Expr::from(e.as_str()))]),
        }
    }

    /// What is wrong with the condition, if anything.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Condition::Compare {
                variable,
                operator,
                comparand,
            } => {
                let mut out: Vec<String> =
                    check_reference_path(variable).err().into_iter().collect();
                let name = operator.name();
                match comparand {
                    Comparand::Path(p) => {
                        if !operator.has_path_form() {
                            out.push(format!("{name} has no Path form"));
                        }
                        if let Err(e) = super::jsonpath::check_path(p) {
                            out.push(format!("{name}Path: {e}"));
                        }
                    }
                    Comparand::Value(v) if !v.is_token() => {
                        let ok = match operator.kind() {
                            Kind::String => v.as_str().is_some(),
                            Kind::Number => matches!(v, Expr::Number(_)),
                            Kind::Boolean | Kind::Test => matches!(v, Expr::Bool(_)),
                            Kind::Timestamp => v.as_str().is_some_and(is_timestamp),
                        };
                        if !ok {
                            let wants = match operator.kind() {
                                Kind::String => "a string",
                                Kind::Number => "a number",
                                Kind::Boolean | Kind::Test => "true or false",
                                Kind::Timestamp => "an ISO-8601 timestamp (2024-01-01T00:00:00Z)",
                            };
                            out.push(format!("{name} on {variable} needs {wants}"));
                        }
                    }
                    Comparand::Value(_) => {}
                }
                out
            }
            Condition::And(cs) | Condition::Or(cs) if cs.is_empty() => {
                vec!["an And/Or condition needs at least one condition".into()]
            }
            Condition::And(cs) | Condition::Or(cs) => {
                let mut out: Vec<String> = cs.iter().flat_map(Self::problems).collect();
                if cs.iter().any(Self::is_jsonata) {
                    out.push("a JSONata condition stands alone: combine with 'and'/'or' inside the expression".into());
                }
                out
            }
            Condition::Not(c) => {
                let mut out = c.problems();
                if c.is_jsonata() {
                    out.push("a JSONata condition stands alone: negate with $not() inside the expression".into());
                }
                out
            }
            Condition::Jsonata(e) => super::jsonata::parse_template(e)
                .err()
                .map(|why| format!("Condition: {why}"))
                .into_iter()
                .collect(),
        }
    }
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s[19..].contains('+') || s[19..].contains('-'))
}

impl std::ops::Not for Condition {
    type Output = Condition;

    fn not(self) -> Condition {
        Condition::negate(self)
    }
}
