//! The typed model of one resource type, read from its schema: the props struct, nested
//! property types, enums and attributes.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::docs;
use crate::naming::{camel, snake, Names};

/// The type of a property.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A number.
    Num,
    /// A boolean.
    Bool,
    /// Any JSON (also where the schema allows several types).
    Json,
    /// The common `{Key, Value}` tag.
    Tag,
    /// A string enum of the resource's module.
    Enum(String),
    /// A property type of the resource's module.
    Struct(String),
    /// A list.
    List(Box<Ty>),
    /// A map with string keys.
    Map(Box<Ty>),
}

/// A property.
#[derive(Clone, Debug)]
pub struct Field {
    /// The CloudFormation name.
    pub cfn: String,
    /// The Rust field name.
    pub rust: String,
    /// Its type.
    pub ty: Ty,
    /// Whether CloudFormation requires it.
    pub required: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A property type.
#[derive(Clone, Debug)]
pub struct StructDef {
    /// The Rust name.
    pub name: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// Its properties.
    pub fields: Vec<Field>,
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// The Rust name.
    pub name: String,
    /// The property it was named after.
    pub doc: String,
    /// `(variant, value)`.
    pub variants: Vec<(String, String)>,
}

/// An attribute (`Fn::GetAtt`).
#[derive(Clone, Debug)]
pub struct Attr {
    /// The getter's name (`attr_arn`).
    pub method: String,
    /// The attribute name (`Arn`, `Endpoint.Address`).
    pub name: String,
    /// Doc lines.
    pub doc: String,
}

/// One resource type.
#[derive(Clone, Debug)]
pub struct Resource {
    /// `AWS::SQS::Queue`.
    pub type_name: String,
    /// `CfnQueue`.
    pub struct_name: String,
    /// `CfnQueueProps`.
    pub props_name: String,
    /// `cfn_queue`: the module of its property types and enums.
    pub module: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// The settable top-level properties.
    pub props: Vec<Field>,
    /// Attributes.
    pub attrs: Vec<Attr>,
    /// Property types.
    pub structs: Vec<StructDef>,
    /// Enums.
    pub enums: Vec<EnumDef>,
}

/// A valid Rust identifier as it is (CloudFormation's own casing, as AWS CDK keeps it), or its
/// UpperCamelCase form.
fn type_ident(name: &str) -> String {
    let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        name.to_string()
    } else {
        camel(name)
    }
}

/// The last segment of `/properties/A/B` as `A/B`.
pub fn property_path(pointer: &str) -> Option<String> {
    pointer.strip_prefix("/properties/").map(|p| p.to_string())
}

struct Builder<'a> {
    defs: &'a Map<String, Value>,
    names: Names,
    def_structs: HashMap<String, String>,
    inline_structs: HashMap<String, String>,
    pending: Vec<(String, Value)>,
    structs: Vec<StructDef>,
    enums: Vec<EnumDef>,
    inlining: Vec<String>,
    /// The property type whose fields are being read (empty for the resource itself).
    owner: String,
}

