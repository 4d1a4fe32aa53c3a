//! [`TweetPoller`].

use cdk_aws::lambda::{Function, FunctionProps};
use cdk_aws::ssm::SecureStringParameter;
use cdk_aws::stepfunctions::tasks::LambdaInvoke;
use cdk_aws::stepfunctions::{Condition, Retry};
use cdk_core::{Construct, ConstructError, Duration, Node};

/// The error the Find Tweet handler raises on rate limiting and server errors; the task
/// retries it with backoff.
pub const RETRYABLE_ERROR: &str = "TwitterRetryableError";

/// Settings of a [`TweetPoller`].
#[derive(Clone, Debug)]
pub struct TweetPollerProps {
    /// Name of the existing SSM SecureString parameter holding the X API bearer token.
    pub bearer_token_parameter: String,
    /// Base URL of the X API; default `https://api.twitter.com`.
    pub api_url: String,
    /// Name of the task state; default `Find Tweet`.
    pub state_name: String,
    /// Where the tweet goes in the execution's data; default `$.tweet`.
    pub result_path: String,
    /// The function's timeout; default 15 seconds.
    pub timeout: Duration,
}

impl TweetPollerProps {
    /// Defaults, with the token in the parameter `bearer_token_parameter`.
    pub fn new(bearer_token_parameter: impl Into<String>) -> Self {
        TweetPollerProps {
            bearer_token_parameter: bearer_token_parameter.into(),
            api_url: "https://api.twitter.com".into(),
            state_name: "Find Tweet".into(),
            result_path: "$.tweet".into(),
            timeout: Duration::seconds(15),
        }
    }

    /// Sets the API base URL.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
        self
    }

    /// Sets the task state's name.
    pub fn state_name(mut self, name: impl Into<String>) -> Self {
        self.state_name = name.into();
        self
    }
}

/// Polls X (Twitter) for the newest tweet matching the execution's `searchText`: a Lambda
/// function allowed to read the bearer token's SSM parameter and nothing else, and a task
/// that calls it with retries. The token never appears in a template.
///
/// ```
/// use cdk_core::{App, Stack};
/// use cdk_tweetbot::{TweetPoller, TweetPollerProps};
/// let app = App::new();
/// let stack = Stack::new(&app, "Bot")?;
/// let poller = TweetPoller::new(&stack, "Poller", TweetPollerProps::new("/tweetbot/token"))?;
/// let chain = cdk_aws::stepfunctions::Chain::start(poller.task());
/// assert_eq!(chain.start_state(), "Find Tweet");
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct TweetPoller {
    node: Node,
    function: Function,
    props: TweetPollerProps,
}

impl Construct for TweetPoller {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl TweetPoller {
    /// Creates the function and its grants.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: TweetPollerProps,
    ) -> Result<TweetPoller, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_tweetbot.TweetPoller")?;
        let token =
            SecureStringParameter::from_name(&node, "BearerToken", &props.bearer_token_parameter)?;
        let function = Function::new(
            &node,
            "Function",
            FunctionProps::rust_in(
                FIND_TWEET_PACKAGE,
                concat!(env!("CARGO_MANIFEST_DIR"), "/functions/find-tweet"),
            )
            .description("Find Tweet: the newest tweet matching the search text")
            .environment(
                "BEARER_TOKEN_PARAMETER",
                props.bearer_token_parameter.as_str(),
            )
            .environment("TWITTER_API_URL", props.api_url.as_str())
            .timeout(props.timeout),
        )?;
        token.grant_read(function.role())?;
        suppress_function_checks(&function);
        Ok(TweetPoller {
            node,
            function,
            props,
        }
        .registered())
    }

    /// The Find Tweet function.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// Holds when the task found a tweet (`found` is true in its result); the handler returns
    /// `{"found": false}` when nothing matches.
    pub fn found(&self) -> Condition {
        Condition::boolean_equals(&format!("{}.found", self.props.result_path), true)
    }

    /// The Find Tweet task: invokes the function with the execution's input, puts the tweet at
    /// the result path, and retries rate limiting and server errors with backoff.
    pub fn task(&self) -> LambdaInvoke {
        LambdaInvoke::new(&self.props.state_name, &self.function)
            .payload_response_only()
            .result_path(&self.props.result_path)
            .retry(
                Retry::on([RETRYABLE_ERROR])
                    .interval(Duration::seconds(5))
                    .max_attempts(3)
                    .backoff_rate(2.0)
                    .jitter(),
            )
    }
}

/// The workspace package of the Find Tweet function (a Rust binary, built by the toolkit).
pub const FIND_TWEET_PACKAGE: &str = "find-tweet";

/// The checkov checks that do not apply to Find Tweet, each with a reason true of it.
fn suppress_function_checks(function: &Function) {
    let f = function.resource();
    f.suppress_checkov("CKV_AWS_116", "Find Tweet is invoked synchronously by Step Functions, which retries its rate-limit and server errors and fails the execution visibly on the others; a dead-letter queue only serves asynchronous invocations");
    f.suppress_checkov("CKV_AWS_117", "Find Tweet calls only public endpoints (the X API and SSM); a VPC would need a NAT gateway and add nothing");
    f.suppress_checkov("CKV_AWS_115", "Find Tweet runs once per execution; reserved concurrency would take capacity from the account's unreserved pool");
    f.suppress_checkov("CKV_AWS_173", "Find Tweet's environment holds no secret: the bearer token stays in SSM, only its parameter name and the API's URL are here");
    function.log_group().resource().suppress_checkov(
        "CKV_AWS_158",
        "Find Tweet logs only its steps and the ids and authors of public tweets, never the bearer token; CloudWatch Logs encrypts the log at rest with its own key",
    );
}
