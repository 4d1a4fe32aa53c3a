//! `cargo run -p cdk-cfn-codegen [-- --check] [--cfn-lint DIR]`: regenerates the `cdk-cfn`
//! crate from the CloudFormation schemas of the pinned cfn-lint; `--check` writes nothing and
//! fails when a generated file differs.

use std::path::PathBuf;
use std::process::ExitCode;

use cdk_cfn_codegen::{generate, outdated, source, workspace_root};

fn main() -> ExitCode {
    let mut check = false;
    let mut package: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--cfn-lint" => package = args.next().map(PathBuf::from),
            other => {
                eprintln!("error: unknown argument {other:?}\nusage: cdk-cfn-codegen [--check] [--cfn-lint DIR]");
                return ExitCode::from(2);
            }
        }
    }
    match run(check, package) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(n) if check => {
            eprintln!("{n} generated file(s) are out of date: run `cargo run -p cdk-cfn-codegen`");
            ExitCode::FAILURE
        }
        Ok(n) => {
            eprintln!("updated {n} file(s)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Generates, then checks or writes; the number of files out of date.
fn run(check: bool, package: Option<PathBuf>) -> Result<usize, String> {
    let root = workspace_root();
    let crate_dir = root.join("constructs/cfn");
    let package = match package {
        Some(p) => p,
        None => source::find_cfn_lint(&root).map_err(|e| e.to_string())?,
    };
    let schemas = source::load(&package).map_err(|e| e.to_string())?;
    let manifest = crate_dir.join("Cargo.toml");
    let cargo_toml =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let files = generate(&schemas, &cargo_toml)?;
    eprintln!(
        "{} files from {} resource types (cfn-lint {}, schemas of {})",
        files.len(),
        schemas.types.len(),
        schemas.cfn_lint_version,
        schemas.schema_date
    );
    let outdated = outdated(&crate_dir, &files);
    for (path, why) in &outdated {
        if check {
            eprintln!("{why}: {}", path.display());
        } else if *why == "stale" {
            std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if !check {
        std::fs::create_dir_all(crate_dir.join("src/generated")).map_err(|e| e.to_string())?;
        for (rel, contents) in &files {
            let path = crate_dir.join(rel);
            if outdated.iter().any(|(p, _)| *p == path) {
                std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    Ok(outdated.len())
}
