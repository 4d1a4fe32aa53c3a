//! Property test of the SMS rule: whatever the username, the search text (up to 512 characters)
//! and the tweet (up to 280 characters, with emoji, skin tones, ZWJ sequences, flags, combining
//! marks, GSM extension characters, other scripts and control characters), the message fits one
//! SMS, is laid out from its parts, and every part it quotes is a prefix of whole grapheme
//! clusters of the input.

use generate_message::gsm::{fits_one_sms, gsm7_septets, utf16_units, Encoding};
use generate_message::message::{
    compose, layout, normalize_text, normalize_username, Cut, Tweet, NO_AUTHOR,
};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// One piece of a generated text.
fn atom() -> impl Strategy<Value = String> {
    let emoji = prop::sample::select(vec![
        "😀",
        "🎉",
        "🔥",
        "❤️",
        "✨",
        "🚀",
        "☕",
        "👍🏽",
        "👩🏿",
        "🧑🏻‍🚀",
    ]);
    let zwj = prop::sample::select(vec![
        "👩\u{200D}👩\u{200D}👧\u{200D}👦",
        "👨🏽\u{200D}💻",
        "🏳️\u{200D}🌈",
        "👁️\u{200D}🗨️",
        "🧑\u{200D}🤝\u{200D}🧑",
    ]);
    let flags = prop::sample::select(vec![
        "🇫🇷",
        "🇯🇵",
        "🇺🇸",
        "🇺🇦",
        "🇫",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ]);
    let combining = (
        prop::sample::select(vec!['a', 'e', 'o', 'n', 'ж', '字', ' ']),
        prop::collection::vec(0x300u32..0x370, 1..6),
    )
        .prop_map(|(base, marks)| {
            std::iter::once(base)
                .chain(marks.into_iter().filter_map(char::from_u32))
                .collect::<String>()
        });
    let odd = prop::sample::select(vec![
        "\n",
        "\t",
        "\r\n",
        "\u{0}",
        "\u{200D}",
        "\u{FE0F}",
        "\u{600} ",
        "  ",
        "\u{1F3FD}",
    ]);
    prop_oneof![
        4 => "[a-zA-Z0-9 ,.!?#@_'-]{1,12}",
        1 => "[{}\\[\\]~€^|\\\\]{1,4}",
        1 => "[éèñΔßÆ£¥§¿¡Çüà]{1,4}",
        2 => emoji.prop_map(str::to_string),
        1 => zwj.prop_map(str::to_string),
        1 => flags.prop_map(str::to_string),
        1 => combining,
        1 => "[一-龥а-яα-ω]{1,6}",
        1 => odd.prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A text of at most `max` characters made of atoms.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 0..120)
        .prop_map(move |atoms| atoms.concat().chars().take(max).collect())
}

fn username() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => "[A-Za-z0-9_]{1,15}".prop_map(Some),
        1 => text(40).prop_map(Some),
        1 => "[A-Za-z0-9_]{16,300}".prop_map(Some),
        1 => Just(None),
    ]
}

fn tweet() -> impl Strategy<Value = Tweet> {
    (
        username(),
        text(280),
        prop_oneof![
            "[0-9]{1,19}".prop_map(Some),
            Just(None),
            "[a-z0-9]{1,5}".prop_map(Some)
        ],
    )
        .prop_map(|(username, text, id)| Tweet {
            url: username
                .as_ref()
                .zip(id.as_ref())
                .map(|(u, i)| format!("https://x.com/{u}/status/{i}")),
            username,
            text: Some(text),
            id,
        })
}

/// `cut.kept` is `source` up to a grapheme cluster boundary, and `truncated` says whether it
/// stopped before the end.
fn assert_grapheme_prefix(what: &str, source: &str, cut: &Cut) -> Result<(), TestCaseError> {
    prop_assert!(
        source.starts_with(&cut.kept),
        "{what}: {:?} is not a prefix of {source:?}",
        cut.kept
    );
    let boundary = cut.kept.len() == source.len()
        || source
            .grapheme_indices(true)
            .any(|(start, _)| start == cut.kept.len());
    prop_assert!(
        boundary,
        "{what}: {:?} ends inside a grapheme cluster of {source:?}",
        cut.kept
    );
    prop_assert_eq!(
        cut.truncated,
        cut.kept.len() < source.len(),
        "{}: truncated flag for {:?}",
        what,
        cut.kept
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_message_fits_one_sms_and_keeps_whole_graphemes(tweet in tweet(), search in text(512)) {
        let sms = compose(&tweet, &search);

        // It fits, in the encoding it says.
        prop_assert!(fits_one_sms(&sms.text), "does not fit: {:?}", sms.text);
        match sms.encoding {
            Encoding::Gsm7 => prop_assert!(gsm7_septets(&sms.text).is_some_and(|n| n <= 160)),
            Encoding::Ucs2 => prop_assert!(utf16_units(&sms.text) <= 70),
        }
        prop_assert!(!sms.text.chars().any(char::is_control), "control character in {:?}", sms.text);

        // It is the layout of its parts, and each part is a whole-grapheme prefix of its input.
        let laid = layout(sms.encoding, &sms.author, sms.search.as_ref(), sms.body.as_ref(), sms.link.as_deref());
        prop_assert_eq!(&sms.text, &laid);
        prop_assert!(sms.text.starts_with('@'));
        let author = normalize_username(tweet.username.as_deref().unwrap_or(""));
        // The author is the input's, unless the input had none to show ("someone").
        if sms.author.kept != NO_AUTHOR || sms.author.truncated {
            assert_grapheme_prefix("author", &author, &sms.author)?;
        }
        prop_assert!(!sms.author.kept.is_empty());
        if let Some(cut) = &sms.search {
            assert_grapheme_prefix("search text", &normalize_text(&search), cut)?;
        }
        let body = normalize_text(tweet.text.as_deref().unwrap_or(""));
        if let Some(cut) = &sms.body {
            assert_grapheme_prefix("tweet", &body, cut)?;
        }

        // The tweet is quoted whenever its first grapheme cluster is not huge.
        if let Some(first) = body.graphemes(true).next() {
            if utf16_units(first) <= 20 {
                prop_assert!(sms.body.is_some(), "the tweet {:?} is not quoted: {:?}", body, sms.text);
            }
        }
    }

    #[test]
    fn a_gsm_tweet_with_a_short_author_and_search_is_quoted_whole_when_it_fits(
        username in "[A-Za-z0-9_]{1,15}",
        words in "[a-zA-Z0-9 .,!?]{0,60}",
        search in "[a-zA-Z ]{0,20}",
    ) {
        let tweet = Tweet { username: Some(username), text: Some(words.clone()), id: Some("2126243387799691529".into()), url: None };
        let sms = compose(&tweet, &search);
        prop_assert_eq!(sms.encoding, Encoding::Gsm7);
        let body = normalize_text(&words);
        if !body.is_empty() {
            prop_assert_eq!(sms.body.map(|b| b.kept), Some(body));
        }
        prop_assert!(sms.text.ends_with("https://x.com/i/status/2126243387799691529"));
    }
}
