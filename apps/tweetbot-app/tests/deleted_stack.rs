//! A deleted stack stays deleted on the local AWS (scripts/local_aws.py, "Deleted stacks"):
//! moto 5.2.5 evaluated a deleted stack's outputs again when it was described by its ARN (as
//! `destroy` does while it waits), which created its table once more; the next deploy then
//! failed with an HTTP 500. AWS keeps a deleted stack's outputs as they were.

use aws_sdk_cloudformation::types::StackStatus;
use cdk_aws::dynamodb::{Attribute, Table, TableProps};
use cdk_core::{App, CfnResource, RemovalPolicy, Stack};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::deploy::DeployOptions;
use cdk_toolkit::engine::{Approval, DestroyOptions, Toolkit};
use test_harness::LocalAws;

/// `Data` holds a table that its removal deletes, exported to `User` (an SSM parameter).
fn app() -> Assembly {
    let app = App::new();
    let data = Stack::new(&app, "Data").unwrap();
    let table = Table::new(
        &data,
        "Table",
        TableProps::new(Attribute::string("id"))
            .table_name("doomed")
            .removal_policy(RemovalPolicy::Destroy),
    )
    .unwrap();
    let user = Stack::new(&app, "User").unwrap();
    let parameter = CfnResource::new(&user, "TableName", "AWS::SSM::Parameter").unwrap();
    parameter.set_property("Name", "/user/table");
    parameter.set_property("Type", "String");
    parameter.set_property("Value", table.table_name());
    Assembly::from(&app.synth().unwrap())
}

#[tokio::test]
async fn destroy_all_leaves_the_table_deleted_and_the_outputs_as_they_were() {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let (cfn, dynamodb) = (
        aws_sdk_cloudformation::Client::new(&config),
        aws_sdk_dynamodb::Client::new(&config),
    );
    let toolkit = Toolkit::new(&config);
    let deploy = DeployOptions::default().approval(Approval::Approve);
    let assembly = app();
    let report = toolkit.deploy(&assembly, &deploy).await.unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    let data = cfn
        .describe_stacks()
        .stack_name("Data")
        .send()
        .await
        .unwrap();
    let arn = data.stacks()[0].stack_id().unwrap().to_string();
    let outputs = data.stacks()[0].outputs().to_vec();
    assert_eq!(outputs.len(), 1, "{outputs:?}");
    assert_eq!(outputs[0].output_value(), Some("doomed"));

    let destroyed = toolkit
        .destroy(
            &assembly,
            &DestroyOptions::default().approval(Approval::Approve),
        )
        .await
        .unwrap();
    assert_eq!(destroyed.stacks.len(), 2, "{:?}", destroyed.stacks);
    let tables = || async {
        dynamodb
            .list_tables()
            .send()
            .await
            .unwrap()
            .table_names()
            .to_vec()
    };
    assert_eq!(tables().await, Vec::<String>::new());

    // Described by its ARN, as AWS keeps it: deleted, its outputs as they were, nothing back.
    for _ in 0..2 {
        let deleted = cfn.describe_stacks().stack_name(&arn).send().await.unwrap();
        let stack = &deleted.stacks()[0];
        assert_eq!(stack.stack_status(), Some(&StackStatus::DeleteComplete));
        assert_eq!(stack.outputs(), outputs.as_slice());
    }
    let resources = cfn
        .list_stack_resources()
        .stack_name(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resources.stack_resource_summaries()[0].physical_resource_id(),
        Some("doomed")
    );
    assert_eq!(tables().await, Vec::<String>::new(), "the table came back");

    // And the next deploy creates it again.
    let report = toolkit.deploy(&assembly, &deploy).await.unwrap();
    assert!(report.is_success(), "{:?}", report.stacks);
    assert_eq!(tables().await, ["doomed"]);
}
