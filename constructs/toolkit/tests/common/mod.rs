//! Replaying AWS: the SDK's own test HTTP client (`StaticReplayClient`) answering with
//! AWS-shaped responses (the XML of CloudFormation's query protocol), built by the helpers
//! below; and an engine on it whose events are recorded.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudformation::config::Credentials;
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use cdk_core::{App, CfnResource, Stack, StackProps};
use cdk_toolkit::assembly::Assembly;
use cdk_toolkit::cfn::{Cfn, PollConfig};
use cdk_toolkit::engine::events::StackOutcome;
use cdk_toolkit::engine::{Event, Toolkit};

pub const NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
pub const STACK_ID: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/6c1f2a30-a1b2-11ef-9c3d-0a1b2c3d4e5f";
pub const CHANGE_SET_ID: &str = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/1";

pub fn ok(action: &str, result: &str) -> (u16, String) {
    (
        200,
        format!(
            "<{action}Response xmlns=\"{NS}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-1b08c228efb3</RequestId></ResponseMetadata></{action}Response>"
        ),
    )
}

pub fn error(code: &str, message: &str) -> (u16, String) {
    (
        400,
        format!(
            "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>"
        ),
    )
}

pub fn missing() -> (u16, String) {
    error("ValidationError", "Stack with id Demo does not exist")
}

/// DescribeStacks of Demo with this status, reason, outputs and termination protection.
pub fn stack_with(
    status: &str,
    reason: Option<&str>,
    outputs: &[(&str, &str)],
    protected: bool,
) -> (u16, String) {
    let reason = reason
        .map(|r| format!("<StackStatusReason>{r}</StackStatusReason>"))
        .unwrap_or_default();
    let outputs: String = outputs
        .iter()
        .map(|(k, v)| {
            format!("<member><OutputKey>{k}</OutputKey><OutputValue>{v}</OutputValue></member>")
        })
        .collect();
    ok(
        "DescribeStacks",
        &format!(
            "<Stacks><member><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><CreationTime>2026-11-27T10:00:00.000Z</CreationTime><StackStatus>{status}</StackStatus>{reason}<Outputs>{outputs}</Outputs><Tags/><EnableTerminationProtection>{protected}</EnableTerminationProtection></member></Stacks>"
        ),
    )
}

/// DescribeStacks of a stack named `name` with this status and these (key, value, export
/// name) outputs, created at `created` (RFC 3339).
pub fn stack_exporting(
    name: &str,
    status: &str,
    outputs: &[(&str, &str, &str)],
    created: &str,
) -> (u16, String) {
    let outputs: String = outputs
        .iter()
        .map(|(k, v, e)| {
            format!("<member><OutputKey>{k}</OutputKey><OutputValue>{v}</OutputValue><ExportName>{e}</ExportName></member>")
        })
        .collect();
    let id = STACK_ID.replace("/Demo/", &format!("/{name}/"));
    ok(
        "DescribeStacks",
        &format!(
            "<Stacks><member><StackId>{id}</StackId><StackName>{name}</StackName><CreationTime>{created}</CreationTime><StackStatus>{status}</StackStatus><Outputs>{outputs}</Outputs><Tags/><EnableTerminationProtection>false</EnableTerminationProtection></member></Stacks>"
        ),
    )
}

/// The time now, as AWS writes it (RFC 3339).
pub fn now() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap()
}

/// ListChangeSets of Demo: (name, status, execution status, created).
pub fn change_sets(list: &[(&str, &str, &str, &str)]) -> (u16, String) {
    let members: String = list
        .iter()
        .map(|(name, status, execution, created)| {
            format!("<member><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><ChangeSetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/{name}/1</ChangeSetId><ChangeSetName>{name}</ChangeSetName><ExecutionStatus>{execution}</ExecutionStatus><Status>{status}</Status><CreationTime>{created}</CreationTime></member>")
        })
        .collect();
    ok(
        "ListChangeSets",
        &format!("<Summaries>{members}</Summaries>"),
    )
}

/// ListImports: these stacks import the export.
pub fn imports(stacks: &[&str]) -> (u16, String) {
    let members: String = stacks
        .iter()
        .map(|s| format!("<member>{s}</member>"))
        .collect();
    ok("ListImports", &format!("<Imports>{members}</Imports>"))
}

/// ListImports of an export no stack imports: AWS answers with a ValidationError.
pub fn not_imported(export: &str) -> (u16, String) {
    error(
        "ValidationError",
        &format!("Export '{export}' is not imported by any stack."),
    )
}

