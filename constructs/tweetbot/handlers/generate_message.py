"""Generate Message: a friendly SMS of at most 160 characters about the tweet found."""
import unicodedata

LIMIT = 160


def _joins(ch):
    """True for characters that attach to the one before (joiners, modifiers, marks)."""
    return (ch in "\u200d\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF
            or unicodedata.category(ch) in ("Mn", "Me", "Sk"))


def _cut(text, room):
    """At most `room` characters, never ending inside an emoji or a combined character."""
    if len(text) <= room:
        return text
    cut, dropped = text[: room - 1], text[room - 1]
    while cut and (_joins(dropped) or cut[-1] == "\u200d"):
        cut, dropped = cut[:-1], cut[-1]
    flags = len(cut) - len(cut.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
    if flags % 2:
        cut = cut[:-1]
    return cut + "\u2026"


def message(tweet, search_text=""):
    author = tweet.get("username") or "someone"
    url = tweet.get("url", "")
    head = f"@{author} tweeted"
    if search_text:
        head += f" about {search_text}"
    head += ": "
    tail = f" {url}" if url else ""
    room = LIMIT - len(head) - len(tail)
    if room < 10:
        return _cut(f"@{author} tweeted{tail}", LIMIT)
    return head + _cut(" ".join(str(tweet.get("text", "")).split()), room) + tail


def handler(event, context):
    event = event or {}
    tweet = event.get("tweet") or {}
    if not isinstance(tweet, dict):
        raise ValueError("tweet must be an object")
    return message(tweet, str(event.get("searchText", "")))
