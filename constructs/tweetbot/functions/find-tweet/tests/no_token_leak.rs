//! The bearer token appears in no log line, error or result, on every path: success, each
//! error status, malformed answers, a server that echoes the header back, timeouts, an
//! unreachable API, each SSM failure, bad events. Logs are captured at TRACE level from every
//! crate (the function's, hyper's, the AWS SDK's) in both formats the Lambda runtime can use
//! (text and JSON), spans included. `the_check_catches_a_token_logged_during_the_handler` shows
//! that a handler logging the token would fail this test.

mod support;

use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use find_tweet::{BearerTokenParameter, FindTweet, XApi};
use lambda_runtime::Diagnostic;
use serde_json::{json, Value};
use support::{ssm_client, SsmAnswer, StandIn, XAnswer, PARAMETER, TOKEN};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::prelude::*;

/// Log output written by the subscriber, shared.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// Runs `work` on a current-thread runtime with every tracing event and span of this thread
/// (spawned tasks included) written, at TRACE level, as text and as JSON; returns its output
/// and the logs.
fn captured<F: Future>(work: impl FnOnce() -> F) -> (F::Output, String) {
    let logs = Capture::default();
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(logs.clone())
                .with_ansi(false)
                .with_span_events(FmtSpan::FULL),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .json()
                .with_writer(logs.clone())
                .with_current_span(true)
                .with_span_list(true),
        )
        .with(LevelFilter::TRACE);
    let output = tracing::subscriber::with_default(subscriber, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(work())
    });
    (output, logs.text())
}

/// What must never appear: the token, and a distinctive part of it (a partial leak).
fn leaks(text: &str) -> bool {
    text.contains(TOKEN) || text.contains("StandInBearerToken")
}

/// Everything a caller sees of an outcome: the result as JSON, or the error's message, its
/// Debug form, and the Diagnostic the runtime posts.
fn shown(outcome: Result<find_tweet::FindTweetResult, find_tweet::FindTweetError>) -> String {
    match outcome {
        Ok(result) => format!(
            "{}\n{result:?}",
            serde_json::to_string(&result).expect("serializable")
        ),
        Err(error) => {
            let text = format!("{error}\n{error:?}");
            let diagnostic = serde_json::to_string(&Diagnostic::from(error)).expect("serializable");
            format!("{text}\n{diagnostic}")
        }
    }
}

struct Case {
    name: &'static str,
    x: XAnswer,
    ssm: SsmAnswer,
    event: Value,
    timeout: Duration,
    unreachable: bool,
    /// A line the handler logs on this path (proves its events are captured).
    logged: &'static str,
}

fn case(name: &'static str, x: XAnswer) -> Case {
    Case {
        name,
        x,
        ssm: SsmAnswer::Value(TOKEN.to_string()),
        event: json!({"searchText": "AWS Step Functions", "sinceId": "1"}),
        timeout: Duration::from_secs(5),
        unreachable: false,
        logged: "searching X",
    }
}

