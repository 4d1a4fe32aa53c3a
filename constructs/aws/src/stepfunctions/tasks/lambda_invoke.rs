//! [`LambdaInvoke`].

use crate::lambda::Function;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::retry::Retry;
use crate::stepfunctions::states::Builder;
use crate::stepfunctions::StateKind;

use super::{task_builder, task_methods};

/// Invokes a Lambda function. Grants `lambda:InvokeFunction` on that function only, and
/// retries Lambda's transient service errors as AWS CDK does.
///
/// By default the state uses the `lambda:invoke` integration and its result is Lambda's whole
/// response; with [`LambdaInvoke::payload_response_only`] the function's ARN is the resource
/// and the result is the function's return value.
///
/// ```
/// use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime};
/// use cdk_aws::stepfunctions::{tasks::LambdaInvoke, Chain};
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let f = Function::new(&stack, "F", FunctionProps::new(Runtime::Python313, "index.handler", Code::inline("def handler(e, c): return e")))?;
/// let chain = Chain::start(LambdaInvoke::new("Call", &f).payload_response_only().result_path("$.out"));
/// assert_eq!(chain.statements()[0].actions, ["lambda:InvokeFunction"]);
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LambdaInvoke(pub(crate) Builder, Options);

#[derive(Clone, Debug)]
pub(crate) struct Options {
    function: Function,
    payload: Option<Params>,
    response_only: bool,
    wait_for_token: bool,
}

/// Lambda's transient errors, retried by default.
pub const LAMBDA_SERVICE_ERRORS: [&str; 4] = [
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
];

impl LambdaInvoke {
    /// Invokes `function` with the state's input as the payload.
    pub fn new(name: &str, function: &Function) -> Self {
        let mut builder =
            task_builder(name, crate::stepfunctions::integration_arn("lambda:invoke"));
        builder.statements.push(function.invoke_statement());
        builder.def.retry.push(
            Retry::on(LAMBDA_SERVICE_ERRORS)
                .interval(cdk_core::Duration::seconds(2))
                .max_attempts(6)
                .backoff_rate(2.0),
        );
        LambdaInvoke(
            builder,
            Options {
                function: function.clone(),
                payload: None,
                response_only: false,
                wait_for_token: false,
            },
        )
    }

    /// The payload sent to the function (default: the state's input).
    pub fn payload(mut self, payload: Params) -> Self {
        self.1.payload = Some(payload);
        self
    }

    /// Invoke the function's ARN directly: the result is the function's return value.
    pub fn payload_response_only(mut self) -> Self {
        self.1.response_only = true;
        self
    }

    /// `.waitForTaskToken`: invokes the function with a payload holding the task token
    /// (`Params::task_token`) and waits until the token comes back through
    /// `SendTaskSuccess`/`SendTaskFailure`. The validator requires the token in the payload
    /// and a heartbeat or a timeout.
    ///
    /// ```
    /// use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime};
    /// use cdk_aws::stepfunctions::{tasks::LambdaInvoke, Chain, Params};
    /// use cdk_core::{App, Duration, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S")?;
    /// let f = Function::new(&stack, "F", FunctionProps::new(Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass")))?;
    /// let approve = LambdaInvoke::new("Ask Approval", &f)
    ///     .wait_for_task_token()
    ///     .payload(Params::new().task_token("token").path("order", "$.order"))
    ///     .heartbeat(Duration::minutes(5));
    /// assert!(Chain::start(approve).validate().is_empty());
    /// let forgot = LambdaInvoke::new("No Token", &f).wait_for_task_token().heartbeat(Duration::minutes(5));
    /// assert!(Chain::start(forgot).validate()[0].message.contains("$$.Task.Token"));
    /// # Ok::<(), cdk_core::ConstructError>(())
    /// ```
    pub fn wait_for_task_token(mut self) -> Self {
        super::set_integration(
            &mut self.0,
            "lambda:invoke",
            crate::stepfunctions::IntegrationPattern::WaitForTaskToken,
        );
        self.1.wait_for_token = true;
        self
    }
}

io_methods!(LambdaInvoke);
error_methods!(LambdaInvoke);
task_methods!(LambdaInvoke);
jsonata_methods!(LambdaInvoke);

impl LambdaInvoke {
    /// Sets `ResultPath`: where the result goes in the input.
    pub fn result_path(mut self, path: &str) -> Self {
        self.0.def.result_path = Some(Some(path.to_string()));
        self
    }
}

impl From<LambdaInvoke> for Chain {
    fn from(t: LambdaInvoke) -> Chain {
        let LambdaInvoke(mut b, o) = t;
        let arn = o.function.function_arn();
        if o.response_only && o.wait_for_token {
            b.errors.push("payload_response_only cannot wait for a task token: .waitForTaskToken needs the lambda:invoke integration".into());
        }
        if o.response_only && !o.wait_for_token {
            if let StateKind::Task { resource, .. } = &mut b.def.kind {
                *resource = arn;
            }
            b.def.parameters = o.payload.map(|p| p.to_expr());
        } else {
            let mut params = Params::new().value("FunctionName", arn);
            params = match o.payload {
                Some(p) => params.nested("Payload", p),
                None => params.path("Payload", "$"),
            };
            b.def.parameters = Some(params.to_expr());
        }
        b.into_chain(true)
    }
}
