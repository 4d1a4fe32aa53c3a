//! Assertions on synthesized templates, for the tests of your apps and constructs, in the
//! spirit of AWS CDK's `assertions` module.
//!
//! ```
//! use cdk_assertions::{Match, Template};
//! use cdk_core::{App, CfnResource, Stack};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S")?;
//! let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue")?;
//! queue.set_property("VisibilityTimeout", 30);
//! queue.set_property("QueueName", "orders");
//!
//! let t = Template::from_stack(&stack)?;
//! t.resource_count_is("AWS::SQS::Queue", 1);
//! // Partial, deep matching: other properties may be there too.
//! t.has_resource_properties("AWS::SQS::Queue", Match::object_like([("VisibilityTimeout", 30.into())]));
//! t.has_resource_properties("AWS::SQS::Queue", Match::object_like([
//!     ("QueueName", Match::string_like_regexp("^ord")),
//!     ("FifoQueue", Match::absent()),
//! ]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod matcher;
mod template;

pub use matcher::{Match, Mismatch};
pub use template::Template;
