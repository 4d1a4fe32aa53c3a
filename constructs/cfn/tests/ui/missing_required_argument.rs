// `AWS::SNS::Subscription` requires `Protocol` and `TopicArn`: they are the arguments of `new`.
use cdk_cfn::sns::CfnSubscriptionProps;

fn main() {
    let _ = CfnSubscriptionProps::new();
}
