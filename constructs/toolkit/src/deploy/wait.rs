//! Waiting for a stack operation, showing its events as they come.

use crate::cfn::{is_settled, Cfn, EventLine, EventStream, StackInfo};
use crate::progress::StackProgress;

/// Polls the stack (by name or id) and its new events until no operation runs; returns the
/// final stack (`None` once deleted) and the events seen.
pub async fn wait_operation(
    cfn: &Cfn,
    stack: &str,
    events: &mut EventStream,
    progress: &StackProgress,
) -> anyhow::Result<(Option<StackInfo>, Vec<EventLine>)> {
    let mut seen = Vec::new();
    let mut delay = cfn.poll.initial;
    loop {
        for e in events.poll(cfn).await? {
            progress.event(&e);
            seen.push(e);
        }
        let info = cfn.describe(stack).await?;
        let done = info.as_ref().is_none_or(|s| is_settled(&s.status));
        if done {
            for e in events.poll(cfn).await.unwrap_or_default() {
                progress.event(&e);
                seen.push(e);
            }
            return Ok((info, seen));
        }
        tokio::time::sleep(delay).await;
        delay = cfn.poll.next(delay);
    }
}

/// Why the operation failed: the first resource that failed, else the stack's reason.
pub(crate) fn failure_reason(
    stack_name: &str,
    info: Option<&StackInfo>,
    events: &[EventLine],
) -> String {
    let status = info.map(|s| s.status.as_str()).unwrap_or("DELETED");
    if let Some(e) = events.iter().find(|e| e.is_resource_failure(stack_name)) {
        return format!(
            "{status}: {} {} {}: {}",
            e.resource_type,
            e.logical_id,
            e.status,
            e.reason.as_deref().unwrap_or("no reason given")
        );
    }
    match info.and_then(|s| s.reason.as_deref()) {
        Some(r) => format!("{status}: {r}"),
        None => status.to_string(),
    }
}
