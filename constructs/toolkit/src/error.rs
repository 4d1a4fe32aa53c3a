//! [`ToolkitError`]: what the toolkit's library reports, typed so that a caller can tell a failed
//! stack from a refused change, a refused approval or an AWS that could not be reached. Each
//! message says what went wrong, to what, and how to fix it.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::cfn::{ResourceStatus, StackStatus};
use crate::deploy::protect::DataLoss;

/// Why a call to AWS failed, as far as a caller needs to act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum AwsErrorKind {
    /// The service kept throttling, after every retry with backoff.
    Throttled,
    /// The endpoint could not be reached (connection refused, DNS, network).
    Unreachable,
    /// The request timed out.
    TimedOut,
    /// The credentials were refused (expired, unknown, badly signed).
    Credentials,
    /// The credentials are valid but not allowed to do this.
    AccessDenied,
    /// The service answered with an error, after any retries.
    Service {
        /// The error code (`ValidationError`, `InternalFailure`, ...).
        code: String,
    },
    /// The service answered an HTTP error status without an error code (a 5xx from a proxy or
    /// a failing endpoint, say), after any retries.
    HttpStatus {
        /// The HTTP status (`503`).
        status: u16,
    },
    /// Anything else (a response that could not be read, a request that could not be built).
    Other,
}

/// The first resource that failed in a stack operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailedResource {
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its status (`CREATE_FAILED`, ...).
    pub status: ResourceStatus,
    /// CloudFormation's reason.
    pub reason: Option<String>,
}

/// How a stack operation ended in failure: the stack's final status, and the first resource
/// that failed (else the stack's own reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StackFailure {
    /// The stack's status at the end (`None`: the stack is gone).
    pub status: Option<StackStatus>,
    /// The first resource that failed, when one did.
    pub resource: Option<FailedResource>,
    /// The stack's status reason, when no resource failed.
    pub reason: Option<String>,
}

impl fmt::Display for StackFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status.as_ref().map_or("DELETED", StackStatus::as_str);
        match (&self.resource, &self.reason) {
            (Some(r), _) => write!(
                f,
                "{status}: {} {} {}: {}",
                r.resource_type,
                r.logical_id,
                r.status,
                r.reason.as_deref().unwrap_or("no reason given")
            ),
            (None, Some(reason)) => write!(f, "{status}: {reason}"),
            (None, None) => f.write_str(status),
        }
    }
}

/// The stateful resources one stack's deploy would replace or delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataLossRefusal {
    /// The stack.
    pub stack: String,
    /// What it would lose.
    pub losses: Vec<DataLoss>,
}

impl fmt::Display for DataLossRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stack {}: this deploy would replace or delete resources that hold data, so it stopped before changing anything:",
            self.stack
        )?;
        for l in &self.losses {
            write!(f, "\n  {} ({}): {}", l.logical_id, l.resource_type, l.why)?;
        }
        f.write_str("\nRerun with --allow-replacement LOGICAL_ID for each one you accept to lose, or --allow-data-loss for all")
    }
}

fn lines<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// An export of a stack to destroy that a stack left in place imports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportInUse {
    /// The stack that exports it.
    pub stack: String,
    /// The export's name.
    pub export: String,
    /// The stacks that import it (ListImports) and are not destroyed with it.
    pub importers: Vec<String>,
}

fn exports_in_use(uses: &[ExportInUse]) -> String {
    let mut stacks: Vec<&str> = uses.iter().map(|u| u.stack.as_str()).collect();
    stacks.dedup();
    let mut importers: Vec<&str> = uses
        .iter()
        .flat_map(|u| u.importers.iter().map(String::as_str))
        .collect();
    importers.sort_unstable();
    importers.dedup();
    let subject = match stacks.as_slice() {
        [one] => format!("stack {one} exports"),
        many => format!("stacks {} export", many.join(", ")),
    };
    let mut out = format!(
        "{subject} values that other stacks import, so nothing was destroyed (CloudFormation refuses to delete an export in use):"
    );
    for u in uses {
        out.push_str(&format!(
            "\n  {} (from {}) is imported by {}",
            u.export,
            u.stack,
            u.importers.join(", ")
        ));
    }
    out.push_str(&format!(
        "\nDestroy {} first, or deploy {} without the references; destroy without --exclusively also takes the stacks of this app that depend on those named",
        importers.join(", "),
        if importers.len() == 1 { "it" } else { "them" }
    ));
    out
}

