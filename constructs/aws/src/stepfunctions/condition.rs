//! [`Condition`]: the rules of a Choice state.

use cdk_core::Expr;

use super::jsonpath::check_reference_path;

/// A Choice rule's condition.
///
/// ```
/// use cdk_aws::stepfunctions::Condition;
/// let c = Condition::and([Condition::is_present("$.tweet"), !Condition::is_null("$.tweet")]);
/// assert!(c.problems().is_empty());
/// assert!(!Condition::string_equals("tweet", "x").problems().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `Variable` compared with an operator (`StringEquals`, `NumericGreaterThan`, ...).
    Compare {
        /// The variable's path.
        variable: String,
        /// The ASL operator.
        operator: &'static str,
        /// The value compared with.
        value: Expr,
    },
    /// All must hold.
    And(Vec<Condition>),
    /// One must hold.
    Or(Vec<Condition>),
    /// Must not hold.
    Not(Box<Condition>),
}

impl Condition {
    fn compare(variable: &str, operator: &'static str, value: impl Into<Expr>) -> Self {
        Condition::Compare {
            variable: variable.to_string(),
            operator,
            value: value.into(),
        }
    }

    /// The string at `variable` equals `value`.
    pub fn string_equals(variable: &str, value: &str) -> Self {
        Self::compare(variable, "StringEquals", value)
    }

    /// The string at `variable` matches a pattern with `*` wildcards.
    pub fn string_matches(variable: &str, pattern: &str) -> Self {
        Self::compare(variable, "StringMatches", pattern)
    }

    /// The number at `variable` equals `value`.
    pub fn number_equals(variable: &str, value: i64) -> Self {
        Self::compare(variable, "NumericEquals", value)
    }

    /// The number at `variable` is greater than `value`.
    pub fn number_greater_than(variable: &str, value: i64) -> Self {
        Self::compare(variable, "NumericGreaterThan", value)
    }

    /// The number at `variable` is less than `value`.
    pub fn number_less_than(variable: &str, value: i64) -> Self {
        Self::compare(variable, "NumericLessThan", value)
    }

    /// The boolean at `variable` equals `value`.
    pub fn boolean_equals(variable: &str, value: bool) -> Self {
        Self::compare(variable, "BooleanEquals", value)
    }

    /// Something is present at `variable`.
    pub fn is_present(variable: &str) -> Self {
        Self::compare(variable, "IsPresent", true)
    }

    /// Nothing is present at `variable`.
    pub fn is_not_present(variable: &str) -> Self {
        Self::compare(variable, "IsPresent", false)
    }

    /// The value at `variable` is null.
    pub fn is_null(variable: &str) -> Self {
        Self::compare(variable, "IsNull", true)
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

    /// The rule as ASL JSON (without `Next`).
    pub fn to_expr(&self) -> Expr {
        match self {
            Condition::Compare {
                variable,
                operator,
                value,
            } => Expr::map([
                ("Variable", Expr::from(variable.as_str())),
                (*operator, value.clone()),
            ]),
            Condition::And(cs) => Expr::map([("And", Expr::list(cs.iter().map(Self::to_expr)))]),
            Condition::Or(cs) => Expr::map([("Or", Expr::list(cs.iter().map(Self::to_expr)))]),
            Condition::Not(c) => Expr::map([("Not", c.to_expr())]),
        }
    }

    /// What is wrong with the condition, if anything.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Condition::Compare { variable, .. } => {
                check_reference_path(variable).err().into_iter().collect()
            }
            Condition::And(cs) | Condition::Or(cs) if cs.is_empty() => {
                vec!["an And/Or condition needs at least one condition".into()]
            }
            Condition::And(cs) | Condition::Or(cs) => cs.iter().flat_map(Self::problems).collect(),
            Condition::Not(c) => c.problems(),
        }
    }
}

impl std::ops::Not for Condition {
    type Output = Condition;

    fn not(self) -> Condition {
        Condition::negate(self)
    }
}
