//! Aspects see every kind of construct, and can reach each one's own type from its node; tags
//! reach every taggable resource beneath their scope, and cfn-lint accepts the result.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cdk_aws::dynamodb::Table;
use cdk_aws::iam::Role;
use cdk_aws::lambda::Function;
use cdk_aws::logs::LogGroup;
use cdk_aws::sns::{Topic, TopicProps};
use cdk_aws::sqs::{Queue, QueueProps};
use cdk_aws::stepfunctions::{Chain, StateMachine, StateMachineProps, Wait};
use cdk_cfn::dynamodb::CfnTable;
use cdk_cfn::iam::{CfnPolicy, CfnRole};
use cdk_cfn::lambda::CfnFunction;
use cdk_cfn::logs::CfnLogGroup;
use cdk_cfn::sns::CfnTopic;
use cdk_cfn::sqs::CfnQueue;
use cdk_cfn::stepfunctions::CfnStateMachine;
use cdk_core::{
    App, Aspects, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnParameterProps,
    CfnResource, Construct, Duration, Expr, Node, ParameterType, Stack, Tags, Traversal,
};
use cdk_tweetbot::*;

fn app() -> App {
    let app = App::new();
    let data = Stack::new(&app, "Data").unwrap();
    let store = TweetStore::new(&data, "Store", TweetStoreProps::default()).unwrap();
    let bot = Stack::new(&app, "Bot").unwrap();
    let poller = TweetPoller::new(
        &bot,
        "Poller",
        TweetPollerProps::new("/tweetbot/bearer-token"),
    )
    .unwrap();
    let notifier = SmsNotifier::new(&bot, "Notifier", SmsNotifierProps::default()).unwrap();
    let both = ParallelBranch::new(
        &bot,
        "Both",
        "Parallel",
        [notifier.chain(), store.store_task("Store Tweet").into()],
    )
    .unwrap();
    let chain = Chain::start(poller.task())
        .next(Wait::duration("Wait", Duration::seconds(10)))
        .next(both.state());
    StateMachine::new(&bot, "Machine", chain, StateMachineProps::default()).unwrap();
    let topic = Topic::new(&bot, "Alerts", TopicProps::default()).unwrap();
    let queue = Queue::new(&bot, "Work", QueueProps::default()).unwrap();
    let raw = CfnResource::new(&bot, "Raw", "AWS::SNS::Subscription").unwrap();
    raw.set_property("TopicArn", topic.topic_arn());
    raw.set_property("Protocol", "sqs");
    raw.set_property("Endpoint", queue.queue_arn());
    let env = CfnParameter::new(
        &bot,
        "Env",
        CfnParameterProps::new(ParameterType::String).default_value("test"),
    )
    .unwrap();
    let prod =
        CfnCondition::new(&bot, "IsProd", Expr::condition_equals(env.value(), "prod")).unwrap();
    raw.set_condition(&prod);
    let sizes = CfnMapping::new(
        &bot,
        "Sizes",
        [("test", vec![("Memory", Expr::from("128"))])],
    )
    .unwrap();
    topic
        .resource()
        .add_property_override("DisplayName", sizes.find_in_map("test", "Memory"));
    CfnOutput::new(&bot, "TopicArn", topic.topic_arn()).unwrap();
    Node::new(&bot, "Group").unwrap();
    app
}

/// What a node is, read from its node only.
fn kind(n: &Node) -> String {
    macro_rules! first {
        ($($t:ty => $name:literal),* $(,)?) => {
            $( if n.construct::<$t>().is_some() { return $name.to_string(); } )*
        };
    }
    if n.scope().is_none() {
        return "App".into();
    }
    first!(
        TweetStore => "TweetStore", TweetPoller => "TweetPoller", SmsNotifier => "SmsNotifier",
        ParallelBranch => "ParallelBranch", Table => "Table", Function => "Function", Role => "Role",
        LogGroup => "LogGroup", StateMachine => "StateMachine", Topic => "Topic", Queue => "Queue",
        CfnTable => "CfnTable", CfnFunction => "CfnFunction", CfnRole => "CfnRole",
        CfnPolicy => "CfnPolicy", CfnLogGroup => "CfnLogGroup", CfnStateMachine => "CfnStateMachine",
        CfnTopic => "CfnTopic", CfnQueue => "CfnQueue", CfnResource => "CfnResource",
        CfnParameter => "CfnParameter", CfnCondition => "CfnCondition", CfnMapping => "CfnMapping",
        CfnOutput => "CfnOutput", Stack => "Stack",
    );
    "Construct".into()
}

