//! [`CfnParameter`]: a value given at deploy time.

use super::expr::Expr;
use crate::error::ConstructError;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

/// The type of a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterType {
    /// `String`.
    String,
    /// `Number`.
    Number,
    /// `List<Number>`.
    ListOfNumbers,
    /// `CommaDelimitedList`.
    CommaDelimitedList,
    /// An AWS-specific type, e.g. `AWS::EC2::KeyPair::KeyName` or
    /// `AWS::SSM::Parameter::Value<String>`.
    Aws(String),
}

impl ParameterType {
    fn name(&self) -> &str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::ListOfNumbers => "List<Number>",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::Aws(t) => t,
        }
    }
}

/// Settings of a parameter. Only `parameter_type` is required.
#[derive(Clone, Debug, PartialEq)]
pub struct CfnParameterProps {
    /// The type.
    pub parameter_type: ParameterType,
    /// The value used when none is given (and none was given before).
    pub default: Option<String>,
    /// The only values allowed.
    pub allowed_values: Vec<String>,
    /// A regular expression a String value must match.
    pub allowed_pattern: Option<String>,
    /// Hide the value (`****`) in the console and the toolkit's output.
    pub no_echo: bool,
    /// A description.
    pub description: Option<String>,
    /// What the constraints mean, shown when a value breaks them.
    pub constraint_description: Option<String>,
    /// Shortest String value.
    pub min_length: Option<u32>,
    /// Longest String value.
    pub max_length: Option<u32>,
    /// Smallest Number value.
    pub min_value: Option<f64>,
    /// Largest Number value.
    pub max_value: Option<f64>,
}

impl CfnParameterProps {
    /// A parameter of this type, with no constraints.
    pub fn new(parameter_type: ParameterType) -> Self {
        CfnParameterProps {
            parameter_type,
            default: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            no_echo: false,
            description: None,
            constraint_description: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
        }
    }

    /// Sets the default value.
    pub fn default_value(mut self, value: impl Into<String>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// Sets the allowed values.
    pub fn allowed_values<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the allowed pattern.
    pub fn allowed_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.allowed_pattern = Some(pattern.into());
        self
    }

    /// Hides the value.
    pub fn no_echo(mut self) -> Self {
        self.no_echo = true;
        self
    }

    /// Sets the description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Sets the length bounds of a String.
    pub fn length(mut self, min: u32, max: u32) -> Self {
        self.min_length = Some(min);
        self.max_length = Some(max);
        self
    }

    /// Sets the value bounds of a Number.
    pub fn value_range(mut self, min: f64, max: f64) -> Self {
        self.min_value = Some(min);
        self.max_value = Some(max);
        self
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let is_number = self.parameter_type == ParameterType::Number;
        if let Some(d) = &self.default {
            if !self.allowed_values.is_empty() && !self.allowed_values.contains(d) {
                out.push(format!(
                    "the default {d:?} is not one of the allowed values {}",
                    self.allowed_values.join(", ")
                ));
            }
            if is_number && d.parse::<f64>().is_err() {
                out.push(format!(
                    "the default {d:?} of a Number parameter is not a number"
                ));
            }
            let len = d.chars().count() as u32;
            if self.min_length.is_some_and(|m| len < m) || self.max_length.is_some_and(|m| len > m)
            {
                out.push(format!("the default {d:?} breaks the length bounds"));
            }
            if let Ok(n) = d.parse::<f64>() {
                if self.min_value.is_some_and(|m| n < m) || self.max_value.is_some_and(|m| n > m) {
                    out.push(format!("the default {d} breaks the value bounds"));
                }
            }
        }
        if (self.min_value.is_some() || self.max_value.is_some()) && !is_number {
            out.push("MinValue and MaxValue only apply to Number parameters".into());
        }
        if (self.min_length.is_some()
            || self.max_length.is_some()
            || self.allowed_pattern.is_some())
            && is_number
        {
            out.push(
                "MinLength, MaxLength and AllowedPattern only apply to String parameters".into(),
            );
        }
        out
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("Type".into(), self.parameter_type.name().into());
        if let Some(d) = &self.description {
            m.insert("Description".into(), d.as_str().into());
        }
        if let Some(d) = &self.default {
            m.insert("Default".into(), d.as_str().into());
        }
        if !self.allowed_values.is_empty() {
            m.insert("AllowedValues".into(), self.allowed_values.clone().into());
        }
        if let Some(p) = &self.allowed_pattern {
            m.insert("AllowedPattern".into(), p.as_str().into());
        }
        if let Some(c) = &self.constraint_description {
            m.insert("ConstraintDescription".into(), c.as_str().into());
        }
        for (k, v) in [
            ("MinLength", self.min_length),
            ("MaxLength", self.max_length),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), v.into());
            }
        }
        for (k, v) in [("MinValue", self.min_value), ("MaxValue", self.max_value)] {
            if let Some(v) = v {
                if let Some(n) = serde_json::Number::from_f64(v) {
                    m.insert(k.into(), serde_json::Value::Number(n));
                }
            }
        }
        if self.no_echo {
            m.insert("NoEcho".into(), true.into());
        }
        serde_json::Value::Object(m)
    }
}

/// A CloudFormation parameter: a value given at deploy time (`deploy --parameters
/// Stack:Name=value`; kept from the previous deploy when not given again).
///
/// ```
/// use cdk_core::{App, CfnParameter, CfnParameterProps, CfnResource, ParameterType, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let env = CfnParameter::new(&stack, "Env", CfnParameterProps::new(ParameterType::String)
///     .allowed_values(["test", "prod"]).default_value("test"))?;
/// let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic")?;
/// topic.set_property("DisplayName", env.value());
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Parameters"]["Env"]["AllowedValues"][1], "prod");
/// assert_eq!(t["Resources"]["Topic"]["Properties"]["DisplayName"]["Ref"], "Env");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnParameter {
    node: Node,
}

impl Construct for CfnParameter {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnParameter {
    /// A parameter of the stack `scope` is in.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: CfnParameterProps,
    ) -> Result<CfnParameter, ConstructError> {
        let scope = scope.node();
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path: join_path(&scope.path(), id),
                message: "a parameter must be created inside a stack".into(),
            });
        }
        let problems = props.problems();
        let node = scope.add_child(id, NodeKind::Parameter(Box::new(props)), "CfnParameter")?;
        if !problems.is_empty() {
            node.add_validation(move || problems.clone());
        }
        Ok(CfnParameter { node }.registered())
    }

    /// The value (`Ref`); a list for list types.
    pub fn value(&self) -> Expr {
        Expr::Ref(self.node.target())
    }
}
