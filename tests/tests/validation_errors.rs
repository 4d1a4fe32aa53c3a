//! Every validation error of synthesis: each is reported with the construct path or the state
//! it concerns, and all of them together.

use cdk_aws::iam::{PolicyStatement, Role, RoleProps};
use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime, MAX_INLINE_CODE_BYTES};
use cdk_aws::stepfunctions::{
    tasks::SnsPublish, Chain, Choice, Condition, Definition, Goto, Parallel, Pass, Retry, StateDef,
    StateKind, StateMachine, StateMachineProps, Succeed, Task, Wait,
};
use cdk_core::{App, CfnOutput, CfnResource, ConstructError, Expr, Node, Stack, SynthError};
use indexmap::IndexMap;

fn synth_errors(app: &App) -> String {
    match app.synth() {
        Ok(_) => panic!("synthesis should have failed"),
        Err(SynthError::Validation(v)) => v.to_string(),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn machine(chain: impl Into<Chain>) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    StateMachine::new(&stack, "Machine", chain, StateMachineProps::default()).unwrap();
    synth_errors(&app)
}

#[test]
fn dangling_next_names_the_state_and_the_target() {
    let err = machine(Chain::start(Pass::new("Find")).next(Goto::state("Missing")));
    assert!(
        err.contains("[S/Machine] state 'Find': its transition to 'Missing' leads to a state that does not exist"),
        "{err}"
    );
}

#[test]
fn unreachable_state_is_named() {
    let err = machine(Chain::start(Pass::new("A")).also(Pass::new("Orphan")));
    assert!(
        err.contains("state 'Orphan': the state is unreachable"),
        "{err}"
    );
}

#[test]
fn a_loop_without_exit_never_reaches_an_end() {
    let err = machine(
        Chain::start(Pass::new("Ping"))
            .next(Pass::new("Pong"))
            .next(Goto::state("Ping")),
    );
    assert!(
        err.contains("state 'Ping': no path from this state reaches an end"),
        "{err}"
    );
    assert!(err.contains("state 'Pong': no path"), "{err}");
}

#[test]
fn duplicate_names_even_across_parallel_branches() {
    let err = machine(Chain::start(Pass::new("Same")).next(Pass::new("Same")));
    assert!(
        err.contains("state 'Same': the name is used by two states"),
        "{err}"
    );
    let err = machine(
        Chain::start(Pass::new("X")).next(
            Parallel::new("P")
                .branch(Pass::new("X"))
                .branch(Pass::new("Y")),
        ),
    );
    assert!(
        err.contains("state 'X': the name is used by 2 states"),
        "{err}"
    );
}

#[test]
fn state_names_longer_than_80_characters() {
    let long = "n".repeat(81);
    let err = machine(Pass::new(&long));
    assert!(
        err.contains("must be 1 to 80 characters long (this one has 81)"),
        "{err}"
    );
}

#[test]
fn parallel_branches_cannot_jump_out() {
    let err = machine(Chain::start(Pass::new("Outside")).next(
        Parallel::new("P").branch(Chain::start(Pass::new("In")).next(Goto::state("Outside"))),
    ));
    assert!(
        err.contains("state 'In': its transition to 'Outside' leads to a state that does not exist in its branch of Parallel 'P'"),
        "{err}"
    );
}

#[test]
fn malformed_jsonpaths_are_reported_per_field() {
    let err = machine(Pass::new("Bad").input_path("tweet").result_path("$.a[*]"));
    assert!(
        err.contains("state 'Bad': InputPath: JSONPath \"tweet\" is malformed"),
        "{err}"
    );
    assert!(
        err.contains("state 'Bad': ResultPath: JSONPath \"$.a[*]\" is malformed"),
        "{err}"
    );
    let err = machine(SnsPublish::sms_to_number_at("Send", "phoneNumber").message_at("$.m"));
    assert!(
        err.contains("state 'Send': Parameters field 'PhoneNumber.$'"),
        "{err}"
    );
    let err = machine(Choice::new("C").when(Condition::is_present("x"), Succeed::new("S")));
    assert!(
        err.contains("state 'C': JSONPath \"x\" is malformed"),
        "{err}"
    );
}

#[test]
fn states_all_must_be_alone_and_last() {
    let err = machine(
        Task::new("T", "arn:aws:states:::sns:publish")
            .retry(Retry::on(["States.ALL"]))
            .retry(Retry::on(["States.Timeout"])),
    );
    assert!(
        err.contains(
            "state 'T': Retry rule 1: the rule with 'States.ALL' must be the last Retry rule"
        ),
        "{err}"
    );
    let err = machine(
        Task::new("T", "arn:aws:states:::sns:publish").retry(Retry::on(["States.ALL", "X"])),
    );
    assert!(err.contains("'States.ALL' must appear alone"), "{err}");
    let err = machine(
        Task::new("T", "arn:aws:states:::sns:publish").catch(&["States.ALL", "X"], Pass::new("H")),
    );
    assert!(
        err.contains("Catch rule 1: 'States.ALL' must appear alone"),
        "{err}"
    );
}

#[test]
fn start_at_and_choice_targets_must_exist() {
    let mut states = IndexMap::new();
    let a = StateDef::new(StateKind::Choice {
        rules: vec![(Condition::is_present("$.x"), "Nope".into())],
        default: Some("Gone".into()),
    });
    states.insert("A".to_string(), a);
    let def = Definition {
        start_at: "Start".into(),
        states,
        comment: None,
        timeout: None,
        query_language: None,
    };
    let errors: Vec<String> = def.validate().iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("StartAt names state 'Start', which does not exist")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("state 'A': its transition to 'Nope'")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("state 'A': its transition to 'Gone'")),
        "{errors:?}"
    );
}

