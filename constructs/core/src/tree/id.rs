//! Rules for construct ids.

/// Checks a construct id: non-empty and without the path separator `/`.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("an id must not be empty".into());
    }
    if id.contains('/') {
        return Err("an id must not contain '/', the path separator".into());
    }
    if id.chars().any(char::is_control) {
        return Err("an id must not contain control characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_ids_and_rejects_empty_or_slash() {
        assert!(check_id("Find Tweet-1").is_ok());
        assert!(check_id("").unwrap_err().contains("empty"));
        assert!(check_id("a/b").unwrap_err().contains("'/'"));
        assert!(check_id("a\nb").unwrap_err().contains("control"));
    }
}
