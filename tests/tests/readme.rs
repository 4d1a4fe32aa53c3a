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

/// The README's first lines are the two commands a newcomer needs, and `.ci/run` runs both as
/// they are written (after its own environment variables), so CI tests what the README says.
#[test]
fn ci_runs_the_commands_the_readme_starts_with() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let head: Vec<&str> = readme.lines().take(6).collect();
    let block = head
        .join("\n")
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next().map(str::to_string))
        .expect("a sh block in the README's first lines");
    let commands: Vec<&str> = block
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands.len(),
        2,
        "the main job and the tests: {commands:?}"
    );
    assert!(commands[1].contains("test"), "{commands:?}");
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    // A line runs a command when, past `NAME=value` words, it starts with it.
    let runs = |command: &str| {
        ci.lines().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let start = words.iter().take_while(|w| is_assignment(w)).count();
            words[start..].join(" ").starts_with(command)
        })
    };
    for command in &commands {
        assert!(runs(command), ".ci/run does not run `{command}`:\n{ci}");
    }
    let test_script = std::fs::read_to_string(root.join(commands[1])).unwrap();
    assert!(
        test_script.contains("exec cargo test --workspace"),
        "{test_script}"
    );
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
    })
}
