//! The checked-in `cdk-cfn` sources are exactly what the generator makes from the pinned
//! cfn-lint's schemas: a hand edit, a generator change not re-run, or a different schema
//! version fails here.

use cdk_cfn_codegen::{generate, outdated, source, workspace_root};

#[test]
fn generated_code_is_up_to_date() {
    let root = workspace_root();
    let package = source::find_cfn_lint(&root).unwrap_or_else(|e| panic!("{e}"));
    let schemas = source::load(&package).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(schemas.types.len(), 1854, "the pinned schemas' type count");
    let crate_dir = root.join("constructs/cfn");
    let cargo_toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    let files = generate(&schemas, &cargo_toml).unwrap();
    let outdated = outdated(&crate_dir, &files);
    assert!(
        outdated.is_empty(),
        "generated files are out of date (run `cargo run -p cdk-cfn-codegen`):\n{}",
        outdated
            .iter()
            .map(|(p, why)| format!("  {why}: {}", p.display()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_changed_generated_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src/generated")).unwrap();
    std::fs::write(dir.path().join("src/generated/a.rs"), "old").unwrap();
    std::fs::write(dir.path().join("src/generated/stale.rs"), "x").unwrap();
    let files = vec![
        ("src/generated/a.rs".to_string(), "new".to_string()),
        ("src/generated/b.rs".to_string(), "b".to_string()),
    ];
    let found = outdated(dir.path(), &files);
    let found: Vec<(String, &str)> = found
        .iter()
        .map(|(p, w)| {
            (
                p.strip_prefix(dir.path()).unwrap().display().to_string(),
                *w,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("src/generated/stale.rs".to_string(), "stale"),
            ("src/generated/a.rs".to_string(), "differs"),
            ("src/generated/b.rs".to_string(), "missing"),
        ]
    );
}