/// An error of the toolkit's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ToolkitError {
    /// A stack operation (create, update, import) ended in failure.
    #[error("stack {stack} failed: {failure}")]
    StackFailed {
        /// The stack.
        stack: String,
        /// How it failed.
        failure: Box<StackFailure>,
    },
    /// Deleting a stack failed.
    #[error("deleting stack {stack} failed: {failure}")]
    DeleteFailed {
        /// The stack.
        stack: String,
        /// How it failed.
        failure: Box<StackFailure>,
    },
    /// Importing retained resources into a stack created again failed.
    #[error("importing into stack {stack} failed: {failure}")]
    ImportFailed {
        /// The stack.
        stack: String,
        /// How it failed.
        failure: Box<StackFailure>,
    },
    /// The deploy would replace or delete resources that hold data, without an allowance.
    /// Nothing was changed.
    #[error("{}", lines(refusals))]
    DataLossRefused {
        /// Per stack, what would be lost.
        refusals: Vec<DataLossRefusal>,
    },
    /// A change that needs approval (IAM changes, a destroy) was not approved. Nothing was
    /// changed.
    #[error("{reason}")]
    ApprovalRefused {
        /// Why, in the words of whoever refused.
        reason: String,
    },
    /// A stack is in a state no deploy can go on from.
    #[error("{}", blocked(.stack, .status, .reason.as_deref(), .fix))]
    StackBlocked {
        /// The stack.
        stack: String,
        /// Its status.
        status: StackStatus,
        /// CloudFormation's reason.
        reason: Option<String>,
        /// What to do.
        fix: String,
    },
    /// Stacks to destroy have termination protection. Nothing was deleted.
    #[error(
        "{} termination protection, so nothing was destroyed: turn it off in the app (StackProps::termination_protection) and deploy, or run `aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name NAME`, then destroy again",
        protected_subject(.stacks)
    )]
    TerminationProtected {
        /// The protected stacks.
        stacks: Vec<String>,
    },
    /// Stacks to destroy export values that stacks left in place import (ListImports).
    /// Nothing was deleted.
    #[error("{}", exports_in_use(uses))]
    ExportsInUse {
        /// Each export in use, with its importers.
        uses: Vec<ExportInUse>,
    },
    /// A change set could not be computed.
    #[error("the {}change set for stack {stack} failed: {reason}", if *.import { "import " } else { "" })]
    ChangeSetFailed {
        /// The stack.
        stack: String,
        /// True for the change set that imports retained resources.
        import: bool,
        /// CloudFormation's reason.
        reason: String,
    },
    /// A stack was not deployed because a stack it depends on failed.
    #[error("not deployed: it depends on {dependency}, which failed")]
    DependencyFailed {
        /// The stack.
        stack: String,
        /// The dependency that failed.
        dependency: String,
    },
    /// A stack's asset was not built (synthesized with `--no-build`). Nothing was changed.
    #[error(
        "the asset {asset} of stack {stack} was not built (synthesized with --no-build), and a deploy needs its code: synthesize without --no-build"
    )]
    AssetNotBuilt {
        /// The stack.
        stack: String,
        /// The asset construct's path.
        asset: String,
    },
    /// A stack has assets, and there is no assets bucket to upload them to. Nothing was
    /// changed.
    #[error(
        "stack {stack} has assets (function code) to upload, and there is no assets bucket in {region}: run `{bootstrap}` once (it creates the stack {toolkit_stack} there)"
    )]
    AssetsBucketMissing {
        /// The stack.
        stack: String,
        /// The stack's region.
        region: String,
        /// The toolkit stack that holds the bucket.
        toolkit_stack: String,
        /// The command that makes it.
        bootstrap: String,
    },
    /// A template too large to pass inline, and no staging bucket to upload it to.
    #[error(
        "the template of stack {stack} is {bytes} bytes, over the 51,200 bytes CloudFormation takes inline, and there is no staging bucket to upload it to in {region}: run `{bootstrap}` once (it creates the stack {toolkit_stack} there)"
    )]
    StagingBucketMissing {
        /// The stack.
        stack: String,
        /// Its template's size.
        bytes: usize,
        /// The stack's region, where the bucket is needed.
        region: String,
        /// The toolkit stack that holds the bucket.
        toolkit_stack: String,
        /// The command that makes it.
        bootstrap: String,
    },
    /// `--parameters` gives a value for a parameter the stack's template does not declare.
    /// Nothing was changed.
    #[error(
        "stack {stack} has no parameter {parameter} ({}): check the name in --parameters {stack}:{parameter}=...",
        declared_list(declared)
    )]
    ParameterNotInTemplate {
        /// The stack.
        stack: String,
        /// The name given.
        parameter: String,
        /// The parameters its template declares.
        declared: Vec<String>,
    },
    /// `--parameters` gives a value without a stack for a name no stack of the command
    /// declares. Nothing was changed.
    #[error(
        "no stack of this command ({}) has a parameter {parameter}: check the name in --parameters {parameter}=..., or name its stack (STACK:{parameter}=...)",
        stacks.join(", ")
    )]
    ParameterInNoStack {
        /// The name given.
        parameter: String,
        /// The stacks the command goes through.
        stacks: Vec<String>,
    },
    /// Parameters without a `Default`, neither given nor kept from an earlier deploy. Nothing
    /// was changed.
    #[error(
        "stack {stack}: {} no value: the template gives {} no Default and the stack has none from an earlier deploy; pass {}. Nothing was changed",
        missing_subject(parameters),
        if parameters.len() == 1 { "it" } else { "them" },
        missing_fix(stack, parameters)
    )]
    ParameterMissing {
        /// The stack.
        stack: String,
        /// The parameters without a value.
        parameters: Vec<String>,
    },
    /// A stack is pinned to an account (`StackProps::env`) other than the credentials'.
    /// Nothing was changed.
    #[error(
        "stack {stack} is pinned to account {account} (StackProps::env), but the credentials are for account {credentials}: use credentials of account {account} (e.g. --profile), or change the stack's environment. Nothing was changed"
    )]
    WrongAccount {
        /// The stack.
        stack: String,
        /// Its account.
        account: String,
        /// The credentials' account (STS GetCallerIdentity).
        credentials: String,
    },
    /// A call to AWS failed (after the SDK's retries).
    #[error("{operation}: {message}")]
    Aws {
        /// What the toolkit was doing (`describing stack TweetBot`).
        operation: String,
        /// Why it failed, for a caller to act on.
        kind: AwsErrorKind,
        /// The service's code and message, or why the endpoint could not be reached.
        message: String,
    },
    /// No AWS region is configured.
    #[error(
        "no AWS region is configured: set AWS_REGION, give the profile a region, or pass --region"
    )]
    NoRegion,
    /// No AWS credentials could be found.
    #[error("no AWS credentials found ({detail}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use a profile (--profile)")]
    NoCredentials {
        /// What the credential chain said.
        detail: String,
    },
    /// `--profile` names a profile that no profile file defines. Nothing was asked of AWS.
    #[error(
        "the AWS profile '{profile}' does not exist in {} ({}): check --profile; nothing was asked of AWS",
        files.join(" or "),
        known_profiles(known)
    )]
    NoSuchProfile {
        /// The profile named.
        profile: String,
        /// The profile files read.
        files: Vec<String>,
        /// The profiles they define.
        known: Vec<String>,
    },
    /// The profile files could not be read. Nothing was asked of AWS.
    #[error("cannot read the AWS profile files ({}): {detail}", files.join(", "))]
    ProfileFiles {
        /// The profile files.
        files: Vec<String>,
        /// Why.
        detail: String,
    },
    /// A region name that is not one (`--region not-a-region`). Nothing was asked of AWS.
    #[error("{from}: {problem}; nothing was asked of AWS")]
    BadRegion {
        /// Where it came from (`--region`, or the configured region).
        from: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Loading the AWS configuration took too long.
    #[error("loading the AWS configuration took over 8 s; set AWS_REGION and credentials explicitly (AWS_EC2_METADATA_DISABLED=true skips the instance metadata service)")]
    ConfigTimeout,
    /// A stack named on the command line (or in options) is not in the assembly.
    #[error("no stack named '{name}' in this app; its stacks are: {}", known.join(", "))]
    UnknownStack {
        /// The name given.
        name: String,
        /// The stacks there are.
        known: Vec<String>,
    },
    /// A directory that should hold a cloud assembly does not, or holds one this toolkit
    /// cannot read.
    #[error("{}: {problem}", path.display())]
    Assembly {
        /// The directory or file.
        path: PathBuf,
        /// What is wrong, and what to do.
        problem: String,
    },
    /// A template read from CloudFormation (or an assembly) is not JSON.
    #[error("the {what} template of stack {stack} is not JSON: {message}")]
    BadTemplate {
        /// The stack.
        stack: String,
        /// `deployed` or `synthesized`.
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A data store that `--include-data` was to delete is still there.
    #[error("{source}; its stack is destroyed and the store is kept: run destroy --include-data again, or delete it yourself")]
    StoreNotDeleted {
        /// The store's name.
        store: String,
        /// Why.
        #[source]
        source: Box<ToolkitError>,
    },
    /// `--hotswap`: stacks have changes that cannot be hotswapped. Nothing was changed.
    #[error("{}", hotswap_refused(stacks))]
    HotswapRefused {
        /// Per stack, the changes that cannot be hotswapped.
        stacks: Vec<HotswapRefusal>,
    },
    /// Something the toolkit did not expect of an answer from AWS.
    #[error("{0}")]
    Unexpected(String),
}

/// The changes of one stack that `--hotswap` cannot make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HotswapRefusal {
    /// The stack.
    pub stack: String,
    /// The changes, each with why.
    pub changes: Vec<crate::hotswap::NotHotswappable>,
}