#[test]
fn an_aspect_visits_every_construct_once_and_downcasts_each_kind() {
    let app = app();
    let seen: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let log = Rc::clone(&seen);
    Aspects::of(&app).add(move |n: &Node| log.borrow_mut().push((n.path(), kind(n))));
    app.synth().unwrap();
    let seen = seen.borrow().clone();
    let all: Vec<String> = app
        .node()
        .find_all(Traversal::PreOrder)
        .iter()
        .map(Node::path)
        .collect();
    let visited: Vec<String> = seen.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(visited, all, "every node once, in pre-order");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (_, k) in &seen {
        *kinds.entry(k.clone()).or_default() += 1;
    }
    for k in [
        "App",
        "Stack",
        "TweetStore",
        "TweetPoller",
        "SmsNotifier",
        "ParallelBranch",
        "Table",
        "Function",
        "Role",
        "LogGroup",
        "StateMachine",
        "Topic",
        "Queue",
        "CfnTable",
        "CfnFunction",
        "CfnRole",
        "CfnPolicy",
        "CfnLogGroup",
        "CfnStateMachine",
        "CfnTopic",
        "CfnQueue",
        "CfnResource",
        "CfnParameter",
        "CfnCondition",
        "CfnMapping",
        "CfnOutput",
        "Construct",
    ] {
        assert!(kinds.contains_key(k), "no {k} seen: {kinds:?}");
    }
    // Every resource node is a typed L1 except the one made raw.
    let resources: Vec<&(String, String)> = seen
        .iter()
        .filter(|(p, _)| {
            CfnResource::from_node(
                &app.node()
                    .find_all(Traversal::PreOrder)
                    .into_iter()
                    .find(|n| n.path() == *p)
                    .unwrap(),
            )
            .is_some()
        })
        .collect();
    let untyped: Vec<&&(String, String)> = resources
        .iter()
        .filter(|(_, k)| k == "CfnResource")
        .collect();
    assert_eq!(untyped.len(), 1, "{untyped:?}");
}

#[test]
fn tags_reach_every_taggable_resource_and_pass_cfn_lint() {
    let app = app();
    Tags::of(&app).add("project", "tweetbot");
    Tags::of(&app).add("owner", "outer");
    let bot = app.node().find_child("Bot").unwrap();
    Tags::of(&bot).add("owner", "bot-team");
    Tags::of(&bot.find_child("Work").unwrap()).remove("project");
    let assembly = app.synth().unwrap();
    let mut tagged = 0;
    for stack in &assembly.stacks {
        for (id, r) in stack.template()["Resources"].as_object().unwrap() {
            let t = r["Type"].as_str().unwrap();
            let tags = &r["Properties"]["Tags"];
            match t {
                // Step Functions state machines and the rest take a list of Key/Value.
                "AWS::SNS::Subscription" | "AWS::IAM::Policy" => {
                    assert!(tags.is_null(), "{id} ({t}) is not taggable: {tags}")
                }
                _ => {
                    let owner = if stack.stack_name == "Bot" {
                        "bot-team"
                    } else {
                        "outer"
                    };
                    let mut expected = vec![serde_json::json!({"Key": "owner", "Value": owner})];
                    if !id.starts_with("Work") {
                        expected.push(serde_json::json!({"Key": "project", "Value": "tweetbot"}));
                    }
                    assert_eq!(tags, &serde_json::Value::Array(expected), "{id} ({t})");
                    tagged += 1;
                }
            }
        }
    }
    assert!(tagged >= 12, "only {tagged} resources tagged");
    let dir = tempfile::tempdir().unwrap();
    assembly.write_to(dir.path()).unwrap();
    let out = test_harness::run_tool(
        "cfn-lint",
        &["Data.template.json", "Bot.template.json"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "cfn-lint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
