//! What a user of `cdk_aws::stepfunctions` can test in `cargo test`, with mocks and no
//! emulator: a Map over a list with JSONata, a `.waitForTaskToken` task with its heartbeat, an
//! Express machine, variables, and the synth-time checks that keep such machines valid.

use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime};
use cdk_aws::stepfunctions::tasks::LambdaInvoke;
use cdk_aws::stepfunctions::{
    Chain, Choice, Condition, Map, Params, Pass, StateMachine, StateMachineProps, Succeed,
};
use cdk_core::{App, Duration, Stack};
use cdk_sfn_simulator::cfn::state_machines;
use cdk_sfn_simulator::{
    simulate_definition, MockConfig, MockedResponse, Simulator, Status, TestCase,
};
use serde_json::json;

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        FunctionProps::new(
            Runtime::Python313,
            "index.handler",
            Code::inline("def handler(e, c): return e"),
        ),
    )
    .unwrap()
}

#[test]
fn a_jsonata_map_over_a_list() {
    let price = Pass::new("Price Line").jsonata().output(
        "{% {'sku': $states.input.sku, 'total': $states.input.price * $states.input.qty} %}",
    );
    let map = Map::new("Price Lines", price)
        .jsonata()
        .items("{% $states.input.order.lines %}")
        .max_concurrency(2)
        .output("{% {'lines': $states.result, 'sum': $sum($states.result.total)} %}")
        .assign("lineCount", "{% $count($states.result) %}");
    let verdict = Choice::new("Big Order?")
        .jsonata()
        .when(
            Condition::jsonata("{% $states.input.sum > 100 and $lineCount > 1 %}"),
            Succeed::new("Big"),
        )
        .otherwise(Succeed::new("Small"));
    let chain = Chain::start(map).next(verdict);
    assert!(chain.validate().is_empty(), "{:?}", chain.validate());
    let input = json!({"order": {"lines": [
        {"sku": "a", "price": 10, "qty": 3},
        {"sku": "b", "price": 25.5, "qty": 4},
        {"sku": "c", "price": 1, "qty": 1}
    ]}});
    let run =
        simulate_definition(&chain.to_definition(), &input, &MockConfig::default(), None).unwrap();
    assert_eq!(run.status, Status::Succeeded, "{:#?}", run.history_json());
    assert_eq!(
        run.path(),
        [
            "Price Lines",
            "Price Line",
            "Price Line",
            "Price Line",
            "Big Order?",
            "Big"
        ]
    );
    assert_eq!(
        run.output.unwrap(),
        json!({"lines": [{"sku": "a", "total": 30}, {"sku": "b", "total": 102}, {"sku": "c", "total": 1}], "sum": 133})
    );
}

#[test]
fn mixing_jsonpath_and_jsonata_or_a_broken_expression_fails_at_synth() {
    let mixed = Chain::start(
        Pass::new("Mixed")
            .jsonata()
            .result_path("$.x")
            .output("{% 1 %}"),
    );
    assert!(mixed.validate()[0]
        .message
        .contains("ResultPath is a JSONPath field"));
    let broken = Chain::start(
        Pass::new("Broken")
            .jsonata()
            .output("{% $states.input.( %}"),
    );
    assert!(
        broken.validate()[0].message.contains("does not parse"),
        "{:?}",
        broken.validate()
    );
    let jsonata_in_jsonpath =
        Chain::start(Pass::new("Plain").parameters(Params::new().value("x", "{% 1 + 1 %}")));
    assert!(jsonata_in_jsonpath.validate()[0]
        .message
        .contains("plain string"));
}

