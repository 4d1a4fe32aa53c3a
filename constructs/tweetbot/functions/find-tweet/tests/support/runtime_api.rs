//! A local stand-in for the Lambda Runtime API, to run a function's real binary the way Lambda
//! runs `bootstrap`: the binary polls `GET /2018-06-01/runtime/invocation/next` at
//! `AWS_LAMBDA_RUNTIME_API` and answers `POST .../invocation/{id}/response` or `.../error`.
//! Shared by the functions' tests (generate-message includes this file by path).

#![allow(dead_code)] // each test binary uses a part

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the function answered to one invocation.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `POST .../response` with this JSON body.
    Response(serde_json::Value),
    /// `POST .../error` with this JSON body (`errorType`, `errorMessage`).
    Error(serde_json::Value),
}

#[derive(Default)]
struct State {
    queue: VecDeque<(String, String)>,
    outcomes: HashMap<String, Outcome>,
    init_error: Option<String>,
    next_id: u64,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// The Runtime API stand-in. It serves until the test process ends.
pub struct RuntimeApi {
    address: String,
    shared: Shared,
}

impl RuntimeApi {
    /// Starts it on a free port of 127.0.0.1.
    pub fn start() -> RuntimeApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address").to_string();
        let shared: Shared = Arc::default();
        let serving = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = serving.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        RuntimeApi { address, shared }
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Hands `event` to the function and waits (at most `timeout`) for its answer. `None` when
    /// it did not answer in time (the reason is in the init error, if any).
    pub fn invoke(&self, event: &serde_json::Value, timeout: Duration) -> Option<Outcome> {
        let (lock, ready) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.next_id += 1;
        let id = format!("00000000-0000-4000-8000-{:012}", state.next_id);
        state.queue.push_back((id.clone(), event.to_string()));
        ready.notify_all();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(outcome) = state.outcomes.remove(&id) {
                return Some(outcome);
            }
            let now = Instant::now();
            if now >= deadline || state.init_error.is_some() {
                return None;
            }
            state = ready
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The body of `POST /2018-06-01/runtime/init/error`, if the function reported one.
    pub fn init_error(&self) -> Option<String> {
        let (lock, _) = &*self.shared;
        lock.lock()
            .unwrap_or_else(|e| e.into_inner())
            .init_error
            .clone()
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) {
    let Some((method, path, body)) = read_request(&stream) else {
        return;
    };
    let (lock, ready) = &**shared;
    let (status, headers, body) =
        if method == "GET" && path == "/2018-06-01/runtime/invocation/next" {
            // Long-poll, as Lambda does, until an event is queued.
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (id, event) = loop {
                if let Some(next) = state.queue.pop_front() {
                    break next;
                }
                state = ready.wait(state).unwrap_or_else(|e| e.into_inner());
            };
            let deadline = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() + 60_000)
                .unwrap_or_default();
            let headers = vec![
                ("Lambda-Runtime-Aws-Request-Id".to_string(), id),
                (
                    "Lambda-Runtime-Deadline-Ms".to_string(),
                    deadline.to_string(),
                ),
                (
                    "Lambda-Runtime-Invoked-Function-Arn".to_string(),
                    "arn:aws:lambda:us-east-1:123456789012:function:test".to_string(),
                ),
                (
                    "Lambda-Runtime-Trace-Id".to_string(),
                    "Root=1-00000000-000000000000000000000000".to_string(),
                ),
            ];
            (200, headers, event.into_bytes())
        } else if method == "POST" && path == "/2018-06-01/runtime/init/error" {
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            state.init_error = Some(body);
            ready.notify_all();
            (202, Vec::new(), b"{}".to_vec())
        } else if let Some(rest) = path
            .strip_prefix("/2018-06-01/runtime/invocation/")
            .filter(|_| method == "POST")
        {
            let outcome = match rest.rsplit_once('/') {
                Some((id, "response")) => Some((id, Outcome::Response(json(&body)))),
                Some((id, "error")) => Some((id, Outcome::Error(json(&body)))),
                _ => None,
            };
            match outcome {
                Some((id, outcome)) => {
                    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
                    state.outcomes.insert(id.to_string(), outcome);
                    ready.notify_all();
                    (202, Vec::new(), b"{}".to_vec())
                }
                None => (404, Vec::new(), b"{}".to_vec()),
            }
        } else {
            (404, Vec::new(), b"{}".to_vec())
        };
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
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

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|_| serde_json::Value::String(body.to_string()))
}

fn read_request(stream: &TcpStream) -> Option<(String, String, String)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let path = words.next()?.to_string();
    let mut length = 0;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if name == "content-length" {
                length = value.trim().parse().unwrap_or(0);
            } else if name == "transfer-encoding" && value.trim().eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(length, 0);
        reader.read_exact(&mut body).ok()?;
    }
    Some((method, path, String::from_utf8_lossy(&body).into_owned()))
}

/// A function's binary running against a [`RuntimeApi`], its stdout and stderr captured. It is
/// killed when dropped.
pub struct Function {
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Function {
    /// Starts `binary` with only `env` (plus the Lambda variables for `api`) in its
    /// environment, so that nothing of the test machine's AWS configuration leaks in.
    pub fn start(binary: &Path, api: &RuntimeApi, env: &[(&str, &str)]) -> Function {
        let mut command = Command::new(binary);
        command
            .env_clear()
            .env("AWS_LAMBDA_RUNTIME_API", api.address())
            .env("AWS_LAMBDA_FUNCTION_NAME", "test")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/test")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/nonexistent/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start the function's binary");
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        if let Some(mut stdout) = child.stdout.take() {
            let output = output.clone();
            readers.push(std::thread::spawn(move || copy(&mut stdout, &output)));
        }
        if let Some(mut stderr) = child.stderr.take() {
            let output = output.clone();
            readers.push(std::thread::spawn(move || copy(&mut stderr, &output)));
        }
        Function {
            child,
            output,
            readers,
        }
    }

    /// Stops the binary and returns everything it wrote (stdout and stderr).
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        String::from_utf8_lossy(&self.output.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy(from: &mut impl Read, to: &Mutex<Vec<u8>>) {
    let mut buffer = [0u8; 4096];
    while let Ok(n) = from.read(&mut buffer) {
        if n == 0 {
            break;
        }
        to.lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(&buffer[..n]);
    }
}
