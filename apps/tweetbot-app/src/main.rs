//! `cargo run -p tweetbot-app -- <verb>`: the TweetBot app on the toolkit's CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    cdk_toolkit::cli::run_with_input::<tweetbot_app::Settings, tweetbot_app::TweetInput>(
        "tweetbot-app",
        |settings| Ok(tweetbot_app::build(settings)?),
    )
}
