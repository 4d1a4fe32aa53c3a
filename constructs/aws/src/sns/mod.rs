//! SNS: topics (cargo feature `sns`).

mod topic;

pub use topic::{Topic, TopicProps};
