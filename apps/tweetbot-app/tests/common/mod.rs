//! Running the app's CLI against a local AWS, and reading back what it made.

#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::Output;

pub use test_harness::{ok, text};
use test_harness::{run_app, LocalAws};

/// Runs the app in `cwd` with only the emulator's environment (no terminal, no profile).
pub fn cli(aws: &LocalAws, cwd: &Path, args: &[&str]) -> Output {
    cli_with_env(cwd, args, &aws.env())
}

/// Runs the app in `cwd` with exactly this environment.
pub fn cli_with_env(cwd: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    run_app(env!("CARGO_BIN_EXE_tweetbot-app"), cwd, args, env)
}

/// The SSM parameter the TweetBot reads its bearer token from (the app's default).
pub const TOKEN_PARAMETER: &str = "/tweetbot/bearer-token";

/// A local AWS ready for the TweetBot, as the quick start leaves it: bootstrapped (the bucket
/// its Rust functions are uploaded to) and the X API stand-in's bearer token stored where the
/// TweetBot reads it.
pub fn local_aws() -> LocalAws {
    let aws = LocalAws::start();
    ready(&aws);
    aws
}

/// Bootstraps `aws` with the app's own `bootstrap` and stores the stand-in's bearer token.
pub fn ready(aws: &LocalAws) {
    test_harness::bootstrap(env!("CARGO_BIN_EXE_tweetbot-app"), aws);
    aws.put_secure_parameter(TOKEN_PARAMETER, &aws.x_bearer_token());
}

/// `args` after the flag that points the TweetBot at the emulator's X API stand-in.
pub fn against_stand_in<'a>(url: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--twitter-api-url", url];
    all.extend_from_slice(args);
    all
}

/// SDK configuration pointing at the emulator.
pub async fn sdk_config(aws: &LocalAws) -> aws_config::SdkConfig {
    aws.sdk_config().await
}

/// The status of a stack, or None when it does not exist.
pub async fn stack_status(cfn: &aws_sdk_cloudformation::Client, name: &str) -> Option<String> {
    let out = cfn.describe_stacks().stack_name(name).send().await.ok()?;
    out.stacks()
        .first()
        .and_then(|s| s.stack_status())
        .map(|s| s.as_str().to_string())
        .filter(|s| s != "DELETE_COMPLETE")
}

/// One request an [`Endpoint`] received: its `Authorization` header (whose `Credential=` names
/// the access key that signed it) and its body.
#[derive(Clone, Debug)]
pub struct Received {
    pub authorization: String,
    pub body: String,
}

/// A stand-in AWS endpoint on loopback that records every request and answers each with the
/// same HTTP status and body: to see what the CLI sends (which keys sign it, how many attempts)
/// without any AWS.
pub struct Endpoint {
    pub port: u16,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl Endpoint {
    pub fn start(status: u16, body: &str) -> Endpoint {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (seen, body) = (std::sync::Arc::clone(&received), body.to_string());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, body) = (std::sync::Arc::clone(&seen), body.clone());
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    loop {
                        let (mut authorization, mut length) = (String::new(), 0usize);
                        let mut line = String::new();
                        let mut first = true;
                        loop {
                            line.clear();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            let l = line.trim_end();
                            if l.is_empty() && !first {
                                break;
                            }
                            first = false;
                            if let Some((k, v)) = l.split_once(':') {
                                match k.trim().to_ascii_lowercase().as_str() {
                                    "authorization" => authorization = v.trim().to_string(),
                                    "content-length" => length = v.trim().parse().unwrap_or(0),
                                    _ => {}
                                }
                            }
                        }
                        let mut request_body = vec![0; length];
                        if reader.read_exact(&mut request_body).is_err() {
                            return;
                        }
                        seen.lock().unwrap().push(Received {
                            authorization,
                            body: String::from_utf8_lossy(&request_body).into_owned(),
                        });
                        let answer = format!(
                            "HTTP/1.1 {status} Answer\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if writer.write_all(answer.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Endpoint { port, received }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}
