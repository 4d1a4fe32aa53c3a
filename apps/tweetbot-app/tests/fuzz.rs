//! Property tests (proptest) of the TweetBot's own input checks, through the code the product
//! runs: its execution input (`TweetInput`, whose `ExecutionInput::check` guards `--input` and
//! `--input-file`, and whose flags' value parsers guard `--search-text` and `--phone-number`),
//! and its settings (`Settings`: the `--wait` parser, then the stack and table names that building
//! and synthesizing the app check). Each property generates values that are valid or invalid by
//! construction, with the rule they break, and asserts that the product accepts exactly the valid
//! ones. The command line of the whole app (the toolkit's verbs, the Step Functions verbs and the
//! TweetBot's flags) never panics.

use cdk_toolkit::cli::parse_only;
use cdk_toolkit_sfn::{ExecutionInput, StepFunctionsVerbs};
use clap::Parser;
use proptest::prelude::*;
use serde_json::{json, Value};
use tweetbot_app::{Settings, TweetInput};

/// A value and whether it is valid, with the rule it was made to break.
#[derive(Clone, Debug)]
struct Case {
    value: String,
    valid: bool,
    why: &'static str,
}

fn valid(value: String) -> Case {
    Case {
        value,
        valid: true,
        why: "valid",
    }
}

fn invalid(why: &'static str) -> impl Fn(String) -> Case {
    move |value| Case {
        value,
        valid: false,
        why,
    }
}

/// E.164: `+`, a first digit that is not 0, at most 15 digits in all.
fn phone_number() -> impl Strategy<Value = Case> {
    prop_oneof![
        4 => "\\+[1-9][0-9]{1,14}".prop_map(valid),
        1 => "[1-9][0-9]{1,14}".prop_map(invalid("no +")),
        1 => "\\+0[0-9]{1,14}".prop_map(invalid("country code starting with 0")),
        1 => "\\+[1-9][0-9]{15,20}".prop_map(invalid("over 15 digits")),
        1 => "\\+[1-9]?".prop_map(invalid("under 2 digits")),
        1 => "\\+[1-9][0-9]{0,6}[ ()./a-z-][0-9]{1,6}".prop_map(invalid("not only digits")),
        1 => "\\+[1-9][٠-٩０-９]{1,8}".prop_map(invalid("non-ASCII digits")),
        1 => "(\\+1[0-9]{10}[\n ]|[ ]\\+1[0-9]{10})".prop_map(invalid("surrounding whitespace")),
        1 => Just(String::new()).prop_map(invalid("empty")),
    ]
}

