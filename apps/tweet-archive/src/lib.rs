//! A tweet archive, written with the typed L1 constructs of `cdk-cfn` only: one stack,
//! `TweetArchive`, with
//! - `Archive`: the S3 bucket the tweets are kept in: named by a setting, encrypted (SSE-S3),
//!   versioned, public access blocked, plain HTTP refused by its policy, and kept when the stack
//!   is destroyed (Retain);
//! - `Schedule`: an EventBridge rule that fires every hour and publishes to
//! - `Ticks`: an SNS topic (its policy lets EventBridge, for this rule only, publish), to which
//! - `Inbox`: an SQS queue is subscribed (its policy lets the topic, only it, send).
//!
//! ```
//! let app = tweet_archive::build(&tweet_archive::Settings::default())?;
//! let t = app.synth()?.stack("TweetArchive").unwrap().template().clone();
//! assert_eq!(t["Resources"]["Archive"]["Properties"]["BucketName"], "tweet-archive");
//! assert_eq!(t["Resources"]["Archive"]["DeletionPolicy"], "Retain");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

use cdk_cfn::events::cfn_rule::{State, TargetProperty};
use cdk_cfn::events::{CfnRule, CfnRuleProps};
use cdk_cfn::s3::cfn_bucket::{
    BucketEncryptionProperty, PublicAccessBlockConfigurationProperty, SSEAlgorithm,
    ServerSideEncryptionByDefaultProperty, ServerSideEncryptionRuleProperty, Status,
    VersioningConfigurationProperty,
};
use cdk_cfn::s3::{CfnBucket, CfnBucketPolicy, CfnBucketPolicyProps, CfnBucketProps};
use cdk_cfn::sns::cfn_topic::SubscriptionProperty;
use cdk_cfn::sns::{CfnTopic, CfnTopicPolicy, CfnTopicPolicyProps, CfnTopicProps};
use cdk_cfn::sqs::{CfnQueue, CfnQueuePolicy, CfnQueuePolicyProps, CfnQueueProps};
use cdk_core::{App, CfnOutput, Construct, ConstructError, Expr, RemovalPolicy, Stack, StackProps};

/// How often the schedule fires.
pub const SCHEDULE: &str = "rate(1 hour)";

/// The archive's settings; every one has a default and a flag.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Tweet archive settings")]
pub struct Settings {
    /// Name of the stack.
    #[arg(long, global = true, default_value = "TweetArchive")]
    pub stack_name: String,
    /// Name of the archive's S3 bucket (S3 names are global: choose your own on AWS). Changing
    /// it replaces the bucket, which a deploy refuses unless allowed.
    #[arg(long, global = true, default_value = "tweet-archive", value_parser = check_bucket_name)]
    pub bucket_name: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stack_name: "TweetArchive".into(),
            bucket_name: "tweet-archive".into(),
        }
    }
}

