// Props with required properties have no `Default`, so `..Default::default()` cannot fill
// them in.
use cdk_cfn::sns::CfnSubscriptionProps;

fn main() {
    let _ = CfnSubscriptionProps {
        protocol: "sqs".into(),
        ..Default::default()
    };
}
