//! Streaming a stack's events: adaptive polling that fetches only events not seen yet.

use std::time::Duration;

use aws_sdk_cloudformation::types::StackEvent;
use aws_smithy_types::date_time::Format;
use serde::Serialize;

use super::client::Cfn;
use super::status::ResourceStatus;
use crate::error::ToolkitError;

/// How often to poll: quickly at first, backing off to `max`.
#[derive(Clone, Copy, Debug)]
pub struct PollConfig {
    /// The first delay.
    pub initial: Duration,
    /// The longest delay.
    pub max: Duration,
}

impl Default for PollConfig {
    fn default() -> Self {
        PollConfig {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(5),
        }
    }
}

impl PollConfig {
    /// The delay after `delay`: half again as long, at most `max`.
    pub fn next(&self, delay: Duration) -> Duration {
        (delay * 3 / 2).min(self.max)
    }
}

/// One stack event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventLine {
    /// The logical ID (the stack name for stack-level events).
    pub logical_id: String,
    /// The resource type.
    pub resource_type: String,
    /// The status.
    pub status: ResourceStatus,
    /// The reason, when CloudFormation gave one.
    pub reason: Option<String>,
    /// When CloudFormation recorded it (RFC 3339), when it says.
    pub timestamp: Option<String>,
}

/// The type of the events about the stack itself.
pub const STACK_RESOURCE_TYPE: &str = "AWS::CloudFormation::Stack";

impl EventLine {
    fn from_event(e: &StackEvent) -> Self {
        EventLine {
            logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
            resource_type: e.resource_type().unwrap_or_default().to_string(),
            status: ResourceStatus::parse(
                e.resource_status().map(|s| s.as_str()).unwrap_or_default(),
            ),
            reason: e.resource_status_reason().map(str::to_string),
            timestamp: e.timestamp().and_then(|t| t.fmt(Format::DateTime).ok()),
        }
    }

    /// True for an event about the stack itself rather than one of its resources.
    pub fn is_about_stack(&self, stack_name: &str) -> bool {
        self.logical_id == stack_name || self.resource_type == STACK_RESOURCE_TYPE
    }

    /// True for a resource (not the stack itself) that failed.
    pub fn is_resource_failure(&self, stack_name: &str) -> bool {
        self.status.is_failure() && self.logical_id != stack_name
    }
}

/// The events of one stack that are newer than a starting point.
pub struct EventStream {
    stack: String,
    last_seen: Option<String>,
}

impl EventStream {
    /// Starts after the newest event the stack has now (its history before the operation is
    /// not shown).
    pub async fn starting_now(cfn: &Cfn, stack: &str) -> Result<EventStream, ToolkitError> {
        let newest = cfn.newest_event_id(stack).await?;
        Ok(EventStream {
            stack: stack.to_string(),
            last_seen: newest,
        })
    }

    /// The events that arrived since the last call, oldest first.
    pub async fn poll(&mut self, cfn: &Cfn) -> Result<Vec<EventLine>, ToolkitError> {
        let events = cfn
            .events_until(&self.stack, self.last_seen.as_deref())
            .await?;
        if let Some(first) = events.first() {
            self.last_seen = first.event_id().map(str::to_string);
        }
        Ok(events.iter().rev().map(EventLine::from_event).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_to_the_maximum() {
        let p = PollConfig::default();
        let mut d = p.initial;
        let mut seen = vec![d];
        for _ in 0..20 {
            d = p.next(d);
            seen.push(d);
        }
        assert!(seen.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*seen.last().unwrap(), Duration::from_secs(5));
        assert!(seen[1] < Duration::from_secs(1));
    }
}
