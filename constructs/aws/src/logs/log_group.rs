//! [`LogGroup`].

use cdk_cfn::logs::{CfnLogGroup, CfnLogGroupProps};
use cdk_core::{Construct, ConstructError, Expr, Node, RemovalPolicy};

/// How long log events are kept. Only the values CloudWatch Logs accepts can be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetentionDays {
    /// 1 day.
    OneDay,
    /// 1 week.
    OneWeek,
    /// 2 weeks.
    TwoWeeks,
    /// 1 month.
    OneMonth,
    /// 3 months.
    ThreeMonths,
    /// 6 months.
    SixMonths,
    /// 1 year.
    OneYear,
    /// 10 years.
    TenYears,
}

impl RetentionDays {
    /// The number of days.
    pub fn days(self) -> u32 {
        match self {
            RetentionDays::OneDay => 1,
            RetentionDays::OneWeek => 7,
            RetentionDays::TwoWeeks => 14,
            RetentionDays::OneMonth => 30,
            RetentionDays::ThreeMonths => 90,
            RetentionDays::SixMonths => 180,
            RetentionDays::OneYear => 365,
            RetentionDays::TenYears => 3653,
        }
    }
}

/// Settings of a log group.
#[derive(Clone, Debug)]
pub struct LogGroupProps {
    /// Retention; default two weeks.
    pub retention: RetentionDays,
    /// What happens to the logs when the log group leaves the stack; default
    /// [`RemovalPolicy::Retain`], as in AWS CDK.
    pub removal_policy: RemovalPolicy,
}

impl Default for LogGroupProps {
    fn default() -> Self {
        LogGroupProps {
            retention: RetentionDays::TwoWeeks,
            removal_policy: RemovalPolicy::Retain,
        }
    }
}

/// A CloudWatch Logs log group.
///
/// ```
/// use cdk_aws::logs::{LogGroup, LogGroupProps, RetentionDays};
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let logs = LogGroup::new(&stack, "Logs", LogGroupProps { retention: RetentionDays::OneWeek, ..Default::default() })?;
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// assert_eq!(t["Resources"][logs.resource().logical_id()]["Properties"]["RetentionInDays"], 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct LogGroup {
    node: Node,
    resource: CfnLogGroup,
}

impl Construct for LogGroup {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl LogGroup {
    /// A log group with the given retention.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: LogGroupProps,
    ) -> Result<LogGroup, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_aws.logs.LogGroup")?;
        let resource = CfnLogGroup::new(
            &node,
            "Resource",
            CfnLogGroupProps::new().retention_in_days(props.retention.days()),
        )?;
        resource.apply_removal_policy(props.removal_policy);
        Ok(LogGroup { node, resource }.registered())
    }

    /// The log group's name.
    pub fn log_group_name(&self) -> Expr {
        self.resource.reference()
    }

    /// The log group's ARN (`arn:...:log-group:NAME:*`).
    pub fn log_group_arn(&self) -> Expr {
        self.resource.get_att("Arn")
    }

    /// The underlying `AWS::Logs::LogGroup`.
    pub fn resource(&self) -> &CfnLogGroup {
        &self.resource
    }
}
