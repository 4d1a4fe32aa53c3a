//! Following an execution: its history as lines for people (each state entered, succeeded or
//! failed, with durations and Parallel branches), and each state's final status.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_sfn::types::HistoryEvent;
use aws_smithy_types::DateTime;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use cdk_toolkit::cfn::PollConfig;
use cdk_toolkit::cli::ProgressMode;

use crate::client::{seconds_between, ExecutionInfo, Sfn};
use crate::error::SfnError;
use crate::graph::Status;

/// One line of an execution's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The history event it comes from.
    pub event_id: i64,
    /// The text.
    pub text: String,
}

/// The Parallel branch of every state inside one: `Parallel › branch 2`.
pub fn branches(definition: &Value) -> HashMap<String, String> {
    fn walk(def: &Value, label: Option<&str>, out: &mut HashMap<String, String>) {
        for (name, state) in def["States"].as_object().into_iter().flatten() {
            if let Some(l) = label {
                out.insert(name.clone(), l.to_string());
            }
            for (i, b) in state["Branches"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                walk(b, Some(&format!("{name} › branch {}", i + 1)), out);
            }
        }
    }
    let mut out = HashMap::new();
    walk(definition, None, &mut out);
    out
}

fn entered(e: &HistoryEvent) -> Option<&str> {
    e.state_entered_event_details().map(|d| d.name())
}

fn exited(e: &HistoryEvent) -> Option<&str> {
    e.state_exited_event_details().map(|d| d.name())
}

fn failure(e: &HistoryEvent) -> Option<(String, String)> {
    let pair = |err: Option<&str>, cause: Option<&str>| {
        Some((
            err.unwrap_or("error").to_string(),
            cause.unwrap_or_default().to_string(),
        ))
    };
    if let Some(d) = e.task_failed_event_details() {
        return pair(d.error(), d.cause());
    }
    if let Some(d) = e.lambda_function_failed_event_details() {
        return pair(d.error(), d.cause());
    }
    if let Some(d) = e.execution_failed_event_details() {
        return pair(d.error(), d.cause());
    }
    if let Some(d) = e.task_timed_out_event_details() {
        return pair(d.error(), d.cause());
    }
    if let Some(d) = e.execution_timed_out_event_details() {
        return pair(d.error(), d.cause());
    }
    None
}

/// Turns history events into lines, remembering what it has seen.
#[derive(Default)]
pub(crate) struct Follower {
    last_id: i64,
    entered_at: HashMap<String, DateTime>,
    running: Vec<String>,
}

impl Follower {
    pub(crate) fn lines(
        &mut self,
        events: &[HistoryEvent],
        branches: &HashMap<String, String>,
    ) -> Vec<Step> {
        let mut out = Vec::new();
        let seen = self.last_id;
        for e in events.iter().filter(|e| e.id() > seen) {
            self.last_id = e.id();
            let at = |name: &str| {
                branches
                    .get(name)
                    .map(|b| format!("  ({b})"))
                    .unwrap_or_default()
            };
            if let Some(name) = entered(e) {
                self.entered_at.insert(name.to_string(), *e.timestamp());
                self.running.push(name.to_string());
                let kind = e.r#type().as_str().trim_end_matches("StateEntered");
                out.push(Step {
                    event_id: e.id(),
                    text: format!("→ {name} [{kind}]{}", at(name)),
                });
            } else if let Some(name) = exited(e) {
                self.running.retain(|r| r != name);
                let took = self
                    .entered_at
                    .get(name)
                    .map(|s| format!("  {:.2} s", seconds_between(s, e.timestamp()).max(0.0)))
                    .unwrap_or_default();
                out.push(Step {
                    event_id: e.id(),
                    text: format!("✓ {name}{took}{}", at(name)),
                });
            } else if let Some((error, cause)) = failure(e) {
                let who = self
                    .running
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "execution".into());
                let cause = if cause.is_empty() {
                    String::new()
                } else {
                    format!(": {cause}")
                };
                out.push(Step {
                    event_id: e.id(),
                    text: format!("✗ {who}: {error}{cause}{}", at(&who)),
                });
            }
        }
        out
    }

    pub(crate) fn running(&self) -> &[String] {
        &self.running
    }
}

