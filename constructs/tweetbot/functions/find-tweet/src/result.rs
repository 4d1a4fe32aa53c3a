//! From a search answer to Find Tweet's result: the newest tweet, with its author's username.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::FindTweetError;

/// Find Tweet's result, as the state machine reads it at `$.tweet`: `{"found": false}`, or
/// `{"found": true, "id", "text", "authorId", "username", "createdAt", "url"}` (the same shape as
/// the Python handler it replaces). The Choice state tests `found`; Generate Message and Store
/// Tweet read the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindTweetResult {
    /// Whether a tweet was found.
    pub found: bool,
    /// The tweet, when found.
    #[serde(flatten)]
    pub tweet: Option<FoundTweet>,
}

/// The newest tweet of a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundTweet {
    /// The tweet's id (digits, as a string: it does not fit a JSON number exactly).
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its author's user id; empty when the answer does not say.
    pub author_id: String,
    /// Its author's username; empty when the author is not in the answer's `includes.users`.
    pub username: String,
    /// When it was posted (ISO 8601); empty when the answer does not say.
    pub created_at: String,
    /// `https://x.com/<username>/status/<id>`, with `i` for an unknown author.
    pub url: String,
}

impl FindTweetResult {
    /// The result when nothing was found.
    pub fn not_found() -> FindTweetResult {
        FindTweetResult {
            found: false,
            tweet: None,
        }
    }
}

/// The newest tweet (highest id) of a recent search answer, newer than `since_id` if given; its
/// author's username comes from `includes.users`. An answer without `data` (no match) is "not
/// found"; an answer that is not an object, whose `data` is not a list, or with a tweet without
/// a numeric string `id` or a string `text`, is an error.
///
/// ```
/// use find_tweet::result::newest;
/// let answer = serde_json::json!({
///     "data": [
///         {"id": "2", "text": "older", "author_id": "7"},
///         {"id": "10", "text": "newest", "author_id": "7", "created_at": "2026-11-27T09:15:02.000Z"}
///     ],
///     "includes": {"users": [{"id": "7", "username": "someone"}]}
/// });
/// let result = newest(&answer, None)?;
/// assert_eq!(serde_json::to_value(&result)?, serde_json::json!({
///     "found": true, "id": "10", "text": "newest", "authorId": "7", "username": "someone",
///     "createdAt": "2026-11-27T09:15:02.000Z", "url": "https://x.com/someone/status/10"
/// }));
/// assert!(!newest(&answer, Some(10))?.found);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn newest(answer: &Value, since_id: Option<u64>) -> Result<FindTweetResult, FindTweetError> {
    let shape = |m: &str| FindTweetError::UnexpectedShape(m.to_string());
    let answer = answer
        .as_object()
        .ok_or_else(|| shape("the answer is not a JSON object"))?;
    let tweets = match answer.get("data") {
        None | Some(Value::Null) => return Ok(FindTweetResult::not_found()),
        Some(Value::Array(tweets)) => tweets,
        Some(_) => return Err(shape("data is not a list")),
    };
    let users: HashMap<&str, &str> = match answer.get("includes").and_then(|i| i.get("users")) {
        None | Some(Value::Null) => HashMap::new(),
        Some(Value::Array(users)) => users
            .iter()
            .filter_map(|u| Some((u.get("id")?.as_str()?, u.get("username")?.as_str()?)))
            .collect(),
        Some(_) => return Err(shape("includes.users is not a list")),
    };
    let mut best: Option<(u64, &serde_json::Map<String, Value>)> = None;
    for tweet in tweets {
        let tweet = tweet
            .as_object()
            .ok_or_else(|| shape("a tweet is not an object"))?;
        let id = tweet
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse::<u64>().ok())
            .ok_or_else(|| shape("a tweet has no numeric id"))?;
        if !tweet.get("text").is_some_and(Value::is_string) {
            return Err(shape("a tweet has no text"));
        }
        if since_id.is_some_and(|since| id <= since) {
            continue;
        }
        if best.is_none_or(|(best_id, _)| id > best_id) {
            best = Some((id, tweet));
        }
    }
    let Some((id, tweet)) = best else {
        return Ok(FindTweetResult::not_found());
    };
    let field = |name: &str| {
        tweet
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let author_id = field("author_id");
    let username = users
        .get(author_id.as_str())
        .copied()
        .unwrap_or_default()
        .to_string();
    let url = format!(
        "https://x.com/{}/status/{id}",
        if username.is_empty() { "i" } else { &username }
    );
    Ok(FindTweetResult {
        found: true,
        tweet: Some(FoundTweet {
            id: id.to_string(),
            text: field("text"),
            author_id,
            username,
            created_at: field("created_at"),
            url,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn not_found_serializes_as_found_false_only() {
        assert_eq!(
            serde_json::to_value(FindTweetResult::not_found()).unwrap(),
            json!({"found": false})
        );
        assert!(
            !newest(&json!({"meta": {"result_count": 0}}), None)
                .unwrap()
                .found
        );
        assert!(!newest(&json!({"data": null}), None).unwrap().found);
        assert!(!newest(&json!({"data": []}), None).unwrap().found);
    }

    #[test]
    fn the_newest_is_the_highest_id_not_the_first_nor_the_longest_string() {
        let answer = json!({"data": [
            {"id": "999", "text": "a"},
            {"id": "1000", "text": "b"},
            {"id": "998", "text": "c"}
        ]});
        let tweet = newest(&answer, None).unwrap().tweet.unwrap();
        assert_eq!(tweet.id, "1000");
        assert_eq!(tweet.username, "");
        assert_eq!(tweet.url, "https://x.com/i/status/1000");
        assert_eq!(
            newest(&answer, Some(999)).unwrap().tweet.unwrap().id,
            "1000"
        );
        assert!(!newest(&answer, Some(1000)).unwrap().found);
    }

    #[test]
    fn malformed_answers_are_errors() {
        for (answer, message) in [
            (json!([1]), "the answer is not a JSON object"),
            (json!({"data": {}}), "data is not a list"),
            (json!({"data": [1]}), "a tweet is not an object"),
            (
                json!({"data": [{"text": "t"}]}),
                "a tweet has no numeric id",
            ),
            (
                json!({"data": [{"id": 5, "text": "t"}]}),
                "a tweet has no numeric id",
            ),
            (
                json!({"data": [{"id": "x5", "text": "t"}]}),
                "a tweet has no numeric id",
            ),
            (json!({"data": [{"id": "5"}]}), "a tweet has no text"),
            (
                json!({"data": [{"id": "5", "text": "t"}], "includes": {"users": {}}}),
                "includes.users is not a list",
            ),
        ] {
            let error = newest(&answer, None).unwrap_err();
            assert_eq!(error.error_type(), "TwitterResponseError");
            assert_eq!(
                error.to_string(),
                format!("X API answer is not a search result: {message}")
            );
        }
    }
}
