//! [`StepFunctionsStartExecution`]: starts another state machine.

use cdk_core::Expr;

use crate::iam::PolicyStatement;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::states::Builder;
use crate::stepfunctions::{IntegrationPattern, StateMachine};

use super::{set_integration, task_builder, task_methods};

/// Starts an execution of another state machine, in one of three patterns, each granting
/// exactly what it needs:
///
/// - request-response: `states:StartExecution` on the machine;
/// - `.sync` (run the child and wait, `startExecution.sync:2`): also `states:DescribeExecution`
///   and `states:StopExecution` on its executions, and `events:PutTargets`, `events:PutRule`,
///   `events:DescribeRule` on the rule `StepFunctionsGetEventsForStepFunctionsExecutionRule`
///   that Step Functions manages to learn that the child ended;
/// - `.waitForTaskToken`: `states:StartExecution`; the child's input must carry the token.
///
/// ```
/// use cdk_aws::stepfunctions::{tasks::StepFunctionsStartExecution, Chain, IntegrationPattern, Pass, StateMachine, StateMachineProps};
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let child = StateMachine::new(&stack, "Child", Pass::new("Work"), StateMachineProps::default())?;
/// let run = StepFunctionsStartExecution::new("Run Child", &child, IntegrationPattern::RunJob);
/// let chain = Chain::start(run);
/// let actions: Vec<&str> = chain.statements().iter().flat_map(|s| s.actions.iter().map(String::as_str)).collect();
/// assert_eq!(actions, ["states:StartExecution", "states:DescribeExecution", "states:StopExecution",
///                      "events:PutTargets", "events:PutRule", "events:DescribeRule"]);
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct StepFunctionsStartExecution(pub(crate) Builder, Params, Expr);

impl StepFunctionsStartExecution {
    /// Starts `machine` with the state's input as its input.
    pub fn new(name: &str, machine: &StateMachine, pattern: IntegrationPattern) -> Self {
        let mut b = task_builder(name, Expr::Null);
        let integration = match pattern {
            IntegrationPattern::RunJob => "states:startExecution.sync:2".to_string(),
            p => format!("states:startExecution{}", p.suffix()),
        };
        set_integration(&mut b, &integration, IntegrationPattern::RequestResponse);
        b.statements.push(PolicyStatement::allow(
            ["states:StartExecution"],
            [machine.state_machine_arn()],
        ));
        if pattern == IntegrationPattern::RunJob {
            b.statements.push(PolicyStatement::allow(
                ["states:DescribeExecution", "states:StopExecution"],
                [Expr::sub(
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${Name}:*",
                    [("Name", machine.state_machine_name())],
                )],
            ));
            b.statements.push(events_rule_statement(
                "StepFunctionsGetEventsForStepFunctionsExecutionRule",
            ));
        }
        let params = Params::new().path("Input", "$");
        StepFunctionsStartExecution(b, params, machine.state_machine_arn())
    }

    /// The child's input (default: this state's input). For `.waitForTaskToken`, put the
    /// token in it with [`Params::task_token`].
    pub fn input(mut self, input: Params) -> Self {
        self.1 = Params::new().nested("Input", input);
        self
    }
}

/// `events:PutTargets`, `events:PutRule` and `events:DescribeRule` on the rule Step Functions
/// manages for a `.sync` integration.
pub(crate) fn events_rule_statement(rule: &str) -> PolicyStatement {
    PolicyStatement::allow(
        ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        [crate::stepfunctions::arn::regional_arn(
            "events",
            &format!("rule/{rule}"),
        )],
    )
}

io_methods!(StepFunctionsStartExecution);
result_methods!(StepFunctionsStartExecution);
error_methods!(StepFunctionsStartExecution);
task_methods!(StepFunctionsStartExecution);

impl From<StepFunctionsStartExecution> for Chain {
    fn from(t: StepFunctionsStartExecution) -> Chain {
        let StepFunctionsStartExecution(mut b, params, arn) = t;
        if b.def.parameters.is_none() {
            let mut p = Params::new().value("StateMachineArn", arn).to_expr();
            if let (Some(m), Some(extra)) = (p.as_map_mut(), params.to_expr().as_map()) {
                m.extend(extra.clone());
            }
            b.def.parameters = Some(p);
        }
        b.into_chain(true)
    }
}
