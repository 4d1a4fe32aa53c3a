//! Rust functions: the package's sources (and its path dependencies', the part of the
//! workspace's lock file it depends on, the workspace's profiles and the compiler's version)
//! give the hash; a zip already in the cache under that hash is
//! reused, else `cargo lambda build` builds the binary and it is zipped as `bootstrap`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cdk_core::assets::PreparedAsset;

use super::fingerprint::{feed_directory, hash_parts};
use super::packages::{cargo_metadata, package_dirs, Package};
use super::zip::zip_bootstrap;
use super::{AssetError, PrepareOptions};

/// What the hash of a Rust function's build covers beyond its sources: the target it is built
/// for. Changing how functions are built changes this, and so every hash.
const BUILD_RECIPE: &str = "cargo-lambda --release --x86-64 (provided.al2023)";

/// The recipe of [`RustBuild::Quick`]: cargo's release profile (opt-level 3) without
/// cargo-lambda's link-time optimization and single codegen unit; panics abort and symbols
/// are stripped, as in the release recipe.
const QUICK_RECIPE: &str =
    "cargo-lambda --release --disable-optimizations panic=abort strip=symbols --x86-64 (provided.al2023)";

/// How Rust functions are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RustBuild {
    /// cargo-lambda's release build: thin LTO, one codegen unit, panic=abort, stripped (the
    /// default, for deploys).
    Release,
    /// For `deploy --hotswap` and `--watch`: the release profile without LTO and with cargo's
    /// codegen units (panic=abort and stripped too); an edit rebuilds in about a quarter of the
    /// time (4 s against 18 s for Generate Message). Its own hash: a deploy with the release
    /// build builds the function again.
    Quick,
}

