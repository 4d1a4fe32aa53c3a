//! The AWS and TweetBot constructs: defaults, least privilege, and composition across stacks.

use cdk_aws::dynamodb::{Attribute, Table, TableProps};
use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime};
use cdk_aws::logs::RetentionDays;
use cdk_aws::ssm::SecureStringParameter;
use cdk_aws::stepfunctions::{Chain, StateMachine, StateMachineProps};
use cdk_core::{App, Stack};
use cdk_tweetbot::{
    ParallelBranch, SmsNotifier, SmsNotifierProps, TweetPoller, TweetPollerProps, TweetStore,
    TweetStoreProps,
};
use serde_json::{json, Value};

fn resources_of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn template(app: &App, stack: &str) -> Value {
    app.synth()
        .unwrap()
        .stack(stack)
        .unwrap()
        .template()
        .clone()
}

fn code() -> Code {
    Code::inline("def handler(event, context):\n    return event\n")
}

#[test]
fn a_function_writes_only_to_its_own_log_group_which_has_a_retention() {
    let app = App::new();
    let s = Stack::new(&app, "S").unwrap();
    let f = Function::new(
        &s,
        "Fn",
        FunctionProps::new(Runtime::Python313, "index.handler", code())
            .log_retention(RetentionDays::OneWeek)
            .memory_size(cdk_core::Size::mebibytes(256)),
    )
    .unwrap();
    let t = template(&app, "S");
    let lg_id = f.log_group().resource().logical_id();
    assert_eq!(t["Resources"][&lg_id]["Properties"]["RetentionInDays"], 7);
    assert_eq!(t["Resources"][&lg_id]["DeletionPolicy"], "Delete");
    let fun = &t["Resources"][f.resource().logical_id()];
    assert_eq!(
        fun["Properties"]["LoggingConfig"]["LogGroup"],
        json!({"Ref": lg_id})
    );
    assert_eq!(fun["Properties"]["MemorySize"], 256);
    let policy_id = f.role().default_policy().unwrap().logical_id();
    assert_eq!(fun["DependsOn"], json!([policy_id]));
    let statements = &t["Resources"][&policy_id]["Properties"]["PolicyDocument"]["Statement"];
    assert_eq!(
        statements,
        &json!([{"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow", "Resource": {"Fn::GetAtt": [lg_id, "Arn"]}}])
    );
    let role = &t["Resources"][f.role().resource().logical_id()];
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com"
    );
}

#[test]
fn tables_keep_their_data_by_default_and_grant_on_their_own_arn() {
    let app = App::new();
    let s = Stack::new(&app, "S").unwrap();
    let table = Table::new(
        &s,
        "T",
        TableProps::new(Attribute::string("id")).sort_key(Attribute::number("at")),
    )
    .unwrap();
    let f = Function::new(
        &s,
        "Fn",
        FunctionProps::new(Runtime::Python313, "index.handler", code()),
    )
    .unwrap();
    table.grant_write_data(f.role()).unwrap();
    let t = template(&app, "S");
    let r = &t["Resources"][table.resource().logical_id()];
    assert_eq!(r["DeletionPolicy"], "Retain");
    assert_eq!(r["UpdateReplacePolicy"], "Retain");
    assert_eq!(
        r["Properties"]["KeySchema"][1],
        json!({"AttributeName": "at", "KeyType": "RANGE"})
    );
    assert!(
        r["Properties"].get("TableName").is_none(),
        "no fixed name unless asked"
    );
    let policy = &t["Resources"][f.role().default_policy().unwrap().logical_id()];
    let grant = &policy["Properties"]["PolicyDocument"]["Statement"][1];
    assert_eq!(
        grant["Resource"],
        json!({"Fn::GetAtt": [table.resource().logical_id(), "Arn"]})
    );
    assert!(grant["Action"]
        .as_array()
        .unwrap()
        .contains(&json!("dynamodb:PutItem")));
}

