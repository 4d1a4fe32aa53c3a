//! [`LambdaFunctions`]: a Lambda function's code (`UpdateFunctionCode` from the S3 object of
//! its new asset, or a new image), environment and description (`UpdateFunctionConfiguration`),
//! each waited for until Lambda says the update is done (`LastUpdateStatus`), as the next
//! update would otherwise be refused (`ResourceConflictException`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_lambda::types::{Environment, LastUpdateStatus};
use serde_json::Value;

use super::{HotswapFuture, HotswapTarget, ResourceUpdate};
use crate::aws::{aws_error, lambda_client, RegionalClients};
use crate::error::ToolkitError;

/// How long an update may stay in progress before the hotswap gives up.
const UPDATE_TIMEOUT: Duration = Duration::from_secs(300);

/// The Lambda target: `AWS::Lambda::Function`'s `Code` (S3 object or image), `Environment` and
/// `Description`.
#[derive(Debug, Default)]
pub struct LambdaFunctions {
    clients: RegionalClients<aws_sdk_lambda::Client>,
}

impl LambdaFunctions {
    /// The target, making a traced client per region when first needed.
    pub fn new() -> LambdaFunctions {
        LambdaFunctions::default()
    }

    fn client(&self, config: &aws_config::SdkConfig) -> aws_sdk_lambda::Client {
        self.clients.get(config, lambda_client)
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

impl HotswapTarget for LambdaFunctions {
    fn resource_type(&self) -> &'static str {
        "AWS::Lambda::Function"
    }

    fn properties(&self) -> &'static [&'static str] {
        &["Code", "Environment", "Description"]
    }

    fn check(
        &self,
        property: &str,
        _old: Option<&Value>,
        new: Option<&Value>,
    ) -> Result<(), String> {
        if property != "Code" {
            return Ok(());
        }
        let Some(code) = new.and_then(Value::as_object) else {
            return Err("a function without code cannot be hotswapped".into());
        };
        if code.contains_key("ZipFile") {
            return Err(
                "inline code (ZipFile) is deployed by CloudFormation; hotswap sends code from an S3 object (an asset) or an image".into(),
            );
        }
        if code.contains_key("S3Key") || code.contains_key("ImageUri") {
            Ok(())
        } else {
            Err("code without S3Key or ImageUri cannot be hotswapped".into())
        }
    }

    fn apply<'a>(
        &'a self,
        config: &'a aws_config::SdkConfig,
        update: &'a ResourceUpdate,
    ) -> HotswapFuture<'a> {
        Box::pin(async move {
            let client = self.client(config);
            let name = update.physical_id.as_str();
            let mut done = Vec::new();
            if update.changed.iter().any(|p| p == "Code") {
                let code = update.values.get("Code").cloned().unwrap_or(Value::Null);
                client
                    .update_function_code()
                    .function_name(name)
                    .set_s3_bucket(text(code.get("S3Bucket")))
                    .set_s3_key(text(code.get("S3Key")))
                    .set_s3_object_version(text(code.get("S3ObjectVersion")))
                    .set_image_uri(text(code.get("ImageUri")))
                    .send()
                    .await
                    .map_err(|e| {
                        aws_error(
                            format!("hotswapping the code of function {name} (UpdateFunctionCode)"),
                            &e,
                        )
                    })?;
                wait_updated(&client, name, "UpdateFunctionCode").await?;
                done.push("UpdateFunctionCode".to_string());
            }
            let environment = update.changed.iter().any(|p| p == "Environment");
            let description = update.changed.iter().any(|p| p == "Description");
            if environment || description {
                let mut request = client.update_function_configuration().function_name(name);
                if environment {
                    let variables: HashMap<String, String> = update
                        .values
                        .get("Environment")
                        .and_then(|e| e.get("Variables"))
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), text(Some(v)).unwrap_or_default()))
                        .collect();
                    request = request.environment(
                        Environment::builder()
                            .set_variables(Some(variables))
                            .build(),
                    );
                }
                if description {
                    request = request
                        .description(text(update.values.get("Description")).unwrap_or_default());
                }
                request.send().await.map_err(|e| {
                    aws_error(
                        format!(
                            "hotswapping the configuration of function {name} (UpdateFunctionConfiguration)"
                        ),
                        &e,
                    )
                })?;
                wait_updated(&client, name, "UpdateFunctionConfiguration").await?;
                done.push("UpdateFunctionConfiguration".to_string());
            }
            Ok(done)
        })
    }
}

/// Waits until the function's last update is no longer in progress; fails when it failed.
async fn wait_updated(
    client: &aws_sdk_lambda::Client,
    name: &str,
    operation: &str,
) -> Result<(), ToolkitError> {
    let started = Instant::now();
    let mut delay = Duration::from_millis(100);
    loop {
        let out = client
            .get_function_configuration()
            .function_name(name)
            .send()
            .await
            .map_err(|e| {
                aws_error(
                    format!("reading the update of function {name} (GetFunctionConfiguration)"),
                    &e,
                )
            })?;
        match out.last_update_status() {
            Some(LastUpdateStatus::InProgress) => {}
            Some(LastUpdateStatus::Failed) => {
                return Err(ToolkitError::Unexpected(format!(
                    "{operation} of function {name} failed: {}",
                    out.last_update_status_reason()
                        .unwrap_or("Lambda gave no reason")
                )))
            }
            _ => return Ok(()),
        }
        if started.elapsed() > UPDATE_TIMEOUT {
            return Err(ToolkitError::Unexpected(format!(
                "{operation} of function {name} was still in progress after {} s",
                UPDATE_TIMEOUT.as_secs()
            )));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_from_an_asset_or_an_image_can_be_hotswapped_inline_code_cannot() {
        let t = LambdaFunctions::new();
        assert!(t
            .check(
                "Code",
                None,
                Some(&json!({"S3Bucket": "b", "S3Key": "k.zip"}))
            )
            .is_ok());
        assert!(t
            .check("Code", None, Some(&json!({"ImageUri": "repo:tag"})))
            .is_ok());
        let err = t
            .check(
                "Code",
                None,
                Some(&json!({"ZipFile": "def handler(e, c): pass"})),
            )
            .unwrap_err();
        assert!(err.contains("inline code (ZipFile)"), "{err}");
        assert!(t.check("Environment", None, None).is_ok());
    }
}
