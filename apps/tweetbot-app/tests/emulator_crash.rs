//! The emulator killed in the middle of a deploy: a clear error naming the operation that was in
//! progress (the one the `-v` trace shows failing) and the stack; after a restart, the same
//! deploy converges.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use test_harness::{ok, run_app, LocalAws};

#[test]
fn a_deploy_cut_off_mid_way_says_what_failed_and_converges_after_a_restart() {
    let mut aws = LocalAws::start();
    let dir = tempfile::tempdir().unwrap();
    test_harness::bootstrap(env!("CARGO_BIN_EXE_tweetbot-app"), &aws);
    let mut child = test_harness::app_command(env!("CARGO_BIN_EXE_tweetbot-app"), dir.path())
        .args(["-v", "deploy", "--yes", "--progress", "events"])
        .envs(aws.env())
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
    // The call that failed, as the -v trace records it: its operation, for stack TweetBot.
    let failed = seen
        .lines()
        .rfind(|l| {
            l.contains("aws call") && l.contains("outcome=error") && l.contains("stack=TweetBot")
        })
        .and_then(|l| l.split("operation=").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the trace shows the failed call: {seen}"));
    // What the toolkit calls each operation of a deploy through a change set, in its errors.
    let doing = match failed {
        "DescribeStacks" => "describing stack TweetBot",
        "ListChangeSets" => "listing the change sets of stack TweetBot",
        "GetTemplate" => "reading the template of stack TweetBot",
        "CreateChangeSet" => "creating a change set for stack TweetBot",
        "DescribeChangeSet" => "describing the change set of stack TweetBot",
        "DescribeStackEvents" => "reading the events of stack TweetBot",
        "ExecuteChangeSet" => "executing the change set of stack TweetBot",
        "DeleteChangeSet" => "deleting the change set of stack TweetBot",
        other => panic!("a deploy does not call {other}: {seen}"),
    };
    eprintln!("cut off in {failed}: {error}");
    let cause = error
        .strip_prefix(&format!("error: TweetBot: {doing}: "))
        .unwrap_or_else(|| panic!("the error names the operation {failed} ({doing}): {error}"));
    assert!(
        cause.starts_with("cannot reach the AWS endpoint")
            || cause.starts_with("AWS sent a response that could not be read"),
        "{error}"
    );

    // Restart (moto keeps nothing) and run the same deploy: it converges.
    let aws = LocalAws::start_on(aws.port);
    test_harness::bootstrap(env!("CARGO_BIN_EXE_tweetbot-app"), &aws);
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
