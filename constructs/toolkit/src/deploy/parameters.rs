//! Stack parameters: the values a deploy is given (`--parameters Stack:Name=value`, or
//! `Name=value` for every stack whose template declares `Name`), and what each parameter of a
//! template gets, as in AWS CDK: the value given; else, when the stack exists and had that
//! parameter, its previous value (`UsePreviousValue`); else nothing, so that the template's
//! `Default` applies. A parameter with no `Default` that is neither given nor remembered, or a
//! name no template declares, is refused before anything is asked of CloudFormation to change.
//!
//! Values are never shown for a `NoEcho` parameter: [`StackParameter`] serializes and debugs
//! them as `****`, and [`ParameterValue`] (whose parameter's `NoEcho` is not known yet) always
//! debugs its value as `****`. No error carries a value.

use std::fmt;

use aws_sdk_cloudformation::types::Parameter;
use indexmap::IndexMap;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::assembly::{Assembly, AssemblyStack};
use crate::cfn::StackInfo;
use crate::error::ToolkitError;

/// How a hidden value is shown.
pub const MASK: &str = "****";

/// One value given for a parameter: `Stack:Name=value`, or `Name=value` for every stack whose
/// template declares `Name`. Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct ParameterValue {
    /// The stack (stack name or artifact id); `None` for every stack that declares the name.
    pub stack: Option<String>,
    /// The parameter's name.
    pub name: String,
    value: String,
}

impl fmt::Debug for ParameterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParameterValue")
            .field("stack", &self.stack)
            .field("name", &self.name)
            .field("value", &MASK)
            .finish()
    }
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the parameter name is empty".into());
    }
    if name.len() > 255 || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{name:?} is not a CloudFormation parameter name (letters and digits only, at most 255)"
        ));
    }
    Ok(())
}

impl ParameterValue {
    /// A value for the parameter `name` of `stack` (`None`: of every stack that declares it).
    pub fn new(
        stack: Option<&str>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> ParameterValue {
        ParameterValue {
            stack: stack.map(str::to_string),
            name: name.into(),
            value: value.into(),
        }
    }

    /// Reads `Stack:Name=value` or `Name=value` (the value may hold `=` and `:`, and may be
    /// empty). The error never quotes the value, which may be a secret.
    ///
    /// ```
    /// use cdk_toolkit::deploy::parameters::ParameterValue;
    /// let p = ParameterValue::parse("Data:Stage=prod=1").unwrap();
    /// assert_eq!((p.stack.as_deref(), p.name.as_str(), p.value()), (Some("Data"), "Stage", "prod=1"));
    /// assert_eq!(ParameterValue::parse("Stage=").unwrap().stack, None);
    /// assert!(ParameterValue::parse("hunter2").unwrap_err().contains("NAME=VALUE"));
    /// ```
    pub fn parse(text: &str) -> Result<ParameterValue, String> {
        let Some((key, value)) = text.split_once('=') else {
            return Err(
                "a parameter is given as STACK:NAME=VALUE or NAME=VALUE, and this one has no '='"
                    .into(),
            );
        };
        let (stack, name) = match key.split_once(':') {
            Some((stack, name)) => {
                if stack.is_empty() {
                    return Err(format!(
                        "the stack before ':' is empty (in {key}=...): write STACK:{name}=VALUE, or {name}=VALUE for every stack"
                    ));
                }
                (Some(stack), name)
            }
            None => (None, key),
        };
        check_name(name).map_err(|e| format!("{e} (in {key}=...)"))?;
        Ok(ParameterValue::new(stack, name, value))
    }

    /// The value.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// The values given for the templates' parameters, in the order given; a later value for the
/// same stack and name wins, and a value for one stack wins over one for every stack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parameters {
    values: Vec<ParameterValue>,
}

impl Parameters {
    /// No values.
    pub fn new() -> Parameters {
        Parameters::default()
    }

    /// With this value too.
    pub fn with(mut self, value: ParameterValue) -> Parameters {
        self.values.push(value);
        self
    }

