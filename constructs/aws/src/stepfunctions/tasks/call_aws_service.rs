//! [`CallAwsService`]: any AWS SDK integration.

use cdk_core::Expr;

use crate::iam::PolicyStatement;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::states::Builder;

use super::{task_builder, task_methods};

/// Calls any AWS API through the `aws-sdk` integration. The IAM action is derived from the
/// service and action (`s3:GetObject`), granted on the resources you name.
///
/// ```
/// use cdk_aws::stepfunctions::{tasks::CallAwsService, Chain, Params};
/// use cdk_core::Expr;
/// let objects = Expr::sub("arn:${AWS::Partition}:s3:::bucket/*", Vec::<(String, Expr)>::new());
/// let t = CallAwsService::new("Get", "s3", "getObject", [objects])
///     .parameters(Params::new().value("Bucket", "bucket").path("Key", "$.key"));
/// let chain = Chain::start(t);
/// assert_eq!(chain.statements()[0].actions, ["s3:GetObject"]);
/// let d = chain.to_definition();
/// let cdk_aws::stepfunctions::StateKind::Task { resource, .. } = &d.states["Get"].kind else { panic!() };
/// assert_eq!(*resource, cdk_aws::stepfunctions::integration_arn("aws-sdk:s3:getObject"));
/// ```
#[derive(Clone, Debug)]
pub struct CallAwsService(pub(crate) Builder);

impl CallAwsService {
    /// Calls `service`'s `action` (camelCase, as in the SDK), granting the IAM action on
    /// `iam_resources`.
    pub fn new(
        name: &str,
        service: &str,
        action: &str,
        iam_resources: impl IntoIterator<Item = Expr>,
    ) -> Self {
        let resource =
            crate::stepfunctions::integration_arn(&format!("aws-sdk:{service}:{action}"));
        let mut chars = action.chars();
        let iam_action = match chars.next() {
            Some(c) => format!("{service}:{}{}", c.to_ascii_uppercase(), chars.as_str()),
            None => format!("{service}:"),
        };
        let mut b = task_builder(name, resource);
        b.statements
            .push(PolicyStatement::allow([iam_action.as_str()], iam_resources));
        CallAwsService(b)
    }
}

io_methods!(CallAwsService);
result_methods!(CallAwsService);
error_methods!(CallAwsService);
task_methods!(CallAwsService);
jsonata_methods!(CallAwsService);
arguments_methods!(CallAwsService);

impl From<CallAwsService> for Chain {
    fn from(t: CallAwsService) -> Chain {
        t.0.into_chain(true)
    }
}