#[test]
fn a_wait_for_task_token_task_with_a_heartbeat() {
    let app = App::new();
    let stack = Stack::new(&app, "Approvals").unwrap();
    let approver = function(&stack, "Approver");
    let ask = LambdaInvoke::new("Ask Approval", &approver)
        .wait_for_task_token()
        .payload(Params::new().task_token("token").path("order", "$.order"))
        .heartbeat(Duration::minutes(10))
        .timeout(Duration::hours(24))
        .result_path("$.approval")
        .catch_into(
            &["States.HeartbeatTimeout"],
            Some("$.error"),
            Pass::new("Approver Silent"),
        );
    StateMachine::new(
        &stack,
        "Flow",
        Chain::start(ask),
        StateMachineProps::default().state_machine_name("Approvals"),
    )
    .unwrap();
    let template = app
        .synth()
        .unwrap()
        .stack("Approvals")
        .unwrap()
        .template()
        .clone();
    let def = state_machines(&template)[0].definition.clone();
    assert_eq!(
        def["States"]["Ask Approval"]["Resource"],
        "arn:aws:states:::lambda:invoke.waitForTaskToken"
    );
    assert_eq!(def["States"]["Ask Approval"]["HeartbeatSeconds"], 600);
    let mocks = MockConfig::from_json(&json!({
        "StateMachines": {"Approvals": {"TestCases": {
            "Approved": {"Ask Approval": "Yes"},
            "Silent": {"Ask Approval": "NoHeartbeat"}}}},
        "MockedResponses": {
            "Yes": {"0": {"Return": {"approved": true, "by": "kim"}}},
            "NoHeartbeat": {"0": {"Throw": {"Error": "States.HeartbeatTimeout", "Cause": "no heartbeat for 600 s"}}}}
    }))
    .unwrap();
    let input = json!({"order": {"id": 7}});
    let run = Simulator::new(def.clone())
        .run(&input, mocks.test_case("Approved").unwrap())
        .unwrap();
    assert_eq!(run.status, Status::Succeeded);
    // The function got the task token (generated, deterministic) and the order.
    let sent = &run.task_calls("Ask Approval")[0]["Payload"];
    assert!(sent["token"].as_str().unwrap().starts_with("token-"));
    assert_eq!(sent["order"], json!({"id": 7}));
    assert_eq!(
        run.output.unwrap()["approval"],
        json!({"approved": true, "by": "kim"})
    );
    let silent = Simulator::new(def)
        .run(&input, mocks.test_case("Silent").unwrap())
        .unwrap();
    assert_eq!(silent.status, Status::Succeeded);
    assert_eq!(silent.path(), ["Ask Approval", "Approver Silent"]);
    assert_eq!(
        silent.output.unwrap()["error"]["Error"],
        "States.HeartbeatTimeout"
    );
}

#[test]
fn an_express_machine() {
    let app = App::new();
    let stack = Stack::new(&app, "Fast").unwrap();
    let enrich = function(&stack, "Enrich");
    let chain = Chain::start(
        LambdaInvoke::new("Enrich", &enrich)
            .payload_response_only()
            .result_path("$.extra"),
    )
    .next(
        Pass::new("Count")
            .assign_path("seen", "States.ArrayLength($.extra.tags)")
            .result_path("$.counted"),
    )
    .next(Pass::new("Report").parameters(Params::new().path("tags", "$seen")));
    StateMachine::new(
        &stack,
        "Machine",
        chain,
        StateMachineProps::default()
            .express()
            .timeout(Duration::minutes(1)),
    )
    .unwrap();
    let template = app
        .synth()
        .unwrap()
        .stack("Fast")
        .unwrap()
        .template()
        .clone();
    let machine = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::StepFunctions::StateMachine")
        .unwrap();
    assert_eq!(machine["Properties"]["StateMachineType"], "EXPRESS");
    let def = state_machines(&template)[0].definition.clone();
    let case = TestCase::new("Enriched").with(
        "Enrich",
        [MockedResponse::Return(json!({"tags": ["a", "b", "c"]}))],
    );
    let run = Simulator::new(def).run(&json!({"id": 1}), &case).unwrap();
    assert_eq!(run.status, Status::Succeeded, "{:#?}", run.history_json());
    assert_eq!(run.output.unwrap(), json!({"tags": 3}));
    // An Express machine cannot wait for a callback: refused at synth.
    let app = App::new();
    let stack = Stack::new(&app, "Fast").unwrap();
    let f = function(&stack, "F");
    let wait = LambdaInvoke::new("Wait", &f)
        .wait_for_task_token()
        .payload(Params::new().task_token("t"))
        .heartbeat(Duration::minutes(1));
    StateMachine::new(
        &stack,
        "Machine",
        wait,
        StateMachineProps::default().express(),
    )
    .unwrap();
    let err = app.synth().unwrap_err().to_string();
    assert!(
        err.contains("Express state machine cannot use the .waitForTaskToken"),
        "{err}"
    );
}

