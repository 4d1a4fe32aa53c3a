//! `cargo run -p tweetbot-app -- <verb>`: the TweetBot app on the toolkit's CLI, with the Step
//! Functions verbs (`run` takes the TweetBot's own input flags).

use std::process::ExitCode;

use cdk_toolkit_sfn::StepFunctionsVerbs;
// With the `dylib` feature, the constructs and the toolkit come from libcdk_dylib.so.
#[cfg(feature = "dylib")]
use cdk_dylib as _;

fn main() -> ExitCode {
    cdk_toolkit::cli::run_with::<tweetbot_app::Settings, StepFunctionsVerbs<tweetbot_app::TweetInput>>(
        "tweetbot-app",
        |settings| Ok(tweetbot_app::build(settings)?),
    )
}
