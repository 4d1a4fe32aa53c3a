//! Find Tweet against a local stand-in of the X API (and of SSM) that checks each request
//! (path, every query parameter, the bearer header) and answers recorded, real-shaped responses.

mod support;

use std::time::Duration;

use find_tweet::{
    BearerToken, FindTweetError, SearchRequest, XApi, AUTH_ERROR, INPUT_ERROR, RESPONSE_ERROR,
    RETRYABLE_ERROR,
};
use lambda_runtime::Diagnostic;
use serde_json::{json, Value};
use support::{SsmAnswer, StandIn, XAnswer, PARAMETER, TOKEN};

async fn find(stand_in: &StandIn, event: Value) -> Result<Value, FindTweetError> {
    let result = stand_in.function().handle(&event).await?;
    Ok(serde_json::to_value(result).expect("serializable"))
}

fn search(text: &str) -> Value {
    json!({"searchText": text, "phoneNumber": "+15554446666"})
}

#[tokio::test]
async fn found_returns_the_newest_tweet_in_the_python_handlers_shape() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
    stand_in.expect("AWS Step Functions", None);
    let result = find(&stand_in, search("AWS Step Functions")).await.unwrap();
    assert_eq!(
        result,
        json!({
            "found": true,
            "id": "2126243387799691529",
            "text": "AWS Step Functions now supports JSONata and variables 🎉 https://t.co/abc",
            "authorId": "2244994945",
            "username": "awsdevelopers",
            "createdAt": "2026-11-27T09:15:02.000Z",
            "url": "https://x.com/awsdevelopers/status/2126243387799691529",
        })
    );
    // The request itself: one search, with exactly the parameters and the bearer header.
    let searches = stand_in.searches();
    assert_eq!(searches.len(), 1);
    let request = &searches[0];
    assert_eq!(request.path, "/2/tweets/search/recent");
    let mut params = request.query.clone();
    params.sort();
    assert_eq!(
        params,
        [
            ("expansions", "author_id"),
            ("max_results", "10"),
            ("query", "AWS Step Functions"),
            ("tweet.fields", "created_at"),
            ("user.fields", "username"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    // The token came from SSM, read by name with decryption (the stand-in checks both).
    let ssm = stand_in.ssm_calls();
    assert_eq!(ssm.len(), 1);
    assert_eq!(
        ssm[0].header("x-amz-target"),
        Some("AmazonSSM.GetParameter")
    );
    assert!(ssm[0]
        .header("authorization")
        .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")));
}

#[tokio::test]
async fn the_newest_tweet_is_found_when_it_is_not_first_and_its_author_is_missing() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "newest-not-first.json"));
    let result = find(&stand_in, search("AWS Step Functions")).await.unwrap();
    assert_eq!(
        result,
        json!({
            "found": true,
            "id": "2126265311428071634",
            "text": "Retries with backoff in AWS Step Functions: Retry, MaxAttempts, BackoffRate and Jitter 👇\nhttps://t.co/xyz",
            "authorId": "1473719925474107393",
            "username": "",
            "createdAt": "2026-11-27T10:42:09.000Z",
            "url": "https://x.com/i/status/2126265311428071634",
        })
    );
}

#[tokio::test]
async fn since_id_is_sent_and_older_tweets_are_never_returned() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "newest-not-first.json"));
    stand_in.expect("AWS", Some("2126243387799691529"));
    let result = find(
        &stand_in,
        json!({"searchText": "AWS", "sinceId": "2126243387799691529"}),
    )
    .await
    .unwrap();
    assert_eq!(result["id"], "2126265311428071634");
    assert_eq!(
        stand_in.searches()[0].param("since_id"),
        Some("2126243387799691529")
    );

    // Nothing newer than the newest stored: X answers no data.
    stand_in.expect("AWS", Some("2126265311428071634"));
    stand_in.answer(XAnswer::recorded(200, "none.json"));
    let result = find(
        &stand_in,
        json!({"searchText": "AWS", "sinceId": "2126265311428071634"}),
    )
    .await
    .unwrap();
    assert_eq!(result, json!({"found": false}));

    // Even if the API answered older tweets, none at or before sinceId is returned.
    stand_in.answer(XAnswer::recorded(200, "newest-not-first.json"));
    let result = find(
        &stand_in,
        json!({"searchText": "AWS", "sinceId": "2126265311428071634"}),
    )
    .await
    .unwrap();
    assert_eq!(result, json!({"found": false}));

    // A sinceId more than seven days old (the API would answer 400) is not sent, and the
    // answer is still filtered by it.
    stand_in.expect("AWS", None);
    let week_old = "2123385800097595392"; // 2026-11-19T12:00:00Z, eight days before
    let result = find(&stand_in, json!({"searchText": "AWS", "sinceId": week_old}))
        .await
        .unwrap();
    assert_eq!(result["id"], "2126265311428071634");
    assert_eq!(stand_in.searches().last().unwrap().param("since_id"), None);

    // Without sinceId no since_id is sent (the stand-in refuses an unexpected parameter).
    stand_in.expect("AWS", None);
    assert!(find(&stand_in, search("AWS")).await.unwrap()["found"] == true);
    assert_eq!(stand_in.searches().last().unwrap().param("since_id"), None);
}