#[test]
fn a_distributed_map_reads_mocked_items_and_tolerates_failures() {
    use cdk_aws::stepfunctions::{ChildExecutionType, ItemReader};
    let app = App::new();
    let stack = Stack::new(&app, "Batch").unwrap();
    let check = function(&stack, "Check");
    let reader = ItemReader::S3Object {
        bucket: "inbox".into(),
        bucket_arn: cdk_core::Expr::sub(
            "arn:${AWS::Partition}:s3:::inbox",
            Vec::<(String, cdk_core::Expr)>::new(),
        ),
        key: "orders.json".into(),
        input_type: "JSON",
    };
    let map = Map::new(
        "Check All",
        LambdaInvoke::new("Check One", &check).payload_response_only(),
    )
    .distributed(ChildExecutionType::Express)
    .item_reader(reader)
    .tolerated_failure_percentage(50.0)
    .max_concurrency(10);
    StateMachine::new(
        &stack,
        "M",
        map,
        StateMachineProps::default().state_machine_name("Checker"),
    )
    .unwrap();
    let template = app
        .synth()
        .unwrap()
        .stack("Batch")
        .unwrap()
        .template()
        .clone();
    let def = state_machines(&template)[0].definition.clone();
    let case = TestCase::new("T")
        .with(
            "Check All",
            [MockedResponse::Return(
                json!([{"id": 1}, {"id": 2}, {"id": 3}]),
            )],
        )
        .with(
            "Check One",
            [
                MockedResponse::Return(json!("ok")),
                MockedResponse::Throw {
                    error: "Bad".into(),
                    cause: "item 2".into(),
                },
                MockedResponse::Return(json!("ok")),
            ],
        );
    let run = Simulator::new(def.clone()).run(&json!({}), &case).unwrap();
    assert_eq!(run.status, Status::Succeeded, "{:#?}", run.history_json());
    assert_eq!(run.output.unwrap()[1]["Error"], "Bad");
    // The role may start executions of this machine only, by name.
    let policy = serde_json::to_string(&template).unwrap();
    assert!(policy.contains("stateMachine:Checker"), "{policy}");
    // Two failures of three exceed 50 %.
    let worse = TestCase::new("T")
        .with("Check All", [MockedResponse::Return(json!([1, 2, 3]))])
        .with(
            "Check One",
            [
                MockedResponse::Throw {
                    error: "Bad".into(),
                    cause: "".into(),
                },
                MockedResponse::Throw {
                    error: "Bad".into(),
                    cause: "".into(),
                },
                MockedResponse::Return(json!("ok")),
            ],
        );
    let run = Simulator::new(def).run(&json!({}), &worse).unwrap();
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

#[test]
fn a_jsonata_wait_backs_off_on_the_virtual_clock() {
    use cdk_aws::stepfunctions::Wait;
    let chain = Chain::start(
        Wait::seconds_expression("Back Off", "{% $states.input.attempt * 30 %}").jsonata(),
    );
    assert!(chain.validate().is_empty());
    let run = simulate_definition(
        &chain.to_definition(),
        &json!({"attempt": 4}),
        &MockConfig::default(),
        None,
    )
    .unwrap();
    assert_eq!(run.duration_ms, 120_000);
}
