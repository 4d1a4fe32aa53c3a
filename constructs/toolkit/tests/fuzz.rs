//! Property tests (proptest) of everything that reads untrusted input: the command line and
//! deployed templates read back from CloudFormation (the execution input JSON is fuzzed in
//! `cdk-toolkit-sfn`). None may panic. Failures found are kept by proptest in
//! `tests/fuzz.proptest-regressions` and replayed on every run. The command line here is the
//! toolkit's own, with empty settings; an app's flags and validators are fuzzed with the app
//! (the TweetBot's settings, input flags and input check: `apps/tweetbot-app/tests/fuzz.rs`).

use cdk_toolkit::cli::{parse_only, NoSettings, NoVerbs};
use cdk_toolkit::deploy::protect;
use cdk_toolkit::diff::{diff, IamChanges};
use proptest::prelude::*;
use serde_json::{json, Value};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("Ref"),
            Just("Fn::GetAtt"),
            Just("Fn::Sub"),
            Just("Fn::Join"),
            Just("*"),
            Just("Resources")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("Resources".to_string()),
            Just("Type".to_string()),
            Just("Properties".to_string()),
            Just("PolicyDocument".to_string()),
            Just("Statement".to_string()),
            Just("Action".to_string()),
            Just("Resource".to_string()),
            Just("Ref".to_string()),
            Just("Fn::GetAtt".to_string()),
            Just("Fn::Join".to_string()),
            Just("Fn::Sub".to_string()),
            Just("Metadata".to_string()),
            Just("DeletionPolicy".to_string()),
            Just("TableName".to_string()),
            "[A-Za-z:]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn template_like() -> impl Strategy<Value = Value> {
    let ty = prop_oneof![
        Just("AWS::IAM::Policy"),
        Just("AWS::IAM::Role"),
        Just("AWS::DynamoDB::Table"),
        Just("AWS::Lambda::Permission"),
        Just("AWS::S3::Bucket"),
        Just("AWS::SNS::Topic"),
    ];
    prop::collection::btree_map("[A-Z][a-z]{0,5}", (ty, json_value(), json_value()), 0..5).prop_map(
        |m| {
            let resources: serde_json::Map<String, Value> = m
                .into_iter()
                .map(|(id, (ty, props, meta))| {
                    (
                        id,
                        json!({"Type": ty, "Properties": props, "Metadata": meta}),
                    )
                })
                .collect();
            json!({ "Resources": resources })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reading_deployed_templates_never_panics(old in prop_oneof![json_value(), template_like()], new in template_like()) {
        let d = diff(&old, &new);
        let _ = d.render();
        let _ = IamChanges::between(&old, &new).table();
        let _ = protect::from_templates(&old, &new);
    }

    #[test]
    fn the_command_line_never_panics(words in prop::collection::vec(prop_oneof![
        Just("deploy".to_string()), Just("destroy".to_string()), Just("diff".to_string()), Just("--assembly".to_string()),
        Just("--json".to_string()), Just("-v".to_string()),
        Just("--concurrency".to_string()), Just("--method".to_string()), Just("--input".to_string()),
        Just("--progress".to_string()), Just("--require-approval".to_string()), Just("--max".to_string()),
        Just("--format".to_string()), Just("-o".to_string()), Just("--".to_string()), ".{0,10}",
    ], 0..8)) {
        let mut args = vec!["app".to_string()];
        args.extend(words);
        let _ = parse_only::<NoSettings, NoVerbs>(&args);
    }
}
