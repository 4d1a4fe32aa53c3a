// The same properties as the failing cases, written as the API wants them.
use cdk_cfn::dynamodb::cfn_table::{
    AttributeDefinitionProperty, AttributeType, BillingMode, KeySchemaProperty,
};
use cdk_cfn::dynamodb::{CfnTable, CfnTableProps};
use cdk_cfn::sns::{CfnSubscription, CfnSubscriptionProps, CfnTopic, CfnTopicProps};
use cdk_cfn::sqs::{CfnQueue, CfnQueueProps};
use cdk_core::{App, Expr, Stack};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = App::new();
    let stack = Stack::new(&app, "Pass")?;
    let queue = CfnQueue::new(&stack, "Queue", CfnQueueProps::new().delay_seconds(5))?;
    let topic = CfnTopic::new(&stack, "Topic", CfnTopicProps::new())?;
    CfnSubscription::new(
        &stack,
        "Sub",
        CfnSubscriptionProps::new("sqs", topic.reference()).endpoint(queue.attr_arn()),
    )?;
    // Every field of a struct literal, the required ones without `Option`.
    let literal = CfnSubscriptionProps {
        delivery_policy: None,
        endpoint: None,
        filter_policy: None,
        filter_policy_scope: None,
        protocol: "email".into(),
        raw_message_delivery: None,
        redrive_policy: None,
        region: None,
        replay_policy: None,
        subscription_role_arn: None,
        topic_arn: topic.reference().into(),
    };
    CfnSubscription::new(&stack, "Literal", literal)?;
    CfnTable::new(
        &stack,
        "Table",
        CfnTableProps::new(vec![KeySchemaProperty::new("id", "HASH")])
            .attribute_definitions(vec![AttributeDefinitionProperty::new(
                "id",
                AttributeType::S,
            )])
            .billing_mode(BillingMode::PayPerRequest),
    )?;
    // A token is accepted wherever a literal is: its value is known at deploy time.
    CfnQueue::new(
        &stack,
        "Imported",
        CfnQueueProps::new().delay_seconds(Expr::import_value("delay")),
    )?;
    let assembly = app.synth()?;
    let resources = &assembly.stack("Pass").ok_or("no stack")?.template()["Resources"];
    assert_eq!(resources["Queue"]["Properties"]["DelaySeconds"], 5);
    assert_eq!(
        resources["Table"]["Properties"]["BillingMode"],
        "PAY_PER_REQUEST"
    );
    assert_eq!(resources["Literal"]["Properties"]["Protocol"], "email");
    assert_eq!(resources["Sub"]["Properties"]["TopicArn"]["Ref"], "Topic");
    Ok(())
}
