//! Assets in the cloud assembly: object keys from the prepared hashes, `<Stack>.assets.json`
//! in AWS CDK's format beside the templates, the prepared files copied in, and a warning when
//! an asset was not prepared.

use cdk_core::{assets, App, Asset, AssetSource, CfnResource, Expr, Level, Stack};

fn app() -> (App, Asset, Asset) {
    let app = App::new();
    let stack = Stack::new(&app, "Fns").unwrap();
    let a = Asset::new(&stack, "A", AssetSource::Directory("handler-a".into())).unwrap();
    let b = Asset::new(
        &stack,
        "B",
        AssetSource::RustFunction {
            package: "find-tweet".into(),
            binary: None,
            manifest_dir: None,
        },
    )
    .unwrap();
    for (id, asset) in [("FnA", &a), ("FnB", &b)] {
        let f = CfnResource::new(&stack, id, "AWS::Lambda::Function").unwrap();
        f.set_property(
            "Code",
            Expr::map([
                ("S3Bucket", asset.bucket_name()),
                ("S3Key", asset.object_key()),
            ]),
        );
    }
    (app, a, b)
}

#[test]
fn prepared_assets_name_their_objects_and_are_written_beside_the_templates() {
    let (app, a, b) = app();
    assert_eq!(app.assets().len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("a.zip");
    std::fs::write(&zip, b"PK-bytes").unwrap();
    assets::provide(
        [
            (a.node_path(), assets::PreparedAsset::new("aaaa", &zip)),
            (b.node_path(), assets::PreparedAsset::new("bbbb", &zip)),
        ]
        .into_iter()
        .collect(),
    );
    let assembly = app.synth().unwrap();
    assets::provide(Default::default());
    assert!(assembly.messages.is_empty(), "{:?}", assembly.messages);
    let t = assembly.stack("Fns").unwrap().template();
    assert_eq!(
        t["Resources"]["FnA"]["Properties"]["Code"]["S3Key"],
        "aaaa.zip"
    );
    assert_eq!(
        t["Resources"]["FnB"]["Properties"]["Code"]["S3Bucket"],
        serde_json::json!({"Fn::Sub": "cdk-rs-assets-${AWS::AccountId}-${AWS::Region}"})
    );
    let out = dir.path().join("cdk.out");
    assembly.write_to(&out).unwrap();
    assert_eq!(
        std::fs::read(out.join("asset.aaaa.zip")).unwrap(),
        b"PK-bytes"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("Fns.assets.json")).unwrap())
            .unwrap();
    let entry = &manifest["files"]["bbbb"];
    assert_eq!(entry["source"]["path"], "asset.bbbb.zip");
    assert_eq!(
        entry["destinations"]["current_account-current_region"]["objectKey"],
        "bbbb.zip"
    );
    let cloud: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        cloud["artifacts"]["Fns.assets"]["type"],
        "cdk:asset-manifest"
    );
    assert_eq!(
        cloud["artifacts"]["Fns"]["dependencies"],
        serde_json::json!(["Fns.assets"])
    );
}

#[test]
fn unprepared_assets_get_a_stable_placeholder_and_a_note() {
    let (app, a, _) = app();
    let first = app.synth().unwrap();
    let again = app.synth().unwrap();
    let key = |asm: &cdk_core::CloudAssembly| {
        asm.stack("Fns").unwrap().template()["Resources"]["FnA"]["Properties"]["Code"]["S3Key"]
            .clone()
    };
    assert_eq!(key(&first), key(&again));
    assert!(key(&first).as_str().unwrap().starts_with("unprepared-"));
    // Information, not a warning: leaving assets unbuilt is a choice (`--no-build`), and
    // `synth --strict` must not fail on it; `deploy` refuses it instead.
    assert!(first.messages.iter().all(|m| m.level != Level::Warning));
    let warnings: Vec<&cdk_core::Message> = first
        .messages
        .iter()
        .filter(|m| m.level == Level::Info)
        .collect();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0].path, a.node_path());
    assert!(
        warnings[0].message.contains("a deploy would lack its code"),
        "{}",
        warnings[0]
    );
    // The assembly is complete without the files.
    let dir = tempfile::tempdir().unwrap();
    first.write_to(dir.path()).unwrap();
    assert!(dir.path().join("Fns.assets.json").exists());
}
