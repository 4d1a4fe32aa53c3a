//! The synthesis pipeline.

use std::collections::HashMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::dependencies::{find_cycle, producers};
use super::limits;
use super::resolve::{stack_name, Resolver};
use crate::annotations::Message;
use crate::assembly::{CloudAssembly, StackArtifact};
use crate::assets::StackAsset;
use crate::error::{SynthError, ValidationError, ValidationErrors};
use crate::logical_id::{self, MAX_LOGICAL_ID_LEN};
use crate::template::expr::Expr;
use crate::template::overrides;
use crate::tree::store::{NodeKind, Tree};

/// Validates and synthesizes the tree into a cloud assembly.
pub(crate) fn synthesize(
    tree: &Tree,
    mut errors: Vec<ValidationError>,
) -> Result<CloudAssembly, SynthError> {
    let order = tree.preorder();

    // Each resource's properties against its type's constraints.
    for &i in &order {
        if let NodeKind::Resource(r) = &tree.nodes[i].kind {
            let (properties, tag_problems) = r.effective_properties_checked();
            for message in tag_problems {
                errors.push(ValidationError {
                    path: tree.path(i),
                    message,
                });
            }
            if let Some(check) = r.property_check {
                for message in check.check(&properties) {
                    errors.push(ValidationError {
                        path: tree.path(i),
                        message,
                    });
                }
            }
        }
    }

    // 2. Stacks, their members, and logical IDs.
    let stacks: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| matches!(tree.nodes[i].kind, NodeKind::Stack(_)))
        .collect();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut logical_ids: Vec<Option<String>> = vec![None; tree.nodes.len()];
    let mut seen: HashMap<(usize, String), usize> = HashMap::new();
    for &i in &order {
        let override_id = match &tree.nodes[i].kind {
            NodeKind::Resource(r) => r.logical_id_override().map(str::to_string),
            NodeKind::Output(_)
            | NodeKind::Parameter(_)
            | NodeKind::Condition(_)
            | NodeKind::Mapping(_) => None,
            _ => continue,
        };
        let Some(stack) = tree.stack_of(i) else {
            continue;
        };
        members.entry(stack).or_default().push(i);
        let lid = override_id.unwrap_or_else(|| logical_id::for_node(tree, i));
        if lid.len() > MAX_LOGICAL_ID_LEN {
            errors.push(ValidationError {
                path: tree.path(i),
                message: format!(
                    "logical ID {lid:?} is {} characters; CloudFormation allows at most {MAX_LOGICAL_ID_LEN}",
                    lid.len()
                ),
            });
        }
        if lid.is_empty() || !lid.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.push(ValidationError {
                path: tree.path(i),
                message: format!("logical ID {lid:?} must be non-empty and alphanumeric"),
            });
        }
        if let Some(&other) = seen.get(&(stack, lid.clone())) {
            errors.push(ValidationError {
                path: tree.path(i),
                message: format!(
                    "logical ID {lid:?} is already used by '{}' in the same stack",
                    tree.path(other)
                ),
            });
        }
        seen.insert((stack, lid.clone()), i);
        logical_ids[i] = Some(lid);
    }
    drop(seen);

    // 3. Resolve every resource and output.
    let mut resolver = Resolver {
        tree,
        logical_ids: &logical_ids,
        exports: IndexMap::new(),
        edges: IndexMap::new(),
        errors: Vec::new(),
    };
    // Per stack: its template but the outputs, and its outputs. The template is written out
    // (pretty JSON) as soon as its stack is resolved, and its values dropped: for 10,000 stacks,
    // holding every template as a `Value` until the end took most of synthesis's memory.
    // Outputs stay values: exports are added to them below, then they are appended.
    let mut bodies: IndexMap<usize, StackBody> = IndexMap::new();
    for &stack in &stacks {
        let mut resources = Map::new();
        let mut outputs = Map::new();
        // Parameters, Mappings and Conditions, by section name.
        let mut others: IndexMap<&'static str, Map<String, Value>> = IndexMap::new();
        for &i in members.get(&stack).map(Vec::as_slice).unwrap_or_default() {
            let lid = logical_ids[i].clone().unwrap_or_default();
            match &tree.nodes[i].kind {
                NodeKind::Resource(r) => {
                    let mut body = Map::new();
                    body.insert("Type".into(), json!(tree.type_name(i)));
                    let properties = r.effective_properties();
                    if !properties.is_empty() {
                        let props: Map<String, Value> = properties
                            .iter()
                            .map(|(k, v)| (k.clone(), resolver.resolve(stack, i, v)))
                            .collect();
                        body.insert("Properties".into(), Value::Object(props));
                    }
                    // A Ref or GetAtt already orders the two; DependsOn would repeat it.
                    let mut implied = Vec::new();
                    properties.values().for_each(|v| v.targets(&mut implied));
                    let depends: Vec<Value> = r
                        .depends_on()
                        .iter()
                        .filter(|&&d| tree.stack_of(d) == Some(stack) && !implied.contains(&d))
                        .filter_map(|&d| logical_ids[d].clone().map(Value::String))
                        .collect();
                    if !depends.is_empty() {
                        body.insert("DependsOn".into(), Value::Array(depends));
                    }
                    if let Some(c) = r.condition() {
                        let name = resolver.resolve(stack, i, &Expr::Condition(c));
                        body.insert("Condition".into(), name["Condition"].clone());
                    }
                    if let Some(p) = r.removal_policy {
                        body.insert(
                            "UpdateReplacePolicy".into(),
                            json!(p.update_replace_policy()),
                        );
                        body.insert("DeletionPolicy".into(), json!(p.deletion_policy()));
                    }
                    let mut metadata = Map::new();
                    metadata.insert(crate::names::PATH_METADATA.into(), json!(tree.path(i)));
                    for (k, v) in r.metadata() {
                        metadata.insert(k.clone(), resolver.resolve(stack, i, v));
                    }
                    body.insert("Metadata".into(), Value::Object(metadata));
                    for o in r.overrides() {
                        if o.path.first().is_some_and(|p| p != "Properties") {
                            let value = o.value.as_ref().map(|v| resolver.resolve(stack, i, v));
                            overrides::apply_to_json(&mut body, &o.path, value);
                        }
                    }
                    resources.insert(lid, Value::Object(body));
                }
                NodeKind::Parameter(p) => {
                    others
                        .entry("Parameters")
                        .or_default()
                        .insert(lid, p.to_json());
                }
                NodeKind::Mapping(m) => {
                    let value = resolver.resolve(
                        stack,
                        i,
                        &Expr::map(
                            m.iter()
                                .map(|(k, inner)| (k.clone(), Expr::from(inner.clone()))),
                        ),
                    );
                    others.entry("Mappings").or_default().insert(lid, value);
                }
                NodeKind::Condition(c) => {
                    let value = resolver.resolve(stack, i, c);
                    others.entry("Conditions").or_default().insert(lid, value);
                }
                NodeKind::Output(o) => {
                    let mut body = Map::new();
                    if let Some(d) = &o.description {
                        body.insert("Description".into(), json!(d));
                    }
                    body.insert("Value".into(), resolver.resolve(stack, i, &o.value));
                    if let Some(name) = &o.export_name {
                        body.insert("Export".into(), json!({ "Name": name }));
                    }
                    outputs.insert(lid, Value::Object(body));
                }
                _ => {}
            }
        }
        let mut template = Map::new();
        template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
        if let NodeKind::Stack(data) = &tree.nodes[stack].kind {
            if let Some(d) = &data.props.description {
                template.insert("Description".into(), json!(d));
            }
        }
        for name in ["Parameters", "Mappings", "Conditions"] {
            if let Some(section) = others.shift_remove(name) {
                template.insert(name.into(), Value::Object(section));
            }
        }
        let n_resources = resources.len();
        template.insert("Resources".into(), Value::Object(resources));
        bodies.insert(
            stack,
            StackBody {
                head: pretty(&Value::Object(template)),
                n_resources,
                outputs,
            },
        );
    }
    let Resolver {
        exports,
        mut edges,
        errors: resolve_errors,
        ..
    } = resolver;
    errors.extend(resolve_errors);

    // 4. Exports for references from other stacks.
    for (producer, list) in &exports {
        let outputs = &mut bodies[producer].outputs;
        for export in list.values() {
            outputs.insert(
                export.output_id.clone(),
                json!({ "Value": export.value, "Export": { "Name": export.export_name } }),
            );
        }
    }

    // 5. Stack dependencies and cycles.
    for &stack in &stacks {
        if let NodeKind::Stack(d) = &tree.nodes[stack].kind {
            for &dep in &d.dependencies {
                edges
                    .entry((stack, dep))
                    .or_insert_with(|| "added with Stack::add_dependency".into());
            }
        }
    }
    if let Some(cycle) = find_cycle(&stacks, &edges) {
        let names: Vec<String> = cycle.iter().map(|&s| stack_name(tree, s)).collect();
        let reasons: Vec<String> = cycle
            .windows(2)
            .filter_map(|w| edges.get(&(w[0], w[1])).cloned())
            .collect();
        errors.push(ValidationError {
            path: names[0].clone(),
            message: format!(
                "stacks '{}' and '{}' depend on each other ({}): {}; move the shared resources into one stack",
                names[0],
                names[1],
                names.join(" -> "),
                reasons.join("; ")
            ),
        });
    }

    // 6. Templates, limits, artifacts.
    let producers = producers(&edges);
    // Each stack's assets, in tree order, found in one pass (not one pass per stack).
    let mut asset_nodes: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in &order {
        if let (NodeKind::Asset(_), Some(stack)) = (&tree.nodes[i].kind, tree.stack_of(i)) {
            asset_nodes.entry(stack).or_default().push(i);
        }
    }
    let mut artifacts = Vec::with_capacity(stacks.len());
    let mut unprepared: Vec<Message> = Vec::new();
    for (stack, body) in bodies {
        let StackBody {
            head,
            n_resources,
            outputs,
        } = body;
        let NodeKind::Stack(data) = &tree.nodes[stack].kind else {
            continue;
        };
        let n_outputs = outputs.len();
        if n_resources == 0 {
            errors.push(ValidationError {
                path: tree.path(stack),
                message: "stack has no resources; CloudFormation needs at least one".into(),
            });
        }
        let mut template_json = head;
        if !outputs.is_empty() {
            append_entry(
                &mut template_json,
                "Outputs",
                &pretty(&Value::Object(outputs)),
            );
        }
        template_json.shrink_to_fit();
        errors.extend(limits::check(
            &data.stack_name,
            n_resources,
            n_outputs,
            template_json.len(),
        ));
        let artifact_id = tree.components(stack).join("-");
        let assets: Vec<StackAsset> = asset_nodes
            .get(&stack)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| match &tree.nodes[i].kind {
                NodeKind::Asset(source) => {
                    let path = tree.path(i);
                    let prepared = crate::assets::prepared(&path);
                    if prepared.is_none() {
                        unprepared.push(Message {
                            path: path.clone(),
                            level: crate::Level::Info,
                            message: format!(
                                "the asset ({source}) was not built: the template is complete, but a deploy would lack its code (synthesize through the toolkit, without --no-build)"
                            ),
                        });
                    }
                    Some(StackAsset {
                        hash: prepared
                            .as_ref()
                            .map_or_else(|| crate::assets::placeholder(&path), |p| p.hash.clone()),
                        file: prepared.map(|p| p.file),
                        source: (**source).clone(),
                        path,
                    })
                }
                _ => None,
            })
            .collect();
        let dependencies = producers
            .get(&stack)
            .map(|p| p.iter().map(|&s| tree.components(s).join("-")).collect())
            .unwrap_or_default();
        let logical_ids = members
            .get(&stack)
            .map(|m| {
                m.iter()
                    .filter_map(|&i| Some((tree.path(i), logical_ids[i].clone()?)))
                    .collect()
            })
            .unwrap_or_default();
        artifacts.push(StackArtifact {
            template_file: format!("{artifact_id}.template.json"),
            artifact_id,
            stack_name: data.stack_name.clone(),
            construct_path: tree.path(stack),
            requires_upload: template_json.len() > limits::MAX_TEMPLATE_BODY_BYTES,
            parsed: OnceLock::new(),
            template_json,
            dependencies,
            tags: data.props.tags.clone(),
            termination_protection: data.props.termination_protection,
            environment: data.props.env.clone(),
            logical_ids,
            assets,
        });
    }

    if !errors.is_empty() {
        return Err(SynthError::Validation(ValidationErrors(errors)));
    }
    let mut tree_json = crate::assembly::tree_json::render(tree, &logical_ids);
    tree_json.shrink_to_fit();
    let messages: Vec<Message> = order
        .iter()
        .flat_map(|&i| {
            tree.nodes[i].annotations().iter().map(move |a| Message {
                path: tree.path(i),
                level: a.level,
                message: a.message.clone(),
            })
        })
        .collect();
    let messages = messages.into_iter().chain(unprepared).collect();
    Ok(CloudAssembly::new(artifacts, tree_json, messages))
}