#[tokio::test]
async fn no_match_is_found_false() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "none.json"));
    assert_eq!(
        find(&stand_in, search("nothing")).await.unwrap(),
        json!({"found": false})
    );
}

/// Whether the error is retryable, and its `errorType` and `errorMessage` as the Lambda
/// runtime reports them (the `Diagnostic` it posts to `/invocation/{id}/error`).
async fn failure(answer: XAnswer) -> (bool, String, String) {
    let stand_in = StandIn::start(answer);
    let error = find(&stand_in, search("x")).await.unwrap_err();
    let retryable = error.is_retryable();
    let diagnostic = serde_json::to_value(Diagnostic::from(error)).expect("serializable");
    (
        retryable,
        diagnostic["errorType"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        diagnostic["errorMessage"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[tokio::test]
async fn http_429_is_the_retryable_error_with_the_reset_time() {
    let (retryable, error_type, message) = failure(
        XAnswer::recorded(429, "429.json")
            .header("x-rate-limit-limit", "450")
            .header("x-rate-limit-remaining", "0")
            .header("x-rate-limit-reset", "1796000000"),
    )
    .await;
    assert_eq!(error_type, "TwitterRetryableError");
    assert!(retryable);
    assert_eq!(
        message,
        "X API rate limit reached (HTTP 429), resets at 1796000000; retry later"
    );
}

#[tokio::test]
async fn server_errors_are_retryable() {
    for (status, file) in [(500, "500.json"), (503, "503.json")] {
        let (_, error_type, message) = failure(XAnswer::recorded(status, file)).await;
        assert_eq!(error_type, RETRYABLE_ERROR);
        assert!(
            message.starts_with(&format!("X API failed (HTTP {status}): ")),
            "{message}"
        );
    }
    let (_, error_type, _) = failure(XAnswer::body(502, "<html>Bad Gateway</html>")).await;
    assert_eq!(error_type, RETRYABLE_ERROR);
}

#[tokio::test]
async fn a_refused_token_is_a_clear_non_retryable_error() {
    let (retryable, error_type, message) = failure(XAnswer::recorded(401, "401.json")).await;
    assert_eq!(error_type, AUTH_ERROR);
    assert!(!retryable);
    assert_eq!(
        message,
        format!("X API refused the bearer token (HTTP 401): Unauthorized: check the token in the SSM parameter {PARAMETER}")
    );

    let (_, error_type, message) = failure(XAnswer::recorded(403, "403.json")).await;
    assert_eq!(error_type, AUTH_ERROR);
    assert!(
        message.starts_with("X API refused the bearer token (HTTP 403): When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App"),
        "{message}"
    );
}

#[tokio::test]
async fn malformed_answers_are_their_own_error() {
    let (_, error_type, message) = failure(XAnswer::recorded(200, "malformed.json")).await;
    assert_eq!(error_type, RESPONSE_ERROR);
    assert!(
        message.starts_with("X API answered malformed JSON ("),
        "{message}"
    );

    for (body, expected) in [
        (
            "[]",
            "X API answer is not a search result: the answer is not a JSON object",
        ),
        (
            r#"{"data": [{"id": "1"}]}"#,
            "X API answer is not a search result: a tweet has no text",
        ),
        (
            r#"{"data": {"id": "1"}}"#,
            "X API answer is not a search result: data is not a list",
        ),
    ] {
        let (_, error_type, message) = failure(XAnswer::body(200, body)).await;
        assert_eq!(error_type, RESPONSE_ERROR);
        assert_eq!(message, expected);
    }

    let (_, error_type, message) = failure(XAnswer::recorded(400, "400.json")).await;
    assert_eq!(error_type, RESPONSE_ERROR);
    assert_eq!(
        message,
        "X API answered HTTP 400: One or more parameters to your request was invalid. Invalid 'since_id':'1'. 'since_id' must be a tweet ID created after 2010-11-04T01:42:54Z."
    );
}

#[tokio::test]
async fn an_unreachable_or_slow_api_is_retryable() {
    // A port that nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let token = BearerToken::new(TOKEN).unwrap();
    let request = SearchRequest {
        query: "x".into(),
        since_id: None,
    };
    let error = XApi::new(&url)
        .unwrap()
        .search(&request, &token, PARAMETER)
        .await
        .unwrap_err();
    assert_eq!(error.error_type(), RETRYABLE_ERROR);
    assert!(
        error.to_string().starts_with("X API unreachable: "),
        "{error}"
    );

    let stand_in =
        StandIn::start(XAnswer::recorded(200, "found.json").delayed(Duration::from_secs(3)));
    let error = stand_in
        .function_with_timeout(Duration::from_millis(300))
        .handle(&search("x"))
        .await
        .unwrap_err();
    assert_eq!(error.error_type(), RETRYABLE_ERROR);
    assert_eq!(error.to_string(), "X API did not answer within 300 ms");
}

#[tokio::test]
async fn the_token_is_read_once_per_instance() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "none.json"));
    let function = stand_in.function();
    function.handle(&search("a")).await.unwrap();
    function.handle(&search("b")).await.unwrap();
    stand_in.answer(XAnswer::recorded(429, "429.json"));
    function.handle(&search("c")).await.unwrap_err();
    assert_eq!(stand_in.searches().len(), 3);
    assert_eq!(stand_in.ssm_calls().len(), 1);
}

#[tokio::test]
async fn a_failed_token_read_names_the_parameter_and_is_tried_again_next_time() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "none.json"));
    stand_in.ssm(SsmAnswer::Error(
        400,
        "ParameterNotFound".into(),
        String::new(),
    ));
    let function = stand_in.function();
    let error = function.handle(&search("a")).await.unwrap_err();
    assert_eq!(error.error_type(), AUTH_ERROR);
    assert_eq!(
        error.to_string(),
        format!(
            "cannot read the bearer token from the SSM parameter {PARAMETER}: ParameterNotFound"
        )
    );
    assert!(stand_in.searches().is_empty());

    stand_in.ssm(SsmAnswer::Value(TOKEN.into()));
    assert_eq!(
        serde_json::to_value(function.handle(&search("a")).await.unwrap()).unwrap(),
        json!({"found": false})
    );
    assert_eq!(stand_in.ssm_calls().len(), 2);
}

