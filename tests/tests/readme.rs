//! The README's diagram is the TweetBot as it is synthesized now.

use std::collections::HashMap;

use cdk_toolkit_sfn::graph::{to_mermaid, Graph};
use integration_tests::workspace_root;
use tweetbot_app::{build, Settings};

#[test]
fn the_readme_diagram_is_current() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let template = &assembly.stack("TweetBot").unwrap().template();
    let definition = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::StepFunctions::StateMachine")
        .map(|r| &r["Properties"]["Definition"])
        .unwrap();
    let expected = to_mermaid(&Graph::from_definition(definition, &HashMap::new()));
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let block = readme
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a mermaid block");
    assert_eq!(
        block, expected,
        "regenerate it with `cargo run -p tweetbot-app -- graph`"
    );
}
