//! `-v`/`-vv`: the AWS calls the toolkit makes, one line each on standard error, from the
//! `tracing` events of [`CallTrace`](crate::aws::CallTrace). `RUST_LOG`, when set, chooses
//! instead (`RUST_LOG=aws_smithy_runtime=debug` shows the SDK's own events too).

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::{FmtContext, FormattedFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

use crate::aws::trace::TARGET;

/// One line per event: the time, the event's fields, then its spans' (`stack=...`).
struct Line;

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        write!(writer, "{} ", super::progress::now())?;
        if event.metadata().target() == TARGET {
            writer.write_str("aws ")?;
        } else {
            write!(
                writer,
                "{} {}: ",
                event.metadata().level(),
                event.metadata().target()
            )?;
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                if let Some(fields) = span.extensions().get::<FormattedFields<N>>() {
                    if !fields.is_empty() {
                        write!(writer, " {fields}")?;
                    }
                }
            }
        }
        writeln!(writer)
    }
}

/// Installs the subscriber: nothing at verbosity 0 (unless `RUST_LOG` is set), the AWS calls
/// at 1, with request ids and each attempt at 2 or more.
pub(crate) fn init(verbosity: u8) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.is_empty() => EnvFilter::new(directives),
        _ => match verbosity {
            0 => return,
            1 => EnvFilter::new(format!("{TARGET}=info")),
            _ => EnvFilter::new(format!("{TARGET}=debug")),
        },
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .event_format(Line)
        .try_init();
}
