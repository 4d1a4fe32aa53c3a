//! A local stand-in for the X API and for SSM, on 127.0.0.1, for tests that run under plain
//! `cargo test` (no emulator, no network).
//!
//! - `GET /2/tweets/search/recent` checks the request itself (every query parameter Find Tweet
//!   must send, nothing else, and `Authorization: Bearer <the token>`); a request that is wrong
//!   gets HTTP 400 with a problem saying what is wrong. A right one gets the answer the test
//!   chose (a recorded response from `tests/recorded/`, a status, headers, a delay).
//! - `POST /` with `X-Amz-Target: AmazonSSM.GetParameter` (the SSM JSON protocol) checks that the
//!   parameter is read with decryption and answers the token or the error the test chose.
//!
//! Every request is recorded.

#![allow(dead_code)] // each test binary uses a part

pub mod runtime_api;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_ssm::config::{BehaviorVersion, Credentials, Region};
use find_tweet::{BearerTokenParameter, FindTweet, XApi};

/// The token the stand-in expects and its SSM parameter holds.
pub const TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAAStandInBearerToken%2Fq9Zz0LmNo123xyz";

/// The SSM parameter's name.
pub const PARAMETER: &str = "/tweetbot/bearer-token";

/// When the recorded responses were taken: 2026-11-27T12:00:00Z (the tweets in them are from
/// the day before to that morning; their ids' snowflake times match their `created_at`).
pub fn recorded_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_780_800)
}

/// A recorded response's bytes.
pub fn recorded(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/recorded")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the X API stand-in answers to a right request.
#[derive(Clone, Debug)]
pub struct XAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// How long to wait before answering.
    pub delay: Duration,
}

impl XAnswer {
    /// `status` with the recorded response `name`.
    pub fn recorded(status: u16, name: &str) -> XAnswer {
        XAnswer::body(status, recorded(name))
    }

