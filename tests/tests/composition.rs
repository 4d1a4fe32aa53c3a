//! The four TweetBot constructs compose without surprises: two instances in one stack or in two
//! stacks synthesize without id clashes, and a construct placed in another stack than the one
//! that uses it gets its cross-stack references by itself.

use cdk_assertions::{Match, Template};
use cdk_aws::stepfunctions::{Chain, StateMachine, StateMachineProps};
use cdk_core::{App, Stack};
use cdk_tweetbot::{
    ParallelBranch, SmsNotifier, SmsNotifierProps, TweetPoller, TweetPollerProps, TweetStore,
    TweetStoreProps,
};
use serde_json::json;

fn poller(stack: &Stack, id: &str, state: &str) -> TweetPoller {
    TweetPoller::new(
        stack,
        id,
        TweetPollerProps::new("/tweetbot/token").state_name(state),
    )
    .unwrap()
}

fn machine(stack: &Stack, id: &str, chain: impl Into<Chain>) -> StateMachine {
    StateMachine::new(stack, id, chain, StateMachineProps::default()).unwrap()
}

/// The machine's definition substitutions are imports from `producer` (but the integration
/// ARNs, built with the partition), its stack depends on it.
fn assert_imports(app: &App, consumer: &Stack, producer: &str) {
    let assembly = app.synth().unwrap();
    assert_eq!(
        assembly.stack(&consumer.stack_name()).unwrap().dependencies,
        [producer]
    );
    let t = Template::from_stack(consumer).unwrap();
    t.has_resource_properties(
        "AWS::StepFunctions::StateMachine",
        Match::object_like([("DefinitionSubstitutions", Match::any_value())]),
    );
    let machines = t.find_resources("AWS::StepFunctions::StateMachine", Match::any_value());
    let subs = machines.values().next().unwrap()["Properties"]["DefinitionSubstitutions"]
        .as_object()
        .unwrap()
        .clone();
    assert!(!subs.is_empty());
    for (key, value) in subs {
        // Service-integration ARNs are built in the consumer's own partition, not imported.
        if let Some(sub) = value["Fn::Sub"].as_str() {
            assert!(
                sub.starts_with("arn:${AWS::Partition}:states:::"),
                "{key}: {sub}"
            );
            continue;
        }
        let import = value["Fn::ImportValue"]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is not imported: {value}"));
        assert!(
            import.starts_with(&format!("{producer}:ExportsOutput")),
            "{import}"
        );
        let producer_stack = assembly.stack(producer).unwrap();
        Template::from_json(producer_stack.template().clone()).has_export(import);
    }
}

#[test]
fn tweet_poller_twice_in_one_stack_in_two_stacks_and_across_stacks() {
    let app = App::new();
    let one = Stack::new(&app, "One").unwrap();
    let (a, b) = (poller(&one, "A", "Find A"), poller(&one, "B", "Find B"));
    machine(&one, "Machine", Chain::start(a.task()).next(b.task()));
    let two = Stack::new(&app, "Two").unwrap();
    poller(&two, "A", "Find A");
    let t = Template::from_stack(&one).unwrap();
    t.resource_count_is("AWS::Lambda::Function", 2);
    t.resource_count_is("AWS::IAM::Role", 3);
    Template::from_stack(&two)
        .unwrap()
        .resource_count_is("AWS::Lambda::Function", 1);

    let app = App::new();
    let functions = Stack::new(&app, "Functions").unwrap();
    let p = poller(&functions, "Poller", "Find Tweet");
    let workflow = Stack::new(&app, "Workflow").unwrap();
    machine(&workflow, "Machine", p.task());
    assert_imports(&app, &workflow, "Functions");
}

#[test]
fn two_pollers_with_the_same_state_name_are_a_clear_error() {
    let app = App::new();
    let s = Stack::new(&app, "S").unwrap();
    let (a, b) = (poller(&s, "A", "Find Tweet"), poller(&s, "B", "Find Tweet"));
    machine(&s, "Machine", Chain::start(a.task()).next(b.task()));
    let err = app.synth().unwrap_err().to_string();
    assert!(
        err.contains("[S/Machine] state 'Find Tweet': the name is used by two states"),
        "{err}"
    );
}