fn hotswap_refused(stacks: &[HotswapRefusal]) -> String {
    let mut out = String::from(
        "--hotswap cannot make every change, so nothing was changed (a full deploy through CloudFormation is needed for these):",
    );
    for s in stacks {
        out.push_str(&format!("\n  stack {}:", s.stack));
        for c in &s.changes {
            out.push_str(&format!("\n    {c}"));
        }
    }
    out.push_str("\nRerun with --hotswap-fallback to deploy such stacks through CloudFormation (and hotswap the others), or without --hotswap");
    out
}

fn blocked(stack: &str, status: &StackStatus, reason: Option<&str>, fix: &str) -> String {
    let reason = reason.unwrap_or("see the stack's events");
    match status {
        StackStatus::UpdateRollbackFailed => format!(
            "stack {stack} is in {status}: a rollback could not undo a failed update. Fix the cause ({reason}), then {fix}"
        ),
        _ => format!("stack {stack} is in {status} ({reason}); {fix}"),
    }
}

fn declared_list(declared: &[String]) -> String {
    if declared.is_empty() {
        "its template declares none".to_string()
    } else {
        format!("its template declares {}", declared.join(", "))
    }
}

fn missing_subject(parameters: &[String]) -> String {
    match parameters {
        [one] => format!("parameter {one} has"),
        many => format!("parameters {} have", many.join(", ")),
    }
}

