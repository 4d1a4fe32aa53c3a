//! Templates over 51,200 bytes: uploaded to the staging bucket made by `bootstrap`, then
//! deployed by URL.

use aws_sdk_s3::primitives::ByteStream;
use md5::{Digest, Md5};

use super::plan::Plan;
use crate::aws::aws_error;
use crate::bootstrap::BUCKET_OUTPUT;
use crate::cfn::Cfn;
use crate::engine::events::{Event, Events, TemplateStaged};
use crate::error::ToolkitError;

/// Where uploads go: the S3 client, and how its URLs are written.
#[derive(Clone, Debug)]
pub struct Staging {
    /// The S3 client.
    pub s3: aws_sdk_s3::Client,
    /// A custom endpoint (`AWS_ENDPOINT_URL`), addressed path-style; `None` for AWS.
    pub endpoint: Option<String>,
    /// The region, for AWS URLs.
    pub region: String,
    /// The bootstrap stack's name.
    pub toolkit_stack: String,
}

impl Staging {
    /// An S3 client from the loaded configuration: path-style when an endpoint is configured.
    pub fn new(config: &aws_config::SdkConfig, toolkit_stack: &str) -> Staging {
        let endpoint = config
            .endpoint_url()
            .map(|e| e.trim_end_matches('/').to_string());
        Staging {
            s3: crate::aws::s3_client(config),
            endpoint,
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            toolkit_stack: toolkit_stack.to_string(),
        }
    }

    fn url(&self, bucket: &str, key: &str) -> String {
        match &self.endpoint {
            Some(e) => format!("{e}/{bucket}/{key}"),
            None => format!("https://{bucket}.s3.{}.amazonaws.com/{key}", self.region),
        }
    }
}

/// Uploads the template of every plan that needs it (too large to pass inline, and changed),
/// and records its URL in the plan. The plans are of one region, whose `cfn` and `staging`
/// clients are given. Fails before anything is deployed when that region's staging bucket is
/// missing, saying which command makes it (`bootstrap`, e.g. `my-app bootstrap --region
/// eu-west-1`).
pub async fn stage_templates(
    cfn: &Cfn,
    staging: &Staging,
    plans: &mut [&mut Plan],
    bootstrap: &str,
    events: &Events,
) -> Result<(), ToolkitError> {
    let pending: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].artifact.requires_upload && !plans[i].unchanged)
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    let bucket = match cfn.describe(&staging.toolkit_stack).await? {
        Some(s) => s.outputs.get(BUCKET_OUTPUT).cloned(),
        None => None,
    };
    let Some(bucket) = bucket else {
        let p = &plans[pending[0]];
        return Err(ToolkitError::StagingBucketMissing {
            stack: p.artifact.stack_name.clone(),
            bytes: p.artifact.template_json.len(),
            region: p.region.clone(),
            toolkit_stack: staging.toolkit_stack.clone(),
            bootstrap: bootstrap.to_string(),
        });
    };
    for i in pending {
        let artifact = &plans[i].artifact;
        let digest: String = Md5::digest(artifact.template_json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let key = format!("templates/{}-{digest}.json", artifact.stack_name);
        staging
            .s3
            .put_object()
            .bucket(&bucket)
            .key(&key)
            .content_type("application/json")
            .body(ByteStream::from(
                artifact.template_json.clone().into_bytes(),
            ))
            .send()
            .await
            .map_err(|e| {
                aws_error(
                    format!(
                        "uploading the template of stack {} to s3://{bucket}/{key}",
                        artifact.stack_name
                    ),
                    &e,
                )
            })?;
        let url = staging.url(&bucket, &key);
        events.emit(Event::TemplateStaged(TemplateStaged {
            stack: artifact.stack_name.clone(),
            url: url.clone(),
        }));
        plans[i].template_url = Some(url);
    }
    Ok(())
}
