//! Property tests (proptest) of the input the Step Functions verbs read: execution input JSON
//! and their command line, mounted on the toolkit's (with an app's empty settings and input).
//! None may panic; JSON parses exactly when it is JSON, and errors say where the problem is. An
//! app's own input rules and flags are fuzzed with the app: the TweetBot's in
//! `apps/tweetbot-app/tests/fuzz.rs`.

use cdk_toolkit::cli::{parse_only, NoSettings};
use cdk_toolkit_sfn::{parse_input, NoInput, StepFunctionsVerbs};
use proptest::prelude::*;
use serde_json::Value;

/// JSON values of every kind, nested.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Fractions with few significant digits: serde_json (without its float_roundtrip
        // feature) may read a 17-digit float back one unit in the last place off.
        (-1_000_000i64..1_000_000).prop_map(|n| Value::from(n as f64 / 8.0)),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(".{0,6}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The line and column an error names (`... at line 3, column 7: ...`).
fn where_(message: &str) -> Option<(usize, usize)> {
    let after = |key: &str| -> Option<usize> {
        let rest = &message[message.find(key)? + key.len()..];
        rest.split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    Some((after("line ")?, after("column ")?))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn execution_input_never_panics_and_errors_say_where(text in ".{0,64}") {
        if let Err(e) = parse_input(&text, "--input") {
            let msg = e.to_string();
            let (line, column) = where_(&msg).ok_or_else(|| TestCaseError::fail(msg.clone()))?;
            // The place named is in the text (or just past its end).
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!(line >= 1 && line <= lines.len(), "{}", msg);
            prop_assert!(column <= lines[line - 1].chars().count() + 1, "{}", msg);
        }
    }

    /// Any JSON value, written compact or pretty, is read back as it was; the same text cut
    /// short is refused, naming a place within what was given.
    #[test]
    fn execution_input_parses_exactly_json(value in json_value(), pretty in any::<bool>(), cut in any::<prop::sample::Index>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            value.to_string()
        };
        let read = parse_input(&text, "--input");
        prop_assert!(read.is_ok(), "{}: {:?}", text, read);
        let read = read.unwrap();
        prop_assert_eq!(&read, &value, "{}", text);
        if value.is_object() || value.is_array() {
            // Every strict prefix of an object or array is unfinished JSON.
            let mut at = cut.index(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let short = &text[..at];
            let err = parse_input(short, "--input-file in.json").unwrap_err().to_string();
            prop_assert!(err.starts_with("malformed JSON in --input-file in.json at line "), "{}", err);
            let (line, _) = where_(&err).ok_or_else(|| TestCaseError::fail(err.clone()))?;
            prop_assert!(line >= 1 && line <= short.split('\n').count(), "{:?}: {}", short, err);
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
