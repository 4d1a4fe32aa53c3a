//! Well-formedness of the JSONPaths used in state definitions.

/// Checks a JSONPath as Step Functions accepts it in `InputPath`, `OutputPath` and `.$` fields:
/// `$` (or `$$` for the context object, or `$name` for a variable) followed by `.name`, `..name`, `[n]`, `[*]`, `['name']`,
/// `[a:b]` or a filter `[?(...)]`.
///
/// ```
/// use cdk_aws::stepfunctions::jsonpath::check_path;
/// assert!(check_path("$.tweet.id").is_ok());
/// assert!(check_path("$.items[0]['na me']").is_ok());
/// assert!(check_path("tweet.id").is_err());
/// assert!(check_path("$.a.").is_err());
/// assert!(check_path("$counter.total").is_ok()); // a variable
/// assert!(cdk_aws::stepfunctions::jsonpath::check_reference_path("$counter").is_err());
/// ```
pub fn check_path(path: &str) -> Result<(), String> {
    parse(path, false)
}

/// Checks a reference path (`ResultPath`, Choice `Variable`): like [`check_path`] but naming a
/// single node, without wildcards, filters, slices or `..`.
pub fn check_reference_path(path: &str) -> Result<(), String> {
    parse(path, true)
}

fn parse(path: &str, reference: bool) -> Result<(), String> {
    let fail =
        |why: &str| -> Result<(), String> { Err(format!("JSONPath {path:?} is malformed: {why}")) };
    let rest = if let Some(r) = path.strip_prefix("$$") {
        if reference {
            return fail("a reference path cannot point into the context object ($$)");
        }
        r
    } else if let Some(r) = path.strip_prefix('$') {
        // `$name` is a variable (set by `Assign`); `ResultPath` and `Variable` cannot name one.
        let name_len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(r.len());
        if name_len > 0 {
            if reference {
                return fail("a reference path points into the state's data ($), not a variable");
            }
            if r.starts_with(|c: char| c.is_ascii_digit()) {
                return fail("a variable name cannot start with a digit");
            }
        }
        &r[name_len..]
    } else {
        return fail("it must start with '$'");
    };
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                if chars.get(i) == Some(&'.') {
                    if reference {
                        return fail("'..' is not allowed in a reference path");
                    }
                    i += 1;
                }
                let start = i;
                while i < chars.len() && !matches!(chars[i], '.' | '[' | ']') {
                    if chars[i].is_whitespace() {
                        return fail("a name after '.' cannot contain spaces (use ['name'])");
                    }
                    i += 1;
                }
                if i == start {
                    return fail("a '.' must be followed by a name");
                }
                let name: String = chars[start..i].iter().collect();
                if name == "*" && reference {
                    return fail("'*' is not allowed in a reference path");
                }
            }
            '[' => {
                let Some(close) = find_close(&chars, i) else {
                    return fail("'[' is not closed");
                };
                let inner: String = chars[i + 1..close].iter().collect();
                if let Err(why) = check_bracket(&inner, reference) {
                    return fail(&why);
                }
                i = close + 1;
            }
            c => return fail(&format!("unexpected '{c}'")),
        }
    }
    Ok(())
}

fn find_close(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn check_bracket(inner: &str, reference: bool) -> Result<(), String> {
    let quoted = |q: char| inner.len() >= 2 && inner.starts_with(q) && inner.ends_with(q);
    if quoted('\'') || quoted('"') {
        return Ok(());
    }
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        return Ok(());
    }
    if reference {
        return Err(format!("'[{inner}]' is not allowed in a reference path"));
    }
    if inner == "*" {
        return Ok(());
    }
    if inner.starts_with("?(") && inner.ends_with(')') && inner.len() > 3 {
        return Ok(());
    }
    let is_index = |s: &str| {
        s.is_empty()
            || s.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit())
    };
    let parts: Vec<&str> = inner.split(':').collect();
    if parts.len() > 1 && parts.len() <= 3 && parts.iter().all(|p| is_index(p)) {
        return Ok(());
    }
    if inner
        .split(',')
        .all(|p| !p.is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()))
    {
        return Ok(());
    }
    Err(format!(
        "'[{inner}]' is not an index, '*', a quoted name, a slice or a filter"
    ))
}

/// Checks the value of a `.$` field: a JSONPath, or an intrinsic function (`States.Format(...)`).
pub fn check_dynamic_value(value: &str) -> Result<(), String> {
    if let Some(rest) = value.strip_prefix("States.") {
        let open = rest.find('(');
        let ok = open.is_some_and(|o| o > 0 && rest.ends_with(')'));
        return if ok {
            Ok(())
        } else {
            Err(format!("intrinsic function call {value:?} is malformed"))
        };
    }
    check_path(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        for ok in [
            "$",
            "$.a",
            "$.a.b[0]",
            "$..a",
            "$.a[*]",
            "$.a[1:2]",
            "$.a[?(@.x > 1)]",
            "$$.Execution.Id",
            "$['a b']",
        ] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a", "$.", "$.a..", "$[", "$.a b", "$1x", "$.a[foo]"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reference_paths_are_stricter() {
        assert!(check_reference_path("$.a.b[0]").is_ok());
        for bad in ["$..a", "$.a[*]", "$.*", "$$.Execution", "$.a[1:2]"] {
            assert!(check_reference_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dynamic_values() {
        assert!(check_dynamic_value("States.Format('{}', $.a)").is_ok());
        assert!(check_dynamic_value("States.Format").is_err());
        assert!(check_dynamic_value("$.x").is_ok());
        assert!(check_dynamic_value("x").is_err());
    }
}
