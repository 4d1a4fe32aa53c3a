"""Find Tweet: the newest tweet matching searchText (X API v2 recent search).

The bearer token is read once per container from the SSM SecureString named by
BEARER_TOKEN_PARAMETER and never logged. TWITTER_API_URL is the API's base URL.
"""
import json
import os
import urllib.error
import urllib.parse
import urllib.request

_token = None


class TwitterRetryableError(Exception):
    """Rate limited (429) or failing (5xx): the state machine retries."""


class TwitterAuthError(Exception):
    """The bearer token was refused or cannot be read: retrying will not help."""


class TwitterResponseError(Exception):
    """The API answered something that is not a search result."""


def _ssm():
    import boto3  # part of the Lambda Python runtime

    return boto3.client("ssm")


def bearer_token(ssm=_ssm):
    global _token
    if _token is None:
        name = os.environ["BEARER_TOKEN_PARAMETER"]
        try:
            _token = ssm().get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
        except Exception as e:
            raise TwitterAuthError(f"cannot read the bearer token from SSM parameter {name}: {type(e).__name__}") from None
    return _token


def search(text, token):
    query = urllib.parse.urlencode({
        "query": text, "max_results": 10, "expansions": "author_id",
        "tweet.fields": "created_at,author_id", "user.fields": "username"})
    base = os.environ.get("TWITTER_API_URL", "https://api.twitter.com").rstrip("/")
    req = urllib.request.Request(f"{base}/2/tweets/search/recent?{query}",
                                 headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
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
        raise TwitterResponseError("X API answered malformed JSON") from None


def newest(result):
    if not isinstance(result, dict):
        raise TwitterResponseError("X API answer is not an object")
    tweets = result.get("data") or []
    users = (result.get("includes") or {}).get("users") or []
    if not isinstance(tweets, list) or not isinstance(users, list):
        raise TwitterResponseError("X API answer has no list of tweets")
    if not tweets:
        return {"found": False}
    try:
        t = max(tweets, key=lambda t: int(t["id"]))
        name = {u["id"]: u.get("username", "") for u in users}.get(t.get("author_id"), "")
        return {"found": True, "id": str(t["id"]), "text": str(t["text"]),
                "authorId": str(t.get("author_id", "")), "username": name,
                "createdAt": str(t.get("created_at", "")),
                "url": f"https://x.com/{name or 'i'}/status/{t['id']}"}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise TwitterResponseError("X API answer has a tweet without id or text") from None


def handler(event, context):
    text = (event or {}).get("searchText")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("searchText must be a non-empty string")
    return newest(search(text, bearer_token()))
