//! References between stacks, stable logical IDs, and the cloud assembly on disk.

use cdk_aws::dynamodb::{Attribute, Table, TableProps};
use cdk_core::{App, CfnResource, Stack};
use tweetbot_app::{build, Settings};

#[test]
fn a_reference_across_stacks_becomes_an_export_and_an_import() {
    let app = App::new();
    let data = Stack::new(&app, "Data").unwrap();
    let table = Table::new(&data, "Table", TableProps::new(Attribute::string("id"))).unwrap();
    let use_stack = Stack::new(&app, "User").unwrap();
    let param = CfnResource::new(&use_stack, "Param", "AWS::SSM::Parameter").unwrap();
    param.set_property("Type", "String");
    param.set_property("Value", table.table_arn());
    let assembly = app.synth().unwrap();

    let producer = &assembly.stack("Data").unwrap().template();
    let outputs = producer["Outputs"].as_object().unwrap();
    assert_eq!(outputs.len(), 1);
    let (id, output) = outputs.iter().next().unwrap();
    let lid = table.resource().logical_id();
    assert_eq!(output["Value"]["Fn::GetAtt"][0], lid);
    assert_eq!(output["Export"]["Name"], format!("Data:{id}"));

    let consumer = assembly.stack("User").unwrap();
    assert_eq!(
        consumer.template()["Resources"]["Param"]["Properties"]["Value"]["Fn::ImportValue"],
        format!("Data:{id}")
    );
    assert_eq!(consumer.dependencies, ["Data"]);
    let order: Vec<&str> = assembly
        .deployment_order()
        .iter()
        .map(|s| s.stack_name.as_str())
        .collect();
    assert_eq!(order, ["Data", "User"]);
}

#[test]
fn references_within_a_stack_stay_local() {
    let app = App::new();
    let stack = Stack::new(&app, "One").unwrap();
    let table = Table::new(&stack, "Table", TableProps::new(Attribute::string("id"))).unwrap();
    let param = CfnResource::new(&stack, "Param", "AWS::SSM::Parameter").unwrap();
    param.set_property("Value", table.table_name());
    param.set_property("Type", "String");
    let s = app.synth().unwrap();
    let t = &s.stack("One").unwrap().template();
    assert_eq!(
        t["Resources"]["Param"]["Properties"]["Value"]["Ref"],
        table.resource().logical_id()
    );
    assert!(t.get("Outputs").is_none());
}

#[test]
fn logical_ids_do_not_change_when_unrelated_constructs_are_added() {
    let ids = |extra: bool| {
        let app = App::new();
        let s = Stack::new(&app, "S").unwrap();
        if extra {
            CfnResource::new(&s, "Before", "AWS::SNS::Topic").unwrap();
            Table::new(&s, "Another", TableProps::new(Attribute::string("k"))).unwrap();
        }
        let t = Table::new(&s, "Tweets", TableProps::new(Attribute::string("id"))).unwrap();
        t.resource().logical_id()
    };
    assert_eq!(ids(false), ids(true));
    assert!(ids(false).starts_with("Tweets"));
}

#[test]
fn tweetbot_logical_ids_are_stable_across_settings() {
    let a = build(&Settings::default()).unwrap().synth().unwrap();
    let b = build(&Settings {
        wait: cdk_core::Duration::seconds(3),
        table_name: "x-table".into(),
        ..Settings::default()
    })
    .unwrap()
    .synth()
    .unwrap();
    for name in ["TweetDataStore", "TweetBot"] {
        let ka: Vec<&String> = a.stack(name).unwrap().template()["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        let kb: Vec<&String> = b.stack(name).unwrap().template()["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(ka, kb);
    }
}

#[test]
fn the_assembly_directory_has_templates_manifest_and_tree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Stale.template.json"), "{}").unwrap();
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let written = assembly.write_to(dir.path()).unwrap();
    let mut names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The TweetBot's functions are Rust assets: its stack has an asset manifest (AWS CDK's
    // format); the data store has no assets, so none.
    assert_eq!(
        names,
        [
            "TweetBot.assets.json",
            "TweetBot.template.json",
            "TweetDataStore.template.json",
            "cdk.out",
            "manifest.json",
            "tree.json"
        ]
    );
    assert!(
        !dir.path().join("Stale.template.json").exists(),
        "stale templates are removed"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["artifacts"]["TweetBot"]["dependencies"][0],
        "TweetDataStore"
    );
    assert_eq!(
        manifest["artifacts"]["TweetBot"]["properties"]["templateFile"],
        "TweetBot.template.json"
    );
    let tree: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("tree.json")).unwrap())
            .unwrap();
    let machine = &tree["tree"]["children"]["TweetBot"]["children"]["StateMachine"];
    assert_eq!(machine["path"], "TweetBot/StateMachine");
    assert_eq!(
        machine["children"]["Resource"]["attributes"]["aws:cdk:cloudformation:type"],
        "AWS::StepFunctions::StateMachine"
    );
    let on_disk = std::fs::read_to_string(dir.path().join("TweetBot.template.json")).unwrap();
    assert_eq!(on_disk, assembly.stack("TweetBot").unwrap().template_json);
}

#[test]
fn writing_into_a_file_path_fails_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let err = assembly.write_to(&file).unwrap_err().to_string();
    assert!(
        err.contains("cannot write the cloud assembly to") && err.contains("not-a-dir"),
        "{err}"
    );
}