#[test]
fn nothing_may_follow_a_terminal_state() {
    let err = machine(
        Chain::start(Succeed::new("Done"))
            .next(Wait::duration("Later", cdk_core::Duration::seconds(1))),
    );
    assert!(
        err.contains("state 'Done': cannot continue with 'Later'"),
        "{err}"
    );
}

#[test]
fn all_errors_are_reported_together_with_paths() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    StateMachine::new(
        &stack,
        "One",
        Chain::start(Pass::new("A")).next(Goto::state("B")),
        StateMachineProps::default(),
    )
    .unwrap();
    StateMachine::new(
        &stack,
        "Two",
        Pass::new("C").input_path("bad"),
        StateMachineProps::default(),
    )
    .unwrap();
    let err = synth_errors(&app);
    assert!(err.starts_with("2 validation errors:"), "{err}");
    assert!(err.contains("[S/One] state 'A'"), "{err}");
    assert!(err.contains("[S/Two] state 'C'"), "{err}");
}

#[test]
fn construct_ids_are_checked_with_their_path() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    Node::new(&stack, "Twin").unwrap();
    assert_eq!(
        Node::new(&stack, "Twin").unwrap_err(),
        ConstructError::DuplicateId {
            path: "S/Twin".into(),
            id: "Twin".into()
        }
    );
    let empty = Node::new(&stack, "").unwrap_err().to_string();
    assert!(
        empty.contains("invalid construct id \"\" at 'S/': an id must not be empty"),
        "{empty}"
    );
    let slash = Node::new(&stack, "a/b").unwrap_err().to_string();
    assert!(
        slash.contains("at 'S/a/b': an id must not contain '/'"),
        "{slash}"
    );
    assert!(Stack::new(&app, "S")
        .unwrap_err()
        .to_string()
        .contains("duplicate construct id 'S'"));
}

#[test]
fn stack_names_are_checked() {
    let app = App::new();
    for bad in ["1Stack", "my_stack", "has space", &"x".repeat(129)] {
        let err = Stack::new(&app, bad).unwrap_err().to_string();
        assert!(err.contains("invalid stack name"), "{bad}: {err}");
    }
}

#[test]
fn a_cycle_between_stacks_names_both() {
    let app = App::new();
    let a = Stack::new(&app, "Alpha").unwrap();
    let b = Stack::new(&app, "Beta").unwrap();
    let ta = CfnResource::new(&a, "Topic", "AWS::SNS::Topic").unwrap();
    let tb = CfnResource::new(&b, "Topic", "AWS::SNS::Topic").unwrap();
    ta.set_property("DisplayName", tb.get_att("TopicName"));
    tb.set_property("DisplayName", ta.get_att("TopicName"));
    let err = synth_errors(&app);
    assert!(
        err.contains("stacks 'Alpha' and 'Beta' depend on each other (Alpha -> Beta -> Alpha)"),
        "{err}"
    );
    assert!(err.contains("Alpha/Topic references Beta/Topic"), "{err}");
}

#[test]
fn cloudformation_limits_are_checked() {
    let app = App::new();
    let stack = Stack::new(&app, "Big").unwrap();
    for i in 0..501 {
        CfnResource::new(&stack, &format!("Topic{i}"), "AWS::SNS::Topic").unwrap();
    }
    for i in 0..201 {
        CfnOutput::new(&stack, &format!("Out{i}"), "x").unwrap();
    }
    let err = synth_errors(&app);
    assert!(
        err.contains("[Big] stack has 501 resources; CloudFormation allows at most 500"),
        "{err}"
    );
    assert!(err.contains("[Big] stack has 201 outputs"), "{err}");
}

