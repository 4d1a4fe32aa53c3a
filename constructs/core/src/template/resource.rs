//! [`CfnResource`]: one resource of a template.

use std::borrow::Cow;

use indexmap::IndexMap;

use super::expr::{shrink_map, Expr, Target};
use super::overrides::{self, Override};
use crate::error::ConstructError;
use crate::tags::TagFormat;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

/// What CloudFormation does with a resource when it leaves the stack or is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalPolicy {
    /// Delete the resource (CloudFormation's default).
    Destroy,
    /// Keep the resource and its data; it is orphaned from the stack.
    Retain,
    /// Keep a snapshot, for resources that support it.
    Snapshot,
    /// Retain, except when the stack's creation itself rolls back.
    RetainExceptOnCreate,
}

impl RemovalPolicy {
    pub(crate) fn deletion_policy(self) -> &'static str {
        match self {
            RemovalPolicy::Destroy => "Delete",
            RemovalPolicy::Retain => "Retain",
            RemovalPolicy::Snapshot => "Snapshot",
            RemovalPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
        }
    }

    pub(crate) fn update_replace_policy(self) -> &'static str {
        match self {
            RemovalPolicy::RetainExceptOnCreate => "Retain",
            other => other.deletion_policy(),
        }
    }
}

/// A check of a resource's final properties at synthesis, after every override: the L1 layer's
/// schemas implement it. Each string returned is reported as an error at the resource's path.
pub trait PropertyCheck: Sync {
    /// The problems with `properties`.
    fn check(&self, properties: &IndexMap<String, Expr>) -> Vec<String>;
}

/// A resource's data in the tree. Its type is the node's type name; what few resources have is
/// boxed ([`ResourceExtras`], the metadata), since an app of 10,000 stacks holds 100,000 of
/// these.
pub(crate) struct ResourceData {
    pub properties: IndexMap<String, Expr>,
    pub removal_policy: Option<RemovalPolicy>,
    pub property_check: Option<&'static dyn PropertyCheck>,
    pub tags: crate::tags::TagManager,
    /// `None` until an entry is added.
    pub metadata: Option<Box<IndexMap<String, Expr>>>,
    /// `None` until one of its parts is set.
    pub extras: Option<Box<ResourceExtras>>,
}

/// The rarely set parts of a resource.
#[derive(Default)]
pub(crate) struct ResourceExtras {
    pub depends_on: Vec<usize>,
    pub logical_id_override: Option<String>,
    pub overrides: Vec<Override>,
    /// The stack condition that decides whether the resource is created.
    pub condition: Option<Target>,
}

impl ResourceData {
    fn extras_mut(&mut self) -> &mut ResourceExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    pub(crate) fn depends_on(&self) -> &[usize] {
        self.extras.as_ref().map_or(&[], |e| &e.depends_on)
    }

    pub(crate) fn overrides(&self) -> &[Override] {
        self.extras.as_ref().map_or(&[], |e| &e.overrides)
    }

    pub(crate) fn logical_id_override(&self) -> Option<&str> {
        self.extras.as_ref()?.logical_id_override.as_deref()
    }

    pub(crate) fn condition(&self) -> Option<Target> {
        self.extras.as_ref()?.condition
    }

    /// The `Metadata` entries set on the resource (not its path, added at synthesis).
    pub(crate) fn metadata(&self) -> impl Iterator<Item = (&String, &Expr)> + '_ {
        self.metadata.iter().flat_map(|m| m.iter())
    }

    /// The properties with every `Properties.*` override applied: what the template gets.
    pub(crate) fn effective_properties(&self) -> std::borrow::Cow<'_, IndexMap<String, Expr>> {
        self.effective_properties_checked().0
    }

    /// [`ResourceData::effective_properties`], with the problems found merging tags.
    pub(crate) fn effective_properties_checked(
        &self,
    ) -> (std::borrow::Cow<'_, IndexMap<String, Expr>>, Vec<String>) {
        let mut relevant = self
            .overrides()
            .iter()
            .filter(|o| o.path.first().is_some_and(|p| p == "Properties"))
            .peekable();
        if relevant.peek().is_none() && self.tags.is_empty() {
            return (std::borrow::Cow::Borrowed(&self.properties), Vec::new());
        }
        let mut props = self.properties.clone();
        let problems = self.tags.apply(&mut props);
        for o in relevant {
            overrides::apply_to_exprs(&mut props, &o.path[1..], o.value.clone());
        }
        (std::borrow::Cow::Owned(props), problems)
    }
}

