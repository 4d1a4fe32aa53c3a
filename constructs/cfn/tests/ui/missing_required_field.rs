// A struct literal must give every required property (here `TopicArn` is left out).
use cdk_cfn::sns::CfnSubscriptionProps;

fn main() {
    let _ = CfnSubscriptionProps {
        delivery_policy: None,
        endpoint: None,
        filter_policy: None,
        filter_policy_scope: None,
        protocol: "sqs".into(),
        raw_message_delivery: None,
        redrive_policy: None,
        region: None,
        replay_policy: None,
        subscription_role_arn: None,
    };
}