#[tokio::test]
async fn unusable_parameter_values_are_auth_errors() {
    for (answer, reason) in [
        (SsmAnswer::NoValue, "the parameter has no value"),
        (SsmAnswer::Value("  ".into()), "the value is empty"),
        (
            SsmAnswer::Value("line\u{7}feed".into()),
            "the value has characters an HTTP header cannot carry",
        ),
        (
            SsmAnswer::Error(
                400,
                "AccessDeniedException".into(),
                "User is not authorized to perform: ssm:GetParameter".into(),
            ),
            "AccessDeniedException: User is not authorized to perform: ssm:GetParameter",
        ),
    ] {
        let stand_in = StandIn::start(XAnswer::recorded(200, "none.json"));
        stand_in.ssm(answer);
        let error = stand_in.function().handle(&search("a")).await.unwrap_err();
        assert_eq!(error.error_type(), AUTH_ERROR);
        assert_eq!(
            error.to_string(),
            format!("cannot read the bearer token from the SSM parameter {PARAMETER}: {reason}")
        );
    }
}

#[tokio::test]
async fn a_bad_event_is_refused_before_any_request() {
    let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
    for event in [
        json!({"searchText": "  "}),
        json!({}),
        json!({"searchText": "a", "sinceId": 12}),
    ] {
        let error = stand_in.function().handle(&event).await.unwrap_err();
        assert_eq!(error.error_type(), INPUT_ERROR, "{event}");
    }
    assert!(
        stand_in.requests().is_empty(),
        "neither SSM nor X was called"
    );
}

#[tokio::test]
async fn the_stand_in_checks_the_request_itself() {
    // A wrong token: the stand-in refuses it (and says so without quoting the header).
    let stand_in = StandIn::start(XAnswer::recorded(200, "found.json"));
    let request = SearchRequest {
        query: "x".into(),
        since_id: None,
    };
    let wrong = BearerToken::new("not-the-token").unwrap();
    let error = XApi::new(stand_in.url())
        .unwrap()
        .search(&request, &wrong, PARAMETER)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "X API answered HTTP 400: the Authorization header is not Bearer <the expected token>"
    );
    // A query other than the expected one.
    stand_in.expect("AWS Step Functions", None);
    let error = find(&stand_in, search("AWS Lambda")).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "X API answered HTTP 400: query must be \"AWS Step Functions\", got Some(\"AWS Lambda\")"
    );
}

#[test]
fn the_retryable_error_is_the_one_the_find_tweet_task_retries() {
    // The task's Retry is built in cdk-tweetbot (constructs/tweetbot/src/tweet_poller.rs) from
    // its RETRYABLE_ERROR; the two names must stay equal.
    let poller = include_str!("../../../src/tweet_poller.rs");
    assert!(
        poller.contains(&format!(
            "pub const RETRYABLE_ERROR: &str = \"{RETRYABLE_ERROR}\";"
        )),
        "constructs/tweetbot/src/tweet_poller.rs no longer retries {RETRYABLE_ERROR}"
    );
}
