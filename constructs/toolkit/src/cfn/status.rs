//! What a stack status means.

/// An operation is running on the stack.
pub fn is_in_progress(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

/// No operation is running (REVIEW_IN_PROGRESS, a change set under review, counts as settled).
pub fn is_settled(status: &str) -> bool {
    !is_in_progress(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert!(is_in_progress("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
        assert!(is_in_progress("CREATE_IN_PROGRESS"));
        assert!(is_settled("REVIEW_IN_PROGRESS"));
        assert!(is_settled("UPDATE_COMPLETE"));
    }
}