#[test]
fn templates_over_one_megabyte_fail_and_over_51200_bytes_need_upload() {
    let app = App::new();
    let stack = Stack::new(&app, "Large").unwrap();
    let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
    topic.add_metadata("filler", "x".repeat(60_000));
    let assembly = app.synth().unwrap();
    assert!(assembly.stack("Large").unwrap().requires_upload);
    topic.add_metadata("filler", "x".repeat(1_100_000));
    let err = synth_errors(&app);
    assert!(
        err.contains("CloudFormation accepts at most 1048576 bytes"),
        "{err}"
    );
}

#[test]
fn logical_ids_over_255_characters_fail() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let r = CfnResource::new(&stack, "R", "AWS::SNS::Topic").unwrap();
    r.override_logical_id(&"L".repeat(256));
    let err = synth_errors(&app);
    assert!(
        err.contains("[S/R] logical ID") && err.contains("is 256 characters"),
        "{err}"
    );
}

#[test]
fn wildcard_actions_and_unexplained_star_resources_fail() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let role = Role::new(
        &stack,
        "Role",
        RoleProps::assumed_by("lambda.amazonaws.com"),
    )
    .unwrap();
    role.add_to_policy(PolicyStatement::allow(
        ["s3:*"],
        [Expr::from("arn:aws:s3:::b")],
    ))
    .unwrap();
    role.add_to_policy(PolicyStatement::allow(
        ["sqs:SendMessage"],
        [Expr::from("*")],
    ))
    .unwrap();
    let err = synth_errors(&app);
    assert!(
        err.contains("[S/Role/DefaultPolicy] IAM action \"s3:*\" is not allowed"),
        "{err}"
    );
    assert!(
        err.contains("resource '*' must be given with PolicyStatement::allow_any_resource"),
        "{err}"
    );
}

#[test]
fn inline_code_over_4kb_fails() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let code = format!(
        "def handler(e, c):\n    return {:?}\n",
        "x".repeat(MAX_INLINE_CODE_BYTES)
    );
    Function::new(
        &stack,
        "Fat",
        FunctionProps::new(Runtime::Python313, "index.handler", Code::inline(code)),
    )
    .unwrap();
    let err = synth_errors(&app);
    assert!(
        err.contains("[S/Fat] inline code is") && err.contains("at most 4096 bytes"),
        "{err}"
    );
}

#[test]
fn references_into_another_app_fail() {
    let other = App::new();
    let other_stack = Stack::new(&other, "Other").unwrap();
    let foreign = CfnResource::new(&other_stack, "Topic", "AWS::SNS::Topic").unwrap();
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let r = CfnResource::new(&stack, "Sub", "AWS::SNS::Subscription").unwrap();
    r.set_property("TopicArn", foreign.reference());
    let err = synth_errors(&app);
    assert!(
        err.contains("[S/Sub] refers to a resource of another app"),
        "{err}"
    );
}

#[test]
fn durations_and_sizes_that_lose_precision_or_break_limits_fail_synth() {
    use cdk_core::{Duration, Size};
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let code = || Code::inline("def handler(e, c):\n    return e\n");
    Function::new(
        &stack,
        "Fraction",
        FunctionProps::new(Runtime::Python313, "index.handler", code())
            .timeout(Duration::millis(1500))
            .memory_size(Size::kibibytes(200_000)),
    )
    .unwrap();
    Function::new(
        &stack,
        "TooLong",
        FunctionProps::new(Runtime::Python313, "index.handler", code())
            .timeout(Duration::minutes(16))
            .memory_size(Size::gibibytes(11)),
    )
    .unwrap();
    let err = synth_errors(&app);
    for expected in [
        "[S/Fraction] the timeout: 1500ms is not a whole number of seconds",
        "[S/Fraction] the memory size: 200000 KiB is not a whole number of MiB",
        "[S/TooLong] the timeout is 16m; it must be at most 900 seconds",
        "[S/TooLong] the memory size is 11 GiB; it must be 128 to 10240 MiB",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let task = Task::new(
        "T",
        Expr::sub(
            "arn:${AWS::Partition}:states:::sns:publish",
            Vec::<(String, Expr)>::new(),
        ),
    )
    .timeout(Duration::millis(2500))
    .retry(Retry::on(["States.ALL"]).interval(Duration::millis(10)));
    let err = machine(Chain::start(Wait::duration("Half", Duration::millis(500))).next(task));
    for expected in [
        "the wait: 500ms is not a whole number of seconds",
        "the task timeout: 2500ms is not a whole number of seconds",
        "Retry interval: 10ms is not a whole number of seconds",
    ] {
        assert!(
            err.contains(expected),
            "missing {expected:?} in:
{err}"
        );
    }
}
