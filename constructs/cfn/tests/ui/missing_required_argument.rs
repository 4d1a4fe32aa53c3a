// `AWS::SNS::Subscription` requires `Protocol` and `TopicArn`: they are the arguments of `new`.
use cdk_cfn::sns::CfnSubscriptionProps;

// rustc writes a type's path in full in its messages unless its name is unique among the
// crates in use, and some services have enum variants named `Value` or `Default`: these items
// make the names ambiguous whatever services are enabled, so the expected output is the same
// under `cargo test -p cdk-cfn --features sqs,sns,dynamodb` and `cargo test --workspace`.
#[allow(dead_code)]
mod same_names {
    pub struct BillingMode;
    pub struct CfnQueueProps;
    pub struct CfnSubscriptionProps;
    pub struct CfnTableProps;
    pub struct Default;
    pub struct From;
    pub struct Into;
    pub struct Value;
}

fn main() {
    let _ = CfnSubscriptionProps::new();
}
