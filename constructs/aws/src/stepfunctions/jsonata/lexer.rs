//! The JSONata tokenizer.

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Str(String),
    Num(f64),
    Name(String),
    Var(String),
    Regex(String, String),
    /// An operator or punctuation, including the word operators `and`, `or`, `in`.
    Op(&'static str),
    Value(Lit),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Lit {
    True,
    False,
    Null,
}

const OPERATORS: [&str; 36] = [
    "..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??", ".", "[", "]", "{", "}", "(", ")", ",",
    "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^", "&", "!", "~", "$",
];

/// Splits `src` into tokens with their byte offsets.
pub(super) fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, String> {
    let b: Vec<char> = src.chars().collect();
    let mut out: Vec<(Tok, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && b.get(i + 1) == Some(&'*') {
            let start = i;
            i += 2;
            loop {
                if i + 1 >= b.len() {
                    return Err(format!("comment at {start} is not closed"));
                }
                if b[i] == '*' && b[i + 1] == '/' {
                    i += 2;
                    break;
                }
                i += 1;
            }
            continue;
        }
        let start = i;
        if c == '/' && regex_allowed(out.last().map(|(t, _)| t)) {
            i += 1;
            let mut pattern = String::new();
            let mut depth = 0;
            loop {
                let Some(&ch) = b.get(i) else {
                    return Err(format!("regular expression at {start} is not closed"));
                };
                if ch == '/' && depth == 0 {
                    break;
                }
                match ch {
                    '\\' => {
                        pattern.push(ch);
                        i += 1;
                        if let Some(&n) = b.get(i) {
                            pattern.push(n);
                        }
                        i += 1;
                        continue;
                    }
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    _ => {}
                }
                pattern.push(ch);
                i += 1;
            }
            i += 1;
            if pattern.is_empty() {
                return Err(format!("empty regular expression at {start}"));
            }
            let mut flags = String::new();
            while let Some(&f) = b.get(i) {
                if f == 'i' || f == 'm' {
                    flags.push(f);
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((Tok::Regex(pattern, flags), start));
            continue;
        }
        if c == '"' || c == '\'' {
            i += 1;
            let mut s = String::new();
            loop {
                let Some(&ch) = b.get(i) else {
                    return Err(format!("string at {start} is not closed"));
                };
                i += 1;
                if ch == c {
                    break;
                }
                if ch != '\\' {
                    s.push(ch);
                    continue;
                }
                let esc = *b
                    .get(i)
                    .ok_or_else(|| format!("string at {start} is not closed"))?;
                i += 1;
                match esc {
                    '"' | '\\' | '/' | '\'' => s.push(esc),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'n' => s.push('\n'),
                    'r' => s.push('\r'),
                    't' => s.push('\t'),
                    'u' => {
                        let hex: String = b
                            .get(i..i + 4)
                            .map(|h| h.iter().collect())
                            .unwrap_or_default();
                        let code = u32::from_str_radix(&hex, 16)
                            .map_err(|_| format!("bad \\u escape in the string at {start}"))?;
                        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        i += 4;
                    }
                    other => {
                        return Err(format!(
                            "unsupported escape \\{other} in the string at {start}"
                        ))
                    }
                }
            }
            out.push((Tok::Str(s), start));
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            // `1..3` is a range, not the number `1.`
            if b.get(j) == Some(&'.') && b.get(j + 1).is_some_and(char::is_ascii_digit) {
                j += 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
            }
            if matches!(b.get(j), Some('e' | 'E')) {
                let mut k = j + 1;
                if matches!(b.get(k), Some('+' | '-')) {
                    k += 1;
                }
                if b.get(k).is_some_and(char::is_ascii_digit) {
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    j = k;
                }
            }
            let text: String = b[i..j].iter().collect();
            let n: f64 = text
                .parse()
                .map_err(|_| format!("bad number {text:?} at {start}"))?;
            if !n.is_finite() {
                return Err(format!("number out of range at {start}"));
            }
            out.push((Tok::Num(n), start));
            i = j;
            continue;
        }
        if c == '`' {
            let end = b[i + 1..]
                .iter()
                .position(|&ch| ch == '`')
                .ok_or_else(|| format!("quoted name at {start} is not closed"))?;
            out.push((Tok::Name(b[i + 1..i + 1 + end].iter().collect()), start));
            i += end + 2;
            continue;
        }
        if c == '$' {
            let mut j = i + 1;
            while j < b.len() && is_name_char(b[j]) {
                j += 1;
            }
            let name: String = b[i + 1..j].iter().collect();
            // `$$` is the root variable.
            if name.is_empty() && b.get(j) == Some(&'$') {
                out.push((Tok::Var("$".into()), start));
                i = j + 1;
                continue;
            }
            out.push((Tok::Var(name), start));
            i = j;
            continue;
        }
        if let Some(op) = OPERATORS
            .iter()
            .find(|op| b[i..].iter().take(op.len()).copied().eq(op.chars()))
        {
            out.push((Tok::Op(op), start));
            i += op.len();
            continue;
        }
        let mut j = i;
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        if j == i {
            return Err(format!("unexpected character {c:?} at {start}"));
        }
        let word: String = b[i..j].iter().collect();
        out.push((
            match word.as_str() {
                "and" => Tok::Op("and"),
                "or" => Tok::Op("or"),
                "in" => Tok::Op("in"),
                "true" => Tok::Value(Lit::True),
                "false" => Tok::Value(Lit::False),
                "null" => Tok::Value(Lit::Null),
                _ => Tok::Name(word),
            },
            start,
        ));
        i = j;
    }
    Ok(out)
}

fn is_name_char(c: char) -> bool {
    !(c.is_whitespace() || "`.[]{}()\",;:?+-*/%|=<>^&!~@#$'".contains(c))
}

/// A `/` starts a regular expression where a value is expected.
fn regex_allowed(prev: Option<&Tok>) -> bool {
    match prev {
        None => true,
        Some(Tok::Op(op)) => !matches!(*op, ")" | "]" | "}" | "*" | "**" | "%"),
        Some(_) => false,
    }
}
