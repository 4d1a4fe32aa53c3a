//! Test support shared by the workspace's tests: the pinned external tools installed by
//! `scripts/setup-tools.sh`, and a local AWS emulator (moto, through the project's launcher
//! `scripts/local_aws.py`) started per test on a free loopback port.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/harness sits two levels below the workspace root")
        .to_path_buf()
}

/// The path of a pinned external tool; panics with the command to run when it is missing, so
/// that a missing tool fails the test instead of skipping it.
pub fn tool(name: &str) -> PathBuf {
    let root = workspace_root();
    [
        root.join(".tools/venv/bin").join(name),
        root.join("tools/node_modules/.bin").join(name),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("{name} is not installed: run scripts/setup-tools.sh"))
}

/// Runs a tool in `cwd` and returns its output.
pub fn run_tool(name: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(tool(name))
        .args(args)
        .current_dir(cwd)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"))
}

/// What an app run with a cleared environment (and a HOME of its own) needs to build its Rust
/// functions as a developer's shell has it: PATH, the cargo running the tests (`CARGO`),
/// rustup's and cargo's homes and toolchain (else rustup looks in the new HOME and finds no
/// toolchain), and the target directory when one is set.
pub fn toolchain_env() -> Vec<(&'static str, String)> {
    let home = std::env::var("HOME").unwrap_or_default();
    let var = |name: &str, default: Option<String>| std::env::var(name).ok().or(default);
    [
        ("PATH", var("PATH", None)),
        ("CARGO", var("CARGO", None)),
        (
            "RUSTUP_HOME",
            var("RUSTUP_HOME", Some(format!("{home}/.rustup"))),
        ),
        (
            "CARGO_HOME",
            var("CARGO_HOME", Some(format!("{home}/.cargo"))),
        ),
        ("RUSTUP_TOOLCHAIN", var("RUSTUP_TOOLCHAIN", None)),
        ("CARGO_TARGET_DIR", var("CARGO_TARGET_DIR", None)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect()
}

/// An app's binary as the tests run it: in `cwd`, with a clean environment (the toolchain's,
/// see [`toolchain_env`], a HOME of `cwd`, no instance metadata: no profile) and no standard
/// input (no terminal). Add the AWS settings with `.envs(aws.env())`.
pub fn app_command(bin: &str, cwd: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.current_dir(cwd)
        .env_clear()
        .env("HOME", cwd)
        .envs(toolchain_env())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    cmd
}

/// Runs an app's binary in `cwd` with exactly this environment (see [`app_command`]).
pub fn run_app(bin: &str, cwd: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = app_command(bin, cwd);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {bin}: {e}"))
}

/// The app's `bootstrap` against `aws` (the bucket its functions' code is uploaded to),
/// asserted to succeed.
pub fn bootstrap(bin: &str, aws: &LocalAws) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    ok(&run_app(bin, dir.path(), &["bootstrap"], &aws.env()));
}

/// Standard output and error, as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts success, showing the output otherwise; returns standard output and error.
pub fn ok(out: &Output) -> (String, String) {
    let (o, e) = text(out);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{o}\nstderr:\n{e}",
        out.status.code()
    );
    (o, e)
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The local AWS's slow mode (`scripts/local_aws.py`, `docs/local-aws.md`): each resource of a
/// stack operation stays `*_IN_PROGRESS` for a time, with per-resource events as AWS gives them;
/// resources of some types fail to create (the stack rolls back); some operations are throttled.
/// The default is off: moto as it is, every operation finished at once.
#[derive(Clone, Debug, Default)]
pub struct SlowMode {
    resource_seconds: f64,
    fail_types: Vec<String>,
    throttle: Vec<(String, f64)>,
}

impl SlowMode {
    /// Each resource stays `*_IN_PROGRESS` for `seconds`.
    pub fn resource_seconds(seconds: f64) -> SlowMode {
        SlowMode {
            resource_seconds: seconds,
            ..SlowMode::default()
        }
    }

    /// Every resource of `resource_type` (`AWS::SSM::Parameter`) fails to create, or update.
    pub fn fail_type(mut self, resource_type: &str) -> SlowMode {
        self.fail_types.push(resource_type.to_string());
        self
    }

    /// A `fraction` of the calls of `action` (`DescribeStackEvents`, or with its service,
    /// `cloudformation:DescribeStackEvents`) are answered `Throttling: Rate exceeded`, evenly
    /// spread (0.5: every second call; 1: every call).
    pub fn throttle(mut self, action: &str, fraction: f64) -> SlowMode {
        self.throttle.push((action.to_string(), fraction));
        self
    }

    /// The launcher's environment for this mode (every variable set, empty when off, so that
    /// the test's own environment never turns it on).
    fn env(&self) -> [(&'static str, String); 3] {
        let seconds = if self.resource_seconds > 0.0 {
            self.resource_seconds.to_string()
        } else {
            String::new()
        };
        let throttle: Vec<String> = self
            .throttle
            .iter()
            .map(|(action, fraction)| format!("{action}={fraction}"))
            .collect();
        [
            ("LOCAL_AWS_RESOURCE_SECONDS", seconds),
            ("LOCAL_AWS_FAIL_TYPES", self.fail_types.join(",")),
            ("LOCAL_AWS_THROTTLE", throttle.join(",")),
        ]
    }
}

/// A local AWS emulator for one test; stopped when dropped.
pub struct LocalAws {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl LocalAws {
    /// Starts the emulator on a free port and waits until it accepts connections.
    pub fn start() -> LocalAws {
        Self::start_on(free_port())
    }

    /// Starts the emulator in slow mode on a free port.
    pub fn start_slow(slow: &SlowMode) -> LocalAws {
        Self::launch(free_port(), slow)
    }

    /// Starts the emulator on `port` (a restart after [`LocalAws::kill`]: its state is new).
    pub fn start_on(port: u16) -> LocalAws {
        Self::launch(port, &SlowMode::default())
    }

    fn launch(port: u16, slow: &SlowMode) -> LocalAws {
        let root = workspace_root();
        let python = tool("python");
        let log = std::env::temp_dir().join(format!("local-aws-{port}.log"));
        let child = Command::new(python)
            .arg(root.join("scripts/local_aws.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_PORT", port.to_string())
            .envs(slow.env())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(
                std::fs::File::create(&log)
                    .map(Stdio::from)
                    .unwrap_or_else(|_| Stdio::null()),
            )
            .spawn()
            .expect("the local AWS launcher starts");
        let mut aws = LocalAws { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = aws.child.try_wait() {
                panic!(
                    "the local AWS exited ({status}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the local AWS did not start within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        aws
    }

    /// Its endpoint URL.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The environment that points AWS clients at it.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ]
    }

    /// SDK configuration pointing at the emulator.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            // The workspace builds the SDK without its default HTTP client.
            .http_client(
                aws_smithy_http_client::Builder::new()
                    .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                        aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                    ))
                    .build_https(),
            )
            .endpoint_url(self.endpoint())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_credential_types::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .load()
            .await
    }

    /// Queues results for the next Lambda invocations (moto runs no Lambda code: an invoke
    /// returns the next queued result, whichever function is called).
    pub fn queue_lambda_results(&self, results: &[serde_json::Value]) {
        let body = serde_json::json!({
            "results": results.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "region": "us-east-1",
        });
        ureq::post(&format!(
            "{}/moto-api/static/lambda-simple/response",
            self.endpoint()
        ))
        .send_json(&body)
        .expect("moto queues the Lambda results");
    }

    /// A GET of the launcher's own endpoint `path` (under `/moto-api/local-aws`), as JSON.
    fn launcher_json(&self, path: &str) -> Value {
        ureq::get(&format!("{}/moto-api/local-aws{path}", self.endpoint()))
            .call()
            .and_then(|mut answer| answer.body_mut().read_json::<Value>())
            .unwrap_or_else(|e| panic!("the launcher answers /moto-api/local-aws{path}: {e}"))
    }

    /// The URL of the X API stand-in the launcher serves (`scripts/x_stand_in.py`).
    pub fn x_api_url(&self) -> String {
        self.launcher_json("")["xApiUrl"]
            .as_str()
            .expect("the launcher names its X API stand-in")
            .to_string()
    }

    /// The bearer token the X API stand-in accepts.
    pub fn x_bearer_token(&self) -> String {
        self.launcher_json("")["xBearerToken"]
            .as_str()
            .expect("the launcher names the stand-in's token")
            .to_string()
    }

    /// Makes the X API stand-in answer its next `count` searches with HTTP 429.
    pub fn x_api_rate_limit(&self, count: u32) {
        ureq::post(&format!(
            "{}/stand-in/rate-limit?count={count}",
            self.x_api_url()
        ))
        .send_empty()
        .expect("the X API stand-in takes the rate limit");
    }

    /// The searches the X API stand-in received, oldest first: each one's `query` parameters,
    /// whether its token was right (`authorized`) and the `status` answered.
    pub fn x_api_requests(&self) -> Vec<Value> {
        ureq::get(&format!("{}/stand-in/requests", self.x_api_url()))
            .call()
            .and_then(|mut answer| answer.body_mut().read_json::<Value>())
            .expect("the X API stand-in lists its requests")["requests"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The SMS messages SNS published, oldest first, as (phone number, text).
    pub fn sms_messages(&self) -> Vec<(String, String)> {
        self.launcher_json("/sms")["messages"]
            .as_array()
            .map(|messages| {
                messages
                    .iter()
                    .map(|m| {
                        (
                            m["phoneNumber"].as_str().unwrap_or_default().to_string(),
                            m["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stores an SSM SecureString parameter (through boto3 in the tools' virtualenv).
    pub fn put_secure_parameter(&self, name: &str, value: &str) {
        let script = "import boto3, sys; boto3.client('ssm').put_parameter(Name=sys.argv[1], Value=sys.argv[2], Type='SecureString', Overwrite=True)";
        let out = Command::new(tool("python"))
            .args(["-c", script, name, value])
            .envs(self.env())
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops the emulator now (as a crash would).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for LocalAws {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every state machine definition of a template, with its substitution variables replaced by
/// placeholder values (ARNs for `...Arn` keys, plain names otherwise), as asl-validator needs.
pub fn definitions(template: &Value) -> Vec<(String, Value)> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::StepFunctions::StateMachine")
        .map(|(id, r)| {
            let mut text = r["Properties"]["Definition"].to_string();
            if let Some(subs) = r["Properties"]["DefinitionSubstitutions"].as_object() {
                for key in subs.keys() {
                    let placeholder = if key.ends_with("Arn") {
                        format!("arn:aws:lambda:us-east-1:123456789012:function:{key}")
                    } else {
                        format!("placeholder-{key}")
                    };
                    text = text.replace(&format!("${{{key}}}"), &placeholder);
                }
            }
            (
                id.clone(),
                serde_json::from_str(&text).expect("definition is JSON"),
            )
        })
        .collect()
}

/// Runs asl-validator on every state machine definition of `template`, writing them into
/// `dir` (named after `label`); panics with the validator's output when one is rejected.
pub fn assert_definitions_valid(dir: &Path, label: &str, template: &Value) -> usize {
    let defs = definitions(template);
    for (id, def) in &defs {
        let file = dir.join(format!("{label}-{id}.asl.json"));
        std::fs::write(&file, def.to_string()).expect("the definition is written");
        let out = run_tool(
            "asl-validator",
            &["--json-path", &file.display().to_string()],
            dir,
        );
        assert!(
            out.status.success(),
            "asl-validator rejected {label}/{id}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    defs.len()
}

/// The zip of one of the TweetBot's Rust Lambda functions (`find-tweet`, `generate-message`),
/// `target/lambda/<package>/bootstrap.zip`, built by `constructs/tweetbot/functions/build.sh`
/// when missing (about a minute once the toolchain is cached; its first build takes minutes).
pub fn lambda_zip(package: &str) -> PathBuf {
    static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let root = workspace_root();
    let zip = root
        .join("target/lambda")
        .join(package)
        .join("bootstrap.zip");
    let _one_build_at_a_time = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    if !zip.exists() {
        let out = Command::new(root.join("constructs/tweetbot/functions/build.sh"))
            .args(["-p", package])
            .current_dir(&root)
            .stdin(Stdio::null())
            .output()
            .expect("build.sh runs");
        assert!(
            out.status.success() && zip.exists(),
            "building {package} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    zip
}