/// Not blank, at most 512 characters (characters, not bytes).
fn search_text() -> impl Strategy<Value = Case> {
    let blank = "[ \t\n\r\u{a0}\u{2003}\u{3000}]{0,12}";
    prop_oneof![
        // Any characters around one that is not whitespace, at most 512 in all.
        4 => (blank, "[A-Za-z0-9#@!?éü漢😀]", ".{0,80}").prop_map(|(a, b, c)| valid(format!("{a}{b}{c}"))),
        1 => (0usize..=511).prop_map(|n| valid(format!("é{}", "x".repeat(n)))),
        1 => Just(valid("€".repeat(512))),
        1 => blank.prop_map(invalid("blank")),
        1 => (513usize..=700).prop_map(|n| invalid("over 512 characters")("ü".repeat(n))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// `--input` / `--input-file`: the app's check (`TweetInput::check`) accepts exactly the
    /// input whose `searchText` and `phoneNumber` are both valid strings.
    #[test]
    fn the_input_check_accepts_exactly_valid_search_texts_and_phone_numbers(
        search in search_text(),
        phone in phone_number(),
        shape in 0..6u8,
    ) {
        let (input, expected) = match shape {
            0 => (json!({"phoneNumber": phone.value}), false),
            1 => (json!({"searchText": search.value}), false),
            2 => (json!({"searchText": search.value, "phoneNumber": 15554446666u64}), false),
            3 => (json!({"searchText": null, "phoneNumber": phone.value}), false),
            4 => (json!([search.value, phone.value]), false),
            _ => (
                json!({"searchText": search.value, "phoneNumber": phone.value, "extra": 1}),
                search.valid && phone.valid,
            ),
        };
        let checked = <TweetInput as ExecutionInput>::check(&input);
        prop_assert_eq!(checked.is_ok(), expected, "{} / {} / shape {}: {:?}", search.why, phone.why, shape, checked);
        if let Err(e) = checked {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// `run --search-text --phone-number`: the flags' own parsers accept exactly the valid
    /// values, and the input they make passes the same check as JSON input.
    #[test]
    fn the_input_flags_accept_exactly_valid_search_texts_and_phone_numbers(
        search in search_text(),
        phone in phone_number(),
    ) {
        let parsed = Run::try_parse_from([
            "run".to_string(),
            format!("--search-text={}", search.value),
            format!("--phone-number={}", phone.value),
        ]);
        prop_assert_eq!(parsed.is_ok(), search.valid && phone.valid, "{} / {}: {:?}", search.why, phone.why, parsed.as_ref().err().map(|e| e.to_string()));
        if let Ok(run) = parsed {
            let input = run.input.input().unwrap().expect("both flags give the input");
            prop_assert_eq!(&input, &json!({"searchText": search.value, "phoneNumber": phone.value}));
            prop_assert!(<TweetInput as ExecutionInput>::check(&input).is_ok());
        }
        // The same flags through the whole app's command line.
        let args = [
            "tweetbot-app".to_string(),
            "run".to_string(),
            format!("--search-text={}", search.value),
            format!("--phone-number={}", phone.value),
        ];
        prop_assert_eq!(
            parse_only::<Settings, StepFunctionsVerbs<TweetInput>>(&args).is_ok(),
            search.valid && phone.valid
        );
    }
}

/// `run`'s typed input flags alone.
#[derive(Parser, Debug)]
struct Run {
    #[command(flatten)]
    input: TweetInput,
}

/// The app's settings alone, as its command line parses them.
#[derive(Parser, Debug)]
struct App {
    #[command(flatten)]
    settings: Settings,
}

/// A stack name: a letter, then letters, digits and hyphens, at most 128 characters.
fn stack_name() -> impl Strategy<Value = Case> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9-]{0,40}".prop_map(valid),
        1 => "[A-Za-z][A-Za-z0-9-]{127}".prop_map(valid),
        1 => "[0-9-][A-Za-z0-9-]{0,10}".prop_map(invalid("not starting with a letter")),
        1 => "[A-Za-z][A-Za-z0-9-]{0,5}[_./ :é][A-Za-z0-9]{0,5}".prop_map(invalid("a character other than a letter, digit or hyphen")),
        1 => "[A-Za-z][A-Za-z0-9-]{128,140}".prop_map(invalid("over 128 characters")),
        1 => Just(String::new()).prop_map(invalid("empty")),
    ]
}

/// A table name: 3 to 255 letters, digits, '_', '.' and '-'.
fn table_name() -> impl Strategy<Value = Case> {
    prop_oneof![
        4 => "[A-Za-z0-9_.-]{3,40}".prop_map(valid),
        1 => "[A-Za-z0-9_.-]{255}".prop_map(valid),
        1 => "[A-Za-z0-9_.-]{0,2}".prop_map(invalid("under 3 characters")),
        1 => "[A-Za-z0-9_.-]{256,270}".prop_map(invalid("over 255 characters")),
        1 => "[A-Za-z0-9]{1,5}[ /:@é+][A-Za-z0-9]{1,5}".prop_map(invalid("a character other than letters, digits, '_', '.' and '-'")),
    ]
}

/// `--wait`: a whole number and a unit (ms, s, m or min, h, d), whole seconds from 0 to a year.
fn wait() -> impl Strategy<Value = Case> {
    const YEAR: u64 = 31_536_000;
    prop_oneof![
        3 => (0..=YEAR, prop::sample::select(vec![("s", 1u64), ("m", 60), ("min", 60), ("h", 3600), ("d", 86_400)]))
            .prop_map(|(seconds, (unit, size))| valid(format!("{}{unit}", seconds / size))),
        1 => (0..=YEAR).prop_map(|s| valid(format!("{}ms", s * 1000))),
        1 => (YEAR + 1..=10 * YEAR).prop_map(|s| invalid("over a year")(format!("{s}s"))),
        1 => (366u64..=5000).prop_map(|d| invalid("over a year")(format!("{d}d"))),
        1 => (0..=YEAR).prop_map(|s| invalid("not whole seconds")(format!("{}ms", s * 1000 + 500))),
        1 => ("[0-9]{1,4}", prop::sample::select(vec!["", "sec", "w", "y", "S", "M", "H", "hours"]))
            .prop_map(|(n, unit)| invalid("no known unit")(format!("{n}{unit}"))),
        1 => "-[0-9]{1,4}s|[0-9]\\.[0-9]s|s|".prop_map(invalid("not a whole number")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// The settings' flags and the checks the app makes when built and synthesized: an app is
    /// made exactly when the stack names, the table name and the wait are valid, and the two
    /// stacks are named differently.
    #[test]
    fn the_settings_make_an_app_exactly_when_they_are_valid(
        data in stack_name(),
        bot in stack_name(),
        table in table_name(),
        wait in wait(),
    ) {
        let parsed = App::try_parse_from([
            "tweetbot-app".to_string(),
            format!("--data-stack-name={}", data.value),
            format!("--bot-stack-name={}", bot.value),
            format!("--table-name={}", table.value),
            format!("--wait={}", wait.value),
        ]);
        // Only --wait has a parser of its own; the names are checked by the app.
        prop_assert_eq!(parsed.is_ok(), wait.valid, "wait {:?} ({}): {:?}", wait.value, wait.why, parsed.as_ref().err().map(|e| e.to_string()));
        let Ok(App { settings }) = parsed else { return Ok(()) };
        let made = tweetbot_app::build(&settings)
            .map_err(|e| e.to_string())
            .and_then(|app| app.synth().map(|_| ()).map_err(|e| e.to_string()));
        let expected = data.valid && bot.valid && table.valid && data.value != bot.value;
        prop_assert_eq!(
            made.is_ok(),
            expected,
            "data {:?} ({}), bot {:?} ({}), table {:?} ({}): {:?}",
            data.value, data.why, bot.value, bot.why, table.value, table.why, made
        );
    }

    /// Any command line of the TweetBot's own flags and verbs parses or fails with a message;
    /// none panics. Verbs, the app's settings and input flags, and values made for them.
    #[test]
    fn the_tweetbots_command_line_never_panics(words in prop::collection::vec(prop_oneof![
        prop::sample::select(vec![
            "run", "watch", "describe", "executions", "graph", "simulate", "synth", "ls", "diff",
            "deploy", "destroy", "--search-text", "--phone-number", "--input", "--input-file",
            "--stop-on-interrupt", "--no-wait", "--name", "--wait", "--data-stack-name",
            "--bot-stack-name", "--table-name", "--state-machine-name", "--bearer-token-parameter",
            "--twitter-api-url", "--mock-config", "--test-case", "--progress", "--json", "--", "-v",
        ]).prop_map(str::to_string),
        phone_number().prop_map(|c| c.value),
        search_text().prop_map(|c| c.value.chars().take(40).collect()),
        wait().prop_map(|c| c.value),
        stack_name().prop_map(|c| c.value),
        ".{0,10}",
    ], 0..10)) {
        let mut args = vec!["tweetbot-app".to_string()];
        args.extend(words);
        let _ = parse_only::<Settings, StepFunctionsVerbs<TweetInput>>(&args);
    }
}

#[test]
fn the_generators_make_what_they_claim() {
    // The rules, stated once more by example, so that a generator that drifted is caught.
    use cdk_tweetbot::input::{check_phone_number, check_search_text};
    assert!(check_phone_number("+15554446666").is_ok());
    assert!(check_phone_number("+123456789012345").is_ok());
    assert!(check_phone_number("+1234567890123456").is_err());
    assert!(check_phone_number("+0123").is_err());
    assert!(check_search_text(&"€".repeat(512)).is_ok());
    assert!(check_search_text(&"€".repeat(513)).is_err());
    assert!(check_search_text("\u{3000}\u{a0}\t").is_err());
    let input: Value = json!({"searchText": "AWS", "phoneNumber": "+15554446666"});
    assert!(<TweetInput as ExecutionInput>::check(&input).is_ok());
}
