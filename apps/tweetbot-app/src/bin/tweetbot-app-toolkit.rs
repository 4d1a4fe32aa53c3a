//! The TweetBot's toolkit binary: every verb, with the AWS SDK (`deploy`, `destroy`, `diff`, the
//! Step Functions verbs). The app's main binary (`cargo run -p tweetbot-app`) synthesizes
//! itself and hands it every other command line (`cdk_toolkit::cli::run_synth`).

use std::process::ExitCode;

use cdk_toolkit_sfn::StepFunctionsVerbs;

fn main() -> ExitCode {
    cdk_toolkit::cli::run_with::<tweetbot_app::Settings, StepFunctionsVerbs<tweetbot_app::TweetInput>>(
        "tweetbot-app",
        |settings| Ok(tweetbot_app::build(settings)?),
    )
}