impl Builder<'_> {
    fn ty(&mut self, schema: &Value, hint: &str) -> Ty {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let Some(def_name) = r.strip_prefix("#/definitions/") else {
                return Ty::Json;
            };
            let Some(def) = self.defs.get(def_name) else {
                return Ty::Json;
            };
            let object_like = def.get("type").is_none_or(|t| t == "object");
            if has_properties(def) && object_like {
                if is_tag(def) && (def_name.contains("Tag") || hint.contains("Tag")) {
                    return Ty::Tag;
                }
                return Ty::Struct(self.def_struct(def_name, def));
            }
            if self.inlining.iter().any(|d| d == def_name) {
                return Ty::Json;
            }
            self.inlining.push(def_name.to_string());
            let t = self.ty(def, def_name);
            self.inlining.pop();
            return t;
        }
        match schema.get("type") {
            Some(Value::String(t)) => match t.as_str() {
                "string" => match string_enum(schema) {
                    Some(values) => Ty::Enum(self.enum_for(hint, values)),
                    None => Ty::Str,
                },
                "integer" => Ty::Int,
                "number" => Ty::Num,
                "boolean" => Ty::Bool,
                "array" => match schema.get("items") {
                    Some(items @ Value::Object(_)) => Ty::List(Box::new(self.ty(items, hint))),
                    _ => Ty::List(Box::new(Ty::Json)),
                },
                "object" => self.object(schema, hint),
                _ => Ty::Json,
            },
            Some(_) => Ty::Json,
            None => self.untyped(schema, hint),
        }
    }

    /// A schema without `type`: the typed branch of `allOf`/`oneOf`/`anyOf` (the others being
    /// the JSON escape AWS keeps for old templates), or what its keywords imply.
    fn untyped(&mut self, schema: &Value, hint: &str) -> Ty {
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            if let Some(b) = branches.iter().find(|b| b.get("$ref").is_some()) {
                return self.ty(b, hint);
            }
            let types: Vec<&Value> = branches.iter().filter_map(|b| b.get("type")).collect();
            if types.len() == branches.len() && types.windows(2).all(|w| w[0] == w[1]) {
                if let Some(t) = types.first() {
                    return self.ty(&serde_json::json!({ "type": t }), hint);
                }
            }
            return Ty::Json;
        }
        if has_properties(schema)
            || schema.get("patternProperties").is_some()
            || schema
                .get("additionalProperties")
                .is_some_and(Value::is_object)
        {
            return self.object(schema, hint);
        }
        if let Some(values) = string_enum(schema) {
            return Ty::Enum(self.enum_for(hint, values));
        }
        if schema.get("format").and_then(Value::as_str) == Some("json") {
            return Ty::Json;
        }
        if ["minLength", "maxLength", "pattern"]
            .iter()
            .any(|k| schema.get(k).is_some())
        {
            return Ty::Str;
        }
        Ty::Json
    }

    fn object(&mut self, schema: &Value, hint: &str) -> Ty {
        if has_properties(schema) {
            if is_tag(schema) && hint.contains("Tag") {
                return Ty::Tag;
            }
            // The same inline object reached twice (through a shared definition) is one type.
            let key = format!("{hint}\n{schema}");
            if let Some(name) = self.inline_structs.get(&key) {
                return Ty::Struct(name.clone());
            }
            let name = self.names.unique(&format!("{}Property", type_ident(hint)));
            self.inline_structs.insert(key, name.clone());
            self.pending.push((name.clone(), schema.clone()));
            return Ty::Struct(name);
        }
        let value_schema = match schema.get("patternProperties").and_then(Value::as_object) {
            Some(p) if p.len() == 1 => p.values().next(),
            _ => schema.get("additionalProperties").filter(|v| v.is_object()),
        };
        match value_schema {
            Some(v) => Ty::Map(Box::new(self.ty(v, hint))),
            None => Ty::Json,
        }
    }

    fn def_struct(&mut self, def_name: &str, def: &Value) -> String {
        if let Some(name) = self.def_structs.get(def_name) {
            return name.clone();
        }
        let name = self
            .names
            .unique(&format!("{}Property", type_ident(def_name)));
        self.def_structs.insert(def_name.to_string(), name.clone());
        self.pending.push((name.clone(), def.clone()));
        name
    }

    fn enum_for(&mut self, hint: &str, values: Vec<String>) -> String {
        let mut base = type_ident(hint);
        if PRELUDE.contains(&base.as_str()) {
            base.push_str("Value");
        }
        for e in &self.enums {
            let same_base = e.name == base
                || e.name
                    .strip_prefix(&base)
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            if same_base && e.variants.iter().map(|(_, v)| v).eq(values.iter()) {
                return e.name.clone();
            }
        }
        // A second enum of the same name is named after the type that holds it.
        let taken = self.enums.iter().any(|e| e.name == base);
        let owned = format!("{}{base}", self.owner);
        let name = if taken && !self.owner.is_empty() && !self.enums.iter().any(|e| e.name == owned)
        {
            self.names.unique(&owned)
        } else {
            self.names.unique(&base)
        };
        let mut variant_names = Names::default();
        let variants = values
            .into_iter()
            .map(|v| (variant_names.unique(&camel(&v)), v))
            .collect();
        self.enums.push(EnumDef {
            name: name.clone(),
            doc: hint.to_string(),
            variants,
        });
        name
    }

    fn fields(&mut self, schema: &Value, skip: &[String]) -> Vec<Field> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut names = Names::default();
        let mut out = Vec::new();
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return out;
        };
        for (cfn, p) in props {
            if skip.contains(cfn) {
                continue;
            }
            let ty = self.ty(p, cfn);
            out.push(Field {
                cfn: cfn.clone(),
                rust: names.unique(&snake(cfn)),
                ty,
                required: required.contains(&cfn.as_str()),
                doc: docs::lines(
                    p.get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                ),
            });
        }
        out
    }

    fn drain_pending(&mut self) {
        while let Some((name, schema)) = self.pending.pop() {
            self.owner = name
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches("Property")
                .to_string();
            let fields = self.fields(&schema, &[]);
            let doc = docs::lines(
                schema
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            );
            self.structs.push(StructDef { name, doc, fields });
        }
    }
}

