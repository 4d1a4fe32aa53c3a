// `DelaySeconds` is an integer: a string literal is not one.
use cdk_cfn::sqs::CfnQueueProps;

fn main() {
    let _ = CfnQueueProps::new().delay_seconds("5");
}
