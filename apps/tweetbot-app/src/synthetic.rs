//! Synthetic apps for benchmarks: `stacks` stacks of TweetBot-shaped constructs; the state
//! machines of every stack but the first store into the first stack's tables (a cross-stack
//! reference per stack, and stacks independent of each other otherwise).
//!
//! ```
//! let app = tweetbot_app::synthetic::app(3, 1)?;
//! let assembly = app.synth()?;
//! assert_eq!(assembly.stacks.len(), 3);
//! assert_eq!(assembly.stacks[2].dependencies, ["Stack0"]);
//! let resources = assembly.stacks[0].template()["Resources"].as_object().unwrap().len();
//! assert_eq!(resources, tweetbot_app::synthetic::RESOURCES_PER_UNIT);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use cdk_aws::stepfunctions::{StateMachine, StateMachineProps};
use cdk_core::{App, CfnOutput, CfnResource, ConstructError, Stack};
use cdk_tweetbot::{SmsNotifier, SmsNotifierProps, TweetStore, TweetStoreProps};

/// Resources per unit: a table, a notifier (role, policy, log group, function), a state
/// machine (role, policy, log group, machine) and an SSM parameter publishing its ARN.
pub const RESOURCES_PER_UNIT: usize = 10;

/// An app of `stacks` stacks with `units` units each; every unit adds
/// [`RESOURCES_PER_UNIT`] resources and one output.
pub fn app(stacks: usize, units: usize) -> Result<App, ConstructError> {
    let app = App::new();
    let mut first: Option<Vec<TweetStore>> = None;
    for s in 0..stacks {
        let stack = Stack::new(&app, &format!("Stack{s}"))?;
        let mut stores = Vec::with_capacity(units);
        for u in 0..units {
            let store = TweetStore::new(
                &stack,
                &format!("Store{u}"),
                TweetStoreProps::default().table_name(format!("tweets-{s}-{u}")),
            )?;
            let notifier =
                SmsNotifier::new(&stack, &format!("Notifier{u}"), SmsNotifierProps::default())?;
            let target = first.as_ref().map_or(&store, |p| &p[u]);
            let chain = notifier.chain().next(target.store_task("Store Tweet"));
            let machine = StateMachine::new(
                &stack,
                &format!("Machine{u}"),
                chain,
                StateMachineProps::default(),
            )?;
            CfnOutput::new(
                &stack,
                &format!("Machine{u}Arn"),
                machine.state_machine_arn(),
            )?;
            let param = CfnResource::new(
                &stack,
                &format!("Machine{u}Parameter"),
                "AWS::SSM::Parameter",
            )?;
            param.set_property("Type", "String");
            param.set_property("Value", machine.state_machine_arn());
            stores.push(store);
        }
        if first.is_none() {
            first = Some(stores);
        }
    }
    Ok(app)
}
