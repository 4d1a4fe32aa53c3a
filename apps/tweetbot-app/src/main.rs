//! `cargo run -p tweetbot-app -- <verb>`: the TweetBot app on the toolkit's CLI, with the Step
//! Functions verbs (`run` takes the TweetBot's own input flags).
//!
//! This binary links the constructs without the AWS SDK, so an edit to the app relinks it in a
//! fraction of a second: it runs `synth` itself and hands every other command line to the app's
//! toolkit binary, `tweetbot-app-toolkit` (src/bin), which `cargo run` builds first when it is
//! out of date (`cdk_synth::cli::run_synth`).

use std::process::ExitCode;

fn main() -> ExitCode {
    cdk_synth::cli::run_synth::<tweetbot_app::Settings>(
        "tweetbot-app",
        |settings| Ok(tweetbot_app::build(settings)?),
        cdk_synth::toolkit_bin!("tweetbot-app-toolkit"),
    )
}