/// A CloudFormation resource: a type, properties and resource attributes. Higher-level
/// constructs create these; [`CfnResource::reference`] and [`CfnResource::get_att`] give typed
/// references to it that work within and across stacks.
///
/// ```
/// use cdk_core::{App, CfnResource, Expr, RemovalPolicy, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let table = CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table")?;
/// table.set_property("BillingMode", "PAY_PER_REQUEST");
/// table.apply_removal_policy(RemovalPolicy::Retain);
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Resources"]["Table"]["DeletionPolicy"], "Retain");
/// assert_eq!(t["Resources"]["Table"]["Properties"]["BillingMode"], "PAY_PER_REQUEST");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnResource {
    node: Node,
}

impl Construct for CfnResource {
    fn node(&self) -> &Node {
        &self.node
    }
}

fn check_resource_type(t: &str) -> bool {
    let parts: Vec<&str> = t.split("::").collect();
    let word = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric());
    match parts.as_slice() {
        ["Custom", name] => word(name),
        [_, _, _] => parts.iter().all(word),
        _ => false,
    }
}

impl CfnResource {
    /// A resource of `resource_type` (`AWS::Service::Thing`) with no properties yet.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        resource_type: &str,
    ) -> Result<CfnResource, ConstructError> {
        let scope = scope.node();
        let path = join_path(&scope.path(), id);
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path,
                message: "a resource must be created inside a stack".into(),
            });
        }
        if !check_resource_type(resource_type) {
            return Err(ConstructError::Invalid {
                path,
                message: format!(
                    "invalid resource type {resource_type:?}: expected 'AWS::Service::Resource' or 'Custom::Name'"
                ),
            });
        }
        let data = ResourceData {
            properties: IndexMap::new(),
            removal_policy: None,
            property_check: None,
            tags: Default::default(),
            metadata: None,
            extras: None,
        };
        let node = scope.add_child(id, NodeKind::Resource(Box::new(data)), resource_type)?;
        Ok(CfnResource { node }.registered())
    }

    /// A handle on an existing resource node, if `node` is one.
    pub fn from_node(node: &Node) -> Option<CfnResource> {
        let is_resource = matches!(
            node.tree.borrow().nodes[node.index].kind,
            NodeKind::Resource(_)
        );
        is_resource.then(|| CfnResource { node: node.clone() })
    }

    fn read<R>(&self, f: impl FnOnce(&ResourceData) -> R) -> R {
        let tree = self.node.tree.borrow();
        match &tree.nodes[self.node.index].kind {
            NodeKind::Resource(data) => f(data),
            _ => unreachable!("a CfnResource handle always points at a resource node"),
        }
    }

    fn with_data<R>(&self, f: impl FnOnce(&mut ResourceData) -> R) -> R {
        let mut tree = self.node.tree.borrow_mut();
        match &mut tree.nodes[self.node.index].kind {
            NodeKind::Resource(data) => f(data),
            _ => unreachable!("a CfnResource handle always points at a resource node"),
        }
    }

    fn target(&self) -> Target {
        self.node.target()
    }

    /// `Ref` to this resource (its physical id, name or ARN, depending on the type).
    pub fn reference(&self) -> Expr {
        Expr::Ref(self.target())
    }

    /// `Fn::GetAtt` of one of this resource's attributes.
    pub fn get_att(&self, attribute: &str) -> Expr {
        Expr::GetAtt(self.target(), attribute.into())
    }

    /// The resource type.
    pub fn resource_type(&self) -> String {
        self.node.type_name()
    }

    /// Sets (or replaces) a property.
    pub fn set_property(&self, name: &str, value: impl Into<Expr>) {
        let mut value = value.into();
        value.shrink_to_fit();
        self.with_data(|d| d.properties.insert(name.to_string(), value));
    }

    /// Sets (or replaces) several properties, in order.
    pub fn set_properties(&self, properties: impl IntoIterator<Item = (String, Expr)>) {
        self.with_data(|d| {
            d.properties.extend(properties);
            shrink_map(&mut d.properties);
        });
    }

    /// Replaces every property (what a typed L1's props render to). Overrides added with
    /// [`CfnResource::add_override`] and its kin are kept and still apply on top.
    pub fn replace_properties(&self, properties: impl IntoIterator<Item = (String, Expr)>) {
        self.with_data(|d| {
            d.properties = properties.into_iter().collect();
            shrink_map(&mut d.properties);
        });
    }

    /// Overrides a value anywhere in the resource's template body, by a dotted path as in AWS
    /// CDK (`"Properties.SSESpecification.SSEEnabled"`, `"Metadata.note"`, `"DependsOn"`;
    /// `\.` for a literal dot, a number indexes into an existing list). Intermediate objects are
    /// created. Applied at synthesis after the properties are built, so it wins over them;
    /// `Properties.*` overrides are checked against the type's schema like other values.
    ///
    /// ```
    /// use cdk_core::{App, CfnResource, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// let table = CfnResource::new(&stack, "T", "AWS::DynamoDB::Table")?;
    /// table.add_override("Properties.SSESpecification.SSEEnabled", true);
    /// table.add_property_override("BillingMode", "PAY_PER_REQUEST");
    /// table.add_override("Metadata.owner", "data-team");
    /// table.add_deletion_override("Metadata.owner");
    /// let t = app.synth()?.stack("S").unwrap().template().clone();
    /// assert_eq!(t["Resources"]["T"]["Properties"]["SSESpecification"]["SSEEnabled"], true);
    /// assert_eq!(t["Resources"]["T"]["Properties"]["BillingMode"], "PAY_PER_REQUEST");
    /// assert!(t["Resources"]["T"]["Metadata"].get("owner").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_override(&self, path: &str, value: impl Into<Expr>) {
        self.push_override(path, Some(value.into()));
    }

    /// Removes the value at `path` (a dotted path as in [`CfnResource::add_override`]).
    pub fn add_deletion_override(&self, path: &str) {
        self.push_override(path, None);
    }

    /// [`CfnResource::add_override`] below `Properties`.
    pub fn add_property_override(&self, path: &str, value: impl Into<Expr>) {
        self.push_override(&format!("Properties.{path}"), Some(value.into()));
    }

    /// [`CfnResource::add_deletion_override`] below `Properties`.
    pub fn add_property_deletion_override(&self, path: &str) {
        self.push_override(&format!("Properties.{path}"), None);
    }

    fn push_override(&self, path: &str, value: Option<Expr>) {
        if let Some(problem) = overrides::check_path(path) {
            self.node.add_validation(move || vec![problem.clone()]);
            return;
        }
        let path = overrides::split_path(path);
        self.with_data(|d| d.extras_mut().overrides.push(Override { path, value }));
    }

    /// Creates the resource only when `condition` holds (`Condition`).
    pub fn set_condition(&self, condition: &crate::CfnCondition) {
        let target = condition.target();
        self.with_data(|d| d.extras_mut().condition = Some(target));
    }

    /// Makes the resource taggable: [`crate::Tags`] write into `property` in `format`. The L1
    /// layer calls this from the schemas; a plain `CfnResource` is not taggable.
    pub fn set_taggable(&self, property: &str, format: TagFormat) {
        let property = match property {
            "Tags" => Cow::Borrowed("Tags"),
            other => Cow::Owned(other.to_string()),
        };
        self.with_data(|d| d.tags.spec = Some((property, format)));
    }

    /// The tag property and its shape, if the resource is taggable.
    pub fn tagging(&self) -> Option<(String, TagFormat)> {
        self.read(|d| d.tags.spec.as_ref().map(|(p, f)| (p.to_string(), *f)))
    }

    /// Sets (`Some`) or removes (`None`) a tag with a priority, as [`crate::Tags`] does.
    pub fn set_tag(&self, key: &str, value: Option<String>, priority: i32) {
        self.with_data(|d| d.tags.set(key, value, priority));
    }

    /// Checks this resource's properties with `check` at synthesis (replacing an earlier one).
    pub fn set_property_check(&self, check: &'static dyn PropertyCheck) {
        self.with_data(|d| d.property_check = Some(check));
    }

    /// A copy of a property's value.
    pub fn property(&self, name: &str) -> Option<Expr> {
        self.read(|d| d.properties.get(name).cloned())
    }

    /// Changes a property in place; `f` gets `None` when the property is not set yet.
    pub fn update_property(&self, name: &str, f: impl FnOnce(Option<&mut Expr>) -> Option<Expr>) {
        self.with_data(|d| {
            let new = f(d.properties.get_mut(name));
            if let Some(new) = new {
                d.properties.insert(name.to_string(), new);
            }
        });
    }

    /// Makes this resource wait for `other` (`DependsOn`); ignored across stacks, where the
    /// stack order already guarantees it.
    pub fn add_dependency(&self, other: &CfnResource) {
        let index = other.node.index;
        if index != self.node.index {
            self.with_data(|d| {
                if !d.depends_on().contains(&index) {
                    d.extras_mut().depends_on.push(index);
                }
            });
        }
    }

    /// Sets `DeletionPolicy` and `UpdateReplacePolicy`.
    pub fn apply_removal_policy(&self, policy: RemovalPolicy) {
        self.with_data(|d| d.removal_policy = Some(policy));
    }

    /// Adds an entry to the resource's `Metadata`.
    pub fn add_metadata(&self, key: &str, value: impl Into<Expr>) {
        let mut value = value.into();
        value.shrink_to_fit();
        self.with_data(|d| {
            d.metadata
                .get_or_insert_with(Box::default)
                .insert(key.to_string(), value)
        });
    }

    /// A copy of a `Metadata` entry.
    pub fn metadata(&self, key: &str) -> Option<Expr> {
        self.read(|d| d.metadata.as_ref()?.get(key).cloned())
    }

    /// Records, in the resource's `Metadata`, that a check of checkov (the security scanner)
    /// does not apply to this resource, and why. An empty reason is reported at synthesis.
    ///
    /// ```
    /// use cdk_core::{App, CfnResource, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// let f = CfnResource::new(&stack, "Fn", "AWS::Lambda::Function")?;
    /// f.suppress_checkov("CKV_AWS_117", "calls only public APIs; a VPC would add a NAT gateway");
    /// let t = app.synth()?.stack("S").unwrap().template().clone();
    /// assert_eq!(t["Resources"]["Fn"]["Metadata"]["checkov"]["skip"][0]["id"], "CKV_AWS_117");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn suppress_checkov(&self, check_id: &str, reason: &str) {
        let entry = Expr::map([
            ("id", Expr::from(check_id)),
            ("comment", Expr::from(reason)),
        ]);
        let mut skips = match self.metadata("checkov") {
            Some(Expr::Map(mut m)) => match m.shift_remove("skip") {
                Some(Expr::List(list)) => list,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        skips.push(entry);
        self.add_metadata("checkov", Expr::map([("skip", Expr::List(skips))]));
        if reason.trim().is_empty() {
            let id = check_id.to_string();
            self.node.add_validation(move || {
                vec![format!("checkov check {id} is suppressed without a reason")]
            });
        }
    }

    /// Replaces the logical ID computed from the path.
    pub fn override_logical_id(&self, logical_id: &str) {
        let id = logical_id.to_string();
        self.with_data(|d| d.extras_mut().logical_id_override = Some(id));
    }

    /// The logical ID this resource gets in its template.
    pub fn logical_id(&self) -> String {
        if let Some(id) = self.read(|d| d.logical_id_override().map(str::to_string)) {
            return id;
        }
        let tree = self.node.tree.borrow();
        crate::logical_id::for_node(&tree, self.node.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_data_is_152_bytes() {
        assert_eq!(std::mem::size_of::<ResourceData>(), 152);
    }

    #[test]
    fn resource_types_are_checked() {
        assert!(check_resource_type("AWS::IAM::Role"));
        assert!(check_resource_type("Custom::Thing"));
        assert!(!check_resource_type("AWS::IAM"));
        assert!(!check_resource_type("AWS::IAM::Ro le"));
        assert!(!check_resource_type("AWS::::Role"));
    }
}