    /// `status` with `body`.
    pub fn body(status: u16, body: impl Into<Vec<u8>>) -> XAnswer {
        XAnswer {
            status,
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> XAnswer {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers after `delay`.
    pub fn delayed(mut self, delay: Duration) -> XAnswer {
        self.delay = delay;
        self
    }
}

/// What the SSM stand-in answers.
#[derive(Clone, Debug)]
pub enum SsmAnswer {
    /// The parameter with this value.
    Value(String),
    /// The parameter without a value.
    NoValue,
    /// An error: HTTP status, `__type` and message.
    Error(u16, String, String),
}

/// One request the stand-in received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query's decoded pairs, in order.
    pub query: Vec<(String, String)>,
    /// The headers (names in lower case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Recorded {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct State {
    x: XAnswer,
    ssm: SsmAnswer,
    expected_query: Option<String>,
    expected_since_id: Option<String>,
    requests: Vec<Recorded>,
}

/// The stand-in server. It serves until the test process ends.
#[derive(Clone)]
pub struct StandIn {
    url: String,
    state: Arc<Mutex<State>>,
}

impl StandIn {
    /// Starts a stand-in answering `x` to searches and the token to SSM.
    pub fn start(x: XAnswer) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let state = Arc::new(Mutex::new(State {
            x,
            ssm: SsmAnswer::Value(TOKEN.to_string()),
            expected_query: None,
            expected_since_id: None,
            requests: Vec::new(),
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        StandIn { url, state }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sets the answer to searches.
    pub fn answer(&self, x: XAnswer) {
        self.lock().x = x;
    }

    /// Sets the SSM answer.
    pub fn ssm(&self, answer: SsmAnswer) {
        self.lock().ssm = answer;
    }

    /// Makes the stand-in refuse a search whose `query` is not `query` or whose `since_id` is
    /// not `since_id` (absent when `None`).
    pub fn expect(&self, query: &str, since_id: Option<&str>) {
        let mut state = self.lock();
        state.expected_query = Some(query.to_string());
        state.expected_since_id = since_id.map(str::to_string);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// The searches so far.
    pub fn searches(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "GET")
            .collect()
    }

    /// The SSM calls so far.
    pub fn ssm_calls(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect()
    }

    /// Find Tweet searching this stand-in at [`recorded_now`], reading the token from this
    /// stand-in's SSM through the SDK (region us-east-1, test credentials, endpoint this
    /// stand-in).
    pub fn function(&self) -> FindTweet {
        self.function_with_timeout(Duration::from_secs(5))
    }

    /// [`StandIn::function`] with a search timeout.
    pub fn function_with_timeout(&self, timeout: Duration) -> FindTweet {
        let api = XApi::new(&self.url)
            .expect("stand-in URL")
            .with_timeout(timeout);
        FindTweet::new(
            api,
            BearerTokenParameter::new(ssm_client(&self.url), PARAMETER),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// An SSM client of the SDK pointed at `endpoint`, with the functions' HTTP client.
pub fn ssm_client(endpoint: &str) -> aws_sdk_ssm::Client {
    let config = aws_sdk_ssm::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .http_client(find_tweet::aws_http_client())
        .build();
    aws_sdk_ssm::Client::from_conf(config)
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(request) = read_request(&stream) else {
        return;
    };
    let (status, content_type, body, headers, delay) = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.requests.push(request.clone());
        if request.method == "POST" {
            let (status, body) = ssm_answer(&request, &state.ssm);
            (
                status,
                "application/x-amz-json-1.1",
                body,
                Vec::new(),
                Duration::ZERO,
            )
        } else {
            match check_search(&request, &state) {
                Ok(()) => (
                    state.x.status,
                    "application/json; charset=utf-8",
                    state.x.body.clone(),
                    state.x.headers.clone(),
                    state.x.delay,
                ),
                Err(problem) => (
                    400,
                    "application/json",
                    serde_json::json!({"title": "Stand-in refused the request", "detail": problem})
                        .to_string()
                        .into_bytes(),
                    Vec::new(),
                    Duration::ZERO,
                ),
            }
        }
    };
    std::thread::sleep(delay);
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

fn read_request(stream: &TcpStream) -> Option<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Some(Recorded {
        method,
        path: path.to_string(),
        query: form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Checks a search the way the X API would see it. The problem never quotes the header.
fn check_search(request: &Recorded, state: &State) -> Result<(), String> {
    if request.path != "/2/tweets/search/recent" {
        return Err(format!("unknown path {}", request.path));
    }
    if request.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
        return Err("the Authorization header is not Bearer <the expected token>".into());
    }
    let mut expected = vec![
        ("max_results", "10".to_string()),
        ("expansions", "author_id".to_string()),
        ("user.fields", "username".to_string()),
        ("tweet.fields", "created_at".to_string()),
    ];
    if let Some(query) = &state.expected_query {
        expected.push(("query", query.clone()));
    }
    if let Some(since) = &state.expected_since_id {
        expected.push(("since_id", since.clone()));
    }
    for (name, value) in &expected {
        if request.param(name) != Some(value.as_str()) {
            return Err(format!(
                "{name} must be {value:?}, got {:?}",
                request.param(name)
            ));
        }
    }
    if request.param("query").is_none_or(str::is_empty) {
        return Err("query is missing".into());
    }
    let allowed = |name: &str| {
        name == "query"
            || expected.iter().any(|(n, _)| *n == name)
            || (name == "since_id" && state.expected_query.is_none())
    };
    if let Some((name, _)) = request.query.iter().find(|(n, _)| !allowed(n)) {
        return Err(format!("unexpected parameter {name}"));
    }
    let mut names: Vec<&str> = request.query.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err("a parameter is repeated".into());
    }
    Ok(())
}

fn ssm_answer(request: &Recorded, answer: &SsmAnswer) -> (u16, Vec<u8>) {
    let error = |status: u16, kind: &str, message: &str| {
        (
            status,
            serde_json::json!({"__type": kind, "message": message})
                .to_string()
                .into_bytes(),
        )
    };
    if request.header("x-amz-target") != Some("AmazonSSM.GetParameter") {
        return error(
            400,
            "UnknownOperationException",
            "stand-in: only GetParameter",
        );
    }
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap_or_default();
    if body["Name"] != PARAMETER || body["WithDecryption"] != true {
        return error(
            400,
            "ValidationException",
            "stand-in: the parameter must be read by its name, with decryption",
        );
    }
    match answer {
        SsmAnswer::Value(value) => (
            200,
            serde_json::json!({"Parameter": {
                "Name": PARAMETER, "Type": "SecureString", "Value": value, "Version": 1,
                "ARN": format!("arn:aws:ssm:us-east-1:123456789012:parameter{PARAMETER}"),
                "DataType": "text"
            }})
            .to_string()
            .into_bytes(),
        ),
        SsmAnswer::NoValue => (
            200,
            serde_json::json!({"Parameter": {"Name": PARAMETER, "Type": "SecureString"}})
                .to_string()
                .into_bytes(),
        ),
        SsmAnswer::Error(status, kind, message) => error(*status, kind, message),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
