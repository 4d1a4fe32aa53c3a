//! Tags: `Tags::of(scope).add(key, value)` tags every taggable resource beneath the scope, with
//! AWS CDK's priorities (a nearer scope wins over an outer one, a removal over an addition)
//! and CloudFormation's limits checked at synthesis.
//!
//! ```
//! use cdk_core::{App, CfnResource, Stack, TagFormat, Tags};
//! let app = App::new();
//! let stack = Stack::new(&app, "Data")?;
//! let table = CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table")?;
//! table.set_taggable("Tags", TagFormat::List); // the L1 layer does this from the schemas
//! Tags::of(&app).add("team", "data");
//! Tags::of(&app).add("env", "prod");
//! Tags::of(&stack).add("env", "test"); // nearer wins
//! let t = app.synth()?.stack("Data").unwrap().template().clone();
//! assert_eq!(
//!     t["Resources"]["Table"]["Properties"]["Tags"],
//!     serde_json::json!([{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "data"}])
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use indexmap::IndexMap;

use crate::aspects::{AspectPriority, Aspects};
use crate::template::expr::Expr;
use crate::template::resource::CfnResource;
use crate::tree::node::{Construct, Node};

/// How a resource type takes tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TagFormat {
    /// A list of `{Key, Value}` objects.
    List,
    /// An object of key to value.
    Map,
    /// Another shape: the library does not write tags for it.
    Other,
}

/// CloudFormation's most tags on one resource.
pub const MAX_TAGS: usize = 50;
/// The longest tag key.
pub const MAX_TAG_KEY: usize = 128;
/// The longest tag value.
pub const MAX_TAG_VALUE: usize = 256;

/// The priority of tags given in an L1's own props: any aspect tag overrides them.
pub(crate) const INITIAL_PRIORITY: i32 = 50;

/// Settings of one tag operation.
#[derive(Clone, Debug, Default)]
pub struct TagProps {
    /// Higher wins; equal priorities: the nearer scope wins. Default 100 for an addition, 200
    /// for a removal (so a removal beats an addition at any scope, as in AWS CDK).
    pub priority: Option<i32>,
    /// Only these resource types, if any are given.
    pub include_resource_types: Vec<String>,
    /// Never these resource types.
    pub exclude_resource_types: Vec<String>,
}

impl TagProps {
    /// Sets the priority.
    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Adds a resource type to the included ones.
    pub fn include_resource_type(mut self, t: impl Into<String>) -> Self {
        self.include_resource_types.push(t.into());
        self
    }

    /// Adds a resource type to the excluded ones.
    pub fn exclude_resource_type(mut self, t: impl Into<String>) -> Self {
        self.exclude_resource_types.push(t.into());
        self
    }

    fn applies_to(&self, resource_type: &str) -> bool {
        (self.include_resource_types.is_empty()
            || self
                .include_resource_types
                .iter()
                .any(|t| t == resource_type))
            && !self
                .exclude_resource_types
                .iter()
                .any(|t| t == resource_type)
    }
}

/// The tags of one scope.
#[derive(Clone, Debug)]
pub struct Tags {
    scope: Node,
}

impl Tags {
    /// The tags of `scope`: they apply to every taggable resource beneath it.
    pub fn of(scope: &impl Construct) -> Tags {
        Tags {
            scope: scope.node().clone(),
        }
    }

    /// Adds (or sets) a tag, priority 100.
    pub fn add(&self, key: impl Into<String>, value: impl Into<String>) {
        self.add_with(key, value, TagProps::default());
    }

    /// Adds (or sets) a tag with settings.
    pub fn add_with(&self, key: impl Into<String>, value: impl Into<String>, props: TagProps) {
        self.apply(key.into(), Some(value.into()), props, 100);
    }

    /// Removes a tag (from tags set by outer scopes or the L1's own props), priority 200.
    pub fn remove(&self, key: impl Into<String>) {
        self.remove_with(key, TagProps::default());
    }

    /// Removes a tag with settings.
    pub fn remove_with(&self, key: impl Into<String>, props: TagProps) {
        self.apply(key.into(), None, props, 200);
    }

    fn apply(&self, key: String, value: Option<String>, props: TagProps, default: i32) {
        let priority = props.priority.unwrap_or(default);
        let problem = check_tag(&key, value.as_deref());
        if let Some(problem) = problem {
            self.scope.add_error(problem);
            return;
        }
        Aspects::of(&self.scope).add_with_priority(
            move |node: &Node| {
                let Some(resource) = CfnResource::from_node(node) else {
                    return;
                };
                if resource.tagging().is_some() && props.applies_to(&resource.resource_type()) {
                    resource.set_tag(&key, value.clone(), priority);
                }
            },
            AspectPriority::MUTATING,
        );
    }
}

fn check_tag(key: &str, value: Option<&str>) -> Option<String> {
    if key.is_empty() || key.chars().count() > MAX_TAG_KEY {
        return Some(format!(
            "tag key {key:?} must be 1 to {MAX_TAG_KEY} characters"
        ));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Some(format!(
            "tag key {key:?} is reserved: keys starting with 'aws:' are AWS's"
        ));
    }
    match value {
        Some(v) if v.chars().count() > MAX_TAG_VALUE => Some(format!(
            "tag {key:?}: the value is {} characters, at most {MAX_TAG_VALUE} allowed",
            v.chars().count()
        )),
        _ => None,
    }
}

