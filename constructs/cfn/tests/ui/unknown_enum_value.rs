// The enum has only the schema's values.
use cdk_cfn::dynamodb::cfn_table::BillingMode;

fn main() {
    let _ = BillingMode::OnDemand;
}
