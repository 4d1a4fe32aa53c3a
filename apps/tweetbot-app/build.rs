//! With the `dylib` feature, the binary finds `libcdk_dylib.so` (next to it in `deps/`) and Rust's
//! `libstd` (in the toolchain) without a library path, so that it also runs outside `cargo run`
//! (tests start it with a clean environment).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_DYLIB").is_none() {
        return;
    }
    // target/<profile>/deps holds the dylib; the binary is there and, uplifted, one level up.
    let mut rpath = vec!["$ORIGIN".to_string(), "$ORIGIN/deps".to_string()];
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = std::env::var("TARGET").unwrap_or_default();
    if let Ok(out) = std::process::Command::new(rustc)
        .args(["--print", "target-libdir"])
        .output()
    {
        let libdir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !libdir.is_empty() && libdir.contains(&target) {
            rpath.push(libdir);
        }
    }
    println!("cargo:rustc-link-arg-bins=-Wl,-rpath,{}", rpath.join(":"));
}
