//! [`StateMachines`]: the hotswap target of state machines (`deploy --hotswap`): a new
//! definition (`Definition` or `DefinitionString`, with its `DefinitionSubstitutions` applied as
//! CloudFormation applies them) is sent with `UpdateStateMachine`. Registered on the toolkit's
//! engine by the Step Functions verbs ([`crate::StepFunctionsVerbs`]), so that an app without a
//! state machine links no Step Functions SDK.

use cdk_toolkit::aws::{aws_error, RegionalClients};

use crate::client::sfn_client;
use cdk_toolkit::hotswap::{HotswapFuture, HotswapTarget, ResourceUpdate};
use cdk_toolkit::ToolkitError;
use serde_json::Value;

/// The properties of an `AWS::StepFunctions::StateMachine` that make its definition.
const DEFINITION: [&str; 3] = ["Definition", "DefinitionString", "DefinitionSubstitutions"];

/// The state machine target.
#[derive(Debug, Default)]
pub struct StateMachines {
    clients: RegionalClients<aws_sdk_sfn::Client>,
}

impl StateMachines {
    /// The target, making a traced client per region when first needed.
    pub fn new() -> StateMachines {
        StateMachines::default()
    }

    fn client(&self, config: &aws_config::SdkConfig) -> aws_sdk_sfn::Client {
        self.clients.get(config, sfn_client)
    }
}

/// The definition a state machine's resolved properties make: `DefinitionString`, or
/// `Definition` as compact JSON, with each `${NAME}` of `DefinitionSubstitutions` replaced by
/// its value (as CloudFormation does).
pub fn definition(values: &indexmap::IndexMap<String, Value>) -> Result<String, String> {
    let mut text = match (values.get("DefinitionString"), values.get("Definition")) {
        (Some(Value::String(s)), _) => s.clone(),
        (_, Some(d @ Value::Object(_))) => d.to_string(),
        _ => return Err("the state machine has no Definition nor DefinitionString".into()),
    };
    if let Some(subs) = values
        .get("DefinitionSubstitutions")
        .and_then(Value::as_object)
    {
        for (name, value) in subs {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text = text.replace(&format!("${{{name}}}"), &value);
        }
    }
    Ok(text)
}

impl HotswapTarget for StateMachines {
    fn resource_type(&self) -> &'static str {
        "AWS::StepFunctions::StateMachine"
    }

    fn properties(&self) -> &'static [&'static str] {
        &DEFINITION
    }

    fn inputs(&self, _changed: &[String]) -> Vec<String> {
        DEFINITION.iter().map(|p| p.to_string()).collect()
    }

    fn apply<'a>(
        &'a self,
        config: &'a aws_config::SdkConfig,
        update: &'a ResourceUpdate,
    ) -> HotswapFuture<'a> {
        Box::pin(async move {
            let arn = update.physical_id.as_str();
            let definition = definition(&update.values).map_err(|why| {
                ToolkitError::Unexpected(format!("hotswapping state machine {arn}: {why}"))
            })?;
            self.client(config)
                .update_state_machine()
                .state_machine_arn(arn)
                .definition(definition)
                .send()
                .await
                .map_err(|e| {
                    aws_error(
                        format!("hotswapping the definition of state machine {arn} (UpdateStateMachine)"),
                        &e,
                    )
                })?;
            Ok(vec!["UpdateStateMachine".to_string()])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn substitutions_are_applied_to_the_definition_as_cloudformation_does() {
        let values = [
            ("Definition".to_string(), json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}", "End": true}}})),
            ("DefinitionSubstitutions".to_string(), json!({"Fn": "arn:aws:lambda:us-east-1:1:function:f"})),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            definition(&values).unwrap(),
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}}"#
        );
        let values = [
            (
                "DefinitionString".to_string(),
                json!("{\"StartAt\":\"${X}\"}"),
            ),
            ("DefinitionSubstitutions".to_string(), json!({"X": 5})),
        ]
        .into_iter()
        .collect();
        assert_eq!(definition(&values).unwrap(), "{\"StartAt\":\"5\"}");
        assert!(definition(&Default::default()).is_err());
    }
}
