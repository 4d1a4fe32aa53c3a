//! [`GlueStartJobRun`]: runs an AWS Glue job.

use cdk_core::Expr;

use crate::iam::PolicyStatement;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::states::Builder;
use crate::stepfunctions::IntegrationPattern;

use super::{set_integration, task_builder, task_methods};

/// Starts a run of a Glue job: request-response grants `glue:StartJobRun` on the job; `.sync`
/// (wait for the run to end, which Step Functions learns by polling) also grants
/// `glue:GetJobRun`, `glue:GetJobRuns` and `glue:BatchStopJobRun`. Glue has no
/// `.waitForTaskToken` integration: asking for it is reported at synth.
///
/// ```
/// use cdk_aws::stepfunctions::{tasks::GlueStartJobRun, Chain, IntegrationPattern};
/// let chain = Chain::start(GlueStartJobRun::new("Crunch", "nightly-etl", IntegrationPattern::RunJob));
/// assert_eq!(chain.statements()[0].actions, ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]);
/// let bad = Chain::start(GlueStartJobRun::new("X", "j", IntegrationPattern::WaitForTaskToken));
/// assert!(bad.validate()[0].message.contains("Glue"));
/// ```
#[derive(Clone, Debug)]
pub struct GlueStartJobRun(pub(crate) Builder);

impl GlueStartJobRun {
    /// Runs the job named `job_name`.
    pub fn new(name: &str, job_name: &str, pattern: IntegrationPattern) -> Self {
        let mut b = task_builder(name, Expr::Null);
        set_integration(&mut b, "glue:startJobRun", pattern);
        let job = crate::stepfunctions::arn::regional_arn("glue", &format!("job/{job_name}"));
        let actions: &[&str] = match pattern {
            IntegrationPattern::RunJob => &[
                "glue:StartJobRun",
                "glue:GetJobRun",
                "glue:GetJobRuns",
                "glue:BatchStopJobRun",
            ],
            IntegrationPattern::WaitForTaskToken => {
                b.errors.push(
                    "Glue has no .waitForTaskToken integration: use RequestResponse or RunJob"
                        .into(),
                );
                &["glue:StartJobRun"]
            }
            _ => &["glue:StartJobRun"],
        };
        b.statements
            .push(PolicyStatement::allow(actions.iter().copied(), [job]));
        b.def.parameters = Some(Params::new().value("JobName", job_name).to_expr());
        GlueStartJobRun(b)
    }
}

io_methods!(GlueStartJobRun);
result_methods!(GlueStartJobRun);
error_methods!(GlueStartJobRun);
task_methods!(GlueStartJobRun);

impl From<GlueStartJobRun> for Chain {
    fn from(t: GlueStartJobRun) -> Chain {
        t.0.into_chain(true)
    }
}
