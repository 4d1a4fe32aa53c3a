//! Asking for confirmation on a terminal.

use std::io::{BufRead, IsTerminal, Write};

/// True when standard input is a terminal someone can answer on.
pub(crate) fn can_ask() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks a yes/no question on the terminal; anything but `y`/`yes` is no.
pub(crate) fn ask(question: &str) -> bool {
    eprint!("{question} (y/n) ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
