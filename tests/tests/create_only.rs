//! The toolkit's list of properties that replace a stateful resource covers every
//! `createOnlyProperties` entry of the resource schemas that the pinned cfn-lint ships.

use cdk_toolkit::deploy::protect::CREATE_ONLY;
use integration_tests::tool;
use serde_json::Value;

#[test]
fn create_only_properties_match_the_resource_schemas() {
    let python = tool("python");
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import cfnlint, os; print(os.path.dirname(cfnlint.__file__))",
        ])
        .output()
        .unwrap();
    let base =
        std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("data/schemas");
    let providers: Value = serde_json::from_str(
        &std::fs::read_to_string(base.join("providers/us-east-1.json")).unwrap(),
    )
    .unwrap();
    for (resource_type, ours) in CREATE_ONLY {
        let hash = providers[resource_type].as_str().unwrap();
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(base.join(format!("resources/{hash}.json"))).unwrap(),
        )
        .unwrap();
        for p in schema["createOnlyProperties"].as_array().unwrap() {
            let name = p.as_str().unwrap().trim_start_matches("/properties/");
            let top = name.split('/').next().unwrap();
            assert!(
                ours.contains(&top),
                "{resource_type}: {top} is create-only in the schema but not in CREATE_ONLY"
            );
        }
    }
}
