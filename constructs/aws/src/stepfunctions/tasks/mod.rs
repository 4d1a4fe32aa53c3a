//! Task states: a generic [`Task`] and the service integrations, each granting exactly the
//! permissions it needs to the state machine that runs it.

mod call_aws_service;
mod dynamo_get_item;
mod dynamo_put_item;
mod glue_start_job_run;
mod lambda_invoke;
mod sns_publish;
mod start_execution;

pub use call_aws_service::CallAwsService;
pub use dynamo_get_item::DynamoGetItem;
pub use dynamo_put_item::{DynamoAttr, DynamoPutItem};
pub use glue_start_job_run::GlueStartJobRun;
pub use lambda_invoke::LambdaInvoke;
pub use sns_publish::SnsPublish;
pub use start_execution::StepFunctionsStartExecution;

use cdk_core::Expr;

use super::chain::Chain;
use super::state::{StateDef, StateKind};
use super::states::Builder;
use crate::iam::PolicyStatement;

/// A Task state calling any resource ARN, with the statements you grant it.
///
/// ```
/// use cdk_aws::iam::PolicyStatement;
/// use cdk_aws::stepfunctions::{Chain, Params, Task};
/// use cdk_core::Expr;
/// let queue = Expr::sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q", Vec::<(String, Expr)>::new());
/// let t = Task::new("Send", cdk_aws::stepfunctions::integration_arn("sqs:sendMessage"))
///     .parameters(Params::new().value("QueueUrl", "https://sqs/q").path("MessageBody", "$"))
///     .grant(PolicyStatement::allow(["sqs:SendMessage"], [queue]));
/// let chain = Chain::start(t);
/// assert_eq!(chain.statements().len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Task(pub(crate) Builder);

pub(crate) fn task_builder(name: &str, resource: Expr) -> Builder {
    Builder::new(
        name,
        StateDef::new(StateKind::Task {
            resource,
            timeout: None,
            heartbeat: None,
        }),
    )
}

impl Task {
    /// A Task calling `resource`.
    pub fn new(name: &str, resource: impl Into<Expr>) -> Self {
        Task(task_builder(name, resource.into()))
    }

    /// Adds a statement the state machine's role needs for this task.
    pub fn grant(mut self, statement: PolicyStatement) -> Self {
        self.0.statements.push(statement);
        self
    }
}

/// `TimeoutSeconds` and `HeartbeatSeconds`, shared by every task type.
macro_rules! task_methods {
    ($t:ty) => {
        impl $t {
            /// Sets `TimeoutSeconds` (whole seconds, checked at synth).
            pub fn timeout(mut self, timeout: ::cdk_core::Duration) -> Self {
                if let $crate::stepfunctions::StateKind::Task { timeout: t, .. } =
                    &mut self.0.def.kind
                {
                    *t = Some(timeout);
                }
                self
            }

            /// Sets `HeartbeatSeconds`: the task fails with `States.HeartbeatTimeout` when no
            /// heartbeat (`SendTaskHeartbeat`) arrives for this long. Whole seconds, shorter
            /// than the timeout; checked at synth.
            pub fn heartbeat(mut self, heartbeat: ::cdk_core::Duration) -> Self {
                if let $crate::stepfunctions::StateKind::Task { heartbeat: h, .. } =
                    &mut self.0.def.kind
                {
                    *h = Some(heartbeat);
                }
                self
            }
        }
    };
}

/// Sets a task's resource to `integration` with the pattern's suffix.
pub(crate) fn set_integration(
    builder: &mut Builder,
    integration: &str,
    pattern: crate::stepfunctions::IntegrationPattern,
) {
    if let StateKind::Task { resource, .. } = &mut builder.def.kind {
        *resource =
            crate::stepfunctions::integration_arn(&format!("{integration}{}", pattern.suffix()));
    }
}
pub(crate) use task_methods;

io_methods!(Task);
result_methods!(Task);
error_methods!(Task);
task_methods!(Task);
jsonata_methods!(Task);
arguments_methods!(Task);

