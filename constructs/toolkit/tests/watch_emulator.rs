//! `deploy --watch` on the local AWS, driven in this process through the CLI (`run_from`): an
//! app with one Lambda function whose code is an asset directory is deployed by the first round
//! (`--hotswap-fallback`: the stack is new), then an edit of the handler's file starts a second
//! round that builds the asset again and hotswaps the function's code (UpdateFunctionCode), with
//! no change set nor stack operation; `--watch-rounds 2` ends the watch after it, exit code 0.
//! A second watch, with nothing changed, is ended by Ctrl-C (SIGINT) while it waits: exit 0.
//!
//! (An edit to the app's own sources rebuilds the app with cargo and runs the new binary; that
//! path is tested in parts, in `cli/watch.rs`: which package is rebuilt, the command lines, what
//! each change calls for.)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cdk_core::{App, Asset, AssetSource, CfnResource, Expr, Stack};
use cdk_toolkit::cli::{run_from, NoSettings, NoVerbs};
use indexmap::IndexMap;
use test_harness::LocalAws;

/// The app: a role and a function whose code is the directory `handler`.
fn app(handler: &Path) -> anyhow::Result<App> {
    let app = App::new();
    let stack = Stack::new(&app, "WatchDemo")?;
    let role = CfnResource::new(&stack, "Role", "AWS::IAM::Role")?;
    role.set_property(
        "AssumeRolePolicyDocument",
        serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    );
    let asset = Asset::new(
        &stack,
        "Code",
        AssetSource::Directory(handler.to_path_buf()),
    )?;
    let function = CfnResource::new(&stack, "Handler", "AWS::Lambda::Function")?;
    let code: IndexMap<String, Expr> = [
        ("S3Bucket".to_string(), asset.bucket_name()),
        ("S3Key".to_string(), asset.object_key()),
    ]
    .into_iter()
    .collect();
    function.set_property("Code", code);
    function.set_property("Handler", "index.handler");
    function.set_property("Runtime", "python3.12");
    function.set_property("Role", role.get_att("Arn"));
    Ok(app)
}

fn cli(out: &Path, handler: &Path, args: &[&str]) -> String {
    let mut argv = vec!["watch-demo", "-o", out.to_str().unwrap()];
    argv.extend_from_slice(args);
    let handler = handler.to_path_buf();
    let code = run_from::<NoSettings, NoVerbs>("watch-demo", argv, move |_| app(&handler));
    format!("{code:?}")
}

fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn an_edit_of_an_asset_starts_a_round_that_hotswaps_the_function() {
    let aws = LocalAws::start();
    // The CLI reads the AWS settings from the environment; this is the only test of this file.
    for (k, v) in aws.env() {
        std::env::set_var(k, v);
    }
    std::env::remove_var("AWS_PROFILE");
    let dir = tempfile::tempdir().unwrap();
    let handler: PathBuf = dir.path().join("handler");
    std::fs::create_dir_all(&handler).unwrap();
    std::fs::write(
        handler.join("index.py"),
        "def handler(event, context):\n    return 'v1'\n",
    )
    .unwrap();
    let out = dir.path().join("cdk.out");
    assert_eq!(
        cli(&out, &handler, &["bootstrap"]),
        format!("{:?}", std::process::ExitCode::SUCCESS)
    );

    let (o, h) = (out.clone(), handler.clone());
    let watch = std::thread::spawn(move || {
        cli(
            &o,
            &h,
            &[
                "deploy",
                "--watch",
                "--hotswap-fallback",
                "--yes",
                "--watch-rounds",
                "2",
                "--progress",
                "events",
            ],
        )
    });

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let config = runtime.block_on(aws.sdk_config());
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    let lambda = aws_sdk_lambda::Client::new(&config);
    // Round 1 creates the stack through CloudFormation.
    let function = wait_until("the stack to be created", || {
        runtime.block_on(async {
            let s = cfn
                .describe_stacks()
                .stack_name("WatchDemo")
                .send()
                .await
                .ok()?;
            let status = s.stacks().first()?.stack_status()?.as_str().to_string();
            (status == "CREATE_COMPLETE").then_some(())?;
            let r = cfn
                .describe_stack_resources()
                .stack_name("WatchDemo")
                .logical_resource_id("Handler")
                .send()
                .await
                .ok()?;
            r.stack_resources()
                .first()?
                .physical_resource_id()
                .map(str::to_string)
        })
    });
    let code = |name: &str| {
        runtime.block_on(async {
            lambda
                .get_function_configuration()
                .function_name(name)
                .send()
                .await
                .unwrap()
                .code_sha256()
                .unwrap()
                .to_string()
        })
    };
    let counts = || {
        runtime.block_on(async {
            (
                cfn.list_change_sets()
                    .stack_name("WatchDemo")
                    .send()
                    .await
                    .unwrap()
                    .summaries()
                    .len(),
                cfn.describe_stack_events()
                    .stack_name("WatchDemo")
                    .send()
                    .await
                    .unwrap()
                    .stack_events()
                    .len(),
            )
        })
    };
    let before = code(&function);
    // Round 1 may still be finishing: an edit made meanwhile starts round 2 after it.
    std::thread::sleep(Duration::from_millis(500));
    let operations = counts();
    std::fs::write(
        handler.join("index.py"),
        "def handler(event, context):\n    return 'v2'\n",
    )
    .unwrap();

    wait_until("the watch to end after round 2", || {
        watch.is_finished().then_some(())
    });
    let exit = watch.join().unwrap();
    assert_eq!(exit, format!("{:?}", std::process::ExitCode::SUCCESS));
    let after = code(&function);
    assert_ne!(after, before, "round 2 sent the new code");
    assert_eq!(
        counts(),
        operations,
        "no change set, no stack operation in round 2"
    );
    let state = std::fs::read_to_string(out.join("hotswap-state.json")).unwrap();
    assert!(
        state.contains("\"Handler\""),
        "the hotswap is remembered: {state}"
    );

    // Ctrl-C while the watch waits for changes ends it at once, with exit code 0. (The first
    // watch's runtime installed the SIGINT handler of this process: the signal cannot kill the
    // test, only end the watch.)
    let (o, h) = (out.clone(), handler.clone());
    let watch =
        std::thread::spawn(move || cli(&o, &h, &["deploy", "--watch", "--progress", "events"]));
    std::thread::sleep(Duration::from_secs(3));
    assert!(!watch.is_finished(), "the watch waits for changes");
    let pid = std::process::id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    wait_until("the watch to stop on Ctrl-C", || {
        watch.is_finished().then_some(())
    });
    assert_eq!(
        watch.join().unwrap(),
        format!("{:?}", std::process::ExitCode::SUCCESS)
    );
    assert_eq!(code(&function), after, "nothing sent again");
}
