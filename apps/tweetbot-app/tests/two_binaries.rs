//! The app's two binaries: `tweetbot-app` (what `cargo run` runs) links no AWS SDK, runs
//! `synth` itself and hands every other command line to `tweetbot-app-toolkit`; under a
//! `cargo run` of its package it has cargo build that binary first.

use std::path::{Path, PathBuf};
use std::process::Output;

const MAIN: &str = env!("CARGO_BIN_EXE_tweetbot-app");
const TOOLKIT: &str = env!("CARGO_BIN_EXE_tweetbot-app-toolkit");

fn run(bin: &str, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = test_harness::app_command(bin, cwd);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // A binary this test has just copied can be "busy" for a moment: a process another test
    // started in between may still hold the copy's file open until it runs its own program.
    for _ in 0..50 {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result.expect("the app runs"),
        }
    }
    panic!("{bin} stayed busy");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_main_binary_links_no_aws_sdk_and_the_toolkit_binary_does() {
    let main = std::fs::read(MAIN).unwrap();
    let toolkit = std::fs::read(TOOLKIT).unwrap();
    assert!(contains(&toolkit, "aws_sdk_cloudformation"));
    for sdk in ["aws_sdk_", "aws_smithy_", "cdk_toolkit"] {
        assert!(!contains(&main, sdk), "the main binary links {sdk}*");
    }
    // rustc puts every crate the app's library uses, and what those use, on the main binary's
    // link line: the SDK's crates there cost 0.75 s a link even where no code of them is
    // kept. So no source of the library or the main binary (all of src/ but src/bin, the
    // toolkit binary's) names a toolkit or SDK crate.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src, &src.join("bin"));
    assert!(files.len() >= 3, "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for name in ["cdk_toolkit", "aws_sdk_", "aws_config", "aws_smithy_"] {
            assert!(!text.contains(name), "{} names {name}", file.display());
        }
    }
}

/// The `.rs` files beneath `dir`, but those beneath `except`.
fn rust_files(dir: &Path, except: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.starts_with(except) {
            continue;
        }
        if path.is_dir() {
            out.extend(rust_files(&path, except));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn other_verbs_are_handed_to_the_toolkit_binary_with_the_same_arguments_and_program_name() {
    let dir = tempfile::tempdir().unwrap();
    // `ls` and a setting before it: the toolkit binary's verb, with the app's settings.
    let out = run(
        MAIN,
        dir.path(),
        &["--wait", "4s", "ls", "--output", "elsewhere"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "TweetDataStore\nTweetBot (depends on TweetDataStore)\n"
    );
    // Help is the toolkit binary's (every verb), under this program's name.
    let out = run(MAIN, dir.path(), &["--help"], &[]);
    let help = text(&out.stdout);
    assert!(out.status.success());
    for verb in ["synth", "deploy", "destroy", "run", "simulate"] {
        assert!(help.contains(verb), "{help}");
    }
    assert!(help.contains("Usage: tweetbot-app "), "{help}");
    // Bad usage: the toolkit binary's message and exit code 2; a usage error of synth too.
    let out = run(MAIN, dir.path(), &["synth", "--no-such-flag"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--no-such-flag"));
    // An AWS option given to synth: synthesized by the toolkit binary, with the app's setting
    // and the output directory as given (every argument arrives).
    let out = run(
        MAIN,
        dir.path(),
        &[
            "--wait",
            "4s",
            "synth",
            "--region",
            "eu-west-1",
            "-q",
            "--output",
            "handed",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let template =
        std::fs::read_to_string(dir.path().join("handed/TweetBot.template.json")).unwrap();
    let four = tweetbot_app::wait_state_name(cdk_core::Duration::seconds(4));
    assert!(template.contains(&four), "{four} is not in the template");
}

#[test]
fn synth_runs_in_the_main_binary_even_without_the_toolkit_binary() {
    // The main binary alone in a directory: synth works, any other verb says what to build.
    let bin_dir = tempfile::tempdir().unwrap();
    let alone = bin_dir.path().join("tweetbot-app");
    std::fs::copy(MAIN, &alone).unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let alone = alone.to_str().unwrap();
    let out = run(alone, cwd.path(), &["synth", "-q"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(cwd
        .path()
        .join("cdk.out/TweetDataStore.template.json")
        .is_file());
    let out = run(alone, cwd.path(), &["ls"], &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("tweetbot-app-toolkit is not built: build it with `cargo build -p tweetbot-app --bin tweetbot-app-toolkit`"),
        "{stderr}"
    );
}

/// A stand-in for cargo that records its arguments and environment and reports as built, as
/// `cargo build --message-format=json` does, a wrapper of the toolkit binary that records
/// that it ran (so the executable run is the one cargo named, not the one beside the app).
/// Returns the stand-in and the log both write.
fn recording_cargo(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("cargo.log");
    let wrapper = dir.join("built-toolkit");
    script(
        &wrapper,
        &format!(
            "#!/bin/sh\necho \"toolkit: $*\" >> '{log}'\nexec '{TOOLKIT}' \"$@\"\n",
            log = log.display()
        ),
    );
    let cargo = dir.join("cargo");
    script(
        &cargo,
        &format!(
            "#!/bin/sh\necho \"args: $*\" >> '{log}'\necho \"manifest dir: ${{CARGO_MANIFEST_DIR:-unset}}\" >> '{log}'\n\
             echo '{{\"reason\":\"compiler-artifact\",\"target\":{{\"name\":\"tweetbot-app-toolkit\",\"kind\":[\"bin\"]}},\"executable\":\"{wrapper}\"}}'\n",
            log = log.display(),
            wrapper = wrapper.display()
        ),
    );
    (cargo, log)
}

/// An executable script.
fn script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn under_cargo_run_the_toolkit_binary_is_built_first_without_cargo_runs_variables() {
    let tools = tempfile::tempdir().unwrap();
    let (cargo, log) = recording_cargo(tools.path());
    let cwd = tempfile::tempdir().unwrap();
    let cargo = cargo.to_str().unwrap();
    let manifest_dir = env!("CARGO_MANIFEST_DIR");
    // What `cargo run -p tweetbot-app` gives the program it runs.
    let out = run(
        MAIN,
        cwd.path(),
        &["ls"],
        &[
            ("CARGO", cargo),
            ("CARGO_MANIFEST_DIR", manifest_dir),
            ("CARGO_PKG_NAME", "tweetbot-app"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("TweetBot (depends on TweetDataStore)"));
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        logged,
        "args: build -p tweetbot-app --bin tweetbot-app-toolkit --message-format=json-render-diagnostics --color=never\n\
         manifest dir: unset\n\
         toolkit: ls\n"
    );
    // synth builds no toolkit binary (nor, here, the functions: the stand-in is no cargo).
    std::fs::remove_file(&log).unwrap();
    let out = run(
        MAIN,
        cwd.path(),
        &["synth", "-q", "--no-build"],
        &[("CARGO", cargo), ("CARGO_MANIFEST_DIR", manifest_dir)],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!log.exists());
    // Started by another package's cargo (a test of another crate): the binary beside it.
    let out = run(
        MAIN,
        cwd.path(),
        &["ls"],
        &[("CARGO", cargo), ("CARGO_MANIFEST_DIR", "/elsewhere")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!log.exists());
}
