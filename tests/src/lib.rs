//! Helpers shared by the integration tests: where the pinned external tools are, and how to
//! hand a synthesized state machine definition to asl-validator.

use serde_json::Value;

pub use test_harness::{run_tool, tool, workspace_root};

/// Every state machine definition of a template, with its substitution variables replaced by
/// placeholder values (ARNs for `...Arn` keys, plain names otherwise), as asl-validator needs.
pub fn definitions(template: &Value) -> Vec<(String, Value)> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::StepFunctions::StateMachine")
        .map(|(id, r)| {
            let mut text = r["Properties"]["Definition"].to_string();
            if let Some(subs) = r["Properties"]["DefinitionSubstitutions"].as_object() {
                for key in subs.keys() {
                    let placeholder = if key.ends_with("Arn") {
                        format!("arn:aws:lambda:us-east-1:123456789012:function:{key}")
                    } else {
                        format!("placeholder-{key}")
                    };
                    text = text.replace(&format!("${{{key}}}"), &placeholder);
                }
            }
            (
                id.clone(),
                serde_json::from_str(&text).expect("definition is JSON"),
            )
        })
        .collect()
}