/// One tag key's current state on a resource.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TagEntry {
    /// `None`: removed.
    pub value: Option<String>,
    pub priority: i32,
}

/// A resource's tag property and shape, and the tags set on it by aspects (boxed: most
/// resources get none).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TagManager {
    pub spec: Option<(Cow<'static, str>, TagFormat)>,
    pub entries: Option<Box<IndexMap<String, TagEntry>>>,
}

impl TagManager {
    /// Sets a tag if `priority` is at least the one it has (later, nearer scopes win ties).
    pub fn set(&mut self, key: &str, value: Option<String>, priority: i32) {
        let entries = self.entries.get_or_insert_with(Box::default);
        match entries.get(key) {
            Some(e) if e.priority > priority => {}
            _ => {
                entries.insert(key.to_string(), TagEntry { value, priority });
            }
        }
    }

    /// Whether no tag was set.
    pub fn is_empty(&self) -> bool {
        self.entries.as_ref().is_none_or(|e| e.is_empty())
    }

    /// The properties with the managed tags merged into the tag property; problems (limits,
    /// a tag property that is a token) are returned.
    pub fn apply(&self, properties: &mut IndexMap<String, Expr>) -> Vec<String> {
        let Some((property, format)) = &self.spec else {
            return Vec::new();
        };
        let Some(entries) = self.entries.as_deref().filter(|e| !e.is_empty()) else {
            return Vec::new();
        };
        if *format == TagFormat::Other {
            return Vec::new();
        }
        let mut merged = TagManager::default();
        match properties.get(property.as_ref()) {
            None => {}
            Some(existing) => match initial_tags(existing, *format) {
                Some(tags) => {
                    for (k, v) in tags {
                        merged.set(&k, Some(v), INITIAL_PRIORITY);
                    }
                }
                None => {
                    return vec![format!(
                        "tags were not applied: the {property} property is a token or not a plain {} of strings; set tags in one place",
                        if *format == TagFormat::List { "list of Key/Value" } else { "map" }
                    )]
                }
            },
        }
        for (k, e) in entries {
            merged.set(k, e.value.clone(), e.priority);
        }
        let mut tags: Vec<(String, String)> = merged
            .entries
            .map(|e| *e)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, e)| Some((k, e.value?)))
            .collect();
        tags.sort();
        let mut problems = Vec::new();
        if tags.len() > MAX_TAGS {
            problems.push(format!(
                "{} tags; CloudFormation allows at most {MAX_TAGS} on one resource",
                tags.len()
            ));
        }
        let value = match format {
            TagFormat::List => Expr::list(
                tags.into_iter()
                    .map(|(k, v)| Expr::map([("Key", Expr::from(k)), ("Value", Expr::from(v))])),
            ),
            _ => Expr::map(tags.into_iter().map(|(k, v)| (k, Expr::from(v)))),
        };
        properties.insert(property.to_string(), value);
        problems
    }
}

/// The literal tags already in a tag property.
fn initial_tags(value: &Expr, format: TagFormat) -> Option<Vec<(String, String)>> {
    match (format, value) {
        (TagFormat::List, Expr::List(items)) => items
            .iter()
            .map(|t| {
                let m = t.as_map()?;
                Some((
                    m.get("Key")?.as_str()?.to_string(),
                    m.get("Value")?.as_str()?.to_string(),
                ))
            })
            .collect(),
        (TagFormat::Map, Expr::Map(m)) => m
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_ties_and_removals() {
        let mut m = TagManager {
            spec: Some(("Tags".into(), TagFormat::Map)),
            ..Default::default()
        };
        m.set("a", Some("outer".into()), 100);
        m.set("a", Some("inner".into()), 100);
        m.set("b", Some("x".into()), 100);
        m.set("b", None, 200);
        m.set("b", Some("late".into()), 100);
        let mut props = IndexMap::new();
        props.insert("Tags".to_string(), Expr::map([("given", Expr::from("1"))]));
        assert!(m.apply(&mut props).is_empty());
        assert_eq!(
            props["Tags"].to_literal_json(),
            Some(serde_json::json!({"a": "inner", "given": "1"}))
        );
    }

    #[test]
    fn limits_and_tokens_are_reported() {
        assert!(check_tag("aws:x", Some("v")).is_some());
        assert!(check_tag("", Some("v")).is_some());
        assert!(check_tag(&"k".repeat(129), Some("v")).is_some());
        assert!(check_tag("k", Some(&"v".repeat(257))).is_some());
        assert!(check_tag("k", Some(&"v".repeat(256))).is_none());
        let mut m = TagManager {
            spec: Some(("Tags".into(), TagFormat::List)),
            ..Default::default()
        };
        for i in 0..51 {
            m.set(&format!("k{i}"), Some("v".into()), 100);
        }
        let mut props = IndexMap::new();
        assert_eq!(
            m.apply(&mut props),
            vec!["51 tags; CloudFormation allows at most 50 on one resource"]
        );
        props.insert("Tags".to_string(), Expr::pseudo(crate::Pseudo::Region));
        assert!(m.apply(&mut props)[0].contains("is a token"));
    }
}
