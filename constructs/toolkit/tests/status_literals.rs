//! Statuses are decided in one place: no stack, resource or change set status is written as a
//! string literal in the toolkit's sources outside `src/cfn/status.rs`, where each is named
//! once and every rule (`is_settled`, `is_in_progress`, `is_failure`, ...) matches on them.

use std::path::{Path, PathBuf};

const SUFFIXES: &[&str] = &["IN_PROGRESS", "COMPLETE", "FAILED", "SKIPPED", "PENDING"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of a source, roughly: the text between unescaped double quotes.
fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut escaped = false;
    for c in text.chars() {
        match (&mut current, c) {
            (Some(s), _) if escaped => {
                s.push(c);
                escaped = false;
            }
            (Some(_), '\\') => escaped = true,
            (Some(_), '"') => out.push(current.take().unwrap_or_default()),
            (Some(s), _) => s.push(c),
            (None, '"') => current = Some(String::new()),
            (None, _) => {}
        }
    }
    out
}

/// `CREATE_COMPLETE`, `_FAILED`, `UPDATE_ROLLBACK_IN_PROGRESS`: a status or a piece of one.
fn is_status(literal: &str) -> bool {
    !literal.is_empty()
        && literal.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        && SUFFIXES.iter().any(|s| literal.ends_with(s))
}

#[test]
fn no_status_literal_outside_the_status_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "the sources were found");
    let mut found = Vec::new();
    for file in files {
        if file.ends_with("cfn/status.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for l in literals(&text) {
            if is_status(&l) {
                found.push(format!("{}: \"{l}\"", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "decide statuses with cdk_toolkit::cfn::{{StackStatus, ResourceStatus, ChangeSetStatus}}: {found:#?}"
    );
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let found: Vec<String> =
        literals(r#"if s == "UPDATE_ROLLBACK_FAILED" || x.ends_with("_IN_PROGRESS") { "a \" b" }"#)
            .into_iter()
            .filter(|l| is_status(l))
            .collect();
    assert_eq!(found, ["UPDATE_ROLLBACK_FAILED", "_IN_PROGRESS"]);
    let status =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cfn/status.rs"))
            .unwrap();
    assert!(literals(&status).iter().filter(|l| is_status(l)).count() > 40);
}
