//! What fits in one SMS: the GSM 03.38 alphabet (GSM-7) and the single-message limits.
//!
//! A message whose characters are all in the GSM 03.38 basic set or its extension table is sent
//! in GSM-7: at most [`GSM7_LIMIT`] septets, where an extension character (`^ { } \ [ ~ ] | €`
//! and form feed) takes two (an escape, then the character). Any other character makes the whole
//! message UCS-2 (UTF-16): at most [`UCS2_LIMIT`] UTF-16 code units, so a character outside the
//! Basic Multilingual Plane (most emoji) takes two.

/// The GSM 03.38 basic character set, in table order, without the escape (0x1B).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The GSM 03.38 extension table: each is sent as an escape and a septet.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// The most septets one GSM-7 SMS holds.
pub const GSM7_LIMIT: usize = 160;

/// The most UTF-16 code units one UCS-2 SMS holds.
pub const UCS2_LIMIT: usize = 70;

/// How a message is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The GSM 03.38 7-bit alphabet: 160 septets.
    Gsm7,
    /// UCS-2 (UTF-16): 70 code units.
    Ucs2,
}

impl Encoding {
    /// The most units one message holds in this encoding.
    pub fn limit(self) -> usize {
        match self {
            Encoding::Gsm7 => GSM7_LIMIT,
            Encoding::Ucs2 => UCS2_LIMIT,
        }
    }

    /// What `text` costs in this encoding's units: septets for GSM-7 (`None` when a character is
    /// not in GSM 03.38), UTF-16 code units for UCS-2.
    pub fn cost(self, text: &str) -> Option<usize> {
        match self {
            Encoding::Gsm7 => gsm7_septets(text),
            Encoding::Ucs2 => Some(utf16_units(text)),
        }
    }

    /// The mark that ends a shortened text: `...` in GSM-7 (`…` is not in GSM 03.38 and would
    /// make the message UCS-2), `…` in UCS-2.
    pub fn ellipsis(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "...",
            Encoding::Ucs2 => "\u{2026}",
        }
    }
}

/// The septets `c` takes in GSM-7: 1 in the basic set, 2 in the extension table, `None` when it
/// is not in GSM 03.38.
///
/// ```
/// use generate_message::gsm::septets;
/// assert_eq!(septets('a'), Some(1));
/// assert_eq!(septets('€'), Some(2));
/// assert_eq!(septets('`'), None);
/// assert_eq!(septets('😀'), None);
/// ```
pub fn septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The septets `text` takes in GSM-7, or `None` when a character is not in GSM 03.38.
pub fn gsm7_septets(text: &str) -> Option<usize> {
    text.chars().map(septets).sum()
}

/// The UTF-16 code units of `text`.
pub fn utf16_units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The encoding `text` needs: GSM-7 when every character is in GSM 03.38, else UCS-2.
pub fn encoding_of(text: &str) -> Encoding {
    if gsm7_septets(text).is_some() {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    }
}

/// True when `text` fits in one SMS: at most 160 septets in GSM-7, or at most 70 UTF-16 units
/// when it needs UCS-2.
///
/// ```
/// use generate_message::gsm::fits_one_sms;
/// assert!(fits_one_sms(&"a".repeat(160)));
/// assert!(!fits_one_sms(&"a".repeat(161)));
/// assert!(!fits_one_sms(&"{".repeat(81))); // 162 septets
/// assert!(fits_one_sms(&"é".repeat(160))); // é is in GSM 03.38
/// assert!(!fits_one_sms(&format!("{}😀", "a".repeat(69)))); // 71 UTF-16 units
/// ```
pub fn fits_one_sms(text: &str) -> bool {
    match gsm7_septets(text) {
        Some(septets) => septets <= GSM7_LIMIT,
        None => utf16_units(text) <= UCS2_LIMIT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basic_set_has_127_characters_and_the_extension_table_10() {
        assert_eq!(BASIC.chars().count(), 127);
        assert_eq!(EXTENSION.chars().count(), 10);
        let mut all: Vec<char> = BASIC.chars().chain(EXTENSION.chars()).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 137, "no character is in both tables");
    }

    #[test]
    fn printable_ascii_is_gsm_except_the_backtick() {
        for c in ' '..='~' {
            let expected = match c {
                '`' => None,
                '^' | '{' | '}' | '\\' | '[' | ']' | '~' | '|' => Some(2),
                _ => Some(1),
            };
            assert_eq!(septets(c), expected, "{c:?}");
        }
    }

    #[test]
    fn gsm_letters_beyond_ascii_count_one_septet() {
        let letters = "£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
        assert_eq!(gsm7_septets(letters), Some(letters.chars().count()));
        assert_eq!(septets('ç'), None, "only the capital Ç is in the basic set");
        assert_eq!(
            septets('\u{2026}'),
            None,
            "the ellipsis character is not GSM"
        );
    }

    #[test]
    fn ucs2_counts_utf16_units() {
        assert_eq!(Encoding::Ucs2.cost("😀"), Some(2));
        assert_eq!(Encoding::Ucs2.cost("\u{2026}"), Some(1));
        assert_eq!(Encoding::Gsm7.cost("😀"), None);
        assert_eq!(encoding_of("Hello {world}"), Encoding::Gsm7);
        assert_eq!(encoding_of("Hello 😀"), Encoding::Ucs2);
    }

    #[test]
    fn the_limits_are_exact() {
        assert!(fits_one_sms(&"{".repeat(80)));
        assert!(!fits_one_sms(&format!("{}{{", "a".repeat(159))));
        assert!(fits_one_sms(&"ж".repeat(70)));
        assert!(!fits_one_sms(&"ж".repeat(71)));
        assert!(fits_one_sms(&"😀".repeat(35)));
        assert!(!fits_one_sms(&format!("{}😀", "ж".repeat(69))));
    }
}