fn missing_fix(stack: &str, parameters: &[String]) -> String {
    parameters
        .iter()
        .map(|p| format!("--parameters {stack}:{p}=VALUE"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "they define no profile".to_string()
    } else {
        format!("profiles there: {}", known.join(", "))
    }
}

fn protected_subject(stacks: &[String]) -> String {
    match stacks {
        [one] => format!("stack {one} has"),
        many => format!("stacks {} have", many.join(", ")),
    }
}

impl ToolkitError {
    /// The AWS error kind, when the error is a failed AWS call.
    pub fn aws_kind(&self) -> Option<&AwsErrorKind> {
        match self {
            ToolkitError::Aws { kind, .. } => Some(kind),
            ToolkitError::StoreNotDeleted { source, .. } => source.aws_kind(),
            _ => None,
        }
    }

    /// The stack the error is about, when it is about one.
    pub fn stack(&self) -> Option<&str> {
        match self {
            ToolkitError::StackFailed { stack, .. }
            | ToolkitError::DeleteFailed { stack, .. }
            | ToolkitError::ImportFailed { stack, .. }
            | ToolkitError::StackBlocked { stack, .. }
            | ToolkitError::ChangeSetFailed { stack, .. }
            | ToolkitError::DependencyFailed { stack, .. }
            | ToolkitError::StagingBucketMissing { stack, .. }
            | ToolkitError::AssetNotBuilt { stack, .. }
            | ToolkitError::AssetsBucketMissing { stack, .. }
            | ToolkitError::ParameterNotInTemplate { stack, .. }
            | ToolkitError::ParameterMissing { stack, .. }
            | ToolkitError::WrongAccount { stack, .. }
            | ToolkitError::BadTemplate { stack, .. } => Some(stack),
            ToolkitError::HotswapRefused { stacks } if stacks.len() == 1 => Some(&stacks[0].stack),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_stack_the_cause_and_the_fix() {
        let blocked = ToolkitError::StackBlocked {
            stack: "Demo".into(),
            status: StackStatus::UpdateRollbackFailed,
            reason: Some("Resource Table failed to roll back".into()),
            fix: StackStatus::UpdateRollbackFailed
                .blocked_deploy_fix("Demo")
                .unwrap(),
        };
        assert_eq!(
            blocked.to_string(),
            "stack Demo is in UPDATE_ROLLBACK_FAILED: a rollback could not undo a failed update. Fix the cause (Resource Table failed to roll back), then run `aws cloudformation continue-update-rollback --stack-name Demo` and deploy again"
        );
        let deleted = ToolkitError::StackBlocked {
            stack: "Demo".into(),
            status: StackStatus::DeleteFailed,
            reason: None,
            fix: StackStatus::DeleteFailed
                .blocked_deploy_fix("Demo")
                .unwrap(),
        };
        assert_eq!(
            deleted.to_string(),
            "stack Demo is in DELETE_FAILED (see the stack's events); destroy it again once the cause is fixed"
        );
        let failed = ToolkitError::StackFailed {
            stack: "Demo".into(),
            failure: Box::new(StackFailure {
                status: Some(StackStatus::RollbackComplete),
                resource: Some(FailedResource {
                    logical_id: "Table".into(),
                    resource_type: "AWS::DynamoDB::Table".into(),
                    status: ResourceStatus::CreateFailed,
                    reason: Some("bad name".into()),
                }),
                reason: None,
            }),
        };
        assert_eq!(
            failed.to_string(),
            "stack Demo failed: ROLLBACK_COMPLETE: AWS::DynamoDB::Table Table CREATE_FAILED: bad name"
        );
        assert_eq!(failed.stack(), Some("Demo"));
        let protected = ToolkitError::TerminationProtected {
            stacks: vec!["Data".into()],
        };
        assert!(protected
            .to_string()
            .starts_with("stack Data has termination protection, so nothing was destroyed"));
    }
}
