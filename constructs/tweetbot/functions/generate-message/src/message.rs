//! Composing the message: `@author tweeted about <search>: <tweet> <link>`, shortened until it
//! fits one SMS.
//!
//! The parts are kept in this order of importance: the tweet's text, the link to it, the search
//! text, the author. Shortening a part keeps whole grapheme clusters (an emoji with its skin tone,
//! a ZWJ family, a flag, a letter with its combining marks are never cut) and ends it with an
//! ellipsis. Two messages are composed: one in GSM-7 (160 septets), where the tweet is cut before
//! its first character outside GSM 03.38, and one in UCS-2 (70 UTF-16 units); the one that keeps
//! more of the tweet is sent, the GSM-7 one on a tie.

use unicode_segmentation::UnicodeSegmentation;

use crate::gsm::Encoding;

/// The author named when the tweet has none.
pub const NO_AUTHOR: &str = "someone";

/// The longest author kept before the message drops the search text or the link: 15 units,
/// the longest X username.
const AUTHOR_CAP: usize = 15;

/// The tweet as Find Tweet returns it; every field may be missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tweet {
    /// The author's username, without `@`.
    pub username: Option<String>,
    /// The tweet's text.
    pub text: Option<String>,
    /// The tweet's id (digits).
    pub id: Option<String>,
    /// The tweet's URL, used for the link when there is no id.
    pub url: Option<String>,
}

/// A part of the message taken from the input: a prefix of the normalized input that ends on a
/// grapheme cluster boundary, and whether it was shortened (the message then shows an ellipsis
/// after it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// What is kept: a prefix of the normalized input, made of whole grapheme clusters.
    pub kept: String,
    /// True when the input was longer than `kept`.
    pub truncated: bool,
}

impl Cut {
    fn whole(text: &str) -> Cut {
        Cut {
            kept: text.to_string(),
            truncated: false,
        }
    }

    /// The part as it appears in the message: `kept`, then the encoding's ellipsis if shortened.
    pub fn render(&self, encoding: Encoding) -> String {
        if self.truncated {
            format!("{}{}", self.kept, encoding.ellipsis())
        } else {
            self.kept.clone()
        }
    }
}

/// A message that fits one SMS, and what it kept of each part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sms {
    /// The message.
    pub text: String,
    /// How it is sent.
    pub encoding: Encoding,
    /// The author (without `@`); [`NO_AUTHOR`] when the tweet has none.
    pub author: Cut,
    /// The search text, if the message names it.
    pub search: Option<Cut>,
    /// The tweet's text, if the message quotes any of it.
    pub body: Option<Cut>,
    /// The link to the tweet, if the message has it.
    pub link: Option<String>,
}

/// Lays the parts out: `@author tweeted[ about search][: body][ link]`.
pub fn layout(
    encoding: Encoding,
    author: &Cut,
    search: Option<&Cut>,
    body: Option<&Cut>,
    link: Option<&str>,
) -> String {
    let mut text = format!("@{} tweeted", author.render(encoding));
    if let Some(search) = search {
        text.push_str(" about ");
        text.push_str(&search.render(encoding));
    }
    if let Some(body) = body {
        text.push_str(": ");
        text.push_str(&body.render(encoding));
    }
    if let Some(link) = link {
        text.push(' ');
        text.push_str(link);
    }
    text
}

/// A text as the message uses it: runs of whitespace (newlines too) become one space, other
/// control characters are dropped, and the ends are trimmed.
pub fn normalize_text(text: &str) -> String {
    let spaced: String = text
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A username as the message uses it: no leading `@`, no whitespace or control characters.
pub fn normalize_username(username: &str) -> String {
    username
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .trim_start_matches('@')
        .to_string()
}

/// The link to the tweet: `https://x.com/i/status/<id>` (the shortest form X resolves) when the
/// id is digits, else the tweet's `url` if it has one.
pub fn link(tweet: &Tweet) -> Option<String> {
    let id = tweet.id.as_deref().unwrap_or("");
    if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("https://x.com/i/status/{id}"));
    }
    let url = normalize_username(tweet.url.as_deref().unwrap_or(""));
    (!url.is_empty()).then_some(url)
}