pub fn stack(status: &str, reason: Option<&str>, outputs: &[(&str, &str)]) -> (u16, String) {
    stack_with(status, reason, outputs, false)
}

/// One stack event: (event id, logical id, type, status, reason).
pub type Ev<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// DescribeStackEvents with these events, newest first.
pub fn events(list: &[Ev<'_>]) -> (u16, String) {
    let members: String = list
        .iter()
        .map(|(id, lid, ty, status, reason)| {
            format!(
                "<member><EventId>{id}</EventId><StackId>{STACK_ID}</StackId><StackName>Demo</StackName><LogicalResourceId>{lid}</LogicalResourceId><PhysicalResourceId></PhysicalResourceId><ResourceType>{ty}</ResourceType><Timestamp>2026-11-27T10:00:05.000Z</Timestamp><ResourceStatus>{status}</ResourceStatus><ResourceStatusReason>{reason}</ResourceStatusReason></member>"
            )
        })
        .collect();
    ok(
        "DescribeStackEvents",
        &format!("<StackEvents>{members}</StackEvents>"),
    )
}

/// A stack-level event of Demo.
pub fn demo<'a>(id: &'a str, status: &'a str) -> Ev<'a> {
    (id, "Demo", "AWS::CloudFormation::Stack", status, "")
}

/// GetTemplate answering with this template.
pub fn template(json: &str) -> (u16, String) {
    let body = json
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    ok("GetTemplate", &format!("<TemplateBody>{body}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>"))
}

/// CreateChangeSet's answer.
pub fn change_set_created() -> (u16, String) {
    ok(
        "CreateChangeSet",
        &format!("<Id>{CHANGE_SET_ID}</Id><StackId>{STACK_ID}</StackId>"),
    )
}

/// DescribeChangeSet: computed, with these (action, logical id, type) changes.
pub fn change_set(status: &str, changes: &[(&str, &str, &str)]) -> (u16, String) {
    let members: String = changes
        .iter()
        .map(|(action, lid, ty)| {
            format!("<member><Type>Resource</Type><ResourceChange><Action>{action}</Action><LogicalResourceId>{lid}</LogicalResourceId><ResourceType>{ty}</ResourceType></ResourceChange></member>")
        })
        .collect();
    ok(
        "DescribeChangeSet",
        &format!("<ChangeSetId>{CHANGE_SET_ID}</ChangeSetId><StackId>{STACK_ID}</StackId><Status>{status}</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>{members}</Changes>"),
    )
}

/// The one-stack assembly `Demo` with a table of this name (no Retain policy).
pub fn demo_assembly(table_name: &str) -> Assembly {
    demo_assembly_with(table_name, false)
}

/// The same, with termination protection as given.
pub fn demo_assembly_with(table_name: &str, protected: bool) -> Assembly {
    let app = App::new();
    let s = Stack::with_props(
        &app,
        "Demo",
        StackProps {
            termination_protection: protected,
            ..StackProps::default()
        },
    )
    .unwrap();
    let t = CfnResource::new(&s, "Table", "AWS::DynamoDB::Table").unwrap();
    t.set_property("TableName", table_name);
    Assembly::from(&app.synth().unwrap())
}

/// An SDK config for the replaying client.
pub fn sdk_config(http: &StaticReplayClient) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "replay",
            )),
        )
        .http_client(http.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
}

/// The SDK config the product makes (`cdk_toolkit::aws::loader`: its retries, backoff and
/// timeouts), with the replaying HTTP client and test credentials.
pub async fn toolkit_config(http: &StaticReplayClient) -> aws_config::SdkConfig {
    let options = cdk_toolkit::aws::AwsOptions {
        region: Some("us-east-1".into()),
        ..Default::default()
    };
    let loader = cdk_toolkit::aws::loader(&options)
        .await
        .unwrap()
        .http_client(http.clone())
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "replay",
        ));
    cdk_toolkit::aws::load_from(loader, &options).await.unwrap()
}

/// Like [`replay`], with the CloudFormation client the product makes ([`Cfn::new`] on
/// [`toolkit_config`]: the product's retry settings and its call interceptor).
pub async fn replay_with_toolkit_config(responses: Vec<(u16, String)>) -> Replay {
    let http = StaticReplayClient::new(replay_events(responses));
    let mut cfn = Cfn::new(&toolkit_config(&http).await);
    cfn.poll = PollConfig {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(5),
    };
    Replay {
        http,
        cfn,
        events: Arc::default(),
    }
}

