//! `cargo run -p cdk-cfn-codegen [-- --check] [--cfn-lint DIR]`: regenerates the `cdk-cfn`
//! crate from the CloudFormation schemas of the pinned cfn-lint; `--check` writes nothing and
//! fails when a generated file differs.

use std::path::PathBuf;
use std::process::ExitCode;

use cdk_cfn_codegen::{generate, source, workspace_root};

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
    let root = workspace_root();
    let crate_dir = root.join("constructs/cfn");
    let result = (|| -> Result<usize, String> {
        let package = match package {
            Some(p) => p,
            None => source::find_cfn_lint(&root).map_err(|e| e.to_string())?,
        };
        let schemas = source::load(&package).map_err(|e| e.to_string())?;
        let cargo_toml = std::fs::read_to_string(crate_dir.join("Cargo.toml"))
            .map_err(|e| format!("{}: {e}", crate_dir.join("Cargo.toml").display()))?;
        let files = generate(&schemas, &cargo_toml)?;
        let mut differing = 0;
        let generated_dir = crate_dir.join("src/generated");
        let expected: Vec<PathBuf> = files.iter().map(|(p, _)| crate_dir.join(p)).collect();
        if let Ok(entries) = std::fs::read_dir(&generated_dir) {
            for stale in entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| !expected.contains(p))
            {
                differing += 1;
                if check {
                    eprintln!("stale: {}", stale.display());
                } else {
                    std::fs::remove_file(&stale)
                        .map_err(|e| format!("{}: {e}", stale.display()))?;
                }
            }
        }
        std::fs::create_dir_all(&generated_dir).map_err(|e| e.to_string())?;
        for (rel, contents) in &files {
            let path = crate_dir.join(rel);
            if std::fs::read_to_string(&path).ok().as_deref() == Some(contents.as_str()) {
                continue;
            }
            differing += 1;
            if check {
                eprintln!("differs: {}", path.display());
            } else {
                std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        eprintln!(
            "{} files from {} resource types (cfn-lint {}, schemas of {})",
            files.len(),
            schemas.types.len(),
            schemas.cfn_lint_version,
            schemas.schema_date
        );
        Ok(differing)
    })();
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(n) if check => {
            eprintln!("{n} generated file(s) are out of date: run `cargo run -p cdk-cfn-codegen`");
            ExitCode::FAILURE
        }
        Ok(n) => {
            eprintln!("wrote {n} file(s)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
