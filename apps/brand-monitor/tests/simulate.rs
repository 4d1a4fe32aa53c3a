//! The brand monitor's machines, one per search text, through the simulator: each fixes its
//! own search text, finds (or not) a tweet, and texts and stores it in parallel.

use cdk_sfn_simulator::cfn::state_machines;
use cdk_sfn_simulator::{Execution, MockConfig, Simulator, Status};
use serde_json::{json, Value};

use brand_monitor::{build, stack_name_for, Settings};

fn machines() -> Vec<(String, Value)> {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    Settings::default()
        .searches
        .iter()
        .map(|search| {
            let template = assembly
                .stack(&stack_name_for(search))
                .unwrap()
                .template()
                .clone();
            let found = state_machines(&template);
            assert_eq!(found.len(), 1);
            (search.clone(), found[0].definition.clone())
        })
        .collect()
}

fn mocks() -> MockConfig {
    let tweet = json!({"found": true, "id": "5", "text": "hello", "authorId": "9", "username": "eve",
                       "createdAt": "2026-03-01T00:00:00.000Z", "url": "https://x.com/eve/status/5"});
    MockConfig::from_json(&json!({
        "StateMachines": {"BrandMonitor": {"TestCases": {
            "Found": {"Find Tweet": "Tweet", "Generate Message": "Message", "Send SMS": "Sent", "Store Tweet": "Stored"},
            "NothingNew": {"Find Tweet": "Nothing"},
            "RateLimited": {"Find Tweet": "TooMany"},
            "StoredBefore": {"Find Tweet": "Tweet", "Generate Message": "Message", "Send SMS": "Sent", "Store Tweet": "Exists"}
        }}},
        "MockedResponses": {
            "Tweet": {"0": {"Return": tweet}},
            "Nothing": {"0": {"Return": {"found": false}}},
            "TooMany": {"0-3": {"Throw": {"Error": "TwitterRetryableError", "Cause": "X API answered HTTP 503"}}},
            "Message": {"0": {"Return": "@eve tweeted: hello"}},
            "Sent": {"0": {"Return": {"MessageId": "m"}}},
            "Stored": {"0": {"Return": {}}},
            "Exists": {"0": {"Throw": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "exists"}}}
        }
    }))
    .unwrap()
}

fn run(definition: &Value, case: &str) -> Execution {
    Simulator::new(definition.clone())
        .run(
            &json!({"phoneNumber": "+15550001111"}),
            mocks().test_case(case).unwrap(),
        )
        .unwrap()
}

#[test]
fn each_machine_searches_its_own_text_and_acts_on_a_tweet() {
    let machines = machines();
    assert_eq!(machines.len(), 2);
    for (search, def) in &machines {
        let run = run(def, "Found");
        assert_eq!(
            run.status,
            Status::Succeeded,
            "{search}: {:#?}",
            run.history_json()
        );
        assert_eq!(
            run.top_level_path(),
            [
                "Set Search Text",
                "Find Tweet",
                "Anything New?",
                "Notify and Store"
            ]
        );
        // Find Tweet gets the machine's own search text, whatever the execution's input.
        assert_eq!(
            run.task_calls("Find Tweet")[0]["searchText"],
            search.as_str()
        );
        assert_eq!(run.task_calls("Send SMS")[0]["PhoneNumber"], "+15550001111");
        assert_eq!(
            run.task_calls("Store Tweet")[0]["Item"]["searchText"]["S"],
            search.as_str()
        );
        assert_eq!(
            run.task_calls("Store Tweet")[0]["TableName"],
            "TweetsTableRef"
        );
    }
}

#[test]
fn nothing_new_succeeds_quietly() {
    for (_, def) in machines() {
        let run = run(&def, "NothingNew");
        assert_eq!(run.status, Status::Succeeded);
        assert_eq!(
            run.path(),
            [
                "Set Search Text",
                "Find Tweet",
                "Anything New?",
                "Nothing New"
            ]
        );
        assert_eq!(run.output.unwrap()["tweet"], json!({"found": false}));
    }
}

#[test]
fn server_errors_are_retried_then_fail_and_a_stored_tweet_is_caught() {
    for (_, def) in machines() {
        let run = run(&def, "RateLimited");
        assert_eq!(run.status, Status::Failed);
        assert_eq!(run.error.as_deref(), Some("TwitterRetryableError"));
        assert_eq!(run.retries("Find Tweet").len(), 3);
        let run = self::run(&def, "StoredBefore");
        assert_eq!(run.status, Status::Succeeded);
        assert!(run.entered("Store Tweet: Already Stored"));
    }
}