/// The responses as the replaying HTTP client's events.
pub fn replay_events(responses: Vec<(u16, String)>) -> Vec<ReplayEvent> {
    responses
        .into_iter()
        .map(|(status, body)| {
            ReplayEvent::new(
                http::Request::builder()
                    .uri("https://cloudformation.us-east-1.amazonaws.com/")
                    .body(SdkBody::empty())
                    .unwrap(),
                http::Response::builder()
                    .status(status)
                    .body(SdkBody::from(body))
                    .unwrap(),
            )
        })
        .collect()
}

/// A replaying HTTP client, the CloudFormation client on it, and what it was asked.
pub struct Replay {
    pub http: StaticReplayClient,
    pub cfn: Cfn,
    pub events: Arc<Mutex<Vec<Event>>>,
}

pub fn replay(responses: Vec<(u16, String)>) -> Replay {
    let http = StaticReplayClient::new(replay_events(responses));
    let mut cfn = Cfn::from_client(aws_sdk_cloudformation::Client::new(&sdk_config(&http)));
    cfn.poll = PollConfig {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(5),
    };
    Replay {
        http,
        cfn,
        events: Arc::default(),
    }
}

impl Replay {
    /// The engine on the replaying client, recording every event.
    pub fn toolkit(&self) -> Toolkit {
        let seen = Arc::clone(&self.events);
        Toolkit::from_cfn(self.cfn.clone()).on_event(move |e| seen.lock().unwrap().push(e.clone()))
    }

    /// The events so far, each in brief (see [`brief`]).
    pub fn briefs(&self) -> Vec<String> {
        self.events.lock().unwrap().iter().map(brief).collect()
    }

    /// The API actions requested, in order (`?` for protocols without `Action=`).
    pub fn actions(&self) -> Vec<String> {
        self.http
            .actual_requests()
            .map(|r| {
                let body = std::str::from_utf8(r.body().bytes().unwrap_or_default())
                    .unwrap_or_default()
                    .to_string();
                body.split('&')
                    .find_map(|kv| kv.strip_prefix("Action="))
                    .unwrap_or("?")
                    .to_string()
            })
            .collect()
    }

    /// The bodies of the requests with this action.
    pub fn bodies(&self, action: &str) -> Vec<String> {
        self.http
            .actual_requests()
            .map(|req| String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).to_string())
            .filter(|b| b.contains(&format!("Action={action}&")))
            .collect()
    }
}

/// An event in one short line: its kind, its stack, and what tells it apart.
pub fn brief(e: &Event) -> String {
    let v = serde_json::to_value(e).unwrap();
    let kind = e.kind();
    let stack = e.stack().unwrap_or("-");
    match e {
        Event::StackPlanned(p) => {
            format!("{kind} {stack} {}", v["action"].as_str().unwrap_or("?"))
                + if p.iam.is_broadening() { " iam+" } else { "" }
        }
        Event::StackStarted(s) => format!("{kind} {stack} {}/{}", s.index, s.total),
        Event::ChangeSetCreating(c) => {
            format!("{kind} {stack}{}", if c.new_stack { " new" } else { "" })
        }
        Event::ChangeSetCreated(c) => format!(
            "{kind} {stack} {}",
            c.changes
                .iter()
                .map(|c| format!("{}:{}", c.action, c.logical_id))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Event::OperationStarted(_) => {
            format!("{kind} {stack} {}", v["operation"].as_str().unwrap())
        }
        Event::ResourceEvent(r) => {
            format!("{kind} {stack} {} {}", r.event.logical_id, r.event.status)
        }
        Event::TerminationProtection(t) => format!("{kind} {stack} {}", t.enabled),
        Event::StackFinished(f) => match &f.outcome {
            StackOutcome::Deployed { status, .. } => format!("{kind} {stack} deployed {status}"),
            StackOutcome::Unchanged { .. } => {
                format!("{kind} {stack} unchanged {}", v["reason"].as_str().unwrap())
            }
            StackOutcome::Destroyed { .. } => format!("{kind} {stack} destroyed"),
            StackOutcome::Absent => format!("{kind} {stack} absent"),
            _ => format!("{kind} {stack} ?"),
        },
        Event::StackFailed(f) => format!(
            "{kind} {stack} {}",
            f.failure.as_ref().and_then(|f| f.resource.as_ref()).map_or(
                "-".to_string(),
                |r| format!("{} {}", r.logical_id, r.status)
            )
        ),
        Event::StackSkipped(s) => format!("{kind} {stack} after {}", s.dependency),
        Event::WaitingForOperation(w) | Event::RecreatingStack(w) => {
            format!("{kind} {stack} {}", w.status)
        }
        _ => format!("{kind} {stack}"),
    }
}
