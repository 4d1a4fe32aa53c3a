"""A local stand-in of the X API v2 recent search, started by the local AWS launcher.

`GET /2/tweets/search/recent` answers from the tweets in `x_stand_in.json`, always the same:

- `Authorization: Bearer <token>` is checked first: the token is `LOCAL_X_BEARER_TOKEN`
  (default `local-x-bearer-token`); another token, or none, gets X's HTTP 401.
- `query` is required (at most 512 characters); its words must all be in a tweet's text
  (case-insensitive; `"a phrase"` in quotes as a whole, `-word` excludes, `from:username` keeps
  that author's tweets, other `name:value` operators are ignored). `max_results` is 10 to 100
  (default 10); `since_id` and `until_id` keep only tweets newer (older) than that id. Anything
  else wrong is X's HTTP 400 "Invalid Request".
- The answer has X's shape: `data` newest first, with `id`, `text`, `edit_history_tweet_ids`,
  and `created_at` / `author_id` when asked in `tweet.fields` (or `expansions=author_id`);
  `includes.users` (`id`, `name`, `username`) with `expansions=author_id`, an `errors` entry for
  an author it does not know, and `meta` (`newest_id`, `oldest_id`, `result_count`). No match:
  `{"meta": {"result_count": 0}}`.

For tests and demonstrations (not part of X's API):

- `POST /stand-in/rate-limit?count=N` (or the JSON body `{"count": N}`): the next N searches
  with the right token answer HTTP 429 "Too Many Requests" with X's `x-rate-limit-*` headers.
- `GET /stand-in/requests`: the searches received, in order: each one's query parameters,
  whether its token was right (never the token itself) and the status answered.
- `POST /stand-in/reset`: forgets the requests and any pending 429s.
"""
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_TOKEN = "local-x-bearer-token"
SEARCH_PATH = "/2/tweets/search/recent"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "x_stand_in.json")


