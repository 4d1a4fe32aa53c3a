//! Finding the deployed state machine from its stack's outputs, never by guessing names.

use cdk_toolkit::assembly::{Assembly, AssemblyStack};
use cdk_toolkit::cfn::Cfn;
use serde_json::Value;

use crate::error::SfnError;

/// An output of the app that holds a state machine's ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineOutput {
    /// The stack name.
    pub stack: String,
    /// The output key.
    pub output_key: String,
    /// The state machine's logical ID.
    pub logical_id: String,
}

/// Outputs of the synthesized stacks whose value is a `Ref` to a state machine (its ARN),
/// limited to `stack` when given.
pub fn state_machine_outputs(
    assembly: &Assembly,
    stack: Option<&str>,
) -> Result<Vec<MachineOutput>, SfnError> {
    let names: Vec<String> = stack.map(str::to_string).into_iter().collect();
    let mut out = Vec::new();
    for s in assembly.select(&names)? {
        let resources = &s.template()["Resources"];
        for (key, o) in s.template()["Outputs"].as_object().into_iter().flatten() {
            let Some(lid) = o["Value"]["Ref"].as_str() else {
                continue;
            };
            if resources[lid]["Type"] == "AWS::StepFunctions::StateMachine" {
                out.push(MachineOutput {
                    stack: s.stack_name.clone(),
                    output_key: key.clone(),
                    logical_id: lid.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// The one state machine output of the app (or of `stack`): an error names the candidates
/// when there are several, and says how to add one when there is none.
pub fn single_output(assembly: &Assembly, stack: Option<&str>) -> Result<MachineOutput, SfnError> {
    let mut all = state_machine_outputs(assembly, stack)?;
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err(SfnError::NoStateMachine),
        _ => Err(SfnError::SeveralStateMachines {
            names: all
                .iter()
                .map(|o| format!("{}.{}", o.stack, o.output_key))
                .collect(),
        }),
    }
}

/// The deployed ARN of the state machine behind `output`.
pub async fn deployed_arn(cfn: &Cfn, output: &MachineOutput) -> Result<String, SfnError> {
    let Some(stack) = cfn.describe(&output.stack).await? else {
        return Err(SfnError::NotDeployed {
            stack: output.stack.clone(),
        });
    };
    match stack.outputs.get(&output.output_key) {
        Some(arn) => Ok(arn.clone()),
        None => Err(SfnError::MissingOutput {
            stack: output.stack.clone(),
            output: output.output_key.clone(),
            status: stack.status,
        }),
    }
}

/// The synthesized definition of the state machine behind `output`.
pub fn machine_definition<'a>(
    artifact: &'a AssemblyStack,
    output: &MachineOutput,
) -> Option<&'a Value> {
    artifact.template()["Resources"][&output.logical_id]["Properties"].get("Definition")
}

/// True when the synthesized template makes the state machine behind `output` an Express one
/// (`StateMachineType: EXPRESS`); what `run` goes by when the deployed machine cannot be
/// described.
pub fn express_in_template(assembly: &Assembly, output: &MachineOutput) -> bool {
    assembly.stack(&output.stack).is_some_and(|s| {
        s.template()["Resources"][&output.logical_id]["Properties"]["StateMachineType"] == "EXPRESS"
    })
}
