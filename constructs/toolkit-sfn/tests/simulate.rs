//! `simulate` on an app with several state machines: which one runs, and what the errors say
//! when the choice is missing or wrong. The TweetBot's own paths are tested through its
//! binary (`apps/tweetbot-app/tests/simulate_cli.rs`).

use std::process::ExitCode;

use cdk_core::{App, CfnResource, Stack};
use cdk_sfn_simulator::{MockConfig, Status};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cli::{run_from, NoSettings};
use cdk_toolkit_sfn::{
    choose_machine, json_lines, path_lines, resolve_test_case, simulate_machine, NoInput, SfnError,
    StepFunctionsVerbs,
};
use serde_json::json;

/// A machine that calls one task, `Call`, and succeeds with its result.
fn machine(stack: &Stack, id: &str, name: Option<&str>, express: bool) {
    let m = CfnResource::new(stack, id, "AWS::StepFunctions::StateMachine").unwrap();
    m.set_property(
        "Definition",
        json!({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${CallArn}", "End": true}}}),
    );
    m.set_property(
        "DefinitionSubstitutions",
        json!({"CallArn": "arn:aws:lambda:us-east-1:123456789012:function:Call"}),
    );
    m.set_property("RoleArn", "arn:aws:iam::123456789012:role/R");
    if let Some(n) = name {
        m.set_property("StateMachineName", n);
    }
    if express {
        m.set_property("StateMachineType", "EXPRESS");
    }
}

/// `Orders` holds one machine; `Billing` two (one Express); `Data` none.
fn app() -> App {
    let app = App::new();
    let orders = Stack::new(&app, "Orders").unwrap();
    machine(&orders, "Flow", Some("OrderFlow"), false);
    let billing = Stack::new(&app, "Billing").unwrap();
    machine(&billing, "Charge", Some("Charge"), true);
    machine(&billing, "Refund", None, false);
    let data = Stack::new(&app, "Data").unwrap();
    CfnResource::new(&data, "Table", "AWS::DynamoDB::Table").unwrap();
    app
}

#[test]
fn a_definition_that_cannot_be_read_is_named_only_when_chosen() {
    let app = app();
    let odd = Stack::new(&app, "Odd").unwrap();
    let m = CfnResource::new(&odd, "Joined", "AWS::StepFunctions::StateMachine").unwrap();
    m.set_property(
        "DefinitionString",
        json!({"Fn::Join": ["", ["{\"StartAt\": ", "\"A\"}"]]}),
    );
    m.set_property("RoleArn", "arn:aws:iam::123456789012:role/R");
    let assembly = Assembly::from(app.synth().unwrap());
    // The other machines are still there to choose.
    assert!(choose_machine(&assembly, Some("Orders"), None).is_ok());
    let err = choose_machine(&assembly, Some("Odd"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the definition of state machine Odd/Joined cannot be simulated: it is not a JSON object once its substitutions are replaced"
    );
}

fn assembly() -> Assembly {
    Assembly::from(app().synth().unwrap())
}

fn mocks() -> MockConfig {
    MockConfig::from_json(&json!({
        "StateMachines": {
            "OrderFlow": {"TestCases": {"Ok": {"Call": "Done"}, "Broken": {"Call": "Fails"}}},
            "Charge": {"TestCases": {"Ok": {"Call": "Charged"}}}
        },
        "MockedResponses": {
            "Done": {"0": {"Return": {"order": "shipped"}}},
            "Charged": {"0": {"Return": {"charged": 12}}},
            "Fails": {"0-3": {"Throw": {"Error": "Boom", "Cause": "no stock"}}}
        }
    }))
    .unwrap()
}

#[test]
fn several_stacks_need_stack_and_the_error_lists_the_machines() {
    let err = choose_machine(&assembly(), None, None).unwrap_err();
    assert!(
        matches!(err, SfnError::SeveralStateMachines { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "this app has several state machines (Orders/Flow, Billing/Charge, Billing/Refund): choose one with --stack"
    );
    let orders = choose_machine(&assembly(), Some("Orders"), None).unwrap();
    assert_eq!(
        (
            orders.path().as_str(),
            orders.display_name(),
            orders.express
        ),
        ("Orders/Flow", "OrderFlow", false)
    );
    // The substitutions are placeholders: the definition runs.
    assert_eq!(
        orders.definition["States"]["Call"]["Resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:Call"
    );
}

#[test]
fn several_machines_in_one_stack_need_machine() {
    let err = choose_machine(&assembly(), Some("Billing"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "stack Billing has several state machines (Charge (Charge), Refund): choose one with --machine (its logical ID or name)"
    );
    let charge = choose_machine(&assembly(), Some("Billing"), Some("Charge")).unwrap();
    assert!(charge.express);
    let refund = choose_machine(&assembly(), None, Some("Refund")).unwrap();
    assert_eq!(refund.path(), "Billing/Refund");
    assert_eq!(refund.display_name(), "Refund");
    // By name as well as by logical ID.
    let flow = choose_machine(&assembly(), None, Some("OrderFlow")).unwrap();
    assert_eq!(flow.path(), "Orders/Flow");
}

#[test]
fn a_stack_or_machine_that_is_not_there_is_named_with_the_choices() {
    let all = "the state machines are: Orders/Flow, Billing/Charge, Billing/Refund (choose with --stack, and --machine within a stack)";
    let err = choose_machine(&assembly(), Some("Data"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("stack Data has no state machine; {all}")
    );
    let err = choose_machine(&assembly(), None, Some("Nope")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("this app has no state machine 'Nope' (by logical ID or name); {all}")
    );
    let err = choose_machine(&assembly(), Some("Nope"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no stack named 'Nope' in this app; its stacks are: Orders, Billing, Data"
    );
    let empty = App::new();
    let only = Stack::new(&empty, "Only").unwrap();
    CfnResource::new(&only, "Topic", "AWS::SNS::Topic").unwrap();
    let err = choose_machine(&Assembly::from(empty.synth().unwrap()), None, None).unwrap_err();
    assert_eq!(err.to_string(), "this app has no state machine");
}

#[test]
fn a_bare_test_case_is_the_machines_own_when_several_machines_have_it() {
    let mocks = mocks();
    let flow = choose_machine(&assembly(), Some("Orders"), None).unwrap();
    let charge = choose_machine(&assembly(), None, Some("Charge")).unwrap();
    assert_eq!(resolve_test_case(&mocks, &flow, "Ok"), "OrderFlow#Ok");
    assert_eq!(resolve_test_case(&mocks, &charge, "Ok"), "Charge#Ok");
    assert_eq!(resolve_test_case(&mocks, &charge, "Charge#Ok"), "Charge#Ok");
    // Not the machine's own: left to the simulator, which finds the one machine with it.
    assert_eq!(resolve_test_case(&mocks, &charge, "Broken"), "Broken");
    let run = simulate_machine(&flow, &json!({}), &mocks, "Ok").unwrap();
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!({"order": "shipped"})));
    let run = simulate_machine(&charge, &json!({}), &mocks, "Ok").unwrap();
    assert_eq!(run.output, Some(json!({"charged": 12})));
    // A machine without a name in the template gets its logical ID as `$$.StateMachine.Name`
    // and a bare case found nowhere is an error that lists the known ones.
    let refund = choose_machine(&assembly(), None, Some("Refund")).unwrap();
    let err = simulate_machine(&refund, &json!({}), &mocks, "Nope").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no test case 'Nope' in the mock configuration (known: OrderFlow#Ok, OrderFlow#Broken, Charge#Ok)"
    );
}

#[test]
fn the_path_and_json_lines_say_what_happened() {
    let mocks = mocks();
    let flow = choose_machine(&assembly(), Some("Orders"), None).unwrap();
    let run = simulate_machine(&flow, &json!({}), &mocks, "Broken").unwrap();
    assert_eq!(run.status, Status::Failed);
    assert_eq!(
        path_lines(&run, &flow.definition),
        [
            "  0.00 s  → Call [Task]",
            "  0.00 s  ✗ Call: Boom: no stock"
        ]
    );
    let lines = json_lines(&run, &flow, "OrderFlow#Broken");
    let events: Vec<&str> = lines.iter().filter_map(|l| l["event"].as_str()).collect();
    assert_eq!(
        events,
        [
            "execution_started",
            "state_entered",
            "task_scheduled",
            "task_failed",
            "execution_failed",
            "summary"
        ]
    );
    let summary = lines.last().unwrap();
    assert_eq!(
        summary,
        &json!({"event": "summary", "stack": "Orders", "logical_id": "Flow", "state_machine": "OrderFlow",
                "test_case": "OrderFlow#Broken", "status": "FAILED", "output": null, "error": "Boom",
                "cause": "no stock", "duration_ms": 0})
    );
}

/// The verb itself, through the toolkit's CLI, with no AWS configuration needed.
#[test]
fn the_verb_runs_the_machine_chosen_and_exits_by_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mocks.json");
    std::fs::write(
        &file,
        serde_json::to_string(&json!({
            "StateMachines": {"OrderFlow": {"TestCases": {"Ok": {"Call": "Done"}, "Broken": {"Call": "Fails"}}}},
            "MockedResponses": {"Done": {"0": {"Return": 1}}, "Fails": {"0": {"Throw": {"Error": "Boom"}}}}
        }))
        .unwrap(),
    )
    .unwrap();
    let file = file.display().to_string();
    let code = |args: &[&str]| {
        let mut all = vec!["app", "simulate", "--mock-config", &file];
        all.extend(args);
        let code = run_from::<NoSettings, StepFunctionsVerbs<NoInput>>("app", all, |_| Ok(app()));
        format!("{code:?}")
    };
    let (ok, failed, usage) = (
        format!("{:?}", ExitCode::SUCCESS),
        format!("{:?}", ExitCode::FAILURE),
        format!("{:?}", ExitCode::from(2)),
    );
    assert_eq!(code(&["--test-case", "Ok", "--stack", "Orders"]), ok);
    assert_eq!(
        code(&["--test-case", "OrderFlow#Ok", "--machine", "Flow", "--json"]),
        ok
    );
    assert_eq!(
        code(&["--test-case", "Broken", "--stack", "Orders"]),
        failed
    );
    // No choice among three machines: an error (exit 1), not a guess.
    assert_eq!(code(&["--test-case", "Ok"]), failed);
    // Two input sources: bad usage.
    assert_eq!(
        code(&[
            "--test-case",
            "Ok",
            "--stack",
            "Orders",
            "--input",
            "{}",
            "--input-file",
            "x.json"
        ]),
        usage
    );
}
