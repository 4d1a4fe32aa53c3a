//! The TweetBot's execution input: `searchText` and `phoneNumber`, checked before anything is
//! sent.

/// The longest query the X API v2 recent search accepts.
pub const MAX_SEARCH_TEXT: usize = 512;

/// Checks a search text: not blank, at most [`MAX_SEARCH_TEXT`] characters.
///
/// ```
/// use cdk_tweetbot::input::check_search_text;
/// assert!(check_search_text("AWS Step Functions").is_ok());
/// assert!(check_search_text("  ").is_err());
/// assert!(check_search_text(&"x".repeat(513)).is_err());
/// ```
pub fn check_search_text(text: &str) -> Result<String, String> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        Err("the search text must not be empty".into())
    } else if n > MAX_SEARCH_TEXT {
        Err(format!(
            "the search text is {n} characters; the X API's recent search accepts at most {MAX_SEARCH_TEXT}"
        ))
    } else {
        Ok(text.to_string())
    }
}

/// Checks a phone number in E.164 form: `+`, a country code that does not start with 0, at
/// most 15 digits in all.
///
/// ```
/// use cdk_tweetbot::input::check_phone_number;
/// assert!(check_phone_number("+15554446666").is_ok());
/// assert!(check_phone_number("+1 555 444 6666").is_err());
/// assert!(check_phone_number("5554446666").is_err());
/// ```
pub fn check_phone_number(number: &str) -> Result<String, String> {
    let digits = number.strip_prefix('+').unwrap_or("");
    let ok = (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(number.to_string())
    } else {
        Err(format!(
            "invalid phone number {number:?}: use E.164 form, a '+' then the country code and number, digits only, at most 15 (e.g. +15554446666)"
        ))
    }
}
