//! Rust names for CloudFormation names: modules, types, fields, methods and enum variants.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Words that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The service module of a type name: `AWS::SQS::Queue` → `sqs`, `Alexa::ASK::Skill` →
/// `alexa_ask`.
pub fn service_module(type_name: &str) -> String {
    let mut parts = type_name.split("::");
    let vendor = parts.next().unwrap_or_default();
    let service = parts.next().unwrap_or_default().to_ascii_lowercase();
    if vendor == "AWS" {
        service
    } else {
        format!("{}_{service}", vendor.to_ascii_lowercase())
    }
}

/// Word shapes that `heck` would split in the wrong place: plural acronyms (`VPCs`, `ARNs`)
/// and binary units (`KiB`, `MiBps`).
fn normalize_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // KiB, MiB, GiB, TiB (and MiBps): one word.
        if i + 2 < chars.len()
            && "KMGT".contains(chars[i])
            && chars[i + 1] == 'i'
            && chars[i + 2] == 'B'
        {
            out.push(chars[i]);
            out.push('i');
            out.push('b');
            i += 3;
            continue;
        }
        // An acronym of two or more capitals followed by a plural `s` that ends the word.
        if chars[i] == 's'
            && i >= 2
            && chars[i - 1].is_ascii_uppercase()
            && chars[i - 2].is_ascii_uppercase()
            && chars
                .get(i + 1)
                .is_none_or(|c| c.is_ascii_uppercase() || !c.is_alphanumeric())
        {
            out.push('S');
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A snake_case identifier, made safe as a field or method name.
pub fn snake(name: &str) -> String {
    let mut s = normalize_words(name).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    ident(s)
}

/// An UpperCamelCase type or variant name.
pub fn camel(name: &str) -> String {
    let mut s = name.to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    ident(s)
}

fn ident(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Hands out names unique within one scope: a taken name gets a number.
#[derive(Default)]
pub struct Names(HashSet<String>);

impl Names {
    /// A scope where `reserved` are already taken.
    pub fn with(reserved: &[&str]) -> Self {
        Names(reserved.iter().map(|s| s.to_string()).collect())
    }

    /// `wanted`, or `wanted2`, `wanted3`, ... if taken.
    pub fn unique(&mut self, wanted: &str) -> String {
        let bare = wanted.trim_start_matches("r#");
        let mut name = wanted.to_string();
        let mut n = 2;
        while !self.0.insert(name.trim_start_matches("r#").to_string()) {
            name = format!("{bare}{n}");
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_rust_identifiers() {
        assert_eq!(service_module("AWS::SQS::Queue"), "sqs");
        assert_eq!(service_module("Alexa::ASK::Skill"), "alexa_ask");
        assert_eq!(snake("SSESpecification"), "sse_specification");
        assert_eq!(snake("VPCs"), "vpcs");
        assert_eq!(snake("SubnetARNs"), "subnet_arns");
        assert_eq!(snake("MaxRecordSizeInKiB"), "max_record_size_in_kib");
        assert_eq!(snake("WarmThroughputMiBps"), "warm_throughput_mibps");
        assert_eq!(snake("Status"), "status");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(camel("PAY_PER_REQUEST"), "PayPerRequest");
        assert_eq!(camel("python3.13"), "Python313");
        assert_eq!(camel("2xlarge"), "V2xlarge");
        assert_eq!(camel(""), "Empty");
        let mut names = Names::with(&["new"]);
        assert_eq!(names.unique("new"), "new2");
        assert_eq!(names.unique("a"), "a");
        assert_eq!(names.unique("a"), "a2");
    }
}