impl From<Task> for Chain {
    fn from(t: Task) -> Chain {
        t.0.into_chain(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stepfunctions::{IntegrationPattern, Params, StateMachine, StateMachineProps};
    use cdk_core::{App, Duration, Stack};

    #[test]
    fn heartbeats_are_whole_seconds_shorter_than_the_timeout() {
        let t = Task::new(
            "T",
            crate::stepfunctions::integration_arn("sqs:sendMessage"),
        )
        .timeout(Duration::seconds(30))
        .heartbeat(Duration::seconds(30));
        let errors = Chain::start(t).validate();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("heartbeat must be shorter")),
            "{errors:?}"
        );
        let fraction = Task::new(
            "T",
            crate::stepfunctions::integration_arn("sqs:sendMessage"),
        )
        .heartbeat(Duration::millis(1500));
        assert!(!Chain::start(fraction).validate().is_empty());
        let json = Chain::start(Task::new("T", "x").heartbeat(Duration::minutes(2)))
            .to_definition()
            .to_expr();
        assert_eq!(
            json.to_literal_json().unwrap()["States"]["T"]["HeartbeatSeconds"],
            120
        );
    }

    #[test]
    fn a_callback_task_needs_the_token_and_a_heartbeat_or_timeout() {
        let arn = crate::stepfunctions::integration_arn("sqs:sendMessage.waitForTaskToken");
        let neither = Task::new("T", arn.clone()).parameters(Params::new().task_token("t"));
        assert!(Chain::start(neither).validate()[0]
            .message
            .contains("heartbeat or a timeout"));
        let no_token = Task::new("T", arn.clone()).heartbeat(Duration::minutes(1));
        assert!(Chain::start(no_token).validate()[0]
            .message
            .contains("$$.Task.Token"));
        let jsonata = Task::new("T", arn)
            .jsonata()
            .arguments(Expr::map([(
                "token",
                Expr::from("{% $states.context.Task.Token %}"),
            )]))
            .timeout(Duration::hours(1));
        assert!(Chain::start(jsonata).validate().is_empty());
    }

    #[test]
    fn no_integration_arn_is_an_aws_partition_literal() {
        let app = App::new();
        let stack = Stack::new(&app, "S").unwrap();
        let child = StateMachine::new(
            &stack,
            "Child",
            crate::stepfunctions::Pass::new("P"),
            StateMachineProps::default(),
        )
        .unwrap();
        let chain = Chain::start(StepFunctionsStartExecution::new(
            "Run",
            &child,
            IntegrationPattern::RunJob,
        ))
        .next(GlueStartJobRun::new(
            "Glue",
            "job",
            IntegrationPattern::RequestResponse,
        ))
        .next(CallAwsService::new(
            "Sdk",
            "s3",
            "listBuckets",
            [Expr::sub(
                "arn:${AWS::Partition}:s3:::*",
                Vec::<(String, Expr)>::new(),
            )],
        ))
        .next(SnsPublish::sms_to_number_at("Sms", "$.p").message("hi"));
        StateMachine::new(&stack, "Parent", chain, StateMachineProps::default()).unwrap();
        let template = app
            .synth()
            .unwrap()
            .stack("S")
            .unwrap()
            .template()
            .to_string();
        assert!(!template.contains("arn:aws:"), "{template}");
        assert!(template.contains("arn:${AWS::Partition}:states:::states:startExecution.sync:2"));
        assert!(template.contains("rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"));
    }

    #[test]
    fn an_express_machine_keeps_its_logs() {
        let app = App::new();
        let stack = Stack::new(&app, "S").unwrap();
        let mut props = StateMachineProps::default().express();
        props.log_level = crate::stepfunctions::LogLevel::Off;
        StateMachine::new(&stack, "M", crate::stepfunctions::Pass::new("P"), props).unwrap();
        assert!(app
            .synth()
            .unwrap_err()
            .to_string()
            .contains("log level cannot be Off"));
    }
}
