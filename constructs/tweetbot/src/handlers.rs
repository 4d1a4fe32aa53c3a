//! The Lambda handlers' sources, kept in `handlers/` and embedded at build time.

/// Source of the Find Tweet handler (Python).
pub const FIND_TWEET_SOURCE: &str = include_str!("../handlers/find_tweet.py");

/// Source of the Generate Message handler (Python).
pub const GENERATE_MESSAGE_SOURCE: &str = include_str!("../handlers/generate_message.py");
