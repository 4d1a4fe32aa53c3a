"""Find Tweet against a local stand-in for the X API that answers with recorded responses."""
import http.server
import importlib.util
import json
import os
import pathlib
import threading
import unittest

HERE = pathlib.Path(__file__).parent
RECORDED = HERE / "recorded"


def load(name):
    spec = importlib.util.spec_from_file_location(name, HERE.parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StandIn(http.server.BaseHTTPRequestHandler):
    """Answers /2/tweets/search/recent with the recorded response chosen by the test."""

    status = 200
    body = b""
    requests = []

    def do_GET(self):
        StandIn.requests.append((self.path, dict(self.headers)))
        self.send_response(StandIn.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(StandIn.body)

    def log_message(self, *args):
        pass


class FakeSsm:
    def __init__(self, value=None, error=None):
        self.value, self.error, self.calls = value, error, 0

    def get_parameter(self, Name, WithDecryption):
        self.calls += 1
        if self.error:
            raise self.error
        assert WithDecryption is True
        return {"Parameter": {"Name": Name, "Value": self.value}}


class FindTweetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        self.ft = load("find_tweet")
        os.environ["TWITTER_API_URL"] = f"http://127.0.0.1:{self.server.server_port}"
        os.environ["BEARER_TOKEN_PARAMETER"] = "/tweetbot/bearer-token"
        self.ssm = FakeSsm(value="secret-token-value")
        self.ft.bearer_token(lambda: self.ssm)
        StandIn.requests.clear()

    def answer(self, recorded, status=200):
        StandIn.status = status
        StandIn.body = (RECORDED / recorded).read_bytes()

    def test_found_returns_the_newest_tweet(self):
        self.answer("found.json")
        result = self.ft.handler({"searchText": "AWS Step Functions"}, None)
        self.assertEqual(result, {
            "found": True,
            "id": "1861711208870240521",
            "text": "AWS Step Functions now supports JSONata and variables 🎉 https://t.co/abc",
            "authorId": "2244994945",
            "username": "awsdevelopers",
            "createdAt": "2026-11-27T09:15:02.000Z",
            "url": "https://x.com/awsdevelopers/status/1861711208870240521",
        })
        path, headers = StandIn.requests[0]
        self.assertTrue(path.startswith("/2/tweets/search/recent?query=AWS+Step+Functions"))
        self.assertEqual(headers["Authorization"], "Bearer secret-token-value")

    def test_none_found(self):
        self.answer("none.json")
        self.assertEqual(self.ft.handler({"searchText": "nothing"}, None), {"found": False})

    def test_429_is_retryable(self):
        self.answer("429.json", 429)
        with self.assertRaises(self.ft.TwitterRetryableError) as e:
            self.ft.handler({"searchText": "x"}, None)
        self.assertIn("429", str(e.exception))

    def test_5xx_is_retryable(self):
        self.answer("503.json", 503)
        with self.assertRaises(self.ft.TwitterRetryableError):
            self.ft.handler({"searchText": "x"}, None)

    def test_401_says_the_token_is_wrong_and_is_not_retried(self):
        self.answer("401.json", 401)
        with self.assertRaises(self.ft.TwitterAuthError) as e:
            self.ft.handler({"searchText": "x"}, None)
        self.assertIn("refused the bearer token", str(e.exception))
        self.assertNotIn("secret-token-value", str(e.exception))
        self.assertNotIsInstance(e.exception, self.ft.TwitterRetryableError)

    def test_malformed_json_is_a_clear_error(self):
        self.answer("malformed.json")
        with self.assertRaises(self.ft.TwitterResponseError) as e:
            self.ft.handler({"searchText": "x"}, None)
        self.assertIn("malformed JSON", str(e.exception))

    def test_a_tweet_without_text_is_a_clear_error(self):
        StandIn.status, StandIn.body = 200, json.dumps({"data": [{"id": "1"}]}).encode()
        with self.assertRaises(self.ft.TwitterResponseError):
            self.ft.handler({"searchText": "x"}, None)

    def test_an_ssm_read_failure_names_the_parameter_not_the_value(self):
        ft = load("find_tweet")
        failing = FakeSsm(error=PermissionError("AccessDeniedException"))
        with self.assertRaises(ft.TwitterAuthError) as e:
            ft.bearer_token(lambda: failing)
        self.assertIn("/tweetbot/bearer-token", str(e.exception))

    def test_the_token_is_read_once_per_container(self):
        self.answer("none.json")
        self.ft.handler({"searchText": "a"}, None)
        self.ft.handler({"searchText": "b"}, None)
        self.assertEqual(self.ssm.calls, 1)

    def test_an_empty_search_text_is_refused_before_any_request(self):
        with self.assertRaises(ValueError):
            self.ft.handler({"searchText": "  "}, None)
        self.assertEqual(StandIn.requests, [])


if __name__ == "__main__":
    unittest.main()
