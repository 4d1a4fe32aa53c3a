//! Property tests (proptest) of the input the Step Functions verbs read: execution input JSON
//! and their command line, mounted on the toolkit's. None may panic; errors say where the
//! problem is.

use cdk_toolkit::cli::{parse_only, NoSettings};
use cdk_toolkit_sfn::{parse_input, NoInput, StepFunctionsVerbs};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn execution_input_never_panics_and_errors_say_where(text in ".{0,64}") {
        if let Err(e) = parse_input(&text, "--input") {
            let msg = e.to_string();
            prop_assert!(msg.contains("line ") && msg.contains("column "), "{}", msg);
        }
    }

    #[test]
    fn the_command_line_never_panics(words in prop::collection::vec(prop_oneof![
        Just("run".to_string()), Just("graph".to_string()), Just("watch".to_string()),
        Just("executions".to_string()), Just("deploy".to_string()), Just("--input".to_string()),
        Just("--progress".to_string()), Just("--max".to_string()), Just("--format".to_string()),
        Just("-o".to_string()), Just("--".to_string()), Just("simulate".to_string()),
        Just("--mock-config".to_string()), Just("--test-case".to_string()),
        Just("--machine".to_string()), Just("--json".to_string()), ".{0,10}",
    ], 0..8)) {
        let mut args = vec!["app".to_string()];
        args.extend(words);
        let _ = parse_only::<NoSettings, StepFunctionsVerbs<NoInput>>(&args);
    }
}

#[test]
fn the_verbs_are_mounted_next_to_the_toolkits() {
    let parse = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_only::<NoSettings, StepFunctionsVerbs<NoInput>>(&args)
    };
    for verbs in [
        &["app", "graph", "--format", "dot"][..],
        &["app", "executions", "--max", "5"],
        &["app", "deploy", "--yes"],
        &["app", "synth"],
        &[
            "app",
            "simulate",
            "--mock-config",
            "m.json",
            "--test-case",
            "T",
            "--json",
        ],
    ] {
        assert!(parse(verbs).is_ok(), "{verbs:?}: {:?}", parse(verbs));
    }
    let without = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_only::<NoSettings, cdk_toolkit::cli::NoVerbs>(&args)
    };
    let err = without(&["app", "graph"]).unwrap_err();
    assert!(err.contains("unrecognized subcommand 'graph'"), "{err}");
}
