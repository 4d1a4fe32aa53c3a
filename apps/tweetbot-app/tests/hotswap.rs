//! `deploy --hotswap` of the TweetBot on the local AWS, through the CLI: a state machine change
//! (`--wait 3s`) and new code for Generate Message are made in place (UpdateStateMachine,
//! UpdateFunctionCode), the machine's definition and the function's code really change (the new
//! code runs), and no change set is created nor any stack event added; the next hotswap sends
//! only what changed since (remembered in `cdk.out/hotswap-state.json`); a change that needs
//! CloudFormation is refused naming it, and `--hotswap-fallback` deploys it through a change set.
//!
//! New code without editing the workspace's sources: the assembly is synthesized, then
//! Generate Message's asset is replaced by a zip whose `bootstrap` is a small Python program
//! speaking the Lambda Runtime API (the local AWS runs `provided.al2023` code as processes), under
//! its own content hash, as a rebuilt function would be.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aws_sdk_lambda::primitives::Blob;
use serde_json::Value;
use test_harness::{ok, text, workspace_root, LocalAws};

const NOTIFIER: &str = "SmsNotifierFunctionA2E13CEF";
const MACHINE: &str = "StateMachine2E01A3A5";

/// The new Generate Message: answers every invocation with a marker and the event.
const BOOTSTRAP: &str = r#"#!/usr/bin/python3
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read() or b"null")
    body = json.dumps({"hotswapped": "v2", "event": event}).encode()
    urllib.request.urlopen(urllib.request.Request(api + rid + "/response", data=body, method="POST")).read()
"#;

/// Runs the app from the workspace root (where its functions' crates are) against `aws`.
fn app(aws: &LocalAws, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tweetbot-app"));
    cmd.args(args)
        .current_dir(workspace_root())
        .env_remove("AWS_PROFILE")
        // Not a `cargo run`: the app hands its verbs to the toolkit binary beside it, as built.
        .env_remove("CARGO")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    for (k, v) in aws.env() {
        cmd.env(k, v);
    }
    cmd.output().expect("the app runs")
}