fn cases() -> Vec<Case> {
    let echo = format!(r#"{{"title": "Bad header: Bearer {TOKEN}", "detail": "{TOKEN}"}}"#);
    vec![
        case("found", XAnswer::recorded(200, "found.json")),
        case(
            "newest not first",
            XAnswer::recorded(200, "newest-not-first.json"),
        ),
        case("none", XAnswer::recorded(200, "none.json")),
        case("401", XAnswer::recorded(401, "401.json")),
        case("403", XAnswer::recorded(403, "403.json")),
        case(
            "429",
            XAnswer::recorded(429, "429.json").header("x-rate-limit-reset", "1796000000"),
        ),
        case("500", XAnswer::recorded(500, "500.json")),
        case("503", XAnswer::recorded(503, "503.json")),
        case("400", XAnswer::recorded(400, "400.json")),
        case("malformed JSON", XAnswer::recorded(200, "malformed.json")),
        case("not an object", XAnswer::body(200, "[]")),
        case(
            "tweet without text",
            XAnswer::body(200, r#"{"data": [{"id": "1"}]}"#),
        ),
        case("400 echoing the header", XAnswer::body(400, echo.clone())),
        case("401 echoing the header", XAnswer::body(401, echo.clone())),
        case("503 echoing the header", XAnswer::body(503, echo)),
        Case {
            timeout: Duration::from_millis(200),
            ..case(
                "timeout",
                XAnswer::recorded(200, "found.json").delayed(Duration::from_secs(2)),
            )
        },
        Case {
            unreachable: true,
            ..case("unreachable", XAnswer::recorded(200, "found.json"))
        },
        Case {
            ssm: SsmAnswer::Error(400, "ParameterNotFound".into(), String::new()),
            logged: "reading the bearer token from SSM",
            ..case(
                "SSM: no such parameter",
                XAnswer::recorded(200, "found.json"),
            )
        },
        Case {
            ssm: SsmAnswer::Error(400, "AccessDeniedException".into(), "not authorized".into()),
            logged: "reading the bearer token from SSM",
            ..case("SSM: access denied", XAnswer::recorded(200, "found.json"))
        },
        Case {
            ssm: SsmAnswer::NoValue,
            logged: "reading the bearer token from SSM",
            ..case("SSM: no value", XAnswer::recorded(200, "found.json"))
        },
        Case {
            ssm: SsmAnswer::Value(format!("{TOKEN}\u{7}")),
            logged: "reading the bearer token from SSM",
            ..case(
                "SSM: a value no header can carry",
                XAnswer::recorded(200, "found.json"),
            )
        },
        Case {
            event: json!({"searchText": ""}),
            logged: "",
            ..case("blank search text", XAnswer::recorded(200, "found.json"))
        },
        Case {
            event: json!({"searchText": "a", "sinceId": "x"}),
            logged: "",
            ..case("bad sinceId", XAnswer::recorded(200, "found.json"))
        },
    ]
}

#[test]
fn the_token_is_in_no_log_line_error_or_result_on_any_path() {
    for case in cases() {
        let stand_in = StandIn::start(case.x.clone());
        stand_in.ssm(case.ssm.clone());
        let url = if case.unreachable {
            let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
            let url = format!("http://{}", closed.local_addr().expect("address"));
            drop(closed);
            url
        } else {
            stand_in.url().to_string()
        };
        let function = FindTweet::new(
            XApi::new(&url).expect("URL").with_timeout(case.timeout),
            BearerTokenParameter::new(ssm_client(stand_in.url()), PARAMETER),
        );
        let (outcome, logs) = captured(|| async { function.handle(&case.event).await });
        let shown = shown(outcome);
        assert!(
            !leaks(&shown),
            "{}: the token is in the outcome:\n{shown}",
            case.name
        );
        assert!(
            !leaks(&logs),
            "{}: the token is in the logs:\n{logs}",
            case.name
        );
        assert!(
            logs.contains(case.logged),
            "{}: the handler's own events are not captured ({:?} missing):\n{logs}",
            case.name,
            case.logged
        );
        if case.logged == "searching X" && !case.unreachable {
            // The token did reach the stand-in: it was really used on this path.
            let searches = stand_in.searches();
            assert_eq!(searches.len(), 1, "{}", case.name);
            assert_eq!(
                searches[0].header("authorization"),
                Some(format!("Bearer {TOKEN}").as_str())
            );
        }
    }
}

#[test]
fn the_check_catches_a_token_logged_during_the_handler() {
    // What a careless handler would do, from inside the handler's future and from a task it
    // spawns (as hyper does for connections): both land in the captured logs.
    let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
    let function = stand_in.function();
    let (_, logs) = captured(|| async {
        let result = function.handle(&json!({"searchText": "a"})).await;
        tracing::debug!(token = TOKEN, "a careless debug line");
        tokio::spawn(async { tracing::trace!("Authorization: Bearer {TOKEN}") })
            .await
            .expect("task");
        result
    });
    assert!(leaks(&logs));
    assert_eq!(
        logs.lines().filter(|l| leaks(l)).count(),
        4,
        "each careless line, in text and in JSON:\n{logs}"
    );
}