/// Each state's status in an execution: entered and left is succeeded, entered and not left is
/// running (or failed, once the execution stopped without succeeding).
pub fn statuses(events: &[HistoryEvent], execution_status: &str) -> HashMap<String, Status> {
    let mut out = HashMap::new();
    for e in events {
        if let Some(n) = entered(e) {
            out.insert(n.to_string(), Status::Running);
        } else if let Some(n) = exited(e) {
            out.insert(n.to_string(), Status::Succeeded);
        }
    }
    if execution_status != "RUNNING" {
        for s in out.values_mut() {
            if *s == Status::Running {
                *s = Status::Failed;
            }
        }
    }
    out
}

/// Follows an execution until it stops, printing each step to standard error: lines, plus a
/// spinner naming the running states on a terminal.
pub async fn follow(
    sfn: &Sfn,
    arn: &str,
    branches: &HashMap<String, String>,
    mode: ProgressMode,
    poll: PollConfig,
) -> Result<ExecutionInfo, SfnError> {
    let spinner = (mode == ProgressMode::Bar).then(|| {
        let s = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        s.set_style(
            ProgressStyle::with_template("{spinner} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        s.enable_steady_tick(Duration::from_millis(120));
        s
    });
    let print = |line: &str| match &spinner {
        Some(s) => s.println(line),
        None => eprintln!("{line}"),
    };
    let mut follower = Follower::default();
    let mut delay = poll.initial;
    loop {
        let events = sfn.history(arn).await?;
        for step in follower.lines(&events, branches) {
            print(&step.text);
        }
        if let Some(s) = &spinner {
            s.set_message(format!("running: {}", follower.running().join(", ")));
        }
        let info = sfn.execution(arn).await?;
        if info.status != "RUNNING" {
            let events = sfn.history(arn).await?;
            for step in follower.lines(&events, branches) {
                print(&step.text);
            }
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            return Ok(info);
        }
        tokio::time::sleep(delay).await;
        delay = poll.next(delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sfn::types::{
        ExecutionFailedEventDetails, HistoryEventType, StateEnteredEventDetails,
        StateExitedEventDetails,
    };
    use serde_json::json;

    fn ev(
        id: i64,
        ty: HistoryEventType,
        secs: i64,
    ) -> aws_sdk_sfn::types::builders::HistoryEventBuilder {
        HistoryEvent::builder()
            .id(id)
            .r#type(ty)
            .timestamp(DateTime::from_secs(secs))
    }

    fn enter(id: i64, name: &str, ty: HistoryEventType, secs: i64) -> HistoryEvent {
        ev(id, ty, secs)
            .state_entered_event_details(
                StateEnteredEventDetails::builder()
                    .name(name)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }

    fn exit(id: i64, name: &str, ty: HistoryEventType, secs: i64) -> HistoryEvent {
        ev(id, ty, secs)
            .state_exited_event_details(
                StateExitedEventDetails::builder()
                    .name(name)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn lines_with_durations_branches_and_failures_each_shown_once() {
        let branches = branches(&json!({"States": {"P": {"Type": "Parallel", "Branches": [
            {"States": {"Left": {"Type": "Pass"}}}, {"States": {"Right": {"Type": "Pass"}}}
        ]}}}));
        assert_eq!(branches["Right"], "P › branch 2");
        let history = vec![
            enter(2, "Find", HistoryEventType::TaskStateEntered, 100),
            exit(3, "Find", HistoryEventType::TaskStateExited, 102),
            enter(4, "Right", HistoryEventType::PassStateEntered, 103),
            ev(5, HistoryEventType::ExecutionFailed, 104)
                .execution_failed_event_details(
                    ExecutionFailedEventDetails::builder()
                        .error("Boom")
                        .cause("it broke")
                        .build(),
                )
                .build()
                .unwrap(),
        ];
        let mut f = Follower::default();
        let lines: Vec<String> = f
            .lines(&history[..2], &branches)
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(lines, ["→ Find [Task]", "✓ Find  2.00 s"]);
        let lines: Vec<String> = f
            .lines(&history, &branches)
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(
            lines,
            [
                "→ Right [Pass]  (P › branch 2)",
                "✗ Right: Boom: it broke  (P › branch 2)"
            ]
        );
        let s = statuses(&history, "FAILED");
        assert_eq!(s["Find"], Status::Succeeded);
        assert_eq!(s["Right"], Status::Failed);
        assert_eq!(statuses(&history, "RUNNING")["Right"], Status::Running);
    }
}
