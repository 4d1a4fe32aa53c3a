//! Step Functions: states chained with `next`, `Parallel` with `branch`, tasks that grant their
//! own permissions, a validator that catches bad definitions at synthesis, and the
//! [`StateMachine`] construct.
//!
//! ```
//! use cdk_aws::stepfunctions::{Chain, Pass, Wait, Succeed};
//! let chain = Chain::start(Pass::new("Start"))
//!     .next(Wait::duration("Pause", cdk_core::Duration::seconds(1)))
//!     .next(Succeed::new("Done"));
//! let definition = chain.to_definition();
//! assert!(definition.validate().is_empty());
//! assert_eq!(definition.start_at, "Start");
//! ```

mod arn;
mod chain;
mod condition;
mod definition;
mod grants;
mod input;
mod integration;
pub mod jsonata;
pub mod jsonpath;
mod map_def;
mod query_language;
mod retry;
mod state;
mod state_machine;
#[macro_use]
pub mod states;
pub mod tasks;
mod validate;
mod validate_query;

pub use arn::integration_arn;
pub use chain::{Chain, Goto};
pub use condition::{Comparand, Condition, Operator};
pub use definition::Definition;
pub use input::Params;
pub use integration::IntegrationPattern;
pub use map_def::{ChildExecutionType, ItemBatcher, ItemReader, MapDef, MapMode, ResultWriter};
pub use query_language::QueryLanguage;
pub use retry::{Catch, Retry};
pub use state::{StateDef, StateError, StateKind, WaitFor};
pub use state_machine::{LogLevel, StateMachine, StateMachineProps, StateMachineType};
pub use states::{Choice, Fail, Map, Parallel, Pass, Succeed, Wait};
pub use tasks::Task;
