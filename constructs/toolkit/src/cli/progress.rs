//! Drawing progress: a live bar per stack with a `[2/2]` counter on a terminal, plain
//! timestamped lines otherwise (CI, pipes), or lines on request (`--progress events`).

use std::io::IsTerminal;
use std::time::SystemTime;

use aws_smithy_types::date_time::{DateTime, Format};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cfn::{EventLine, STACK_RESOURCE_TYPE};

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[non_exhaustive]
pub enum ProgressMode {
    /// A live progress bar per stack (the default on a terminal).
    Bar,
    /// One timestamped line per event (the default elsewhere).
    Events,
}

impl ProgressMode {
    /// Bars on an interactive terminal outside CI, lines everywhere else.
    pub fn detect() -> ProgressMode {
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            ProgressMode::Bar
        } else {
            ProgressMode::Events
        }
    }
}

/// The time of day, `HH:MM:SS` (UTC).
pub fn now() -> String {
    let stamp = DateTime::from(SystemTime::now())
        .fmt(Format::DateTime)
        .unwrap_or_default();
    stamp.get(11..19).unwrap_or(&stamp).to_string()
}

/// Progress of one command over several stacks.
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Progress drawn as `mode` says.
    pub fn new(mode: ProgressMode) -> Progress {
        let multi = (mode == ProgressMode::Bar)
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Progress { multi }
    }

    /// Prints a line to standard error (above the bars, when there are bars).
    pub fn println(&self, line: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(line);
            }
            None => eprintln!("{line}"),
        }
    }

    /// Starts showing one stack (`index` of `total`), with `resources` resources to go
    /// through.
    pub fn stack(&self, index: usize, total: usize, name: &str, resources: u64) -> StackProgress {
        let label = format!("[{index}/{total}] {name}");
        let bar = self.multi.as_ref().map(|m| {
            let bar = m.add(ProgressBar::new(resources.max(1)));
            bar.set_style(
                ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_prefix(label.clone());
            bar
        });
        StackProgress { label, bar }
    }
}

/// Progress of one stack.
pub struct StackProgress {
    label: String,
    bar: Option<ProgressBar>,
}

impl StackProgress {
    /// A message about the stack.
    pub fn info(&self, progress: &Progress, message: &str) {
        progress.println(&format!("{} {} | {message}", now(), self.label));
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_string());
        }
    }

    /// A stack event.
    pub fn event(&self, progress: &Progress, e: &EventLine) {
        let reason = e
            .reason
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        progress.println(&format!(
            "{} {} | {} | {} | {}{reason}",
            now(),
            self.label,
            e.status,
            e.resource_type,
            e.logical_id
        ));
        if let Some(bar) = &self.bar {
            if e.resource_type != STACK_RESOURCE_TYPE && e.status.is_finished() {
                bar.inc(1);
            }
            bar.set_message(e.status.to_string());
        }
    }

    /// The stack is done.
    pub fn finish(&self, progress: &Progress, message: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_with_message(message.to_string());
        }
        progress.println(&format!("{} {} | {message}", now(), self.label));
    }
}
