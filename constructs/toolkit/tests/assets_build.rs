//! Preparing assets for real: a directory is zipped and hashed by its contents; a Rust function
//! is built with cargo-lambda (the pinned one in the project's tools) only when its sources
//! change, and the same sources give the same hash.

use std::path::Path;

use cdk_core::AssetSource;
use cdk_toolkit::assets::{prepare, PrepareOptions};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_directory_asset_is_hashed_by_its_contents_and_zipped_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("app/handler/index.py"),
        "def handler(e, c): return e\n",
    );
    let options = PrepareOptions {
        cache_dir: dir.path().join("cache"),
        base_dir: dir.path().join("app"),
    };
    let assets = vec![(
        "S/Fn/Code".to_string(),
        AssetSource::Directory("handler".into()),
    )];
    let first = prepare(&assets, &options).unwrap();
    let a = &first["S/Fn/Code"];
    assert!(a.file.starts_with(&options.cache_dir) && a.file.exists());
    let modified = std::fs::metadata(&a.file).unwrap().modified().unwrap();
    let again = prepare(&assets, &options).unwrap();
    assert_eq!(again["S/Fn/Code"], *a, "same contents, same hash and file");
    assert_eq!(
        std::fs::metadata(&a.file).unwrap().modified().unwrap(),
        modified,
        "not zipped again"
    );
    write(
        &dir.path().join("app/handler/index.py"),
        "def handler(e, c): return {}\n",
    );
    assert_ne!(
        prepare(&assets, &options).unwrap()["S/Fn/Code"].hash,
        a.hash
    );
    let missing = vec![(
        "S/Fn/Code".to_string(),
        AssetSource::Directory("nope".into()),
    )];
    let err = prepare(&missing, &options).unwrap_err().to_string();
    assert!(
        err.contains("nope") && err.contains("not a directory"),
        "{err}"
    );
}

/// A workspace of one binary package, in `dir`.
fn tiny_workspace(dir: &Path, message: &str) {
    write(
        &dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"hello\"]\nresolver = \"2\"\n",
    );
    write(
        &dir.join("hello/Cargo.toml"),
        "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        &dir.join("hello/src/main.rs"),
        &format!("fn main() {{ println!(\"{message}\"); }}\n"),
    );
}

