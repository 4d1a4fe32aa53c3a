//! What the generated API refuses at compile time: a missing required property (as an
//! argument of `new` or a field of a struct literal), a literal of the wrong type, and a string
//! where a schema enum is expected. One case passes, to show the failures are not a broken
//! setup. Run with `TRYBUILD=overwrite` to rewrite the expected `.stderr` files after a
//! deliberate change of the API or of rustc's messages (and review them).
//!
//! The cases use the `sqs`, `sns` and `dynamodb` services, so the test only runs when those
//! features are enabled (`cargo test -p cdk-cfn --features sqs,sns,dynamodb`, or
//! `cargo test --workspace`, where the integration tests enable them).

#[cfg(all(feature = "sqs", feature = "sns", feature = "dynamodb"))]
#[test]
fn the_typed_api_rejects_what_the_schema_forbids() {
    let cases = std::panic::catch_unwind(|| {
        let t = trybuild::TestCases::new();
        t.pass("tests/ui/pass_typed_props.rs");
        t.compile_fail("tests/ui/missing_required_argument.rs");
        t.compile_fail("tests/ui/missing_required_field.rs");
        t.compile_fail("tests/ui/no_default_with_required_properties.rs");
        t.compile_fail("tests/ui/string_for_integer.rs");
        t.compile_fail("tests/ui/string_for_enum.rs");
        t.compile_fail("tests/ui/unknown_enum_value.rs");
        // The cases run when `t` is dropped.
    });
    if let Err(failure) = cases {
        explain_failed_build();
        std::panic::resume_unwind(failure);
    }
}

/// When a build fails before reaching the cases (a dependency that does not compile, a full
/// disk), trybuild reports every compile-fail case as "succeeded" and keeps cargo's own error
/// to itself: this builds its project again, the same way, and prints what cargo says, with
/// the disk's free space.
#[cfg(all(feature = "sqs", feature = "sns", feature = "dynamodb"))]
fn explain_failed_build() {
    use std::process::Command;
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or(target, Into::into);
    let trybuild = target.join("tests/trybuild");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    match Command::new(cargo)
        .current_dir(trybuild.join("cdk-cfn"))
        .env("CARGO_TARGET_DIR", &trybuild)
        .args([
            "build",
            "--offline",
            "--bins",
            "--keep-going",
            "--color=never",
            "--features",
            "sqs,sns,dynamodb",
        ])
        .output()
    {
        Ok(out) => {
            // The cases' own errors are expected; cargo's last lines say what else failed.
            let stderr = String::from_utf8_lossy(&out.stderr);
            let lines: Vec<&str> = stderr.lines().collect();
            let tail = lines[lines.len().saturating_sub(40)..].join("\n");
            eprintln!(
                "trybuild's project built again ({}), last lines:\n{tail}",
                out.status
            );
        }
        Err(e) => eprintln!("could not run cargo in trybuild's project: {e}"),
    }
    if let Ok(out) = Command::new("df").arg("-h").arg(&target).output() {
        eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
