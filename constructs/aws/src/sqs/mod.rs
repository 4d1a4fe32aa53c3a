//! SQS: queues (cargo feature `sqs`).

mod queue;

pub use queue::{DeadLetterQueue, Queue, QueueProps};
