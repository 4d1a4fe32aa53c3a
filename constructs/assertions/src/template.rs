//! [`Template`]: a synthesized template under test.

use indexmap::IndexMap;
use serde_json::Value;

use cdk_core::{Construct, Stack, SynthError};

use crate::matcher::{Match, Mismatch};

/// A synthesized template. The `has_*` and `*_is` methods panic with a readable message
/// (the closest candidate and every difference) when the template does not match, as test
/// assertions do; the `find_*` methods return what matches.
#[derive(Clone, Debug)]
pub struct Template {
    json: Value,
}

impl Template {
    /// Synthesizes the stack's app and takes the stack's template.
    pub fn from_stack(stack: &Stack) -> Result<Template, SynthError> {
        let assembly = stack.node().app().synth()?;
        let name = stack.stack_name();
        let json = assembly
            .stack(&name)
            .map(|s| s.template().clone())
            .unwrap_or(Value::Null);
        Ok(Template { json })
    }

    /// A template given as JSON.
    pub fn from_json(json: Value) -> Template {
        Template { json }
    }

    /// The whole template.
    pub fn to_json(&self) -> &Value {
        &self.json
    }

    fn of_type(&self, resource_type: &str) -> Vec<(&String, &Value)> {
        self.json["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, r)| r["Type"] == resource_type)
            .collect()
    }

    /// Asserts the number of resources of a type.
    pub fn resource_count_is(&self, resource_type: &str, count: usize) {
        let found = self.of_type(resource_type).len();
        assert!(
            found == count,
            "expected {count} resource(s) of type {resource_type}, found {found}"
        );
    }

    /// The resources of a type whose whole definition (Type, Properties, DeletionPolicy, ...)
    /// matches, by logical ID.
    pub fn find_resources(
        &self,
        resource_type: &str,
        pattern: impl Into<Match>,
    ) -> IndexMap<String, Value> {
        let pattern = pattern.into();
        self.of_type(resource_type)
            .into_iter()
            .filter(|(_, r)| pattern.test(Some(r)).is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Asserts that a resource of the type has matching properties.
    pub fn has_resource_properties(&self, resource_type: &str, properties: impl Into<Match>) {
        let pattern = Match::object_like([("Properties", properties.into())]);
        self.expect_one(resource_type, &pattern);
    }

    /// Asserts that a resource of the type matches as a whole (properties and attributes such
    /// as `DeletionPolicy`).
    pub fn has_resource(&self, resource_type: &str, pattern: impl Into<Match>) {
        self.expect_one(resource_type, &pattern.into());
    }

    /// The outputs whose definition matches, by logical ID.
    pub fn find_outputs(&self, pattern: impl Into<Match>) -> IndexMap<String, Value> {
        let pattern = pattern.into();
        self.json["Outputs"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, o)| pattern.test(Some(o)).is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Asserts that the output `id` exists and matches.
    pub fn has_output(&self, id: &str, pattern: impl Into<Match>) {
        let mismatches = pattern.into().test(self.json["Outputs"].get(id));
        assert!(
            mismatches.is_empty(),
            "output {id} does not match:\n{}",
            list(&mismatches)
        );
    }

    /// Asserts that an output is exported under `name`.
    pub fn has_export(&self, name: &str) {
        let found = self.find_outputs(Match::object_like([(
            "Export",
            Match::object_like([("Name", name.into())]),
        )]));
        assert!(!found.is_empty(), "no output is exported as {name}");
    }

    fn expect_one(&self, resource_type: &str, pattern: &Match) {
        let candidates = self.of_type(resource_type);
        let mut closest: Option<(&String, Vec<Mismatch>)> = None;
        for (id, r) in &candidates {
            let m = pattern.test(Some(r));
            if m.is_empty() {
                return;
            }
            if closest
                .as_ref()
                .is_none_or(|(_, best)| m.len() < best.len())
            {
                closest = Some((id, m));
            }
        }
        match closest {
            None => panic!("the template has no resource of type {resource_type}"),
            Some((id, mismatches)) => panic!(
                "none of the {} resource(s) of type {resource_type} matches; the closest is {id}:\n{}",
                candidates.len(),
                list(&mismatches)
            ),
        }
    }
}

fn list(mismatches: &[Mismatch]) -> String {
    mismatches
        .iter()
        .map(|m| format!("  {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}
