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
    // A line runs a command when it is the command as written, with no argument of its own (a
    // redirection or a pipe may follow: `scripts/test.sh --no-run` runs no test), after at
    // most `LOCAL_AWS_PORT=...`, which picks a free port and changes nothing else (a variable
    // that chose another way of running the app would test something else).
    let runs = |command: &str| {
        let wanted: Vec<&str> = command.split_whitespace().collect();
        ci.lines().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let start = words
                .iter()
                .take_while(|w| w.starts_with("LOCAL_AWS_PORT="))
                .count();
            let rest = &words[start..];
            rest.starts_with(&wanted)
                && rest[wanted.len()..]
                    .first()
                    .is_none_or(|w| w.starts_with(['|', '>', '&', ';']) || w.starts_with("2>"))
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
