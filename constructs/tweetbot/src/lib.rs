//! The TweetBot constructs. Each is usable on its own and composes with the others in any
//! stacks:
//!
//! - [`TweetPoller`]: the "Find Tweet" function and its task.
//! - [`SmsNotifier`]: the "Generate Message" function, then an SMS through SNS.
//! - [`TweetStore`]: the `tweetTable` table and a task that stores a tweet in it.
//! - [`ParallelBranch`]: runs chains as the branches of one Parallel state.
//!
//! ```
//! use cdk_aws::stepfunctions::{Chain, StateMachine, StateMachineProps, Wait};
//! use cdk_core::{App, Stack};
//! use cdk_tweetbot::*;
//!
//! let app = App::new();
//! let data = Stack::new(&app, "Data")?;
//! let store = TweetStore::new(&data, "Store", TweetStoreProps::default())?;
//! let bot = Stack::new(&app, "Bot")?;
//! let poller = TweetPoller::new(&bot, "Poller", TweetPollerProps::new("/tweetbot/bearer-token"))?;
//! let notifier = SmsNotifier::new(&bot, "Notifier", SmsNotifierProps::default())?;
//! let both = ParallelBranch::new(&bot, "Fan out", "Parallel", [notifier.chain(), store.store_task("Store Tweet").into()])?;
//! let chain = Chain::start(poller.task()).next(Wait::duration("Wait 10 Seconds", cdk_core::Duration::seconds(10))).next(both.state());
//! StateMachine::new(&bot, "Machine", chain, StateMachineProps::default())?;
//! let assembly = app.synth()?;
//! // The table's name and ARN cross from Data to Bot as exports and imports.
//! assert_eq!(assembly.stack("Bot").unwrap().dependencies, ["Data"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod input;
mod parallel_branch;
mod sms_notifier;
mod tweet_poller;
mod tweet_store;

pub use parallel_branch::ParallelBranch;
pub use sms_notifier::{SmsNotifier, SmsNotifierProps, GENERATE_MESSAGE_PACKAGE};
pub use tweet_poller::{TweetPoller, TweetPollerProps, FIND_TWEET_PACKAGE, RETRYABLE_ERROR};
pub use tweet_store::{TweetStore, TweetStoreProps};

/// The guide to writing a construct (`docs/constructs.md`); its examples run as doctests.
#[doc = include_str!("../../../docs/constructs.md")]
pub mod guide {}
