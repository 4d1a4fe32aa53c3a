//! [`Function`]: a Lambda function with its own role and log group.

use indexmap::IndexMap;

use cdk_cfn::lambda::cfn_function::{CodeProperty, EnvironmentProperty, LoggingConfigProperty};
use cdk_cfn::lambda::{CfnFunction, CfnFunctionProps};
use cdk_core::{Asset, Construct, ConstructError, Duration, Expr, Node, RemovalPolicy, Size};

use super::code::Code;
use super::runtime::Runtime;
use crate::iam::{PolicyStatement, Role, RoleProps};
use crate::logs::{LogGroup, LogGroupProps, RetentionDays};

/// Settings of a function. Required: runtime, handler and code; the rest has defaults.
#[derive(Clone, Debug)]
pub struct FunctionProps {
    /// The runtime.
    pub runtime: Runtime,
    /// The handler, e.g. `index.handler`.
    pub handler: String,
    /// The code.
    pub code: Code,
    /// Environment variables.
    pub environment: IndexMap<String, Expr>,
    /// Timeout (whole seconds, 1 s to 15 min); default 3 seconds.
    pub timeout: Duration,
    /// Memory (whole MiB, 128 MiB to 10 GiB); default 128 MiB.
    pub memory_size: Size,
    /// Retention of the function's log group; default two weeks.
    pub log_retention: RetentionDays,
    /// A description.
    pub description: Option<String>,
}

impl FunctionProps {
    /// Props with the defaults.
    pub fn new(runtime: Runtime, handler: impl Into<String>, code: Code) -> Self {
        FunctionProps {
            runtime,
            handler: handler.into(),
            code,
            environment: IndexMap::new(),
            timeout: Duration::seconds(3),
            memory_size: Size::mebibytes(128),
            log_retention: RetentionDays::TwoWeeks,
            description: None,
        }
    }

    /// Adds an environment variable.
    pub fn environment(mut self, name: impl Into<String>, value: impl Into<Expr>) -> Self {
        self.environment.insert(name.into(), value.into());
        self
    }

    /// Sets the timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the memory size.
    pub fn memory_size(mut self, size: Size) -> Self {
        self.memory_size = size;
        self
    }

    /// Sets the log retention.
    pub fn log_retention(mut self, retention: RetentionDays) -> Self {
        self.log_retention = retention;
        self
    }

    /// Sets the description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    fn problems(&self) -> Vec<String> {
        let mut out = self.code.problems();
        if let Err(e) = self.timeout.to_seconds_within(1..=900, "the timeout") {
            out.push(e);
        }
        if let Err(e) = self
            .memory_size
            .to_mebibytes_within(128..=10240, "the memory size")
        {
            out.push(e);
        }
        for name in self.environment.keys() {
            let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                out.push(format!("environment variable name {name:?} is invalid"));
            }
        }
        out
    }
}

/// A Lambda function with its own execution role, allowed to write only to its own log group
/// (which has a retention, and is deleted with the function).
///
/// ```
/// use cdk_aws::lambda::{Code, Function, FunctionProps, Runtime};
/// use cdk_core::{App, Duration, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let f = Function::new(&stack, "Hello", FunctionProps::new(
///     Runtime::Python313, "index.handler", Code::inline("def handler(e, c):\n    return e\n"),
/// ).timeout(Duration::seconds(10)))?;
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// let lid = f.resource().logical_id();
/// assert_eq!(t["Resources"][&lid]["Properties"]["Runtime"], "python3.13");
/// assert_eq!(t["Resources"][&lid]["Properties"]["Timeout"], 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Function {
    node: Node,
    resource: CfnFunction,
    role: Role,
    log_group: LogGroup,
}

impl Construct for Function {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Function {
    /// A function with the given settings. Invalid settings (code over 4 KB, timeout or memory
    /// out of range) are reported at synthesis.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: FunctionProps,
    ) -> Result<Function, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_aws.lambda.Function")?;
        let problems = props.problems();
        node.add_validation(move || problems.clone());

        let role = Role::new(
            &node,
            "ServiceRole",
            RoleProps::assumed_by("lambda.amazonaws.com"),
        )?;
        let log_group = LogGroup::new(
            &node,
            "LogGroup",
            LogGroupProps {
                retention: props.log_retention,
                removal_policy: RemovalPolicy::Destroy,
            },
        )?;
        role.add_to_policy(PolicyStatement::allow(
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [log_group.log_group_arn()],
        ))?;

        let code = match &props.code {
            Code::Inline(source) => CodeProperty::new().zip_file(source.as_str()),
            Code::Asset(source) => {
                let asset = Asset::new(&node, "Code", source.clone())?;
                CodeProperty::new()
                    .s3_bucket(asset.bucket_name())
                    .s3_key(asset.object_key())
            }
        };
        let mut cfn_props = CfnFunctionProps::new(code, role.arn())
            .handler(props.handler.as_str())
            .logging_config(LoggingConfigProperty::new().log_group(log_group.log_group_name()))
            .memory_size(props.memory_size.to_mebibytes().unwrap_or_default())
            .runtime(props.runtime.cfn())
            .timeout(props.timeout.to_seconds().unwrap_or_default());
        if let Some(d) = &props.description {
            cfn_props = cfn_props.description(d.as_str());
        }
        if let Some(arch) = props.runtime.architecture() {
            cfn_props = cfn_props.architectures(vec![arch]);
        }
        if !props.environment.is_empty() {
            cfn_props = cfn_props
                .environment(EnvironmentProperty::new().variables(props.environment.clone()));
        }
        let resource = CfnFunction::new(&node, "Resource", cfn_props)?;
        if let Some(policy) = role.default_policy() {
            resource.add_dependency(&policy);
        }
        Ok(Function {
            node,
            resource,
            role,
            log_group,
        }
        .registered())
    }

    /// The function's ARN.
    pub fn function_arn(&self) -> Expr {
        self.resource.get_att("Arn")
    }

    /// The function's name.
    pub fn function_name(&self) -> Expr {
        self.resource.reference()
    }

    /// The function's execution role; grants to the function go here.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The function's log group.
    pub fn log_group(&self) -> &LogGroup {
        &self.log_group
    }

    /// The underlying `AWS::Lambda::Function`.
    pub fn resource(&self) -> &CfnFunction {
        &self.resource
    }

    /// The statement that allows invoking this function (and its versions).
    pub fn invoke_statement(&self) -> PolicyStatement {
        PolicyStatement::allow(
            ["lambda:InvokeFunction"],
            [
                self.function_arn(),
                Expr::join(":", [self.function_arn(), Expr::from("*")]),
            ],
        )
    }

    /// Allows `role` to invoke this function.
    pub fn grant_invoke(&self, role: &Role) -> Result<(), ConstructError> {
        role.add_to_policy(self.invoke_statement())
    }
}
