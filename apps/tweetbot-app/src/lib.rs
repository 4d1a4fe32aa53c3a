//! The TweetBot app: the tutorial's final state machine (step 6), in its two stacks.
//!
//! `TweetDataStore` holds the tweet table; `TweetBot` holds the functions, roles and the state
//! machine: Find Tweet → Wait → Tweet Found? → Parallel[Generate Message → Send SMS, Store Tweet],
//! or, when no tweet matches, No New Tweet (the execution succeeds without texting anybody).

pub mod synthetic;

use cdk_aws::stepfunctions::{Chain, Choice, Pass, StateMachine, StateMachineProps, Wait};
use cdk_core::{App, CfnOutput, ConstructError, Duration, Stack, StackProps};
use cdk_synth::cli::ExecutionInput;
use cdk_tweetbot::input::{check_phone_number, check_search_text};
use cdk_tweetbot::{
    ParallelBranch, SmsNotifier, SmsNotifierProps, TweetPoller, TweetPollerProps, TweetStore,
    TweetStoreProps,
};

/// The app's settings; every one has a default and a flag.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "TweetBot settings")]
pub struct Settings {
    /// Name of the stack holding the tweet table.
    #[arg(long, global = true, default_value = "TweetDataStore")]
    pub data_stack_name: String,
    /// Name of the stack holding the functions and the state machine.
    #[arg(long, global = true, default_value = "TweetBot")]
    pub bot_stack_name: String,
    /// Name of the DynamoDB table.
    #[arg(long, global = true, default_value = "tweetTable")]
    pub table_name: String,
    /// Name of the state machine.
    #[arg(long, global = true, default_value = "TweetBot")]
    pub state_machine_name: String,
    /// SSM SecureString parameter holding the X API bearer token (created by you, never by the app).
    #[arg(long, global = true, default_value = "/tweetbot/bearer-token")]
    pub bearer_token_parameter: String,
    /// Base URL of the X API.
    #[arg(long, global = true, default_value = "https://api.twitter.com")]
    pub twitter_api_url: String,
    /// How long to wait between finding the tweet and acting on it (10s, 2m, ...).
    #[arg(long, global = true, default_value = "10s", value_parser = parse_wait)]
    pub wait: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_stack_name: "TweetDataStore".into(),
            bot_stack_name: "TweetBot".into(),
            table_name: "tweetTable".into(),
            state_machine_name: "TweetBot".into(),
            bearer_token_parameter: "/tweetbot/bearer-token".into(),
            twitter_api_url: "https://api.twitter.com".into(),
            wait: Duration::seconds(10),
        }
    }
}

/// The `run` verb's input flags: what the tutorial passes to `start-execution`.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "TweetBot input")]
pub struct TweetInput {
    /// The text to search tweets for.
    #[arg(long, value_parser = check_search_text)]
    pub search_text: Option<String>,
    /// The phone number to text, in E.164 form (+15554446666).
    #[arg(long, value_parser = check_phone_number)]
    pub phone_number: Option<String>,
}

impl ExecutionInput for TweetInput {
    fn input(&self) -> anyhow::Result<Option<serde_json::Value>> {
        match (&self.search_text, &self.phone_number) {
            (Some(s), Some(p)) => Ok(Some(
                serde_json::json!({ "searchText": s, "phoneNumber": p }),
            )),
            (None, None) => Ok(None),
            (Some(_), None) => anyhow::bail!("--phone-number is needed with --search-text"),
            (None, Some(_)) => anyhow::bail!("--search-text is needed with --phone-number"),
        }
    }

    fn check(input: &serde_json::Value) -> anyhow::Result<()> {
        let field = |name: &str| {
            input[name]
                .as_str()
                .ok_or_else(|| anyhow::anyhow!("the input needs \"{name}\" as a string"))
        };
        check_search_text(field("searchText")?).map_err(anyhow::Error::msg)?;
        check_phone_number(field("phoneNumber")?).map_err(anyhow::Error::msg)?;
        Ok(())
    }
}

/// The name of the Wait state for `wait`.
pub fn wait_state_name(wait: Duration) -> String {
    match wait.to_seconds() {
        Ok(1) => "Wait 1 Second".to_string(),
        Ok(n) => format!("Wait {n} Seconds"),
        Err(_) => format!("Wait {wait}"),
    }
}

/// `--wait`: a duration of whole seconds that a Wait state takes (0 s to a year).
fn parse_wait(s: &str) -> Result<Duration, String> {
    let d: Duration = s.parse()?;
    d.to_seconds_within(0..=31_536_000, "the wait")?;
    Ok(d)
}

/// Builds the TweetBot app.
pub fn build(settings: &Settings) -> Result<App, ConstructError> {
    let app = App::new();

    let data = Stack::with_props(
        &app,
        &settings.data_stack_name,
        StackProps::default().description("TweetBot: the table of stored tweets"),
    )?;
    let store = TweetStore::new(
        &data,
        "TweetStore",
        TweetStoreProps::default().table_name(settings.table_name.as_str()),
    )?;
    CfnOutput::new(&data, "TweetTableName", store.table().table_name())?
        .description("Name of the DynamoDB table holding the tweets");

    let bot = Stack::with_props(
        &app,
        &settings.bot_stack_name,
        StackProps::default().description("TweetBot: functions, roles and the state machine"),
    )?;
    let poller = TweetPoller::new(
        &bot,
        "TweetPoller",
        TweetPollerProps::new(settings.bearer_token_parameter.as_str())
            .api_url(settings.twitter_api_url.as_str()),
    )?;
    let notifier = SmsNotifier::new(&bot, "SmsNotifier", SmsNotifierProps::default())?;
    let parallel = ParallelBranch::new(
        &bot,
        "NotifyAndStore",
        "Parallel",
        [notifier.chain(), store.store_task("Store Tweet").into()],
    )?;
    let already = Pass::new("Already Texted")
        .result(serde_json::json!({ "status": "already texted" }).into())
        .result_path("$.result");
    let nothing = Pass::new("No New Tweet")
        .result(serde_json::json!({ "status": "no new tweet" }).into())
        .result_path("$.result");
    let definition = Chain::start(poller.task())
        .next(Wait::duration(
            &wait_state_name(settings.wait),
            settings.wait,
        ))
        .next(
            Choice::new("Tweet Found?")
                .when(
                    poller.found(),
                    // A tweet texted and stored before is not texted again.
                    Chain::start(store.lookup_task("Check Stored")).next(
                        Choice::new("New Tweet?")
                            .when(store.stored(), already)
                            .otherwise(parallel.state()),
                    ),
                )
                .otherwise(nothing),
        );
    let machine = StateMachine::new(
        &bot,
        "StateMachine",
        definition,
        StateMachineProps::default()
            .state_machine_name(settings.state_machine_name.as_str())
            .comment("TweetBot: find a tweet, wait, then text it and store it in parallel; no tweet, no text"),
    )?;
    CfnOutput::new(&bot, "StateMachineArn", machine.state_machine_arn())?
        .description("ARN of the TweetBot state machine");
    CfnOutput::new(&bot, "StateMachineName", machine.state_machine_name())?
        .description("Name of the TweetBot state machine");
    Ok(app)
}
