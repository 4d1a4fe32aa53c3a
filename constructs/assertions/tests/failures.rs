//! What the assertions say when a template does not match.

use std::panic::{catch_unwind, AssertUnwindSafe};

use cdk_assertions::{Match, Template};
use serde_json::json;

fn message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion fails");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn template() -> Template {
    Template::from_json(json!({
        "Resources": {
            "Small": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.13", "Timeout": 3, "MemorySize": 128}},
            "Big": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.13", "Timeout": 30, "MemorySize": 1024}},
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}, "DeletionPolicy": "Retain"}
        },
        "Outputs": {
            "Name": {"Value": {"Ref": "Table"}, "Export": {"Name": "Data:TableName"}}
        }
    }))
}

#[test]
fn the_closest_candidate_and_each_difference_are_shown() {
    let t = template();
    let msg = message(|| {
        t.has_resource_properties(
            "AWS::Lambda::Function",
            json!({"Timeout": 30, "MemorySize": 128, "Runtime": "nodejs22.x"}),
        )
    });
    assert!(
        msg.starts_with(
            "none of the 2 resource(s) of type AWS::Lambda::Function matches; the closest is"
        ),
        "{msg}"
    );
    // Small differs in one field, Big in two: Small is the closest.
    assert!(msg.contains("the closest is Small:"), "{msg}");
    assert!(
        msg.contains("at /Properties/Timeout: expected 30, found 3"),
        "{msg}"
    );
    assert!(
        msg.contains("at /Properties/Runtime: expected \"nodejs22.x\", found \"python3.13\""),
        "{msg}"
    );
}

#[test]
fn counts_missing_types_outputs_and_exports() {
    let t = template();
    assert_eq!(
        message(|| t.resource_count_is("AWS::Lambda::Function", 3)),
        "expected 3 resource(s) of type AWS::Lambda::Function, found 2"
    );
    assert_eq!(
        message(|| t.has_resource_properties("AWS::SQS::Queue", json!({}))),
        "the template has no resource of type AWS::SQS::Queue"
    );
    let msg = message(|| {
        t.has_output(
            "Name",
            Match::object_like([("Value", json!({"Ref": "Other"}).into())]),
        )
    });
    assert_eq!(
        msg,
        "output Name does not match:\n  at /Value/Ref: expected \"Other\", found \"Table\""
    );
    assert_eq!(
        message(|| t.has_export("Data:Other")),
        "no output is exported as Data:Other"
    );
    assert_eq!(
        message(|| t.has_output("Missing", Match::any_value())),
        "output Missing does not match:\n  at /: missing"
    );
}

#[test]
fn passing_assertions_and_finders() {
    let t = template();
    t.resource_count_is("AWS::Lambda::Function", 2);
    t.has_resource("AWS::DynamoDB::Table", json!({"DeletionPolicy": "Retain"}));
    t.has_export("Data:TableName");
    let big = t.find_resources(
        "AWS::Lambda::Function",
        json!({"Properties": {"MemorySize": 1024}}),
    );
    assert_eq!(big.keys().collect::<Vec<_>>(), ["Big"]);
    assert_eq!(
        t.find_outputs(Match::object_like([("Export", Match::any_value())]))
            .len(),
        1
    );
}
