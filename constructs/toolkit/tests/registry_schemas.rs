//! The toolkit protects data and adopts retained resources by what `cdk_cfn::registry` says of
//! each type. This checks the registry, for every type, against the resource schemas and the
//! list of stateful types that the pinned cfn-lint ships (the same files AWS's own linter
//! reads), so that a cfn-lint upgrade without regenerating `cdk-cfn` cannot leave the toolkit
//! with stale create-only properties or identifiers. (It replaces the integration test that
//! checked the toolkit's former hand-kept table against the same files.)

use cdk_cfn::registry;
use serde_json::Value;
use test_harness::tool;

fn read(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `/properties/A/B` → `A/B`.
fn paths(schema: &Value, key: &str) -> Vec<String> {
    schema[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|p| p.trim_start_matches("/properties/").to_string())
        .collect()
}

/// What the CloudFormation reference documents as "Update requires: Replacement" and the
/// schemas omit, for types that hold data: the registry adds exactly these.
fn documented_replacing(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "AWS::DynamoDB::Table" => &["KeySchema", "LocalSecondaryIndexes"],
        "AWS::S3::Bucket" => &["ObjectLockEnabled"],
        _ => &[],
    }
}

#[test]
fn the_registry_agrees_with_cfn_lints_schemas_for_every_type() {
    let out = std::process::Command::new(tool("python"))
        .args([
            "-c",
            "import cfnlint, os; print(os.path.dirname(cfnlint.__file__))",
        ])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("data");
    let providers = read(&data.join("schemas/providers/us-east-1.json"));
    let stateful = read(&data.join("AdditionalSpecs/StatefulResources.json"));
    let providers = providers.as_object().expect("a map of type to schema file");
    let mut checked = 0;
    for (type_name, file) in providers {
        let Some(file) = file.as_str() else { continue };
        let schema = read(&data.join(format!("schemas/resources/{file}.json")));
        let info = registry::type_info(type_name).unwrap_or_else(|| {
            panic!("{type_name} is in cfn-lint's schemas but not in the registry")
        });
        let mut create_only = paths(&schema, "createOnlyProperties");
        create_only.extend(
            documented_replacing(type_name)
                .iter()
                .map(|p| p.to_string()),
        );
        assert_eq!(
            info.create_only, create_only,
            "{type_name}: create-only properties"
        );
        assert_eq!(
            info.primary_identifier,
            paths(&schema, "primaryIdentifier"),
            "{type_name}: primary identifier"
        );
        let listed = &stateful["ResourceTypes"][type_name];
        assert_eq!(info.stateful, listed.is_object(), "{type_name}: stateful");
        assert_eq!(
            info.delete_requires_empty,
            listed["DeleteRequiresEmptyResource"] == true,
            "{type_name}: must be emptied before delete"
        );
        checked += 1;
    }
    assert!(checked > 1000, "only {checked} schemas were found");
    // The types the toolkit's own tests lean on.
    assert!(registry::is_create_only("AWS::S3::Bucket", "BucketName"));
    assert!(registry::is_create_only(
        "AWS::DynamoDB::Table",
        "TableName"
    ));
    assert!(registry::is_stateful("AWS::S3::Bucket") && !registry::is_stateful("AWS::SNS::Topic"));
}
