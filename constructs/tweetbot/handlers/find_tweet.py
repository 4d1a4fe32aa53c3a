"""Find Tweet: the newest tweet matching the execution's searchText (X API v2 recent search).

The bearer token is read once per container from the SSM SecureString parameter named by
BEARER_TOKEN_PARAMETER, and never logged. TWITTER_API_URL points at the API (tests use a local
stand-in).
"""
import json
import os
import urllib.error
import urllib.parse
import urllib.request

_token = None


class TwitterRetryableError(Exception):
    """The API is rate limiting (429) or failing (5xx): the state machine retries."""


class TwitterAuthError(Exception):
    """The API refused the bearer token (401/403): retrying will not help."""


class TwitterResponseError(Exception):
    """The API answered something that is not a search result."""


def _ssm_client():
    import boto3  # provided by the Lambda runtime

    return boto3.client("ssm")


def bearer_token(client_factory=_ssm_client):
    global _token
    if _token is None:
        name = os.environ["BEARER_TOKEN_PARAMETER"]
        try:
            answer = client_factory().get_parameter(Name=name, WithDecryption=True)
            _token = answer["Parameter"]["Value"]
        except Exception as e:  # never echo the value; name the parameter only
            raise TwitterAuthError(f"cannot read the bearer token from SSM parameter {name}: {type(e).__name__}") from None
    return _token


def search(text, token):
    query = urllib.parse.urlencode({
        "query": text,
        "max_results": 10,
        "expansions": "author_id",
        "tweet.fields": "created_at,author_id",
        "user.fields": "username",
    })
    base = os.environ.get("TWITTER_API_URL", "https://api.twitter.com").rstrip("/")
    request = urllib.request.Request(
        f"{base}/2/tweets/search/recent?{query}",
        headers={"Authorization": f"Bearer {token}", "User-Agent": "TweetBot"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as e:
        if e.code == 429 or e.code >= 500:
            raise TwitterRetryableError(f"X API answered HTTP {e.code}") from None
        if e.code in (401, 403):
            raise TwitterAuthError(f"X API refused the bearer token (HTTP {e.code}): check the SSM parameter") from None
        raise TwitterResponseError(f"X API answered HTTP {e.code}") from None
    except urllib.error.URLError as e:
        raise TwitterRetryableError(f"X API unreachable: {e.reason}") from None
    try:
        return json.loads(body)
    except ValueError:
        raise TwitterResponseError("X API answered with malformed JSON") from None


def newest(result):
    if not isinstance(result, dict):
        raise TwitterResponseError("X API answer is not a JSON object")
    tweets = result.get("data") or []
    users = (result.get("includes") or {}).get("users") or []
    if not isinstance(tweets, list) or not isinstance(users, list):
        raise TwitterResponseError("X API answer has no list of tweets")
    if not tweets:
        return {"found": False}
    try:
        tweet = max(tweets, key=lambda t: (t.get("created_at", ""), int(t["id"])))
        names = {u["id"]: u.get("username", "") for u in users}
        username = names.get(tweet.get("author_id"), "")
        return {
            "found": True,
            "id": str(tweet["id"]),
            "text": str(tweet["text"]),
            "authorId": str(tweet.get("author_id", "")),
            "username": username,
            "createdAt": str(tweet.get("created_at", "")),
            "url": f"https://x.com/{username or 'i'}/status/{tweet['id']}",
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        raise TwitterResponseError("X API answer has a tweet without id or text") from None


def handler(event, context):
    text = (event or {}).get("searchText")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("searchText must be a non-empty string")
    return newest(search(text, bearer_token()))