/// The JSON events of a `--json` run.
fn events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// `(logical id, operations)` of each hotswap_applied event.
fn applied(events: &[Value]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = events
        .iter()
        .filter(|e| e["event"] == "hotswap_applied")
        .map(|e| {
            (
                e["logical_id"].as_str().unwrap().to_string(),
                e["operations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Writes the new Generate Message zip in `dir` under its content hash, and points the TweetBot
/// template and asset manifest there at it instead of `old`. Returns the new key's hash and
/// the zip's SHA-256 as Lambda shows it (base64).
fn replace_notifier_code(dir: &Path) -> (String, String) {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("TweetBot.assets.json")).unwrap())
            .unwrap();
    let old = manifest["files"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, f)| f["displayName"] == "TweetBot/SmsNotifier/Function/Code")
        .map(|(hash, _)| hash.clone())
        .expect("Generate Message's asset");
    let zip = dir.join("new-notifier.zip");
    let script = r#"
import base64, hashlib, sys, zipfile
info = zipfile.ZipInfo("bootstrap", date_time=(2026, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr(info, sys.argv[2])
data = open(sys.argv[1], "rb").read()
print(hashlib.sha256(data).hexdigest(), base64.b64encode(hashlib.sha256(data).digest()).decode())
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&zip)
        .arg(BOOTSTRAP)
        .output()
        .unwrap();
    let (stdout, _) = ok(&out);
    let mut parts = stdout.split_whitespace();
    let (hash, sha) = (
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
    );
    std::fs::rename(&zip, dir.join(format!("asset.{hash}.zip"))).unwrap();
    for file in ["TweetBot.assets.json", "TweetBot.template.json"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&old));
        std::fs::write(&path, text.replace(&old, &hash)).unwrap();
    }
    (hash, sha)
}

struct Aws {
    cfn: aws_sdk_cloudformation::Client,
    lambda: aws_sdk_lambda::Client,
    sfn: aws_sdk_sfn::Client,
}

impl Aws {
    async fn change_sets(&self) -> usize {
        self.cfn
            .list_change_sets()
            .stack_name("TweetBot")
            .send()
            .await
            .unwrap()
            .summaries()
            .len()
    }

    async fn stack_events(&self) -> usize {
        self.cfn
            .describe_stack_events()
            .stack_name("TweetBot")
            .send()
            .await
            .unwrap()
            .stack_events()
            .len()
    }

    async fn physical(&self, logical: &str) -> String {
        self.cfn
            .describe_stack_resources()
            .stack_name("TweetBot")
            .logical_resource_id(logical)
            .send()
            .await
            .unwrap()
            .stack_resources()[0]
            .physical_resource_id()
            .unwrap()
            .to_string()
    }

    /// The function's code hash and last modification.
    async fn code(&self, name: &str) -> (String, String) {
        let f = self
            .lambda
            .get_function_configuration()
            .function_name(name)
            .send()
            .await
            .unwrap();
        (
            f.code_sha256().unwrap().to_string(),
            f.last_modified().unwrap().to_string(),
        )
    }

    async fn definition(&self, arn: &str) -> Value {
        let m = self
            .sfn
            .describe_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .unwrap();
        serde_json::from_str(m.definition()).unwrap()
    }
}

#[tokio::test]
async fn hotswap_changes_code_and_definition_in_place_then_only_what_changed_since() {
    let local = LocalAws::start();
    let tmp = tempfile::tempdir().unwrap();
    let out: PathBuf = tmp.path().join("cdk.out");
    let out_arg = out.to_str().unwrap();
    ok(&app(&local, &["-o", out_arg, "bootstrap"]));
    // The development loop starts with a deploy through CloudFormation of what is not deployed
    // yet; its functions are built as hotswaps build them (RustBuild::Quick).
    let (_, stderr) = ok(&app(
        &local,
        &[
            "-o",
            out_arg,
            "deploy",
            "--hotswap-fallback",
            "--yes",
            "--progress",
            "events",
        ],
    ));
    assert!(
        stderr.contains("stack: the stack is not deployed yet: CloudFormation creates it"),
        "{stderr}"
    );
    let config = local.sdk_config().await;
    let aws = Aws {
        cfn: aws_sdk_cloudformation::Client::new(&config),
        lambda: aws_sdk_lambda::Client::new(&config),
        sfn: aws_sdk_sfn::Client::new(&config),
    };
    let (change_sets, stack_events) = (aws.change_sets().await, aws.stack_events().await);
    let notifier = aws.physical(NOTIFIER).await;
    let machine = aws.physical(MACHINE).await;
    let poller_arn = aws
        .lambda
        .get_function_configuration()
        .function_name(aws.physical("TweetPollerFunctionD7EFCA0D").await)
        .send()
        .await
        .unwrap()
        .function_arn()
        .unwrap()
        .to_string();
    let (code_before, _) = aws.code(&notifier).await;
    assert!(aws.definition(&machine).await["States"]["Wait 10 Seconds"].is_object());

    // 1. A state machine change only: UpdateStateMachine, with the substitutions resolved.
    let (stdout, _) = ok(&app(
        &local,
        &[
            "-o",
            out_arg,
            "--wait",
            "3s",
            "deploy",
            "--hotswap",
            "--json",
        ],
    ));
    let ev = events(&stdout);
    assert_eq!(
        applied(&ev),
        [(MACHINE.to_string(), vec!["UpdateStateMachine".to_string()])],
        "{stdout}"
    );
    let definition = aws.definition(&machine).await;
    assert_eq!(
        definition["States"]["Wait 3 Seconds"]["Seconds"], 3,
        "{definition}"
    );
    assert_eq!(
        definition["States"]["Find Tweet"]["Resource"],
        poller_arn.as_str()
    );
    assert!(
        !definition.to_string().contains("${"),
        "every substitution resolved: {definition}"
    );
    let finished = ev
        .iter()
        .find(|e| e["event"] == "stack_finished" && e["stack"] == "TweetBot")
        .unwrap();
    assert_eq!(finished["outcome"], "hotswapped");
    assert_eq!(
        aws.code(&notifier).await.0,
        code_before,
        "the code was not sent"
    );
    assert_eq!(aws.change_sets().await, change_sets, "no change set");
    assert_eq!(aws.stack_events().await, stack_events, "no stack operation");

    // 2. New code for Generate Message: published, then UpdateFunctionCode; the definition,
    // already sent, is not sent again.
    ok(&app(
        &local,
        &["-o", out_arg, "--wait", "3s", "synth", "-q"],
    ));
    let (_, sha) = replace_notifier_code(&out);
    let (stdout, stderr) = ok(&app(
        &local,
        &[
            "deploy",
            "--hotswap",
            "--assembly",
            out_arg,
            "--progress",
            "events",
        ],
    ));
    assert!(
        stderr.contains(&format!(
            "hotswapped AWS::Lambda::Function {NOTIFIER} (code: UpdateFunctionCode)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "already hotswapped, unchanged since (not sent again): {MACHINE} (definition)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("the stack now differs from its template"),
        "the hotswap says so: {stderr}"
    );
    assert!(!stdout.contains("error"), "{stdout}");
    let (code_now, modified) = aws.code(&notifier).await;
    assert_eq!(code_now, sha, "the function's code is the new zip");
    let answer = aws
        .lambda
        .invoke()
        .function_name(&notifier)
        .payload(Blob::new(br#"{"tweet": {"text": "hi"}}"#.to_vec()))
        .send()
        .await
        .unwrap();
    let answer: Value = serde_json::from_slice(answer.payload().unwrap().as_ref()).unwrap();
    assert_eq!(answer["hotswapped"], "v2", "the new code runs: {answer}");
    assert_eq!(aws.change_sets().await, change_sets);
    assert_eq!(aws.stack_events().await, stack_events);

    // 3. Only the definition changes since (--wait 5s, the same new code): only it is sent.
    ok(&app(
        &local,
        &["-o", out_arg, "--wait", "5s", "synth", "-q"],
    ));
    replace_notifier_code(&out);
    let (stdout, _) = ok(&app(
        &local,
        &["deploy", "--hotswap", "--assembly", out_arg, "--json"],
    ));
    let ev = events(&stdout);
    assert_eq!(
        applied(&ev),
        [(MACHINE.to_string(), vec!["UpdateStateMachine".to_string()])],
        "{stdout}"
    );
    let planned = ev.iter().find(|e| e["event"] == "hotswap_planned").unwrap();
    let already: Vec<&str> = planned["already"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["logical_id"].as_str().unwrap())
        .collect();
    assert!(already.contains(&NOTIFIER), "{planned}");
    assert_eq!(
        aws.code(&notifier).await,
        (sha.clone(), modified),
        "code not sent again"
    );
    assert!(aws.definition(&machine).await["States"]["Wait 5 Seconds"].is_object());
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("hotswap-state.json")).unwrap())
            .unwrap();
    let recorded = &state["stacks"]["123456789012/us-east-1/TweetBot"]["resources"];
    assert!(
        recorded[NOTIFIER]["Code"].is_object() && recorded[MACHINE]["Definition"].is_object(),
        "{state}"
    );

    // 4. A change CloudFormation must make (the token parameter is in the function's IAM
    // policy too): refused naming it, nothing changed; with --hotswap-fallback, a change set.
    let refused = app(
        &local,
        &[
            "-o",
            out_arg,
            "--bearer-token-parameter",
            "/other/token",
            "deploy",
            "--hotswap",
        ],
    );
    let (_, stderr) = text(&refused);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--hotswap cannot make every change, so nothing was changed")
            && stderr.contains("AWS::IAM::Policy TweetPollerFunctionServiceRoleDefaultPolicy920588D5: PolicyDocument"),
        "{stderr}"
    );
    assert_eq!(aws.change_sets().await, change_sets);
    assert_eq!(aws.stack_events().await, stack_events);
    let (_, stderr) = ok(&app(
        &local,
        &[
            "-o",
            out_arg,
            "--bearer-token-parameter",
            "/other/token",
            "deploy",
            "--hotswap-fallback",
            "--yes",
            "--progress",
            "events",
        ],
    ));
    assert!(
        stderr.contains("cannot be hotswapped, deploying it through CloudFormation instead (--hotswap-fallback)"),
        "{stderr}"
    );
    assert!(stderr.contains("UPDATE_COMPLETE (deployed)"), "{stderr}");
    assert!(
        stderr.contains("executing change set"),
        "deployed through a change set: {stderr}"
    );
    assert!(aws.stack_events().await > stack_events, "a stack operation");
}