#[test]
fn the_poller_reads_one_parameter_and_no_secret_reaches_the_template() {
    let app = App::new();
    let s = Stack::new(&app, "Bot").unwrap();
    let poller = TweetPoller::new(&s, "Poller", TweetPollerProps::new("/team/x-token")).unwrap();
    let t = template(&app, "Bot");
    let env = &t["Resources"][poller.function().resource().logical_id()]["Properties"]
        ["Environment"]["Variables"];
    assert_eq!(env["BEARER_TOKEN_PARAMETER"], "/team/x-token");
    let policy = &t["Resources"][poller
        .function()
        .role()
        .default_policy()
        .unwrap()
        .logical_id()];
    let ssm: Vec<&Value> = policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Action"].as_str().is_some_and(|a| a.starts_with("ssm:")))
        .collect();
    assert_eq!(ssm.len(), 1);
    assert_eq!(ssm[0]["Action"], "ssm:GetParameter");
    assert_eq!(ssm[0]["Resource"]["Fn::Sub"][1]["Name"], "team/x-token");
    let text = serde_json::to_string(&t).unwrap();
    assert!(
        !text.to_lowercase().contains("bearer aaaa"),
        "no token value anywhere"
    );
    assert!(SecureStringParameter::from_name(&s, "Reserved", "aws-thing").is_err());
}

#[test]
fn the_state_machine_role_gets_exactly_what_its_tasks_need() {
    let app = App::new();
    let data = Stack::new(&app, "Data").unwrap();
    let store = TweetStore::new(&data, "Store", TweetStoreProps::default()).unwrap();
    let bot = Stack::new(&app, "Bot").unwrap();
    let notifier = SmsNotifier::new(&bot, "Notifier", SmsNotifierProps::default()).unwrap();
    let both = ParallelBranch::new(
        &bot,
        "Both",
        "Parallel",
        [notifier.chain(), store.store_task("Store Tweet").into()],
    )
    .unwrap();
    let machine = StateMachine::new(
        &bot,
        "Machine",
        Chain::start(both.state()),
        StateMachineProps::default(),
    )
    .unwrap();
    let t = template(&app, "Bot");
    let policy = &t["Resources"][machine.role().default_policy().unwrap().logical_id()];
    let actions: Vec<String> = policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Action"].to_string())
        .collect();
    assert_eq!(actions.len(), 5, "{actions:?}");
    assert!(actions[0].contains("lambda:InvokeFunction"));
    assert_eq!(actions[1], "\"sns:Publish\"");
    assert_eq!(actions[2], "\"dynamodb:PutItem\"");
    assert!(actions[3].contains("logs:CreateLogDelivery"));
    assert!(actions[4].contains("xray:PutTraceSegments"));
    // Every '*' resource carries its reason in the policy's metadata.
    let reasons = policy["Metadata"]["cdk:wildcard-resources"]
        .as_array()
        .unwrap();
    assert_eq!(reasons.len(), 3);
    assert!(reasons[0]["reason"]
        .as_str()
        .unwrap()
        .contains("phone number"));
    // The table lives in another stack: its name and ARN are imported.
    let sm = &t["Resources"][machine.resource().logical_id()];
    let subs = sm["Properties"]["DefinitionSubstitutions"]
        .as_object()
        .unwrap();
    assert!(subs["StoreTableRef"]["Fn::ImportValue"]
        .as_str()
        .unwrap()
        .starts_with("Data:ExportsOutputRef"));
    assert_eq!(
        sm["Properties"]["Definition"]["States"]["Parallel"]["Branches"][1]["States"]
            ["Store Tweet"]["Parameters"]["TableName"],
        "${StoreTableRef}"
    );
    assert_eq!(sm["Properties"]["LoggingConfiguration"]["Level"], "ALL");
    assert_eq!(sm["Properties"]["TracingConfiguration"]["Enabled"], true);
    assert_eq!(resources_of_type(&t, "AWS::Logs::LogGroup").len(), 2);
}

#[test]
fn a_parallel_branch_needs_branches() {
    let app = App::new();
    let s = Stack::new(&app, "S").unwrap();
    let err = ParallelBranch::new(&s, "Empty", "Nothing", [])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("S/Empty: Parallel state 'Nothing' needs at least one branch"),
        "{err}"
    );
}
