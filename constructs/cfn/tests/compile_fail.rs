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
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_typed_props.rs");
    t.compile_fail("tests/ui/missing_required_argument.rs");
    t.compile_fail("tests/ui/missing_required_field.rs");
    t.compile_fail("tests/ui/no_default_with_required_properties.rs");
    t.compile_fail("tests/ui/string_for_integer.rs");
    t.compile_fail("tests/ui/string_for_enum.rs");
    t.compile_fail("tests/ui/unknown_enum_value.rs");
}
