// `BillingMode` takes the schema's enum, not a string, even one of its values.
use cdk_cfn::dynamodb::cfn_table::KeySchemaProperty;
use cdk_cfn::dynamodb::CfnTableProps;

fn main() {
    let _ = CfnTableProps::new(vec![KeySchemaProperty::new("id", "HASH")])
        .billing_mode("PAY_PER_REQUEST");
}
