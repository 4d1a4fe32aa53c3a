//! Waiting for a stack operation, reporting its events as they come.

use crate::cfn::{Cfn, EventLine, EventStream, StackInfo};
use crate::engine::events::{Event, Events, ResourceEvent};
use crate::error::{FailedResource, StackFailure, ToolkitError};

/// Polls the stack (by name or id) and its new events until no operation runs; returns the
/// final stack (`None` once deleted) and the events seen. Each event is reported as an
/// [`Event::ResourceEvent`] of `stack_name`.
pub async fn wait_operation(
    cfn: &Cfn,
    stack: &str,
    stack_name: &str,
    events: &mut EventStream,
    report: &Events,
) -> Result<(Option<StackInfo>, Vec<EventLine>), ToolkitError> {
    let mut seen = Vec::new();
    let mut delay = cfn.poll.initial;
    let emit = |e: EventLine, seen: &mut Vec<EventLine>| {
        report.emit(Event::ResourceEvent(ResourceEvent {
            stack: stack_name.to_string(),
            event: e.clone(),
        }));
        seen.push(e);
    };
    loop {
        for e in events.poll(cfn).await? {
            emit(e, &mut seen);
        }
        let info = cfn.describe(stack).await?;
        let done = info.as_ref().is_none_or(|s| s.status.is_settled());
        if done {
            for e in events.poll(cfn).await.unwrap_or_default() {
                emit(e, &mut seen);
            }
            return Ok((info, seen));
        }
        tokio::time::sleep(delay).await;
        delay = cfn.poll.next(delay);
    }
}

/// How the operation failed: the first resource that failed, else the stack's reason, else
/// the reason of the stack's own event that started the rollback or failed (where AWS says,
/// for one, that an export another stack imports cannot be deleted).
pub(crate) fn failure(
    stack_name: &str,
    info: Option<&StackInfo>,
    events: &[EventLine],
) -> StackFailure {
    let stack_event_reason = || {
        events
            .iter()
            .filter(|e| e.is_about_stack(stack_name) && e.status.explains_failure())
            .find_map(|e| e.reason.clone().filter(|r| !r.is_empty()))
    };
    let resource = events
        .iter()
        .find(|e| e.is_resource_failure(stack_name))
        .map(|e| FailedResource {
            logical_id: e.logical_id.clone(),
            resource_type: e.resource_type.clone(),
            status: e.status.clone(),
            reason: e.reason.clone(),
        });
    StackFailure {
        status: info.map(|s| s.status.clone()),
        reason: match resource {
            Some(_) => None,
            None => info
                .and_then(|s| s.reason.clone())
                .or_else(stack_event_reason),
        },
        resource,
    }
}
