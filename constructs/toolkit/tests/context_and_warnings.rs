//! `--context` and `cdk.context.json` reach the app's nodes (the command line wins), warnings
//! are printed by `synth`, and `synth --strict` fails on them without writing anything.
//! One test in its own process: it changes the working directory.

use std::process::ExitCode;

use cdk_core::{App, CfnResource, Construct, Stack};
use cdk_toolkit::cli::{run_from, NoSettings, NoVerbs};

fn build(_: &NoSettings) -> anyhow::Result<App> {
    let app = App::new();
    let stack = Stack::new(&app, "Ctx")?;
    let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic")?;
    let stage = stack.node().try_get_context("stage");
    let size = stack.node().try_get_context("size");
    topic.set_property("DisplayName", format!("{stage:?}/{size:?}"));
    if stage.is_none() {
        topic.node().add_warning("no stage given");
    }
    Ok(app)
}

#[test]
fn context_reaches_the_app_and_strict_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    std::fs::write("cdk.context.json", r#"{"stage": "beta", "size": 3}"#).unwrap();
    let synth = |extra: &[&str], out: &str| -> ExitCode {
        let mut args = vec!["ctx-app"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["synth", "-q", "-o", out]);
        run_from::<NoSettings, NoVerbs>("ctx-app", args, build)
    };
    let template = |out: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(format!("{out}/Ctx.template.json")).unwrap())
            .unwrap()
    };

    assert_eq!(synth(&[], "a"), ExitCode::SUCCESS);
    assert_eq!(
        template("a")["Resources"]["Topic"]["Properties"]["DisplayName"],
        "Some(String(\"beta\"))/Some(Number(3))"
    );
    assert_eq!(synth(&["-c", "stage=prod"], "b"), ExitCode::SUCCESS);
    assert_eq!(
        template("b")["Resources"]["Topic"]["Properties"]["DisplayName"],
        "Some(String(\"prod\"))/Some(Number(3))"
    );

    // Without a stage the app warns: synth writes anyway; --strict fails and writes nothing.
    std::fs::write("cdk.context.json", "{}").unwrap();
    assert_eq!(synth(&[], "c"), ExitCode::SUCCESS);
    assert!(std::path::Path::new("c/manifest.json").exists());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("c/manifest.json").unwrap()).unwrap();
    assert_eq!(
        manifest["artifacts"]["Ctx"]["metadata"]["/Ctx/Topic"][1],
        serde_json::json!({"type": "aws:cdk:warning", "data": "no stage given"})
    );
    assert_eq!(
        run_from::<NoSettings, NoVerbs>(
            "ctx-app",
            ["ctx-app", "synth", "--strict", "-o", "d"],
            build
        ),
        ExitCode::FAILURE
    );
    assert!(
        !std::path::Path::new("d").exists(),
        "--strict wrote nothing"
    );

    // A broken context file is an error naming it, not a panic.
    std::fs::write("cdk.context.json", "{").unwrap();
    assert_eq!(synth(&[], "e"), ExitCode::FAILURE);
}
