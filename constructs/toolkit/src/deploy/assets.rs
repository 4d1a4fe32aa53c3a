//! Publishing assets: each asset of a stack that changes is put in the assets bucket made by
//! `bootstrap`, under its content-hash key, unless the bucket already has that key. Nothing is
//! uploaded twice, and an asset not built (`--no-build`) stops the deploy before any change.

use aws_sdk_s3::primitives::ByteStream;

use super::plan::Plan;
use super::stage::Staging;
use crate::aws::aws_error;
use crate::bootstrap::BUCKET_OUTPUT;
use crate::cfn::Cfn;
use crate::engine::events::{AssetPublished, Event, Events};
use crate::error::ToolkitError;

/// Refuses plans whose assets were not built.
pub fn check_built(plans: &[Plan]) -> Result<(), ToolkitError> {
    for p in plans.iter().filter(|p| !p.unchanged) {
        if let Some(a) = p.artifact.assets.iter().find(|a| a.file.is_none()) {
            return Err(ToolkitError::AssetNotBuilt {
                stack: p.artifact.stack_name.clone(),
                asset: a.path.clone(),
            });
        }
    }
    Ok(())
}

/// Puts the assets of the changed `plans` (all of one region, whose clients are given) in
/// the assets bucket, skipping those it already holds.
pub async fn publish_assets(
    cfn: &Cfn,
    staging: &Staging,
    plans: &[&Plan],
    bootstrap: &str,
    events: &Events,
) -> Result<(), ToolkitError> {
    let pending: Vec<&&Plan> = plans
        .iter()
        .filter(|p| !p.unchanged && !p.artifact.assets.is_empty())
        .collect();
    let Some(first) = pending.first() else {
        return Ok(());
    };
    let bucket = match cfn.describe(&staging.toolkit_stack).await? {
        Some(s) => s.outputs.get(BUCKET_OUTPUT).cloned(),
        None => None,
    };
    let Some(bucket) = bucket else {
        return Err(ToolkitError::AssetsBucketMissing {
            stack: first.artifact.stack_name.clone(),
            region: first.region.clone(),
            toolkit_stack: staging.toolkit_stack.clone(),
            bootstrap: bootstrap.to_string(),
        });
    };
    for p in pending {
        for a in &p.artifact.assets {
            let Some(file) = &a.file else {
                return Err(ToolkitError::AssetNotBuilt {
                    stack: p.artifact.stack_name.clone(),
                    asset: a.path.clone(),
                });
            };
            let object = format!("s3://{bucket}/{}", a.key);
            let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            let present = staging
                .s3
                .head_object()
                .bucket(&bucket)
                .key(&a.key)
                .send()
                .await
                .is_ok();
            if !present {
                let body = ByteStream::from_path(file).await.map_err(|e| {
                    ToolkitError::Unexpected(format!(
                        "cannot read the asset {}: {e}",
                        file.display()
                    ))
                })?;
                staging
                    .s3
                    .put_object()
                    .bucket(&bucket)
                    .key(&a.key)
                    .content_type("application/zip")
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| {
                        aws_error(
                            format!(
                                "uploading the asset {} of stack {} to {object}",
                                a.path, p.artifact.stack_name
                            ),
                            &e,
                        )
                    })?;
            }
            events.emit(Event::AssetPublished(AssetPublished {
                stack: p.artifact.stack_name.clone(),
                asset: a.path.clone(),
                object,
                uploaded: !present,
                bytes,
            }));
        }
    }
    Ok(())
}
