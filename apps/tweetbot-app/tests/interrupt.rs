//! Ctrl-C during a deploy: the toolkit says that CloudFormation carries on and exits with 130.

use std::io::Read;
use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

#[test]
fn ctrl_c_during_a_deploy_exits_130_saying_what_goes_on() {
    // An endpoint that accepts connections and never answers: the deploy is mid-request.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let (reached, requests) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
            let _ = reached.send(());
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut child = test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), dir.path())
        .args(["deploy", "--yes", "--progress", "events"])
        .env("AWS_ENDPOINT_URL", &endpoint)
        .env("AWS_ACCESS_KEY_ID", "a")
        .env("AWS_SECRET_ACCESS_KEY", "b")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupted once its first request is in flight (the app has built its functions and
    // synthesized by then, which takes a variable time).
    requests
        .recv_timeout(Duration::from_secs(600))
        .expect("the deploy sends a request");
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains(
            "interrupted: CloudFormation carries on with any stack operation already started"
        ),
        "{stderr}"
    );
}
