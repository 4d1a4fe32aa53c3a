//! The brand monitor's conventions, applied by an aspect, tags and a duration: every resource
//! is tagged with the app (and, in a search's stack, the search), every resource that holds
//! data is retained, and every execution stops after five minutes.

use brand_monitor::{build, Settings, EXECUTION_TIMEOUT};

#[test]
fn tags_retention_and_timeouts_reach_every_template() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    let mut stateful = 0;
    let mut machines = 0;
    for stack in &assembly.stacks {
        let search = match stack.stack_name.as_str() {
            "BrandMonitor-AWS-Step-Functions" => Some("AWS Step Functions"),
            "BrandMonitor-AWS-CDK" => Some("AWS CDK"),
            _ => None,
        };
        for (id, r) in stack.template()["Resources"].as_object().unwrap() {
            let t = r["Type"].as_str().unwrap();
            let info = cdk_cfn::registry::type_info(t).unwrap();
            if info.tags.is_some() {
                let tags = r["Properties"]["Tags"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{id} has no tags"));
                let value = |k: &str| {
                    tags.iter()
                        .find(|x| x["Key"] == k)
                        .map(|x| x["Value"].clone())
                };
                assert_eq!(value("app"), Some("brand-monitor".into()), "{id}");
                assert_eq!(value("search"), search.map(Into::into), "{id}");
            }
            if info.stateful {
                stateful += 1;
                assert_eq!(r["DeletionPolicy"], "Retain", "{id} ({t}) holds data");
            }
            if t == "AWS::StepFunctions::StateMachine" {
                machines += 1;
                assert_eq!(
                    r["Properties"]["Definition"]["TimeoutSeconds"],
                    EXECUTION_TIMEOUT.to_seconds().unwrap(),
                    "{id}"
                );
            }
        }
    }
    assert!(stateful >= 7, "the table and every log group: {stateful}");
    assert_eq!(machines, 2);
}