def invalid(message, parameter, value):
    return 400, {
        "errors": [{"parameters": {parameter: [value]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def matcher(query):
    """A predicate on (tweet, username) for the words and operators of `query`."""
    words, excluded, authors = [], [], []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        if phrase:
            words.append(phrase.lower())
        elif word.startswith("-") and len(word) > 1:
            excluded.append(word[1:].lower())
        elif word.lower().startswith("from:"):
            authors.append(word[5:].lstrip("@").lower())
        elif ":" in word or word in ("OR", "AND"):
            continue  # other operators (is:retweet, lang:en...) are not applied
        else:
            words.append(word.strip("()").lower())

    def matches(tweet, username):
        text = tweet["text"].lower()
        return (all(w in text for w in words if w)
                and not any(w in text for w in excluded)
                and (not authors or (username or "").lower() in authors))

    return matches


class StandIn:
    def __init__(self, token, data_path=DATA):
        with open(data_path, encoding="utf-8") as f:
            data = json.load(f)
        self.tweets = sorted(data["tweets"], key=lambda t: int(t["id"]), reverse=True)
        self.users = {u["id"]: u for u in data["users"]}
        self.token = token
        self.lock = threading.Lock()
        self.rate_limited = 0
        self.requests = []

    def search(self, params, authorization):
        """(status, body, headers) of one recent search."""
        if authorization != f"Bearer {self.token}":
            return 401, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                         "detail": "Unauthorized"}, {}
        with self.lock:
            if self.rate_limited > 0:
                self.rate_limited -= 1
                return 429, {"title": "Too Many Requests", "detail": "Too Many Requests",
                             "type": "about:blank", "status": 429}, {
                    "x-rate-limit-limit": "450", "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": str(int(time.time()) + 900)}
        one = {k: v[-1] for k, v in params.items()}
        query = one.get("query", "")
        if not query.strip():
            return (*invalid("The `query` query parameter can not be empty", "query", query), {})
        if len(query) > 512:
            return (*invalid(f"The `query` query parameter value [{query}] is not between 1 and 512 characters",
                             "query", query), {})
        max_results = one.get("max_results", "10")
        if not max_results.isdigit() or not 10 <= int(max_results) <= 100:
            return (*invalid(f"The `max_results` query parameter value [{max_results}] is not between 10 and 100",
                             "max_results", max_results), {})
        bounds = {}
        for name in ("since_id", "until_id"):
            if name in one:
                if not one[name].isdigit():
                    return (*invalid(f"The `{name}` query parameter value [{one[name]}] does not match ^[0-9]{{1,19}}$",
                                     name, one[name]), {})
                bounds[name] = int(one[name])
        fields = set(",".join(params.get("tweet.fields", [])).split(","))
        expansions = set(",".join(params.get("expansions", [])).split(","))
        matches = matcher(query)
        found = []
        for tweet in self.tweets:
            tid = int(tweet["id"])
            if tid <= bounds.get("since_id", -1) or tid >= bounds.get("until_id", 1 << 64):
                continue
            author = self.users.get(tweet["author_id"])
            if matches(tweet, author and author["username"]):
                found.append(tweet)
        found = found[:int(max_results)]
        if not found:
            return 200, {"meta": {"result_count": 0}}, {}
        data = []
        for tweet in found:
            item = {"edit_history_tweet_ids": [tweet["id"]], "id": tweet["id"], "text": tweet["text"]}
            if "author_id" in fields or "author_id" in expansions:
                item["author_id"] = tweet["author_id"]
            if "created_at" in fields:
                item["created_at"] = tweet["created_at"]
            data.append(item)
        body = {"data": data}
        if "author_id" in expansions:
            authors = list(dict.fromkeys(t["author_id"] for t in found))
            body["includes"] = {"users": [self.users[a] for a in authors if a in self.users]}
            missing = [a for a in authors if a not in self.users]
            if missing:
                body["errors"] = [{
                    "value": a, "detail": f"Could not find user with id: [{a}].",
                    "title": "Not Found Error", "resource_type": "user", "parameter": "id",
                    "resource_id": a, "type": "https://api.twitter.com/2/problems/resource-not-found",
                } for a in missing]
        body["meta"] = {"newest_id": found[0]["id"], "oldest_id": found[-1]["id"], "result_count": len(found)}
        return 200, body, {}


def handler_for(stand_in):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body, headers=None):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == SEARCH_PATH:
                params = parse_qs(url.query, keep_blank_values=True)
                status, body, headers = stand_in.search(params, self.headers.get("Authorization"))
                with stand_in.lock:
                    stand_in.requests.append({
                        "query": {k: v[-1] for k, v in params.items()},
                        "authorized": status != 401,
                        "status": status,
                    })
                return self.answer(status, body, headers)
            if url.path == "/stand-in/requests":
                with stand_in.lock:
                    return self.answer(200, {"requests": list(stand_in.requests)})
            self.answer(404, {"title": "Not Found Error", "type": "about:blank", "status": 404,
                              "detail": f"No route for {url.path}"})

        def do_POST(self):
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if url.path == "/stand-in/rate-limit":
                try:
                    given = parse_qs(url.query).get("count") or [json.loads(raw or b"{}").get("count", 1)]
                    count = int(given[-1])
                except (ValueError, AttributeError):
                    return self.answer(400, {"error": "count must be a whole number"})
                with stand_in.lock:
                    stand_in.rate_limited = max(count, 0)
                return self.answer(200, {"rateLimited": stand_in.rate_limited})
            if url.path == "/stand-in/reset":
                with stand_in.lock:
                    stand_in.rate_limited = 0
                    stand_in.requests.clear()
                return self.answer(200, {"reset": True})
            self.answer(404, {"title": "Not Found Error", "type": "about:blank", "status": 404,
                              "detail": f"No route for {url.path}"})

    return Handler


def start(host="127.0.0.1", port=0, token=None):
    """Serves the stand-in on a daemon thread; returns (its URL, the StandIn)."""
    stand_in = StandIn(token or DEFAULT_TOKEN)
    server = ThreadingHTTPServer((host, port), handler_for(stand_in))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="x-stand-in", daemon=True).start()
    return f"http://{host}:{server.server_address[1]}", stand_in


if __name__ == "__main__":  # on its own: python x_stand_in.py [PORT]
    import sys

    url, _ = start(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0,
                   token=os.environ.get("LOCAL_X_BEARER_TOKEN"))
    print(f"X API stand-in on {url}", flush=True)
    threading.Event().wait()