static QUICK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Chooses how this process builds Rust functions from now on.
pub fn set_rust_build(build: RustBuild) {
    QUICK.store(
        build == RustBuild::Quick,
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// How this process builds Rust functions.
pub fn rust_build() -> RustBuild {
    if QUICK.load(std::sync::atomic::Ordering::Relaxed) {
        RustBuild::Quick
    } else {
        RustBuild::Release
    }
}

/// What every Rust function of one preparation shares: the workspace's packages and the
/// compiler's version, asked once.
pub(crate) struct Workspace {
    root: PathBuf,
    /// The directory cargo was asked in.
    asked_in: PathBuf,
    packages: Vec<Package>,
    rustc: String,
}

fn metadata(base: &Path) -> Result<Workspace, AssetError> {
    // The compiler's version is asked at the same time (each question costs a process through
    // rustup's proxy, about 25 ms here).
    let rustc = RustcVersion::ask();
    let v = cargo_metadata(base)?;
    let root = PathBuf::from(v["workspace_root"].as_str().unwrap_or("."));
    let packages = super::packages::packages(&v);
    Ok(Workspace {
        root,
        asked_in: base.to_path_buf(),
        packages,
        rustc: rustc.answer(),
    })
}

impl Workspace {
    /// The workspace containing `dir`.
    pub(crate) fn of(dir: &Path) -> Result<Workspace, AssetError> {
        metadata(dir)
    }

    /// Whether this is the workspace asked for `dir`.
    pub(crate) fn is_of(&self, dir: &Path) -> bool {
        self.asked_in == dir
    }

    /// Whether this workspace has `package` in `dir`.
    pub(crate) fn has_package_in(&self, package: &str, dir: &Path) -> bool {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        self.packages.iter().any(|p| {
            p.name == package && p.dir.canonicalize().unwrap_or_else(|_| p.dir.clone()) == dir
        })
    }
}

/// The root of the workspace containing `dir`, found without asking cargo (a `cargo metadata`
/// costs about 25 ms, and every synth needs this for the zip cache): the nearest directory at or
/// above `dir` whose `Cargo.toml` has a `[workspace]` table, else the nearest with a
/// `Cargo.toml` (a package that is its own workspace).
pub(crate) fn workspace_root(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    let mut package = None;
    for d in dir.ancestors() {
        let Ok(text) = std::fs::read_to_string(d.join("Cargo.toml")) else {
            continue;
        };
        if text
            .parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("workspace"))
        {
            return Some(d.to_path_buf());
        }
        package.get_or_insert_with(|| d.to_path_buf());
    }
    package
}

/// The package's directory and those of its path dependencies, transitively, sorted.
fn source_dirs(ws: &Workspace, package: &str) -> Result<Vec<PathBuf>, AssetError> {
    package_dirs(&ws.packages, package).ok_or_else(|| {
        let known: Vec<&str> = ws.packages.iter().map(|p| p.name.as_str()).collect();
        AssetError::Tool(format!(
            "no package {package:?} in the workspace at {}; its packages are: {}",
            ws.root.display(),
            known.join(", ")
        ))
    })
}

/// `rustc -V`, running while the caller does something else.
struct RustcVersion(Option<std::process::Child>);

impl RustcVersion {
    fn ask() -> RustcVersion {
        RustcVersion(
            Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
                .arg("-V")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .ok(),
        )
    }

    /// Its answer (empty when rustc cannot be run: the build itself will say why).
    fn answer(self) -> String {
        self.0
            .and_then(|child| child.wait_with_output().ok())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    }
}

/// `cargo-lambda`: on PATH, or in the project's tool environment.
fn cargo_lambda(root: &Path) -> Result<(PathBuf, Option<PathBuf>), AssetError> {
    let venv_bin = root.join(".tools/venv/bin");
    if venv_bin.join("cargo-lambda").exists() {
        return Ok((venv_bin.join("cargo-lambda"), Some(venv_bin)));
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("cargo-lambda"))
        .find(|p| p.exists());
    on_path.map(|p| (p, None)).ok_or_else(|| {
        AssetError::Tool(
            "cargo-lambda is not installed, and Rust functions are built with it: run scripts/setup-tools.sh (it installs the pinned cargo-lambda and ziglang), or synthesize with --no-build".into(),
        )
    })
}

pub(crate) fn prepare(
    ws: &Workspace,
    package: &str,
    binary: Option<&str>,
    options: &PrepareOptions,
) -> Result<PreparedAsset, AssetError> {
    let dirs = source_dirs(ws, package)?;
    let binary = binary.unwrap_or(package);
    let lock = ws.root.join("Cargo.lock");
    if !lock.exists() {
        // The build would write it, and so change the hash of the next run: write it first.
        let out = crate::cargo::command(crate::cargo::program())
            .args(["generate-lockfile", "--offline"])
            .current_dir(&ws.root)
            .output()
            .map_err(|e| AssetError::Tool(format!("cannot run cargo generate-lockfile: {e}")))?;
        if !out.status.success() {
            return Err(AssetError::Tool(format!(
                "cargo generate-lockfile failed in {}: {}",
                ws.root.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
    }
    // What the build takes from the lock file and the workspace's profiles; the rest of them
    // (other crates' dependencies) does not change this function's binary.
    let locked = super::lock::closure(&lock, package)?;
    let profiles = workspace_profiles(&ws.root)?;
    let hash = hash_parts(|h| {
        use sha2::Digest;
        h.update(match rust_build() {
            RustBuild::Quick => QUICK_RECIPE.as_bytes(),
            _ => BUILD_RECIPE.as_bytes(),
        });
        h.update(ws.rustc.as_bytes());
        h.update(binary.as_bytes());
        for d in &dirs {
            h.update(
                d.strip_prefix(&ws.root)
                    .unwrap_or(d)
                    .to_string_lossy()
                    .as_bytes(),
            );
            feed_directory(h, d)?;
        }
        for line in &locked {
            h.update(line.as_bytes());
            h.update([b'\n']);
        }
        h.update(profiles.as_bytes());
        Ok(())
    })?;
    let zip = options.cache_dir.join(format!("{hash}.zip"));
    if zip.exists() {
        return Ok(PreparedAsset::new(hash, zip));
    }
    // One build and zip at a time per workspace: two processes building the same package
    // write the same target/lambda/<bin>/bootstrap, and one could zip it while the other
    // rewrites it. The one that waited finds the zip made.
    let build_dir = ws.root.join("target/lambda-build");
    std::fs::create_dir_all(&build_dir).map_err(|e| AssetError::io(&build_dir, e))?;
    let lock_path = build_dir.join(".cdk-assets.lock");
    let lock = std::fs::File::create(&lock_path).map_err(|e| AssetError::io(&lock_path, e))?;
    lock.lock().map_err(|e| AssetError::io(&lock_path, e))?;
    if zip.exists() {
        return Ok(PreparedAsset::new(hash, zip));
    }
    let (tool, venv_bin) = cargo_lambda(&ws.root)?;
    let lambda_dir = ws.root.join("target/lambda");
    let mut cmd = crate::cargo::command(&tool);
    cmd.args([
        "lambda",
        "build",
        "--release",
        "--x86-64",
        "--package",
        package,
        "--bin",
        binary,
    ])
    .args(if rust_build() == RustBuild::Quick {
        &["--disable-optimizations"][..]
    } else {
        &[]
    })
    .arg("--lambda-dir")
    .arg(&lambda_dir)
    .current_dir(&ws.root)
    // Its own target dir: a release cross build shares nothing with the debug builds, and
    // never waits on their lock. (cargo-lambda passes --target-dir on to cargo metadata,
    // which refuses it.)
    .env("CARGO_TARGET_DIR", ws.root.join("target/lambda-build"));
    if rust_build() == RustBuild::Quick {
        cmd.env("CARGO_PROFILE_RELEASE_PANIC", "abort")
            .env("CARGO_PROFILE_RELEASE_STRIP", "symbols");
    }
    // cargo-zigbuild writes its compiler and linker wrappers under the user's cache directory
    // (~/.cache), and cargo fingerprints their paths: under another HOME (a CI job, a test, a
    // container) every crate would be built again. Keep them, and zig's own cache, beside the
    // build unless the user chose otherwise (scripts' build.sh does the same).
    for (var, dir) in [
        ("CARGO_ZIGBUILD_CACHE_DIR", "target/lambda-build/zigbuild"),
        ("ZIG_GLOBAL_CACHE_DIR", "target/lambda-build/zig-cache"),
    ] {
        if std::env::var_os(var).is_none() {
            cmd.env(var, ws.root.join(dir));
        }
    }
    if let Some(bin) = venv_bin {
        // cargo-lambda finds zig as `python3 -m ziglang`, in the same environment.
        let path = std::env::var_os("PATH").unwrap_or_default();
        let joined = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
            .map_err(|e| AssetError::Tool(e.to_string()))?;
        cmd.env("PATH", joined);
    }
    let out = cmd
        .output()
        .map_err(|e| AssetError::Tool(format!("cannot run {}: {e}", tool.display())))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        return Err(AssetError::Build {
            package: package.to_string(),
            output: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    let built = lambda_dir.join(binary).join("bootstrap");
    zip_bootstrap(&built, &zip)?;
    Ok(PreparedAsset::new(hash, zip))
}

/// The workspace manifest's `[profile]` tables (how release builds are made), as text.
fn workspace_profiles(root: &Path) -> Result<String, AssetError> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| AssetError::io(&manifest, e))?;
    let value: toml::Table = toml::from_str(&text).map_err(|e| {
        AssetError::Tool(format!(
            "cannot read {}: {}",
            manifest.display(),
            e.message()
        ))
    })?;
    Ok(value
        .get("profile")
        .map(ToString::to_string)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_knows_the_compilers_version_its_hashes_cover() {
        let ws = Workspace::of(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(ws.rustc.starts_with("rustc "), "{:?}", ws.rustc);
        assert!(ws.packages.iter().any(|p| p.name == "cdk-toolkit"));
        // Found without cargo, the same root as cargo's, from a package or a folder inside it.
        assert_eq!(
            workspace_root(Path::new(env!("CARGO_MANIFEST_DIR"))),
            Some(ws.root.clone())
        );
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/assets");
        assert_eq!(workspace_root(&src), Some(ws.root));
    }

    #[test]
    fn a_package_outside_any_workspace_is_its_own_root() {
        let dir = tempfile::tempdir().unwrap();
        let package = dir.path().join("lonely");
        std::fs::create_dir_all(package.join("src")).unwrap();
        std::fs::write(
            package.join("Cargo.toml"),
            "[package]\nname = \"lonely\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        assert_eq!(workspace_root(&package.join("src")), Some(package.clone()));
        // A package inside it is its own root too: only a `[workspace]` table makes an outer
        // directory the root.
        let inner = package.join("inner");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(
            inner.join("Cargo.toml"),
            "[package]\nname = \"inner\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        assert_eq!(workspace_root(&inner), Some(inner.clone()));
        // A workspace above it wins, as for cargo.
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"lonely\"]\n",
        )
        .unwrap();
        assert_eq!(
            workspace_root(&package.join("src")),
            Some(dir.path().to_path_buf())
        );
    }
}
