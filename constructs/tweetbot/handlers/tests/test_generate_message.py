"""Generate Message: at most 160 characters, never cut inside an emoji, author and link kept."""
import importlib.util
import pathlib
import unittest

HERE = pathlib.Path(__file__).parent
spec = importlib.util.spec_from_file_location("generate_message", HERE.parent / "generate_message.py")
gm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gm)

TWEET = {"username": "awsdevelopers", "url": "https://x.com/awsdevelopers/status/1861711208870240521"}


class GenerateMessageTest(unittest.TestCase):
    def test_short_tweets_are_quoted_whole_with_author_and_link(self):
        m = gm.handler({"tweet": {**TWEET, "text": "Hello Step Functions"}, "searchText": "AWS"}, None)
        self.assertEqual(m, "@awsdevelopers tweeted about AWS: Hello Step Functions " + TWEET["url"])

    def test_long_tweets_are_cut_to_160_characters_keeping_the_link(self):
        m = gm.message({**TWEET, "text": "word " * 100}, "AWS Step Functions")
        self.assertLessEqual(len(m), 160)
        self.assertTrue(m.endswith(TWEET["url"]))
        self.assertIn("\u2026", m)

    def test_never_cut_inside_an_emoji_sequence(self):
        family = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
        flag = "\U0001F1EB\U0001F1F7"
        thumbs = "\U0001F44D\U0001F3FD"
        for emoji in (family, flag, thumbs):
            for pad in range(0, 12):
                text = "a" * (40 + pad) + emoji * 10
                m = gm.message({**TWEET, "text": text}, "AWS Step Functions")
                self.assertLessEqual(len(m), 160)
                body = m.split(": ", 1)[1].rsplit(" https://", 1)[0].rstrip("\u2026")
                self.assertEqual(body.count("\u200d") % 3 if emoji == family else 0, 0, repr(body))
                self.assertFalse(body.endswith("\u200d"), repr(body))
                flags = len(body) - len(body.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
                self.assertEqual(flags % 2, 0, repr(body))
                if emoji == thumbs:
                    self.assertFalse(body.endswith("\U0001F44D"), repr(body))

    def test_missing_fields_still_give_a_message(self):
        self.assertEqual(gm.handler({"tweet": {}}, None), "@someone tweeted: ")


if __name__ == "__main__":
    unittest.main()
