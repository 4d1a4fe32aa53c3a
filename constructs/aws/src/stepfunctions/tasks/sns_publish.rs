//! [`SnsPublish`].

use cdk_core::Expr;

use crate::iam::PolicyStatement;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::states::Builder;

use super::{task_builder, task_methods};

/// Publishes a message with the SNS service integration: to a topic, or as an SMS to a phone
/// number. Grants `sns:Publish` on the topic; for SMS there is no resource to scope it to, so
/// it is granted on `*` with that reason recorded in the policy's metadata.
///
/// ```
/// use cdk_aws::stepfunctions::{tasks::SnsPublish, Chain};
/// let sms = SnsPublish::sms_to_number_at("Send SMS", "$.phoneNumber").message_at("$.message");
/// let d = Chain::start(sms).to_definition();
/// let mut states = d.states.clone();
/// let json = states.get_mut("Send SMS").unwrap().parameters.clone().unwrap().to_literal_json().map(|p| serde_json::json!({"States": {"Send SMS": {"Parameters": p}}})).unwrap();
/// assert_eq!(json["States"]["Send SMS"]["Parameters"]["PhoneNumber.$"], "$.phoneNumber");
/// assert_eq!(d.states["Send SMS"].to_expr().as_map().unwrap()["Resource"], cdk_aws::stepfunctions::integration_arn("sns:publish"));
/// ```
#[derive(Clone, Debug)]
pub struct SnsPublish(pub(crate) Builder, Params, Params);

impl SnsPublish {
    fn with(name: &str, target: Params, statement: PolicyStatement) -> Self {
        let mut b = task_builder(name, crate::stepfunctions::integration_arn("sns:publish"));
        b.statements.push(statement);
        SnsPublish(b, target, Params::new())
    }

    /// Publishes to a topic.
    pub fn to_topic(name: &str, topic_arn: Expr) -> Self {
        let statement = PolicyStatement::allow(["sns:Publish"], [topic_arn.clone()]);
        Self::with(name, Params::new().value("TopicArn", topic_arn), statement)
    }

    /// Sends an SMS to the phone number found at `path` in the input.
    pub fn sms_to_number_at(name: &str, path: &str) -> Self {
        let statement = PolicyStatement::allow_any_resource(
            ["sns:Publish"],
            "an SMS to a phone number has no resource ARN to scope sns:Publish to",
        );
        Self::with(name, Params::new().path("PhoneNumber", path), statement)
    }

    /// The message, from `path` in the input.
    pub fn message_at(mut self, path: &str) -> Self {
        self.2 = Params::new().path("Message", path);
        self
    }

    /// A fixed message.
    pub fn message(mut self, text: &str) -> Self {
        self.2 = Params::new().value("Message", text);
        self
    }

    /// The message built from `params` (for example one holding the task token).
    pub fn message_params(mut self, params: Params) -> Self {
        self.2 = Params::new().nested("Message", params);
        self
    }

    /// `.waitForTaskToken`: publishes, then waits until the task token (put in the message
    /// with [`Params::task_token`]) comes back.
    pub fn wait_for_task_token(mut self) -> Self {
        super::set_integration(
            &mut self.0,
            "sns:publish",
            crate::stepfunctions::IntegrationPattern::WaitForTaskToken,
        );
        self
    }
}

io_methods!(SnsPublish);
error_methods!(SnsPublish);
task_methods!(SnsPublish);
jsonata_methods!(SnsPublish);

impl SnsPublish {
    /// Sets `ResultPath`: where SNS's answer goes in the input.
    pub fn result_path(mut self, path: &str) -> Self {
        self.0.def.result_path = Some(Some(path.to_string()));
        self
    }
}

impl From<SnsPublish> for Chain {
    fn from(t: SnsPublish) -> Chain {
        let SnsPublish(mut b, target, message) = t;
        let mut params = target.to_expr();
        if let (Some(m), Some(extra)) = (params.as_map_mut(), message.to_expr().as_map()) {
            m.extend(extra.clone());
        }
        b.def.parameters = Some(params);
        b.into_chain(true)
    }
}
