//! The function's real binary (the zip's `bootstrap`) under a stand-in of the Lambda Runtime
//! API: the message is the invocation's response (a JSON string), a bad event an
//! `InvalidInputError`.
//!
//! The binary is the host build of `src/main.rs`, or the file named by
//! `GENERATE_MESSAGE_BOOTSTRAP` (e.g. the `bootstrap` unzipped from the cargo-lambda zip).

#[path = "../../find-tweet/tests/support/runtime_api.rs"]
mod runtime_api;

use std::path::PathBuf;
use std::time::Duration;

use runtime_api::{Function, Outcome, RuntimeApi};
use serde_json::json;

#[test]
fn the_binary_answers_the_message_or_a_typed_error() {
    let api = RuntimeApi::start();
    let binary = std::env::var_os("GENERATE_MESSAGE_BOOTSTRAP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_generate-message")));
    let function = Function::start(&binary, &api, &[("RUST_LOG", "debug")]);
    let wait = Duration::from_secs(60);
    let event = json!({
        "searchText": "AWS",
        "phoneNumber": "+15554446666",
        "tweet": {"found": true, "id": "2126243387799691529", "username": "awsdevelopers",
                  "text": "Hello Step Functions", "authorId": "2244994945",
                  "createdAt": "2026-11-27T09:15:02.000Z",
                  "url": "https://x.com/awsdevelopers/status/2126243387799691529"}
    });
    assert_eq!(
        api.invoke(&event, wait),
        Some(Outcome::Response(json!(
            "@awsdevelopers tweeted about AWS: Hello Step Functions https://x.com/i/status/2126243387799691529"
        ))),
        "{:?}",
        api.init_error()
    );
    assert_eq!(
        api.invoke(&json!({"tweet": "x"}), wait),
        Some(Outcome::Error(json!({
            "errorType": "InvalidInputError",
            "errorMessage": "invalid input: tweet must be an object, not a string"
        })))
    );
    let output = function.stop();
    assert!(output.contains("message composed"), "{output}");
}