/// The friendly message about `tweet`, found by searching `search_text`, that fits one SMS.
///
/// ```
/// use generate_message::message::{compose, Tweet};
/// use generate_message::gsm::{fits_one_sms, Encoding};
/// let tweet = Tweet {
///     username: Some("awsdevelopers".into()),
///     text: Some("Hello Step Functions".into()),
///     id: Some("2126243387799691529".into()),
///     url: None,
/// };
/// let sms = compose(&tweet, "AWS");
/// assert_eq!(
///     sms.text,
///     "@awsdevelopers tweeted about AWS: Hello Step Functions https://x.com/i/status/2126243387799691529"
/// );
/// assert_eq!(sms.encoding, Encoding::Gsm7);
///
/// let long = Tweet { text: Some("🎉 ".repeat(200)), ..tweet };
/// assert!(fits_one_sms(&compose(&long, &"x".repeat(512)).text));
/// ```
pub fn compose(tweet: &Tweet, search_text: &str) -> Sms {
    let author = normalize_username(tweet.username.as_deref().unwrap_or(""));
    let author = if author.is_empty() {
        NO_AUTHOR.to_string()
    } else {
        author
    };
    let search = normalize_text(search_text);
    let text = normalize_text(tweet.text.as_deref().unwrap_or(""));
    let link = link(tweet);
    let parts = Parts {
        author: &author,
        search: &search,
        text: &text,
        link: link.as_deref(),
    };
    match (fit(Encoding::Gsm7, &parts), fit(Encoding::Ucs2, &parts)) {
        (Some(gsm), Some(ucs2)) if body_graphemes(&gsm) < body_graphemes(&ucs2) => ucs2,
        (Some(sms), _) | (None, Some(sms)) => sms,
        // UCS-2 can send anything and its last attempt always fits (an author of at most 15
        // units and " tweeted"); this only keeps the function total.
        (None, None) => {
            let author = Cut::whole(NO_AUTHOR);
            Sms {
                text: layout(Encoding::Gsm7, &author, None, None, None),
                encoding: Encoding::Gsm7,
                author,
                search: None,
                body: None,
                link: None,
            }
        }
    }
}

/// The normalized inputs.
struct Parts<'a> {
    author: &'a str,
    search: &'a str,
    text: &'a str,
    link: Option<&'a str>,
}

/// How much of the parts one attempt keeps: caps on the author and the search text (`None`:
/// whole), whether the search text and the link are in.
struct Attempt {
    author_cap: Option<usize>,
    search_cap: Option<usize>,
    with_search: bool,
    with_link: bool,
}

fn body_graphemes(sms: &Sms) -> usize {
    sms.body
        .as_ref()
        .map_or(0, |b| b.kept.graphemes(true).count())
}

/// The message in `encoding`, or `None` when the author, search text or link cannot be sent in
/// it. Attempts keep less and less around the tweet until its text keeps at least a quarter of
/// the message (or all of it); the last attempt is taken whatever it keeps.
fn fit(encoding: Encoding, parts: &Parts) -> Option<Sms> {
    let limit = encoding.limit();
    encoding.cost(parts.author)?;
    encoding.cost(parts.search)?;
    if let Some(link) = parts.link {
        encoding.cost(link)?;
    }
    // In GSM-7 the tweet can only be quoted up to its first character outside GSM 03.38.
    let (text, cut_by_encoding) = encodable_prefix(encoding, parts.text);
    let min_body = limit / 4;
    let search_cap = limit / 4;
    let attempts = [
        Attempt {
            author_cap: None,
            search_cap: None,
            with_search: true,
            with_link: true,
        },
        Attempt {
            author_cap: Some(AUTHOR_CAP),
            search_cap: Some(search_cap),
            with_search: true,
            with_link: true,
        },
        Attempt {
            author_cap: None,
            search_cap: None,
            with_search: true,
            with_link: false,
        },
        Attempt {
            author_cap: Some(AUTHOR_CAP),
            search_cap: Some(search_cap),
            with_search: true,
            with_link: false,
        },
        Attempt {
            author_cap: Some(AUTHOR_CAP),
            search_cap: None,
            with_search: false,
            with_link: false,
        },
    ];
    let last = attempts.len() - 1;
    for (i, attempt) in attempts.iter().enumerate() {
        let author = match attempt.author_cap {
            Some(cap) => cut(encoding, parts.author, cap, false),
            None => Cut::whole(parts.author),
        };
        let author = if author.kept.is_empty() {
            Cut::whole(NO_AUTHOR)
        } else {
            author
        };
        let search = if attempt.with_search && !parts.search.is_empty() {
            let search = match attempt.search_cap {
                Some(cap) => cut(encoding, parts.search, cap, false),
                None => Cut::whole(parts.search),
            };
            (!search.kept.is_empty()).then_some(search)
        } else {
            None
        };
        let link = if attempt.with_link { parts.link } else { None };
        let frame = layout(encoding, &author, search.as_ref(), None, link);
        let used = encoding.cost(&frame)?;
        if used > limit {
            continue;
        }
        let separator = 2; // ": "
        let body = if text.is_empty() || used + separator > limit {
            None
        } else {
            let body = cut(encoding, text, limit - used - separator, cut_by_encoding);
            (!body.kept.is_empty()).then_some(body)
        };
        let kept = body
            .as_ref()
            .and_then(|b| encoding.cost(&b.kept))
            .unwrap_or(0);
        // All that this encoding can quote of the tweet is in: keeping less around it would
        // not quote more.
        let whole = body
            .as_ref()
            .map_or(text.is_empty(), |b| b.kept.len() == text.len());
        if whole || kept >= min_body || i == last {
            let text = layout(encoding, &author, search.as_ref(), body.as_ref(), link);
            return Some(Sms {
                text,
                encoding,
                author,
                search,
                body,
                link: link.map(str::to_string),
            });
        }
    }
    None
}

