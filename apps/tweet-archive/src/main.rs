//! `cargo run -p tweet-archive -- <verb>`: the tweet archive on the toolkit's CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    cdk_toolkit::cli::run::<tweet_archive::Settings>("tweet-archive", |settings| {
        Ok(tweet_archive::build(settings)?)
    })
}