/// One stack's template as synthesis holds it until its exports are known: the template but
/// its outputs, already written out, and the outputs, to which exports are still added.
struct StackBody {
    /// The template without `Outputs`, as [`pretty`] writes it.
    head: String,
    /// How many resources the template has.
    n_resources: usize,
    outputs: Map<String, Value>,
}

/// `value` as `serde_json::to_string_pretty` writes it.
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Adds `key: value` (`value` as [`pretty`] writes it) at the end of `object` (a non-empty
/// object as [`pretty`] writes it), as `to_string_pretty` would have written it there: the
/// value's lines after the first indented two spaces further (JSON strings hold no raw line
/// breaks, so every line break is the printer's own).
fn append_entry(object: &mut String, key: &str, value: &str) {
    debug_assert!(object.ends_with("\n}"));
    object.truncate(object.len() - 2);
    object.reserve(key.len() + value.len() * 17 / 16 + 16);
    object.push_str(",\n  ");
    object.push_str(&serde_json::to_string(key).unwrap_or_default());
    object.push_str(": ");
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            object.push_str("\n  ");
        }
        object.push_str(line);
    }
    object.push_str("\n}");
}

#[cfg(test)]
mod pretty_tests {
    use super::*;

    #[test]
    fn outputs_appended_are_what_to_string_pretty_writes_for_the_whole() {
        let resources = json!({
            "A": { "Type": "T", "Properties": { "S": "line\nbreak \"quoted\"", "E": {}, "L": [], "N": [1, {"x": null}] } },
            "B": { "Type": "U" }
        });
        let outputs = json!({ "O": { "Value": { "Ref": "A" } } });
        let whole = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "d\te",
            "Resources": resources.clone(),
            "Outputs": outputs.clone(),
        });
        let mut head = pretty(&json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "d\te",
            "Resources": resources,
        }));
        append_entry(&mut head, "Outputs", &pretty(&outputs));
        assert_eq!(head, serde_json::to_string_pretty(&whole).unwrap());
    }
}