/// Names of the standard prelude that a generated type must not shadow.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "From",
    "Into",
    "Iterator",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "ToString",
    "ToOwned",
    "AsRef",
    "Self",
];

fn has_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// `{Key, Value}` of strings: AWS CDK's `CfnTag`.
fn is_tag(schema: &Value) -> bool {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return false;
    };
    let stringy = |p: &Value| p.get("type").is_none_or(|t| t == "string");
    props.len() == 2
        && props.get("Key").is_some_and(stringy)
        && props.get("Value").is_some_and(stringy)
}

fn string_enum(schema: &Value) -> Option<Vec<String>> {
    let values = schema.get("enum")?.as_array()?;
    if values.is_empty() || schema.get("enumCaseInsensitive") == Some(&Value::Bool(true)) {
        return None;
    }
    let mut out: Vec<String> = values
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect::<Option<_>>()?;
    out.dedup();
    Some(out)
}

fn pointers(schema: &Value, key: &str) -> Vec<String> {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(property_path)
                .collect()
        })
        .unwrap_or_default()
}

/// The model of resource type `type_name`.
pub fn resource(type_name: &str, schema: &Value, module_names: &mut Names) -> Resource {
    let short = type_name.rsplit("::").next().unwrap_or(type_name);
    let short = type_ident(short);
    let empty = Map::new();
    let defs = schema
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let read_only = pointers(schema, "readOnlyProperties");
    // A property some schemas list as both read-only and create-only (or write-only) is
    // settable: CloudFormation and cfn-lint take it.
    let settable_anyway: Vec<String> = pointers(schema, "createOnlyProperties")
        .into_iter()
        .chain(pointers(schema, "writeOnlyProperties"))
        .collect();
    let top_read_only: Vec<String> = read_only
        .iter()
        .filter(|p| !p.contains('/') && !settable_anyway.contains(p))
        .cloned()
        .collect();
    let mut b = Builder {
        defs,
        names: Names::default(),
        def_structs: HashMap::new(),
        inline_structs: HashMap::new(),
        pending: Vec::new(),
        structs: Vec::new(),
        enums: Vec::new(),
        inlining: Vec::new(),
        owner: String::new(),
    };
    let props = b.fields(schema, &top_read_only);
    b.drain_pending();
    let mut structs = b.structs;
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums = b.enums;
    enums.sort_by(|a, b| a.name.cmp(&b.name));

    let properties = schema.get("properties").and_then(Value::as_object);
    let mut attr_names = Names::with(&["attr"]);
    let documented: Vec<String> = crate::supplement::attributes(type_name)
        .iter()
        .map(|a| a.to_string())
        .filter(|a| !read_only.contains(a))
        .collect();
    let attrs = read_only
        .iter()
        .chain(documented.iter())
        .filter(|p| !p.contains('*'))
        .map(|p| {
            let name = p.replace('/', ".");
            let doc = properties
                .and_then(|ps| ps.get(p.split('/').next().unwrap_or_default()))
                .and_then(|v| v.get("description"))
                .and_then(Value::as_str)
                .map(docs::summary)
                .unwrap_or_default();
            Attr {
                method: attr_names.unique(&format!(
                    "attr_{}",
                    snake(&p.replace('/', "_")).trim_start_matches("r#")
                )),
                name,
                doc,
            }
        })
        .collect();
    let module = module_names.unique(&format!("cfn_{}", snake(&short).trim_start_matches("r#")));
    Resource {
        type_name: type_name.to_string(),
        struct_name: format!("Cfn{short}"),
        props_name: format!("Cfn{short}Props"),
        module,
        doc: docs::lines(
            schema
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        ),
        props,
        attrs,
        structs,
        enums,
    }
}

/// Resource types grouped by service module, in module order.
pub fn services(types: &[(String, Value)]) -> IndexMap<String, Vec<(String, Value)>> {
    let mut out: IndexMap<String, Vec<(String, Value)>> = IndexMap::new();
    for (name, schema) in types {
        out.entry(crate::naming::service_module(name))
            .or_default()
            .push((name.clone(), schema.clone()));
    }
    out.sort_keys();
    out
}
