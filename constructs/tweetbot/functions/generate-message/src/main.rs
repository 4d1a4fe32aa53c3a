//! The Generate Message function's Lambda entry point (`bootstrap` in the zip that cargo-lambda
//! builds for the `provided.al2023` runtime).

use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        generate_message::handle(&event.payload)
    }))
    .await
}
