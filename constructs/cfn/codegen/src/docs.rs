//! Schema descriptions as rustdoc text: every line left-aligned (no indented code blocks), no
//! fenced blocks (no doctests), brackets outside Markdown links escaped (no intra-doc links),
//! `<` escaped unless it opens an autolink, and bare URLs made autolinks.

/// The lines of a doc comment for `description` (empty when there is none).
pub fn lines(description: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in description.replace('\r', "").lines() {
        let line = raw.trim();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        // A plain line right after a list item would continue it lazily: end the list.
        if !is_list_item(line) && out.last().is_some_and(|l| is_list_item(l)) {
            out.push(String::new());
        }
        out.push(escape(line));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let bullet = ["+ ", "- ", "* "].iter().any(|b| line.starts_with(b));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0
        && matches!(line[digits..].chars().next(), Some('.' | ')'))
        && line[digits + 1..].starts_with(' ');
    bullet || numbered
}

/// The first sentence of `description`, on one line, for short docs.
pub fn summary(description: &str) -> String {
    let flat = lines(description).join(" ");
    let end = flat
        .char_indices()
        .find(|&(i, c)| c == '.' && flat[i + 1..].starts_with(' '))
        .map_or(flat.len(), |(i, _)| i + 1);
    flat[..end].to_string()
}

fn escape(line: &str) -> String {
    // Fences and tildes would open code blocks that rustdoc compiles as doctests.
    let line = line.replace("```", "` ` `").replace("~~~", "~ ~ ~");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            if let Some(end) = markdown_link_end(&chars, i) {
                let link: String = chars[i..end].iter().collect();
                out.push_str(&link);
                i = end;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            if let Some(end) = autolink_end(&chars, i) {
                out.extend(&chars[i..end]);
                i = end;
                continue;
            }
            out.push_str("&lt;");
        } else if c == '>' {
            out.push_str("&gt;");
        } else if starts_url(&chars, i) && (i == 0 || !matches!(chars[i - 1], '(' | '<')) {
            let end = url_end(&chars, i);
            out.push('<');
            out.extend(&chars[i..end]);
            out.push('>');
            i = end;
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("https://") || rest.starts_with("http://")
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !"<>\"'`()[]".contains(chars[end]) {
        end += 1;
    }
    while end > start && ".,;:".contains(chars[end - 1]) {
        end -= 1;
    }
    end
}

/// `[text](http...)` starting at `i`: the index after its closing parenthesis.
fn markdown_link_end(chars: &[char], i: usize) -> Option<usize> {
    let close = (i + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars[i + 1..close].contains(&'[') || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    if !starts_url(chars, close + 2) {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    if chars[close + 2..end].iter().any(|c| c.is_whitespace()) {
        return None;
    }
    Some(end + 1)
}

/// `<http...>` starting at `i`: the index after `>`.
fn autolink_end(chars: &[char], i: usize) -> Option<usize> {
    if !starts_url(chars, i + 1) {
        return None;
    }
    let end = (i + 1..chars.len()).find(|&j| chars[j] == '>')?;
    (!chars[i + 1..end].iter().any(|c| c.is_whitespace())).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_become_safe_rustdoc() {
        let list = lines("Options:\n + one\n   continued\n + two");
        assert_eq!(list, vec!["Options:", "+ one", "", "continued", "+ two"]);
        let d = "A name.\n  Keep [the docs](https://example.com/a_b) handy, not [this].\n\n\n    indented <tag> https://x.y/z.\n```\ncode\n```";
        assert_eq!(
            lines(d),
            vec![
                "A name.",
                "Keep [the docs](https://example.com/a_b) handy, not \\[this\\].",
                "",
                "indented &lt;tag&gt; <https://x.y/z>.",
                "` ` `",
                "code",
                "` ` `",
            ]
        );
        assert_eq!(summary(d), "A name.");
        assert!(lines("").is_empty());
    }
}
