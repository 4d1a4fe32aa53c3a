//! A brand monitor, composed from the TweetBot constructs differently than the TweetBot: every
//! search text gets its own stack with its own poller, notifier and state machine, and all of
//! them store what they find in one shared [`TweetStore`] living in a stack of its own.
//!
//! Each machine knows its search text; an execution only needs `{"phoneNumber": "+1..."}`.
//!
//! Every resource is tagged with the app and (in a search's stack) its search text; an aspect
//! keeps every resource that holds data when its stack is deleted, whatever its construct chose;
//! each execution is stopped after five minutes.
//!
//! ```
//! let app = brand_monitor::build(&brand_monitor::Settings::default())?;
//! let names: Vec<String> = app.stacks().iter().map(|s| s.stack_name()).collect();
//! assert_eq!(names, ["BrandMonitorStore", "BrandMonitor-AWS-Step-Functions", "BrandMonitor-AWS-CDK"]);
//! # Ok::<(), cdk_core::ConstructError>(())
//! ```

use cdk_aws::stepfunctions::{
    Chain, Choice, Params, Pass, StateMachine, StateMachineProps, Succeed,
};
use cdk_core::{
    App, Aspect, Aspects, CfnOutput, CfnResource, ConstructError, Duration, Node, RemovalPolicy,
    Stack, StackProps, Tags,
};
use cdk_tweetbot::input::check_search_text;
use cdk_tweetbot::{
    ParallelBranch, SmsNotifier, SmsNotifierProps, TweetPoller, TweetPollerProps, TweetStore,
    TweetStoreProps,
};

/// The monitor's settings.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Brand monitor settings")]
pub struct Settings {
    /// A search text to monitor (repeat the flag for several); each gets a stack and a machine.
    #[arg(long = "search", global = true, value_parser = check_search_text, default_values_t = default_searches())]
    pub searches: Vec<String>,
    /// Name of the stack holding the shared table.
    #[arg(long, global = true, default_value = "BrandMonitorStore")]
    pub store_stack_name: String,
    /// Name of the shared table.
    #[arg(long, global = true, default_value = "brandTweets")]
    pub table_name: String,
    /// SSM SecureString parameter holding the X API bearer token.
    #[arg(long, global = true, default_value = "/brand-monitor/bearer-token")]
    pub bearer_token_parameter: String,
    /// Base URL of the X API the pollers search (a local stand-in in tests).
    #[arg(long, global = true, default_value = "https://api.twitter.com")]
    pub twitter_api_url: String,
}

fn default_searches() -> Vec<String> {
    vec!["AWS Step Functions".into(), "AWS CDK".into()]
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            searches: default_searches(),
            store_stack_name: "BrandMonitorStore".into(),
            table_name: "brandTweets".into(),
            bearer_token_parameter: "/brand-monitor/bearer-token".into(),
            twitter_api_url: "https://api.twitter.com".into(),
        }
    }
}

/// The stack name of a search: `BrandMonitor-` and the search's words joined by `-`.
pub fn stack_name_for(search: &str) -> String {
    let words: Vec<String> = search
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut name = format!("BrandMonitor-{}", words.join("-"));
    name.truncate(128);
    name
}

/// Keeps every resource whose type holds data (per the CloudFormation schemas) when it leaves
/// its stack, whatever its construct chose.
pub struct RetainData;

impl Aspect for RetainData {
    fn visit(&self, node: &Node) {
        if let Some(resource) = CfnResource::from_node(node) {
            if cdk_cfn::registry::is_stateful(&resource.resource_type()) {
                resource.apply_removal_policy(RemovalPolicy::Retain);
            }
        }
    }
}

/// The longest an execution runs.
pub const EXECUTION_TIMEOUT: Duration = Duration::minutes(5);

/// Builds the monitor.
pub fn build(settings: &Settings) -> Result<App, ConstructError> {
    let app = App::new();
    Aspects::of(&app).add(RetainData);
    Tags::of(&app).add("app", "brand-monitor");
    let shared = Stack::with_props(
        &app,
        &settings.store_stack_name,
        StackProps::default().description("Brand monitor: the tweets found for every search"),
    )?;
    let store = TweetStore::new(
        &shared,
        "Tweets",
        TweetStoreProps::default().table_name(settings.table_name.as_str()),
    )?;

    for search in &settings.searches {
        let stack = Stack::with_props(
            &app,
            &stack_name_for(search),
            StackProps::default().description(format!("Brand monitor for \"{search}\"")),
        )?;
        Tags::of(&stack).add("search", search.as_str());
        let poller = TweetPoller::new(
            &stack,
            "Poller",
            TweetPollerProps::new(settings.bearer_token_parameter.as_str())
                .api_url(settings.twitter_api_url.as_str()),
        )?;
        let notifier = SmsNotifier::new(&stack, "Notifier", SmsNotifierProps::default())?;
        let act = ParallelBranch::new(
            &stack,
            "Act",
            "Notify and Store",
            [notifier.chain(), store.store_task("Store Tweet").into()],
        )?;
        let set_search = Pass::new("Set Search Text").parameters(
            Params::new()
                .value("searchText", search.as_str())
                .path("phoneNumber", "$.phoneNumber"),
        );
        let definition = Chain::start(set_search).next(poller.task()).next(
            Choice::new("Anything New?")
                .when(poller.found(), act.state())
                .otherwise(Succeed::new("Nothing New")),
        );
        let machine = StateMachine::new(
            &stack,
            "Monitor",
            definition,
            StateMachineProps::default()
                .comment(format!("Brand monitor for \"{search}\""))
                .timeout(EXECUTION_TIMEOUT),
        )?;
        CfnOutput::new(&stack, "StateMachineArn", machine.state_machine_arn())?;
    }
    Ok(app)
}
