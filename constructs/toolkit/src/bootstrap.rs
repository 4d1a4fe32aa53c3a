//! `bootstrap`: the toolkit's own stack, holding the staging bucket for large templates, as in
//! AWS CDK. The bucket is private, encrypted, versioned, refuses plain HTTP, and expires old
//! template versions.

use cdk_core::{
    App, CfnOutput, CfnResource, CloudAssembly, Expr, Pseudo, Stack, StackProps, SynthError,
};

/// The default name of the toolkit's stack.
pub const DEFAULT_TOOLKIT_STACK: &str = "CDKToolkit";

/// The output holding the staging bucket's name.
pub const BUCKET_OUTPUT: &str = "StagingBucketName";

/// Days a replaced template version is kept.
pub const NONCURRENT_DAYS: u32 = 30;

/// The toolkit stack, synthesized.
///
/// ```
/// let assembly = cdk_toolkit::bootstrap::toolkit_assembly("CDKToolkit").unwrap();
/// let t = &assembly.stack("CDKToolkit").unwrap().template();
/// let bucket = &t["Resources"]["StagingBucket"]["Properties"];
/// assert_eq!(bucket["VersioningConfiguration"]["Status"], "Enabled");
/// assert_eq!(bucket["PublicAccessBlockConfiguration"]["BlockPublicPolicy"], true);
/// ```
pub fn toolkit_assembly(stack_name: &str) -> Result<CloudAssembly, SynthError> {
    build(stack_name)
        .map_err(|e| {
            SynthError::Validation(cdk_core::ValidationErrors(vec![
                cdk_core::ValidationError {
                    path: stack_name.to_string(),
                    message: e.to_string(),
                },
            ]))
        })?
        .synth()
}

fn build(stack_name: &str) -> Result<App, cdk_core::ConstructError> {
    let app = App::new();
    let stack = Stack::with_props(
        &app,
        stack_name,
        StackProps::default()
            .description("The toolkit's staging bucket for templates over 51,200 bytes"),
    )?;
    let bucket = CfnResource::new(&stack, "StagingBucket", "AWS::S3::Bucket")?;
    // The name templates refer to for their assets (cdk_core::assets::ASSETS_BUCKET): one
    // bucket per account and region holds both large templates and function code.
    bucket.set_property(
        "BucketName",
        Expr::sub(
            cdk_core::assets::ASSETS_BUCKET,
            Vec::<(String, Expr)>::new(),
        ),
    );
    bucket.set_property(
        "BucketEncryption",
        Expr::from(serde_json::json!({
            "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        })),
    );
    bucket.set_property(
        "LifecycleConfiguration",
        Expr::from(serde_json::json!({
            "Rules": [{
                "Id": "ExpireReplacedTemplates",
                "Status": "Enabled",
                "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_DAYS},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}
            }]
        })),
    );
    bucket.set_property(
        "PublicAccessBlockConfiguration",
        Expr::from(serde_json::json!({
            "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true
        })),
    );
    bucket.set_property(
        "VersioningConfiguration",
        Expr::from(serde_json::json!({"Status": "Enabled"})),
    );
    bucket.apply_removal_policy(cdk_core::RemovalPolicy::Retain);
    bucket.suppress_checkov(
        "CKV_AWS_18",
        "the bucket holds only templates the toolkit uploads; CloudTrail records its API calls, and access logs would need a second bucket of their own",
    );

    let policy = CfnResource::new(&stack, "StagingBucketPolicy", "AWS::S3::BucketPolicy")?;
    policy.set_property("Bucket", bucket.reference());
    policy.set_property(
        "PolicyDocument",
        Expr::map([
            ("Version", Expr::from("2012-10-17")),
            (
                "Statement",
                Expr::list([Expr::map([
                    ("Sid", Expr::from("DenyPlainHttp")),
                    ("Effect", Expr::from("Deny")),
                    ("Principal", Expr::from("*")),
                    ("Action", Expr::from("s3:*")),
                    (
                        "Resource",
                        Expr::list([
                            bucket.get_att("Arn"),
                            Expr::join("", [bucket.get_att("Arn"), Expr::from("/*")]),
                        ]),
                    ),
                    (
                        "Condition",
                        Expr::from(serde_json::json!({"Bool": {"aws:SecureTransport": "false"}})),
                    ),
                ])]),
            ),
        ]),
    );
    CfnOutput::new(&stack, BUCKET_OUTPUT, bucket.reference())?
        .description("The staging bucket for large templates");
    CfnOutput::new(&stack, "Region", Expr::pseudo(Pseudo::Region))?;
    Ok(app)
}
