//! The generator of the `cdk-cfn` crate: reads the CloudFormation resource provider schemas
//! that the pinned cfn-lint ships, and writes one Rust module per service (typed L1
//! constructs), the per-type metadata table, and the crate's feature list.
//!
//! Run it with `cargo run -p cdk-cfn-codegen`; `-- --check` only compares.

pub mod docs;
pub mod emit;
pub mod model;
pub mod naming;
pub mod prune;
pub mod registry;
pub mod source;
pub mod supplement;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use naming::Names;
use source::Schemas;

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

const FEATURES_BEGIN: &str = "# BEGIN GENERATED FEATURES (cargo run -p cdk-cfn-codegen)";
const FEATURES_END: &str = "# END GENERATED FEATURES";

/// Every generated file, as `(path relative to constructs/cfn, contents)`. `cargo_toml` is the
/// current `constructs/cfn/Cargo.toml`, whose feature block is replaced.
pub fn generate(schemas: &Schemas, cargo_toml: &str) -> Result<Vec<(String, String)>, String> {
    let header = emit::header(&schemas.cfn_lint_version, &schemas.schema_date);
    let services = model::services(&schemas.types);
    let mut files = Vec::new();
    let mut mod_rs = header.clone();
    let _ = writeln!(
        mod_rs,
        "//! One module per service, each behind the cargo feature of the same name.\n\n\
         /// The cfn-lint release whose schemas this code was generated from.\n\
         pub const CFN_LINT_VERSION: &str = {:?};\n\
         /// The date of those schemas.\n\
         pub const SCHEMA_DATE: &str = {:?};\n",
        schemas.cfn_lint_version, schemas.schema_date
    );
    for (module, types) in &services {
        let namespace = types[0].0.rsplit_once("::").map_or("", |(ns, _)| ns);
        let _ = writeln!(
            mod_rs,
            "#[cfg(feature = {module:?})]\n#[rustfmt::skip]\npub mod {module};"
        );
        let mut out = header.clone();
        let _ = writeln!(
            out,
            "//! `{namespace}`: the L1 constructs of this service's {} resource type{} (cargo feature `{module}`).\n",
            types.len(),
            if types.len() == 1 { "" } else { "s" }
        );
        out.push_str("#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]\n#![allow(clippy::type_complexity)]\n\n");
        let mut module_names = Names::default();
        for (type_name, schema) in types {
            let r = model::resource(type_name, schema, &mut module_names);
            emit::resource(&mut out, &r, &prune::validation_schema(schema));
        }
        files.push((format!("src/generated/{module}.rs"), trim_end(out)));
    }
    let _ = writeln!(mod_rs, "\n#[rustfmt::skip]\npub(crate) mod registry;");
    files.push(("src/generated/mod.rs".into(), trim_end(mod_rs)));

    let mut reg = header.clone();
    reg.push_str("//! Per-type metadata for every resource type, sorted by type name.\n\n");
    let _ = writeln!(
        reg,
        "pub(crate) static TYPES: &[crate::registry::TypeInfo] = &["
    );
    for (type_name, schema) in &schemas.types {
        registry::entry(&mut reg, type_name, schema, &schemas.stateful);
    }
    reg.push_str("];\n");
    files.push(("src/generated/registry.rs".into(), reg));

    let mut features = format!("{FEATURES_BEGIN}\n[features]\ndefault = []\n");
    let names: Vec<String> = services.keys().map(|m| format!("{m:?}")).collect();
    let _ = writeln!(features, "all = [{}]", names.join(", "));
    for m in services.keys() {
        let _ = writeln!(features, "{m} = []");
    }
    features.push_str(FEATURES_END);
    let begin = cargo_toml
        .find(FEATURES_BEGIN)
        .ok_or("constructs/cfn/Cargo.toml has no generated feature block")?;
    let end = cargo_toml
        .find(FEATURES_END)
        .ok_or("constructs/cfn/Cargo.toml has no end of the generated feature block")?
        + FEATURES_END.len();
    let toml = format!("{}{features}{}", &cargo_toml[..begin], &cargo_toml[end..]);
    files.push(("Cargo.toml".into(), toml));
    Ok(files)
}

/// What differs between the generated `files` and `crate_dir` on disk: `(path, why)` for each
/// file that is missing or different, and each stale file under `src/generated`.
pub fn outdated(crate_dir: &Path, files: &[(String, String)]) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let expected: Vec<PathBuf> = files.iter().map(|(p, _)| crate_dir.join(p)).collect();
    if let Ok(entries) = std::fs::read_dir(crate_dir.join("src/generated")) {
        let mut stale: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| !expected.contains(p))
            .collect();
        stale.sort();
        out.extend(stale.into_iter().map(|p| (p, "stale")));
    }
    for ((_, contents), path) in files.iter().zip(expected) {
        match std::fs::read_to_string(&path) {
            Ok(text) if text == *contents => {}
            Ok(_) => out.push((path, "differs")),
            Err(_) => out.push((path, "missing")),
        }
    }
    out
}

fn trim_end(mut s: String) -> String {
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
