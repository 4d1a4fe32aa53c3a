//! The Find Tweet function's Lambda entry point (`bootstrap` in the zip that cargo-lambda builds
//! for the `provided.al2023` runtime).

use find_tweet::FindTweet;
use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let function = match FindTweet::from_env().await {
        Ok(function) => function,
        Err(error) => {
            tracing::error!(error = %error, "Find Tweet cannot start");
            return Err(error.into());
        }
    };
    let function = &function;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        function.handle(&event.payload).await
    }))
    .await
}