/// Checks an S3 bucket name against S3's naming rules; the error says which rule it breaks.
///
/// ```
/// assert!(tweet_archive::check_bucket_name("tweet-archive").is_ok());
/// let err = tweet_archive::check_bucket_name("Tweet_Archive").unwrap_err();
/// assert!(err.contains("lowercase letters, digits, hyphens and dots"), "{err}");
/// ```
pub fn check_bucket_name(name: &str) -> Result<String, String> {
    let fail = |why: &str| Err(format!("invalid bucket name {name:?}: {why}"));
    if !(3..=63).contains(&name.len()) {
        return fail("a bucket name has 3 to 63 characters");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        return fail("use only lowercase letters, digits, hyphens and dots");
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return fail("it must start and end with a letter or a digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return fail("a dot must not be next to another dot or a hyphen");
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return fail("it must not look like an IP address");
    }
    if name.starts_with("xn--") || name.starts_with("sthree-") || name.ends_with("-s3alias") {
        return fail("the prefixes xn-- and sthree- and the suffix -s3alias are reserved");
    }
    Ok(name.to_string())
}

fn statement(entries: impl IntoIterator<Item = (&'static str, Expr)>) -> Expr {
    Expr::map(entries)
}

fn policy(statements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::map([
        ("Version", Expr::from("2012-10-17")),
        ("Statement", Expr::list(statements)),
    ])
}

fn only_from(source_arn: Expr) -> Expr {
    Expr::map([("ArnEquals", Expr::map([("aws:SourceArn", source_arn)]))])
}

/// Builds the archive.
pub fn build(settings: &Settings) -> Result<App, ConstructError> {
    let app = App::new();
    let stack = Stack::with_props(
        &app,
        &settings.stack_name,
        StackProps::default().description(
            "Tweet archive: a retained bucket, and an hourly schedule fanned out to a queue",
        ),
    )?;

    let bucket = CfnBucket::new(
        &stack,
        "Archive",
        CfnBucketProps::new()
            .bucket_name(settings.bucket_name.as_str())
            .bucket_encryption(BucketEncryptionProperty::new(vec![
                ServerSideEncryptionRuleProperty::new().server_side_encryption_by_default(
                    ServerSideEncryptionByDefaultProperty::new(SSEAlgorithm::Aes256),
                ),
            ]))
            .versioning_configuration(VersioningConfigurationProperty::new(Status::Enabled))
            .public_access_block_configuration(
                PublicAccessBlockConfigurationProperty::new()
                    .block_public_acls(true)
                    .block_public_policy(true)
                    .ignore_public_acls(true)
                    .restrict_public_buckets(true),
            ),
    )?;
    bucket.apply_removal_policy(RemovalPolicy::Retain);
    bucket.suppress_checkov(
        "CKV_AWS_18",
        "server access logs would need a second bucket of their own; CloudTrail records the archive's API calls",
    );
    if let Err(e) = check_bucket_name(&settings.bucket_name) {
        bucket.node().add_validation(move || vec![e.clone()]);
    }
    CfnBucketPolicy::new(
        &stack,
        "ArchivePolicy",
        CfnBucketPolicyProps::new(
            bucket.reference(),
            policy([statement([
                ("Sid", Expr::from("DenyPlainHttp")),
                ("Effect", Expr::from("Deny")),
                ("Principal", Expr::from("*")),
                ("Action", Expr::from("s3:*")),
                (
                    "Resource",
                    Expr::list([
                        bucket.attr_arn(),
                        Expr::join("", [bucket.attr_arn(), Expr::from("/*")]),
                    ]),
                ),
                (
                    "Condition",
                    Expr::map([(
                        "Bool",
                        Expr::map([("aws:SecureTransport", Expr::from("false"))]),
                    )]),
                ),
            ])]),
        ),
    )?;

    let queue = CfnQueue::new(
        &stack,
        "Inbox",
        CfnQueueProps::new()
            .sqs_managed_sse_enabled(true)
            .message_retention_period(4 * 24 * 3600),
    )?;
    queue.suppress_checkov(
        "CKV_AWS_27",
        "the queue is encrypted at rest with SQS-managed keys (SqsManagedSseEnabled), which checkov does not count; the AWS-managed KMS key alias/aws/sqs would stop SNS from delivering to it",
    );
    let topic = CfnTopic::new(
        &stack,
        "Ticks",
        CfnTopicProps::new()
            .display_name("Tweet archive schedule")
            .subscription(vec![SubscriptionProperty::new(queue.attr_arn(), "sqs")]),
    )?;
    topic.suppress_checkov(
        "CKV_AWS_26",
        "the topic carries only EventBridge's schedule ticks, no tweet; and EventBridge cannot publish to a topic encrypted with the AWS-managed key alias/aws/sns",
    );
    CfnQueuePolicy::new(
        &stack,
        "InboxPolicy",
        CfnQueuePolicyProps::new(
            policy([statement([
                ("Sid", Expr::from("TicksSend")),
                ("Effect", Expr::from("Allow")),
                (
                    "Principal",
                    Expr::map([("Service", Expr::from("sns.amazonaws.com"))]),
                ),
                ("Action", Expr::from("sqs:SendMessage")),
                ("Resource", queue.attr_arn()),
                ("Condition", only_from(topic.reference())),
            ])]),
            vec![queue.reference()],
        ),
    )?;

    let rule = CfnRule::new(
        &stack,
        "Schedule",
        CfnRuleProps::new()
            .description("Hourly: time to archive the tweets found since the last tick")
            .schedule_expression(SCHEDULE)
            .state(State::Enabled)
            .targets(vec![TargetProperty::new(topic.reference(), "Ticks")]),
    )?;
    CfnTopicPolicy::new(
        &stack,
        "TicksPolicy",
        CfnTopicPolicyProps::new(
            policy([statement([
                ("Sid", Expr::from("SchedulePublish")),
                ("Effect", Expr::from("Allow")),
                (
                    "Principal",
                    Expr::map([("Service", Expr::from("events.amazonaws.com"))]),
                ),
                ("Action", Expr::from("sns:Publish")),
                ("Resource", topic.reference()),
                ("Condition", only_from(rule.attr_arn())),
            ])]),
            vec![topic.reference()],
        ),
    )?;

    CfnOutput::new(&stack, "BucketName", bucket.reference())?;
    CfnOutput::new(&stack, "TopicArn", topic.reference())?;
    CfnOutput::new(&stack, "QueueUrl", queue.reference())?;
    CfnOutput::new(&stack, "RuleArn", rule.attr_arn())?;
    Ok(app)
}
