//! The emulator killed in the middle of a deploy: a clear error naming what was in progress;
//! after a restart, the same deploy converges.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use test_harness::{ok, run_app, LocalAws};

#[test]
fn a_deploy_cut_off_mid_way_says_what_failed_and_converges_after_a_restart() {
    let mut aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tweetbot-app"))
        .args(["deploy", "--yes", "--progress", "events"])
        .current_dir(dir.path())
        .env_clear()
        .env("HOME", dir.path())
        .envs(aws.env())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    // Kill the emulator as soon as the first stack is done and the second is under way.
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        let done = line.contains("TweetDataStore | CREATE_COMPLETE (deployed)");
        line.clear();
        if done {
            aws.kill();
            break;
        }
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    seen.push_str(&rest);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{seen}");
    let error = seen
        .lines()
        .find(|l| l.starts_with("error: TweetBot: "))
        .unwrap_or_else(|| panic!("{seen}"));
    assert!(
        error.contains("stack TweetBot")
            && (error.contains("cannot reach the AWS endpoint")
                || error.contains("could not be read")),
        "the error names the operation and the stack: {error}"
    );

    // Restart (moto keeps nothing) and run the same deploy: it converges.
    let aws = LocalAws::start_on(aws.port);
    let (_, stderr) = ok(&run_app(
        env!("CARGO_BIN_EXE_tweetbot-app"),
        dir.path(),
        &["deploy", "--yes", "--progress", "events"],
        &aws.env(),
    ));
    assert!(
        stderr.contains("TweetBot | CREATE_COMPLETE (deployed)"),
        "{stderr}"
    );
}