    /// Reads each entry as [`ParameterValue::parse`] does.
    pub fn parse<I, S>(entries: I) -> Result<Parameters, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Parameters::new();
        for e in entries {
            out = out.with(ParameterValue::parse(e.as_ref())?);
        }
        Ok(out)
    }

    /// True when no value is given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, in the order given.
    pub fn values(&self) -> &[ParameterValue] {
        &self.values
    }

    /// The values that apply to this stack, by name: those for every stack whose name its
    /// template declares, then its own, which win.
    pub fn for_stack(&self, stack: &AssemblyStack) -> IndexMap<String, &str> {
        let declared = declared(stack.template());
        let mut out = IndexMap::new();
        for v in self.values.iter().filter(|v| v.stack.is_none()) {
            if declared.contains_key(&v.name) {
                out.insert(v.name.clone(), v.value.as_str());
            }
        }
        for v in &self.values {
            if v.stack.as_deref().is_some_and(|s| is(stack, s)) {
                out.insert(v.name.clone(), v.value.as_str());
            }
        }
        out
    }

    /// Refuses, before anything is asked of AWS, a value for a stack the assembly does not hold
    /// ([`ToolkitError::UnknownStack`]), for a parameter that stack's template does not declare
    /// ([`ToolkitError::ParameterNotInTemplate`]), or, without a stack, for a name no stack of
    /// `stacks` (those the command goes through) declares
    /// ([`ToolkitError::ParameterInNoStack`]).
    pub fn check(
        &self,
        assembly: &Assembly,
        stacks: &[&AssemblyStack],
    ) -> Result<(), ToolkitError> {
        for v in &self.values {
            match &v.stack {
                Some(name) => {
                    let Some(stack) = assembly.stack(name) else {
                        return Err(ToolkitError::UnknownStack {
                            name: name.clone(),
                            known: assembly
                                .stacks()
                                .iter()
                                .map(|s| s.stack_name.clone())
                                .collect(),
                        });
                    };
                    let declared = declared(stack.template());
                    if !declared.contains_key(&v.name) {
                        return Err(ToolkitError::ParameterNotInTemplate {
                            stack: stack.stack_name.clone(),
                            parameter: v.name.clone(),
                            declared: declared.keys().cloned().collect(),
                        });
                    }
                }
                None => {
                    if !stacks
                        .iter()
                        .any(|s| declared(s.template()).contains_key(&v.name))
                    {
                        return Err(ToolkitError::ParameterInNoStack {
                            parameter: v.name.clone(),
                            stacks: stacks.iter().map(|s| s.stack_name.clone()).collect(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

fn is(stack: &AssemblyStack, name: &str) -> bool {
    stack.stack_name == name || stack.artifact_id == name
}

/// What a template declares of one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declared {
    /// It has a `Default`.
    pub has_default: bool,
    /// Its value is hidden (`NoEcho`).
    pub no_echo: bool,
}

/// The parameters a template declares, in its order.
pub fn declared(template: &Value) -> IndexMap<String, Declared> {
    template["Parameters"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let no_echo = match &p["NoEcho"] {
                Value::Bool(b) => *b,
                Value::String(s) => s.eq_ignore_ascii_case("true"),
                _ => false,
            };
            (
                name.clone(),
                Declared {
                    has_default: p.get("Default").is_some_and(|d| !d.is_null()),
                    no_echo,
                },
            )
        })
        .collect()
}

/// Where a parameter's value comes from on deploy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ParameterSource {
    /// Given to this deploy (`--parameters`).
    Given,
    /// Kept from the deployed stack (`UsePreviousValue`).
    Previous,
    /// The template's `Default` (nothing is sent).
    Default,
}

/// One parameter of a stack's template, as a deploy sets it. `Debug` and its JSON show the value
/// only when the parameter is not `NoEcho` (else `****`).
#[derive(Clone, PartialEq, Eq)]
pub struct StackParameter {
    /// Its name.
    pub name: String,
    /// Where its value comes from.
    pub source: ParameterSource,
    /// Its value is hidden (`NoEcho`).
    pub no_echo: bool,
    value: Option<String>,
    deployed: Option<String>,
}

impl StackParameter {
    /// The value given, as it may be shown: `****` for a `NoEcho` parameter.
    pub fn shown_value(&self) -> Option<&str> {
        self.value
            .as_deref()
            .map(|v| if self.no_echo { MASK } else { v })
    }

    /// The deployed value, when the stack has one and it is not hidden.
    pub fn deployed_value(&self) -> Option<&str> {
        self.deployed.as_deref()
    }

    /// True when deploying changes the parameter's value: a value is given and differs from the
    /// deployed one (a hidden deployed value cannot be compared, so giving one is a change, as
    /// in AWS CDK).
    pub fn changes(&self) -> bool {
        match (&self.source, &self.value) {
            (ParameterSource::Given, Some(v)) => {
                self.no_echo || self.deployed.as_deref() != Some(v.as_str())
            }
            _ => false,
        }
    }
}

impl fmt::Debug for StackParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StackParameter")
            .field("name", &self.name)
            .field("source", &self.source)
            .field("no_echo", &self.no_echo)
            .field("value", &self.shown_value())
            .field("deployed", &self.deployed)
            .finish()
    }
}

impl Serialize for StackParameter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("StackParameter", 6)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("source", &self.source)?;
        s.serialize_field("no_echo", &self.no_echo)?;
        s.serialize_field("value", &self.shown_value())?;
        s.serialize_field("deployed", &self.deployed)?;
        s.serialize_field("changes", &self.changes())?;
        s.end()
    }
}

/// What each parameter of `stack`'s template gets: the value `given`; else, when `previous` (the
/// deployed stack whose values a deploy can keep: `None` when the stack is created) had it, its
/// previous value; else the template's `Default`. With `require_values`, a parameter with none
/// of these is refused ([`ToolkitError::ParameterMissing`], naming every such parameter);
/// without (a diff), it is left out.
pub fn resolve(
    stack: &AssemblyStack,
    given: &Parameters,
    previous: Option<&StackInfo>,
    require_values: bool,
) -> Result<Vec<StackParameter>, ToolkitError> {
    let values = given.for_stack(stack);
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (name, d) in declared(stack.template()) {
        let had = previous.and_then(|p| p.parameters.get(&name));
        let deployed = had.filter(|v| !d.no_echo && v.as_str() != MASK).cloned();
        let (source, value) = match values.get(&name) {
            Some(v) => (ParameterSource::Given, Some(v.to_string())),
            None if had.is_some() => (ParameterSource::Previous, None),
            None if d.has_default => (ParameterSource::Default, None),
            None => {
                missing.push(name);
                continue;
            }
        };
        out.push(StackParameter {
            name,
            source,
            no_echo: d.no_echo,
            value,
            deployed,
        });
    }
    if require_values && !missing.is_empty() {
        return Err(ToolkitError::ParameterMissing {
            stack: stack.stack_name.clone(),
            parameters: missing,
        });
    }
    Ok(out)
}

/// The parameters a CloudFormation call sends: each value given, `UsePreviousValue` for each kept
/// one; nothing for a `Default`. When the call creates the stack (`create`), there is no previous
/// value to keep: a parameter planned to keep one (its stack turned out to need creating again)
/// takes its `Default`, and without one is refused ([`ToolkitError::ParameterMissing`]).
pub fn api_parameters(
    stack: &AssemblyStack,
    parameters: &[StackParameter],
    create: bool,
) -> Result<Vec<Parameter>, ToolkitError> {
    let declared = declared(stack.template());
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for p in parameters {
        match (&p.source, &p.value) {
            (ParameterSource::Given, Some(v)) => out.push(
                Parameter::builder()
                    .parameter_key(&p.name)
                    .parameter_value(v)
                    .build(),
            ),
            // Nothing to keep: the Default applies, when there is one.
            (ParameterSource::Previous, _) if create => {
                let has_default = declared.get(&p.name).is_some_and(|d| d.has_default);
                missing.extend((!has_default).then(|| p.name.clone()));
            }
            (ParameterSource::Previous, _) => out.push(
                Parameter::builder()
                    .parameter_key(&p.name)
                    .use_previous_value(true)
                    .build(),
            ),
            _ => {}
        }
    }
    if !missing.is_empty() {
        return Err(ToolkitError::ParameterMissing {
            stack: stack.stack_name.clone(),
            parameters: missing,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::StackStatus;
    use serde_json::json;

    fn stack(name: &str, parameters: Value) -> AssemblyStack {
        AssemblyStack::new(
            name,
            name,
            json!({"Parameters": parameters, "Resources": {}}).to_string(),
        )
    }

    fn deployed(parameters: &[(&str, &str)]) -> StackInfo {
        StackInfo {
            id: "id".into(),
            name: "S".into(),
            status: StackStatus::CreateComplete,
            reason: None,
            outputs: IndexMap::new(),
            tags: IndexMap::new(),
            termination_protection: false,
            parameters: parameters
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            exports: IndexMap::new(),
            created: None,
            last_updated: None,
        }
    }

    fn sources(params: &[StackParameter]) -> Vec<(String, ParameterSource)> {
        params.iter().map(|p| (p.name.clone(), p.source)).collect()
    }

    #[test]
    fn parsing_names_the_problem_and_never_the_value() {
        for (bad, says) in [
            ("hunter2", "has no '='"),
            (":Name=hunter2", "the stack before ':' is empty"),
            (
                "A:B:C=hunter2",
                "\"B:C\" is not a CloudFormation parameter name",
            ),
            ("Stack:=hunter2", "the parameter name is empty"),
            (
                "Na-me=hunter2",
                "\"Na-me\" is not a CloudFormation parameter name",
            ),
        ] {
            let err = ParameterValue::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
        let p = ParameterValue::parse("Token=a:b=c").unwrap();
        assert_eq!(
            (p.stack.as_deref(), p.name.as_str(), p.value()),
            (None, "Token", "a:b=c")
        );
        let all = Parameters::parse(["Secret=hunter2", "S:Secret=hunter3"]).unwrap();
        assert!(!format!("{all:?}").contains("hunter"), "{all:?}");
    }

    #[test]
    fn a_stack_s_own_value_wins_and_unscoped_values_go_where_declared() {
        let s = stack("S", json!({"Stage": {"Type": "String"}}));
        let given = Parameters::parse(["S:Stage=own", "Stage=all", "Other=x"]).unwrap();
        let values = given.for_stack(&s);
        assert_eq!(values.len(), 1);
        assert_eq!(values["Stage"], "own");
        let later = Parameters::parse(["Stage=one", "Stage=two"]).unwrap();
        assert_eq!(later.for_stack(&s)["Stage"], "two");
    }

    #[test]
    fn given_else_previous_else_default_else_refused() {
        let s = stack(
            "S",
            json!({
                "Given": {"Type": "String"},
                "Kept": {"Type": "String"},
                "Defaulted": {"Type": "String", "Default": "d"},
                "New": {"Type": "String"}
            }),
        );
        let given = Parameters::parse(["Given=g"]).unwrap();
        let before = deployed(&[("Given", "old"), ("Kept", "k"), ("Gone", "x")]);
        let err = resolve(&s, &given, Some(&before), true).unwrap_err();
        assert!(
            matches!(&err, ToolkitError::ParameterMissing { stack, parameters } if stack == "S" && parameters == &["New"]),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "stack S: parameter New has no value: the template gives it no Default and the stack has none from an earlier deploy; pass --parameters S:New=VALUE. Nothing was changed"
        );
        let given = Parameters::parse(["Given=g", "S:New=n"]).unwrap();
        let params = resolve(&s, &given, Some(&before), true).unwrap();
        assert_eq!(
            sources(&params),
            [
                ("Given".to_string(), ParameterSource::Given),
                ("Kept".to_string(), ParameterSource::Previous),
                ("Defaulted".to_string(), ParameterSource::Default),
                ("New".to_string(), ParameterSource::Given),
            ]
        );
        let api = api_parameters(&s, &params, false).unwrap();
        let sent: Vec<(Option<&str>, Option<&str>, Option<bool>)> = api
            .iter()
            .map(|p| {
                (
                    p.parameter_key(),
                    p.parameter_value(),
                    p.use_previous_value(),
                )
            })
            .collect();
        assert_eq!(
            sent,
            [
                (Some("Given"), Some("g"), None),
                (Some("Kept"), None, Some(true)),
                (Some("New"), Some("n"), None),
            ]
        );
        // Creating the stack again: there is no previous value to keep.
        let err = api_parameters(&s, &params, true).unwrap_err();
        assert!(
            err.to_string().contains("parameter Kept has no value"),
            "{err}"
        );
        // Without a deployed stack, nothing is remembered.
        let err = resolve(&s, &given, None, true).unwrap_err();
        assert!(
            err.to_string().contains("parameter Kept has no value"),
            "{err}"
        );
        // A diff leaves missing ones out.
        assert_eq!(resolve(&s, &given, None, false).unwrap().len(), 3);
    }

    #[test]
    fn a_change_is_a_new_value_and_hidden_values_are_never_shown() {
        let s = stack(
            "S",
            json!({
                "Stage": {"Type": "String"},
                "Token": {"Type": "String", "NoEcho": true}
            }),
        );
        let before = deployed(&[("Stage", "prod"), ("Token", "****")]);
        let same = Parameters::parse(["Stage=prod"]).unwrap();
        let params = resolve(&s, &same, Some(&before), true).unwrap();
        assert!(params.iter().all(|p| !p.changes()), "{params:?}");
        let new = Parameters::parse(["Stage=test", "Token=hunter2"]).unwrap();
        let params = resolve(&s, &new, Some(&before), true).unwrap();
        assert!(params.iter().all(StackParameter::changes));
        assert_eq!(params[0].deployed_value(), Some("prod"));
        assert_eq!(params[1].shown_value(), Some("****"));
        let shown = format!("{params:?} {}", serde_json::to_string(&params).unwrap());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("\"value\":\"test\""), "{shown}");
        // Even if a service answered a hidden value in clear, it is neither kept nor shown.
        let leaky = deployed(&[("Stage", "prod"), ("Token", "hunter2")]);
        let params = resolve(&s, &Parameters::new(), Some(&leaky), true).unwrap();
        assert_eq!(params[1].deployed_value(), None);
        assert!(!format!("{params:?}").contains("hunter2"));
    }

    #[test]
    fn names_no_template_declares_are_refused() {
        let a = stack("A", json!({"Stage": {"Type": "String"}}));
        let b = stack("B", json!({}));
        let assembly = Assembly::new(vec![a, b]);
        let all: Vec<&AssemblyStack> = assembly.stacks().iter().collect();
        let check = |entries: &[&str]| {
            Parameters::parse(entries)
                .unwrap()
                .check(&assembly, &all)
                .map_err(|e| e.to_string())
        };
        assert!(check(&["Stage=x", "A:Stage=y"]).is_ok());
        assert_eq!(
            check(&["B:Stage=x"]).unwrap_err(),
            "stack B has no parameter Stage (its template declares none): check the name in --parameters B:Stage=..."
        );
        assert_eq!(
            check(&["A:Stag=x"]).unwrap_err(),
            "stack A has no parameter Stag (its template declares Stage): check the name in --parameters A:Stag=..."
        );
        assert_eq!(
            check(&["Stag=x"]).unwrap_err(),
            "no stack of this command (A, B) has a parameter Stag: check the name in --parameters Stag=..., or name its stack (STACK:Stag=...)"
        );
        assert!(check(&["C:Stage=x"])
            .unwrap_err()
            .starts_with("no stack named 'C' in this app"));
    }
}
