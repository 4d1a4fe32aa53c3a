//! What a stack status means.

/// An operation is running on the stack.
pub fn is_in_progress(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

/// No operation is running (REVIEW_IN_PROGRESS, a change set under review, counts as settled).
pub fn is_settled(status: &str) -> bool {
    !is_in_progress(status)
}

/// The last operation failed: the stack was rolled back, or is stuck.
pub fn is_failed_final(status: &str) -> bool {
    status.ends_with("_FAILED") || status.contains("ROLLBACK_COMPLETE")
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
        assert!(is_failed_final("ROLLBACK_COMPLETE"));
        assert!(is_failed_final("UPDATE_ROLLBACK_COMPLETE"));
        assert!(is_failed_final("UPDATE_ROLLBACK_FAILED"));
        assert!(!is_failed_final("CREATE_COMPLETE"));
    }
}
