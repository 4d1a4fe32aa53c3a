//! The core of the construct library: a tree of constructs (App → Stack → constructs), the
//! CloudFormation template model with typed intrinsic functions, and synthesis of the tree into a
//! cloud assembly (templates, `manifest.json`, `tree.json`).
//!
//! Everything here is pure: building and synthesizing an app does no I/O. Only
//! [`CloudAssembly::write_to`] touches the file system.
//!
//! ```
//! use cdk_core::{App, Stack, CfnResource, CfnOutput, Expr};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Storage")?;
//! let bucket = CfnResource::new(&stack, "Bucket", "AWS::S3::Bucket")?;
//! CfnOutput::new(&stack, "BucketName", bucket.reference())?;
//! let assembly = app.synth()?;
//! let template = &assembly.stack("Storage").unwrap().template();
//! assert_eq!(template["Resources"]["Bucket"]["Type"], "AWS::S3::Bucket");
//! assert_eq!(template["Outputs"]["BucketName"]["Value"]["Ref"], "Bucket");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod annotations;
pub mod app;
pub mod aspects;
pub mod assembly;
pub mod assets;
pub mod context;
pub mod duration;
pub mod environment;
pub mod error;
pub mod logical_id;
pub mod names;
pub mod stack;
pub mod synth;
pub mod tags;
pub mod template;
pub mod tree;

pub use annotations::{Level, Message};
pub use app::App;
pub use aspects::{Aspect, AspectPriority, Aspects};
pub use assembly::{CloudAssembly, StackArtifact};
pub use assets::{Asset, AssetSource};
pub use duration::{Duration, Size};
pub use environment::Environment;
pub use error::{ConstructError, SynthError, ValidationError, ValidationErrors};
pub use stack::{Stack, StackProps};
pub use tags::{TagFormat, TagProps, Tags};
pub use template::condition::CfnCondition;
pub use template::expr::{Expr, Pseudo};
pub use template::mapping::CfnMapping;
pub use template::output::CfnOutput;
pub use template::parameter::{CfnParameter, CfnParameterProps, ParameterType};
pub use template::resource::{CfnResource, PropertyCheck, RemovalPolicy};
pub use tree::node::{Construct, Node, Traversal};