/// The longest prefix of `text` made of whole grapheme clusters that `encoding` can send, and
/// whether it is shorter than `text`.
fn encodable_prefix(encoding: Encoding, text: &str) -> (&str, bool) {
    let mut end = 0;
    for (start, grapheme) in text.grapheme_indices(true) {
        if encoding.cost(grapheme).is_none() {
            let prefix = trim_end_graphemes(&text[..start]);
            return (prefix, true);
        }
        end = start + grapheme.len();
    }
    (&text[..end], false)
}

/// `text` without its trailing grapheme clusters of whitespace.
fn trim_end_graphemes(text: &str) -> &str {
    let mut end = text.len();
    while let Some(last) = text[..end].graphemes(true).next_back() {
        if last.chars().all(char::is_whitespace) {
            end -= last.len();
        } else {
            break;
        }
    }
    &text[..end]
}

/// At most `room` units of `text` in `encoding`, ellipsis included: the whole text when it fits
/// (and `force` is false), else the longest prefix of whole grapheme clusters that leaves room
/// for the ellipsis, without trailing whitespace.
fn cut(encoding: Encoding, text: &str, room: usize, force: bool) -> Cut {
    let ellipsis = encoding.cost(encoding.ellipsis()).unwrap_or(usize::MAX);
    if !force && encoding.cost(text).is_some_and(|c| c <= room) {
        return Cut::whole(text);
    }
    let Some(room) = room.checked_sub(ellipsis) else {
        return Cut {
            kept: String::new(),
            truncated: true,
        };
    };
    let mut used = 0;
    let mut end = 0;
    for (start, grapheme) in text.grapheme_indices(true) {
        match encoding.cost(grapheme) {
            Some(cost) if used + cost <= room => {
                used += cost;
                end = start + grapheme.len();
            }
            _ => break,
        }
    }
    Cut {
        kept: trim_end_graphemes(&text[..end]).to_string(),
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gsm::{fits_one_sms, gsm7_septets, utf16_units};

    const ID: &str = "2126243387799691529";
    const LINK: &str = "https://x.com/i/status/2126243387799691529";

    fn tweet(text: &str) -> Tweet {
        Tweet {
            username: Some("awsdevelopers".into()),
            text: Some(text.into()),
            id: Some(ID.into()),
            url: Some(format!("https://x.com/awsdevelopers/status/{ID}")),
        }
    }

    #[test]
    fn a_short_tweet_is_quoted_whole_with_author_search_and_link() {
        let sms = compose(&tweet("Hello Step Functions"), "AWS");
        assert_eq!(
            sms.text,
            format!("@awsdevelopers tweeted about AWS: Hello Step Functions {LINK}")
        );
        assert_eq!(sms.encoding, Encoding::Gsm7);
        assert!(!sms.body.unwrap().truncated);
    }

    #[test]
    fn a_long_tweet_is_cut_to_160_septets_keeping_the_link() {
        let sms = compose(&tweet(&"word ".repeat(100)), "AWS Step Functions");
        assert_eq!(sms.encoding, Encoding::Gsm7);
        assert!(gsm7_septets(&sms.text).unwrap() <= 160, "{}", sms.text);
        assert!(
            sms.text.ends_with(&format!("word... {LINK}")),
            "{}",
            sms.text
        );
        assert!(sms
            .text
            .starts_with("@awsdevelopers tweeted about AWS Step Functions: word"));
        // Cut at a word boundary here only because every grapheme is 1 septet and the room
        // happens to land there; what matters is that the message is full.
        assert!(gsm7_septets(&sms.text).unwrap() >= 155, "{}", sms.text);
    }

    #[test]
    fn the_recorded_tweet_keeps_gsm_by_cutting_before_its_emoji() {
        let text = "AWS Step Functions now supports JSONata and variables 🎉 https://t.co/abc";
        let sms = compose(&tweet(text), "AWS Step Functions");
        assert_eq!(
            sms.text,
            format!("@awsdevelopers tweeted about AWS Step Functions: AWS Step Functions now supports JSONata and variables... {LINK}")
        );
        assert_eq!(sms.encoding, Encoding::Gsm7);
        assert!(sms.body.unwrap().truncated);
    }

    #[test]
    fn an_emoji_first_tweet_goes_ucs2_within_70_units() {
        let text =
            "🎉 AWS Step Functions now supports JSONata and variables, and much more besides";
        let sms = compose(&tweet(text), "AWS Step Functions");
        assert_eq!(sms.encoding, Encoding::Ucs2);
        assert!(utf16_units(&sms.text) <= 70, "{}", sms.text);
        assert!(sms.text.contains(": 🎉 AWS Step"), "{}", sms.text);
        assert!(sms.text.ends_with('\u{2026}'), "{}", sms.text);
    }

    #[test]
    fn extension_characters_count_two_septets() {
        let sms = compose(&tweet(&"{}".repeat(100)), "");
        assert_eq!(sms.encoding, Encoding::Gsm7);
        let septets = gsm7_septets(&sms.text).unwrap();
        assert!((157..=160).contains(&septets), "{septets}: {}", sms.text);
        // Each brace is two septets: 45 of them take the room of 90 letters.
        assert!(
            sms.text.chars().count() <= septets - 40,
            "{septets}: {}",
            sms.text
        );
        assert!(sms.text.ends_with(&format!("{{... {LINK}")), "{}", sms.text);
    }

    #[test]
    fn never_cut_inside_an_emoji_sequence() {
        let family = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
        let flag = "\u{1F1EB}\u{1F1F7}";
        let thumbs = "\u{1F44D}\u{1F3FD}";
        let accent = "e\u{301}\u{302}";
        for emoji in [family, flag, thumbs, accent] {
            for pad in 0..12 {
                let text = format!("{}{}", "a".repeat(pad), emoji.repeat(40));
                let sms = compose(&tweet(&text), "AWS Step Functions");
                assert!(fits_one_sms(&sms.text), "{}", sms.text);
                let body = sms.body.expect("some of the tweet is quoted");
                let rest = text.strip_prefix(&body.kept).expect("a prefix");
                assert!(
                    rest.is_empty() || rest.starts_with(emoji) || rest.starts_with('a'),
                    "cut inside {emoji:?}: kept {:?}",
                    body.kept
                );
            }
        }
    }

    #[test]
    fn a_long_search_text_or_username_still_fits_and_keeps_the_tweet() {
        let mut t = tweet("Hello Step Functions, this is a fairly ordinary tweet of some length");
        t.username = Some("u".repeat(300));
        let sms = compose(&t, &"search ".repeat(80));
        assert!(fits_one_sms(&sms.text), "{}", sms.text);
        assert!(sms.text.contains("Hello Step Functions"), "{}", sms.text);
        assert!(sms.author.truncated && sms.author.kept.len() <= 15);

        let sms = compose(&t, &"検索".repeat(200));
        assert_eq!(sms.encoding, Encoding::Ucs2);
        assert!(fits_one_sms(&sms.text), "{}", sms.text);
        assert!(sms.text.contains("Hello Step"), "{}", sms.text);
    }

    #[test]
    fn a_search_text_too_long_for_the_link_drops_the_link_last() {
        // 60 characters of search text: the whole frame with the link leaves too little of the
        // tweet, so the search text is capped first and the link stays.
        let sms = compose(&tweet(&"word ".repeat(50)), &"s".repeat(60));
        assert!(sms.text.ends_with(LINK), "{}", sms.text);
        assert!(sms.search.unwrap().truncated);
    }

    #[test]
    fn missing_fields_still_give_a_message() {
        let sms = compose(&Tweet::default(), "");
        assert_eq!(sms.text, "@someone tweeted");
        let sms = compose(
            &Tweet {
                username: Some("@ bob ".into()),
                text: Some("  hi\n\tthere \u{0} ".into()),
                ..Tweet::default()
            },
            " AWS\n",
        );
        assert_eq!(sms.text, "@bob tweeted about AWS: hi there");
    }

    #[test]
    fn the_url_is_the_link_when_there_is_no_id() {
        let t = Tweet {
            url: Some("https://x.com/a/status/1".into()),
            ..Tweet::default()
        };
        assert_eq!(
            compose(&t, "").text,
            "@someone tweeted https://x.com/a/status/1"
        );
    }

    #[test]
    fn trailing_whitespace_is_removed_by_whole_graphemes() {
        // U+0600 is a prepend character: it and the space after it are one grapheme cluster.
        assert_eq!(trim_end_graphemes("ab  "), "ab");
        assert_eq!(trim_end_graphemes("a\u{600} "), "a\u{600} ");
    }
}
