//! The export deadlock (AWS CDK issue 7602) on the local AWS, whose launcher refuses, as
//! CloudFormation does, an update that drops an export another stack imports: a consumer stops
//! using the producer's value (the reference is removed from the app), and one `deploy` keeps
//! the export the deployed consumer still imports, deploys the consumer, then removes the
//! export, reporting both steps. Deploying the producer alone keeps the export and says why.
//! The same on AWS-shaped replies: `engine_replay::the_export_deadlock_*`.

use cdk_core::{App, CfnResource, Stack};
use cdk_toolkit::assembly::{Assembly, StackSelection};
use cdk_toolkit::deploy::DeployOptions;
use cdk_toolkit::engine::events::StackOutcome;
use cdk_toolkit::engine::{Approval, Event, Toolkit};
use std::sync::{Arc, Mutex};
use test_harness::LocalAws;

/// A topic in Producer, and in Consumer a parameter that holds its ARN (a cross-stack
/// reference: an export and an import) or, without the reference, a plain value.
fn app(referenced: bool) -> Assembly {
    let app = App::new();
    let producer = Stack::new(&app, "Producer").unwrap();
    let topic = CfnResource::new(&producer, "Topic", "AWS::SNS::Topic").unwrap();
    topic.set_property("DisplayName", "deadlock");
    let consumer = Stack::new(&app, "Consumer").unwrap();
    let parameter = CfnResource::new(&consumer, "TopicArn", "AWS::SSM::Parameter").unwrap();
    parameter.set_property("Name", "/deadlock/topic-arn");
    parameter.set_property("Type", "String");
    if referenced {
        parameter.set_property("Value", topic.reference());
    } else {
        parameter.set_property("Value", "no topic");
    }
    Assembly::from(&app.synth().unwrap())
}

/// Each event in brief: kind and stack, with the outcome of finished stacks.
fn briefs(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter(|e| !matches!(e, Event::ResourceEvent(_) | Event::Summary(_)))
        .map(|e| {
            let stack = e.stack().unwrap_or("-");
            match e {
                Event::StackFinished(f) => match &f.outcome {
                    StackOutcome::Deployed { status, .. } => {
                        format!("stack_finished {stack} {status}")
                    }
                    _ => format!("stack_finished {stack} unchanged"),
                },
                _ => format!("{} {stack}", e.kind()),
            }
        })
        .collect()
}

fn recording(toolkit: Toolkit) -> (Toolkit, Arc<Mutex<Vec<Event>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    (
        toolkit.on_event(move |e| record.lock().unwrap().push(e.clone())),
        seen,
    )
}

async fn exports(cfn: &aws_sdk_cloudformation::Client) -> Vec<String> {
    cfn.list_exports()
        .send()
        .await
        .unwrap()
        .exports()
        .iter()
        .filter_map(|e| e.name().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_reference_removed_from_the_app_deploys_in_one_run_keeping_then_removing_the_export() {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    let options = DeployOptions::default().approval(Approval::Approve);
    let report = Toolkit::new(&config)
        .deploy(&app(true), &options)
        .await
        .unwrap();
    assert!(
        report.is_success(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    let export = exports(&cfn).await;
    assert_eq!(export.len(), 1, "{export:?}");
    assert!(export[0].starts_with("Producer:"), "{export:?}");

    // The reference is gone: Producer's template no longer exports the topic, and Consumer no
    // longer imports it. Producer comes first (no dependency between them any more).
    let (toolkit, seen) = recording(Toolkit::new(&config));
    let report = toolkit.deploy(&app(false), &options).await.unwrap();
    assert!(
        report.is_success(),
        "{:?}",
        report
            .failures()
            .map(|(s, e)| format!("{s}: {e}"))
            .collect::<Vec<_>>()
    );
    let events = seen.lock().unwrap().clone();
    let kept = events.iter().find_map(|e| match e {
        Event::ExportsKept(k) => Some(k.clone()),
        _ => None,
    });
    let kept = kept.expect("the export is kept first");
    assert_eq!(kept.stack, "Producer");
    assert_eq!(kept.exports[0].export, export[0]);
    assert_eq!(kept.exports[0].importers, ["Consumer"]);
    assert!(kept.exports[0].removed_after);
    assert_eq!(
        briefs(&events),
        [
            "stack_planned Producer",
            "exports_kept Producer",
            "stack_planned Consumer",
            "stack_started Producer",
            "change_set_creating Producer",
            "change_set_created Producer",
            "operation_started Producer",
            "stack_finished Producer UPDATE_COMPLETE",
            "stack_started Consumer",
            "change_set_creating Consumer",
            "change_set_created Consumer",
            "operation_started Consumer",
            "stack_finished Consumer UPDATE_COMPLETE",
            "removing_exports Producer",
            "change_set_creating Producer",
            "change_set_created Producer",
            "operation_started Producer",
            "stack_finished Producer UPDATE_COMPLETE",
        ]
    );
    assert!(exports(&cfn).await.is_empty(), "the export is gone");
    for stack in ["Producer", "Consumer"] {
        let s = cfn
            .describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .unwrap();
        assert_eq!(
            s.stacks()[0].stack_status().unwrap().as_str(),
            "UPDATE_COMPLETE",
            "{stack}"
        );
    }
}

#[tokio::test]
async fn deploying_the_producer_alone_keeps_an_export_the_consumer_still_imports_and_says_why() {
    let aws = LocalAws::start();
    let config = aws.sdk_config().await;
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    let options = DeployOptions::default().approval(Approval::Approve);
    Toolkit::new(&config)
        .deploy(&app(true), &options)
        .await
        .unwrap();
    let export = exports(&cfn).await;

    // deploy -e Producer: Consumer is not deployed by this command and still imports it.
    let mut alone = StackSelection::named(vec!["Producer".to_string()]);
    alone.exclusively = true;
    let (toolkit, seen) = recording(Toolkit::new(&config));
    let report = toolkit
        .deploy(&app(false), &options.clone().stacks(alone))
        .await
        .unwrap();
    assert!(report.is_success(), "{report:?}");
    let events = seen.lock().unwrap().clone();
    let kept = events
        .iter()
        .find_map(|e| match e {
            Event::ExportsKept(k) => Some(k.clone()),
            _ => None,
        })
        .unwrap();
    assert!(!kept.exports[0].removed_after);
    assert!(!briefs(&events)
        .iter()
        .any(|b| b.starts_with("removing_exports")));
    assert_eq!(
        exports(&cfn).await,
        export,
        "kept, as Consumer still imports it"
    );

    // Then the whole app: Consumer drops the import, and the export goes.
    let (toolkit, seen) = recording(Toolkit::new(&config));
    assert!(toolkit
        .deploy(&app(false), &options)
        .await
        .unwrap()
        .is_success());
    assert!(briefs(&seen.lock().unwrap()).contains(&"removing_exports Producer".to_string()));
    assert!(exports(&cfn).await.is_empty());
}
