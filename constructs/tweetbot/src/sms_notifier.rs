//! [`SmsNotifier`].

use cdk_aws::lambda::{Function, FunctionProps};
use cdk_aws::stepfunctions::tasks::{LambdaInvoke, SnsPublish};
use cdk_aws::stepfunctions::Chain;
use cdk_core::{Construct, ConstructError, Node};

/// Settings of an [`SmsNotifier`].
#[derive(Clone, Debug)]
pub struct SmsNotifierProps {
    /// Where the phone number is in the execution's input; default `$.phoneNumber`.
    pub phone_number_path: String,
    /// Where the message goes; default `$.message`.
    pub message_path: String,
    /// Name of the message task; default `Generate Message`.
    pub generate_state_name: String,
    /// Name of the SMS task; default `Send SMS`.
    pub send_state_name: String,
}

impl Default for SmsNotifierProps {
    fn default() -> Self {
        SmsNotifierProps {
            phone_number_path: "$.phoneNumber".into(),
            message_path: "$.message".into(),
            generate_state_name: "Generate Message".into(),
            send_state_name: "Send SMS".into(),
        }
    }
}

impl SmsNotifierProps {
    /// Prefixes both state names (for several notifiers in one machine).
    pub fn state_prefix(mut self, prefix: &str) -> Self {
        self.generate_state_name = format!("{prefix}{}", self.generate_state_name);
        self.send_state_name = format!("{prefix}{}", self.send_state_name);
        self
    }
}

/// Texts a friendly message about a tweet: the "Generate Message" Lambda function writes it,
/// then the SNS service integration sends it to the phone number in the execution's input.
///
/// ```
/// use cdk_core::{App, Stack};
/// use cdk_tweetbot::{SmsNotifier, SmsNotifierProps};
/// let app = App::new();
/// let stack = Stack::new(&app, "Bot")?;
/// let n = SmsNotifier::new(&stack, "Notifier", SmsNotifierProps::default())?;
/// let d = n.chain().to_definition();
/// assert_eq!(d.states["Generate Message"].next.as_deref(), Some("Send SMS"));
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SmsNotifier {
    node: Node,
    function: Function,
    props: SmsNotifierProps,
}

impl Construct for SmsNotifier {
    fn node(&self) -> &Node {
        &self.node
    }
}

/// The workspace package of the Generate Message function (a Rust binary, built by the
/// toolkit).
pub const GENERATE_MESSAGE_PACKAGE: &str = "generate-message";

/// The checkov checks that do not apply to Generate Message, each with a reason true of it.
fn suppress_function_checks(function: &Function) {
    let f = function.resource();
    f.suppress_checkov("CKV_AWS_116", "Generate Message is invoked synchronously by Step Functions, which retries Lambda's service errors and fails the execution visibly on the others; a dead-letter queue only serves asynchronous invocations");
    f.suppress_checkov("CKV_AWS_117", "Generate Message makes no network call at all (it only formats text); a VPC would add nothing");
    f.suppress_checkov("CKV_AWS_115", "Generate Message runs once per execution; reserved concurrency would take capacity from the account's unreserved pool");
    f.suppress_checkov(
        "CKV_AWS_173",
        "Generate Message has no environment variables at all, so there is nothing to encrypt",
    );
    function.log_group().resource().suppress_checkov(
        "CKV_AWS_158",
        "Generate Message logs only the length and encoding of each message it composes, never its text; CloudWatch Logs encrypts the log at rest with its own key",
    );
}

impl SmsNotifier {
    /// Creates the Generate Message function.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: SmsNotifierProps,
    ) -> Result<SmsNotifier, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_tweetbot.SmsNotifier")?;
        let function = Function::new(
            &node,
            "Function",
            FunctionProps::rust_in(
                GENERATE_MESSAGE_PACKAGE,
                concat!(env!("CARGO_MANIFEST_DIR"), "/functions/generate-message"),
            )
            .description("Generate Message: a friendly SMS about the tweet"),
        )?;
        suppress_function_checks(&function);
        Ok(SmsNotifier {
            node,
            function,
            props,
        }
        .registered())
    }

    /// The Generate Message function.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// Generate Message → Send SMS.
    pub fn chain(&self) -> Chain {
        let generate = LambdaInvoke::new(&self.props.generate_state_name, &self.function)
            .payload_response_only()
            .result_path(&self.props.message_path);
        let send = SnsPublish::sms_to_number_at(
            &self.props.send_state_name,
            &self.props.phone_number_path,
        )
        .message_at(&self.props.message_path);
        Chain::start(generate).next(send)
    }
}
