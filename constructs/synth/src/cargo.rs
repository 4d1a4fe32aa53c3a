//! Running cargo from a program that cargo may have started (`cargo run`): which cargo, a
//! command without the variables `cargo run` set, and `cargo build` of one binary, whose
//! executable cargo names. The app's main binary builds its toolkit binary this way, the
//! toolkit's `deploy --watch` rebuilds the app, and assets are built with cargo-lambda.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The cargo to run: the one running this program when there is one (`CARGO`), else the one
/// on PATH.
pub fn program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A command running `program` (cargo, or a cargo subcommand's tool) without the variables
/// cargo sets for what it runs (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...): when this
/// program was started by `cargo run`, a build started from it would otherwise see them, and
/// build scripts that track one (ring's tracks `CARGO_MANIFEST_DIR` and `OUT_DIR`) would run
/// again, rebuilding what depends on them.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str() {
            if is_set_by_cargo_run(name) {
                command.env_remove(name);
            }
        }
    }
    command
}

/// Whether `cargo run` sets `name` for the program it runs (cargo's own `CARGO`, `CARGO_HOME`
/// and configuration variables are kept).
fn is_set_by_cargo_run(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "OUT_DIR"
        )
}

/// `cargo build` of the binary `bin` of `package`, with the profile the executable `exe` was
/// built with (the directory it is in; `debug` is cargo's `dev`), its messages as JSON on
/// standard output (see [`built_executable`]).
pub fn build_args(package: &str, bin: &str, exe: &Path) -> Vec<String> {
    let mut args = vec![
        "build".to_string(),
        "-p".into(),
        package.into(),
        "--bin".into(),
        bin.into(),
        "--message-format=json-render-diagnostics".into(),
    ];
    match exe
        .parent()
        .and_then(Path::file_name)
        .and_then(|d| d.to_str())
    {
        None | Some("debug") => {}
        Some("release") => args.push("--release".into()),
        Some(profile) => args.extend(["--profile".to_string(), profile.to_string()]),
    }
    args
}

/// The executable `cargo build --message-format=json` reports for the binary `bin`.
pub fn built_executable(stdout: &str, bin: &str) -> Option<PathBuf> {
    stdout
        .lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == bin)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cargo_run_sets_is_not_passed_on_and_cargos_own_settings_are() {
        for set in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION",
            "CARGO_CRATE_NAME",
            "OUT_DIR",
        ] {
            assert!(is_set_by_cargo_run(set), "{set}");
        }
        for kept in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_PROFILE_RELEASE_STRIP",
        ] {
            assert!(!is_set_by_cargo_run(kept), "{kept}");
        }
    }
    #[test]
    fn a_command_drops_the_variables_cargo_set_for_this_process() {
        // `cargo test`, as `cargo run`, gives what it runs the package's variables.
        assert!(std::env::var_os("CARGO_MANIFEST_DIR").is_some());
        let command = command("cargo");
        let removed: Vec<&std::ffi::OsStr> = command
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name)
            .collect();
        for name in ["CARGO_MANIFEST_DIR", "CARGO_PKG_NAME"] {
            assert!(removed.contains(&std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!removed.contains(&std::ffi::OsStr::new("CARGO")));
    }

    #[test]
    fn a_binary_is_built_with_the_profile_of_the_executable_given() {
        let args = |exe: &str| build_args("my-app", "my-app-toolkit", Path::new(exe)).join(" ");
        let base = "build -p my-app --bin my-app-toolkit --message-format=json-render-diagnostics";
        assert_eq!(args("/ws/target/debug/my-app"), base);
        assert_eq!(
            args("/ws/target/release/my-app"),
            format!("{base} --release")
        );
        assert_eq!(
            args("/ws/target/bench-fast/my-app"),
            format!("{base} --profile bench-fast")
        );
    }

    #[test]
    fn the_executable_is_the_one_cargo_names_for_the_binary() {
        let stdout = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"my-app","kind":["lib"]},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"my-app-toolkit","kind":["bin"]},"executable":"/ws/target/debug/my-app-toolkit"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            built_executable(stdout, "my-app-toolkit"),
            Some(PathBuf::from("/ws/target/debug/my-app-toolkit"))
        );
        assert_eq!(built_executable(stdout, "other"), None);
    }
}