#[test]
fn sms_notifier_twice_in_one_stack_in_two_stacks_and_across_stacks() {
    let app = App::new();
    let one = Stack::new(&app, "One").unwrap();
    let a = SmsNotifier::new(&one, "A", SmsNotifierProps::default().state_prefix("A: ")).unwrap();
    let b = SmsNotifier::new(&one, "B", SmsNotifierProps::default().state_prefix("B: ")).unwrap();
    machine(&one, "Machine", a.chain().next(b.chain()));
    let two = Stack::new(&app, "Two").unwrap();
    SmsNotifier::new(&two, "A", SmsNotifierProps::default()).unwrap();
    Template::from_stack(&one)
        .unwrap()
        .resource_count_is("AWS::Lambda::Function", 2);
    Template::from_stack(&two)
        .unwrap()
        .resource_count_is("AWS::Lambda::Function", 1);

    let app = App::new();
    let functions = Stack::new(&app, "Functions").unwrap();
    let n = SmsNotifier::new(&functions, "Notifier", SmsNotifierProps::default()).unwrap();
    let workflow = Stack::new(&app, "Workflow").unwrap();
    machine(&workflow, "Machine", n.chain());
    assert_imports(&app, &workflow, "Functions");
}

#[test]
fn tweet_store_twice_in_one_stack_in_two_stacks_and_across_stacks() {
    let app = App::new();
    let one = Stack::new(&app, "One").unwrap();
    let a = TweetStore::new(&one, "A", TweetStoreProps::default().table_name("tweets-a")).unwrap();
    let b = TweetStore::new(&one, "B", TweetStoreProps::default().table_name("tweets-b")).unwrap();
    machine(
        &one,
        "Machine",
        Chain::start(a.store_task("Store A")).next(b.store_task("Store B")),
    );
    let two = Stack::new(&app, "Two").unwrap();
    TweetStore::new(&two, "A", TweetStoreProps::default()).unwrap();
    let t = Template::from_stack(&one).unwrap();
    t.resource_count_is("AWS::DynamoDB::Table", 2);
    t.has_resource(
        "AWS::DynamoDB::Table",
        json!({"Properties": {"TableName": "tweets-b"}, "DeletionPolicy": "Retain"}),
    );
    Template::from_stack(&two)
        .unwrap()
        .resource_count_is("AWS::DynamoDB::Table", 1);

    let app = App::new();
    let data = Stack::new(&app, "Data").unwrap();
    let store = TweetStore::new(&data, "Store", TweetStoreProps::default()).unwrap();
    let workflow = Stack::new(&app, "Workflow").unwrap();
    machine(&workflow, "Machine", store.store_task("Store Tweet"));
    assert_imports(&app, &workflow, "Data");
    Template::from_stack(&workflow)
        .unwrap()
        .has_resource_properties(
            "AWS::IAM::Policy",
            Match::object_like([(
                "PolicyDocument",
                Match::object_like([(
                    "Statement",
                    Match::array_with([Match::object_like([
                        ("Action", "dynamodb:PutItem".into()),
                        (
                            "Resource",
                            Match::object_like([(
                                "Fn::ImportValue",
                                Match::string_like_regexp("^Data:"),
                            )]),
                        ),
                    ])]),
                )]),
            )]),
        );
}

#[test]
fn parallel_branch_twice_in_one_stack_in_two_stacks_and_across_stacks() {
    let app = App::new();
    let one = Stack::new(&app, "One").unwrap();
    let n = SmsNotifier::new(&one, "N", SmsNotifierProps::default()).unwrap();
    let store = TweetStore::new(&one, "Store", TweetStoreProps::default()).unwrap();
    let p1 = ParallelBranch::new(
        &one,
        "P1",
        "Fan out",
        [n.chain(), store.store_task("Store").into()],
    )
    .unwrap();
    let p2 =
        ParallelBranch::new(&one, "P2", "Fan out", [store.store_task("Store").into()]).unwrap();
    machine(&one, "M1", p1.state());
    machine(&one, "M2", p2.state());
    let two = Stack::new(&app, "Two").unwrap();
    let p3 =
        ParallelBranch::new(&two, "P1", "Fan out", [store.store_task("Store").into()]).unwrap();
    machine(&two, "M1", p3.state());
    Template::from_stack(&one)
        .unwrap()
        .resource_count_is("AWS::StepFunctions::StateMachine", 2);
    Template::from_stack(&two)
        .unwrap()
        .resource_count_is("AWS::StepFunctions::StateMachine", 1);

    let app = App::new();
    let functions = Stack::new(&app, "Functions").unwrap();
    let n = SmsNotifier::new(&functions, "N", SmsNotifierProps::default()).unwrap();
    let p = ParallelBranch::new(&functions, "P", "Fan out", [n.chain()]).unwrap();
    let workflow = Stack::new(&app, "Workflow").unwrap();
    machine(&workflow, "Machine", p.state());
    assert_imports(&app, &workflow, "Functions");
}