#[test]
fn a_rust_function_is_built_once_per_source_change_with_cargo_lambda() {
    let root = test_harness::workspace_root();
    assert!(
        root.join(".tools/venv/bin/cargo-lambda").exists(),
        "cargo-lambda is not installed: run scripts/setup-tools.sh"
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    tiny_workspace(&ws, "hello");
    // The project's tools, as a user's workspace would have them.
    std::fs::create_dir_all(ws.join(".tools")).unwrap();
    std::os::unix::fs::symlink(root.join(".tools/venv"), ws.join(".tools/venv")).unwrap();
    let options = PrepareOptions {
        cache_dir: dir.path().join("cache"),
        base_dir: ws.clone(),
    };
    let assets = vec![(
        "S/Fn/Code".to_string(),
        AssetSource::RustFunction {
            package: "hello".into(),
            binary: None,
            manifest_dir: None,
        },
    )];
    let first = prepare(&assets, &options).unwrap()["S/Fn/Code"].clone();
    let zip = std::fs::read(&first.file).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), 1);
    assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "bootstrap");
    let built = ws.join("target/lambda/hello/bootstrap");
    let built_at = std::fs::metadata(&built).unwrap().modified().unwrap();

    // Nothing changed: the same hash, and cargo-lambda is not run again.
    let second = prepare(&assets, &options).unwrap()["S/Fn/Code"].clone();
    assert_eq!(second, first);
    assert_eq!(
        std::fs::metadata(&built).unwrap().modified().unwrap(),
        built_at
    );

    // cargo-zigbuild's wrappers were put beside the build, not under the user's HOME: cargo
    // fingerprints their paths, so a build under another HOME would rebuild every crate.
    if std::env::var_os("CARGO_ZIGBUILD_CACHE_DIR").is_none() {
        assert!(ws.join("target/lambda-build/zigbuild").is_dir());
    }

    // The package named by its directory is found from any directory the app runs in.
    let elsewhere = PrepareOptions {
        cache_dir: options.cache_dir.clone(),
        base_dir: dir.path().to_path_buf(),
    };
    let by_dir = |manifest_dir: std::path::PathBuf| {
        vec![(
            "S/Fn/Code".to_string(),
            AssetSource::RustFunction {
                package: "hello".into(),
                binary: None,
                manifest_dir: Some(manifest_dir),
            },
        )]
    };
    assert_eq!(
        prepare(&by_dir(ws.join("hello")), &elsewhere).unwrap()["S/Fn/Code"],
        first
    );
    let err = prepare(&by_dir(dir.path().join("moved")), &elsewhere)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the Rust package hello is not at") && err.contains("no Cargo.toml there"),
        "{err}"
    );

    // A package the function does not reach, added to the lock file: the same hash, no build.
    let lock = ws.join("Cargo.lock");
    let mut locked = std::fs::read_to_string(&lock).unwrap();
    locked.push_str(
        "\n[[package]]\nname = \"unrelated\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"00\"\n",
    );
    std::fs::write(&lock, locked).unwrap();
    assert_eq!(prepare(&assets, &options).unwrap()["S/Fn/Code"], first);
    assert_eq!(
        std::fs::metadata(&built).unwrap().modified().unwrap(),
        built_at
    );

    // One build and zip at a time: while another process holds the build lock, a preparation
    // waits, then takes the zip that process made instead of building its own.
    std::fs::remove_file(&first.file).unwrap();
    let held = std::fs::File::create(ws.join("target/lambda-build/.cdk-assets.lock")).unwrap();
    held.lock().unwrap();
    let waiting = {
        let (assets, options) = (assets.clone(), options.clone());
        std::thread::spawn(move || prepare(&assets, &options))
    };
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert!(!waiting.is_finished(), "it waits for the lock");
    std::fs::write(&first.file, b"made by the other process").unwrap();
    drop(held);
    let taken = waiting.join().unwrap().unwrap()["S/Fn/Code"].clone();
    assert_eq!(taken, first);
    assert_eq!(
        std::fs::read(&first.file).unwrap(),
        b"made by the other process"
    );
    std::fs::remove_file(&first.file).unwrap();

    // The workspace's release profile is part of how the function is built: a new hash.
    let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    write(
        &ws.join("Cargo.toml"),
        &format!("{manifest}\n[profile.release]\nopt-level = \"s\"\n"),
    );
    assert_ne!(
        prepare(&assets, &options).unwrap()["S/Fn/Code"].hash,
        first.hash
    );

    // An edit: a new hash and a new build.
    tiny_workspace(&ws, "hello, edited");
    let third = prepare(&assets, &options).unwrap()["S/Fn/Code"].clone();
    assert_ne!(third.hash, first.hash);
    assert!(std::fs::read(&built)
        .unwrap()
        .windows(13)
        .any(|w| w == b"hello, edited"));

    // A build error names the package and shows cargo's message.
    write(
        &ws.join("hello/src/main.rs"),
        "fn main() { not_a_function(); }\n",
    );
    let err = prepare(&assets, &options).unwrap_err().to_string();
    assert!(
        err.contains("building the Rust function hello failed"),
        "{err}"
    );
    assert!(err.contains("not_a_function"), "{err}");
    // An unknown package is named with the ones there are.
    let unknown = vec![(
        "S/Fn/Code".to_string(),
        AssetSource::RustFunction {
            package: "nope".into(),
            binary: None,
            manifest_dir: None,
        },
    )];
    let err = prepare(&unknown, &options).unwrap_err().to_string();
    assert!(
        err.contains("no package \"nope\"") && err.contains("hello"),
        "{err}"
    );
}
