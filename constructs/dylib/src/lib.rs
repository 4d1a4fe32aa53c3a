//! The constructs and the toolkit (with the AWS SDK) as one shared library.
//!
//! An app that depends on this crate (the TweetBot's `dylib` feature:
//! `cargo run -p tweetbot-app --features dylib -- synth`) links its binary against
//! `libcdk_dylib.so` instead of linking some 700 MB of debug rlibs statically, so an edit to the
//! app relinks in a fraction of a second (docs/performance.md, "The inner loop"). Opt-in, for
//! development: the binary needs the library at run time (the app's `build.rs` gives it a run
//! path to `target/<profile>/deps` and to the toolchain's `libstd`), and cargo names a workspace dylib without a hash, so the same library built with other
//! features (by `cargo test --workspace`, say) replaces it; a build of the app after that
//! relinks against it and may fail with undefined symbols until `touch
//! constructs/dylib/src/lib.rs` rebuilds it.

pub use anyhow;
pub use cdk_aws;
pub use cdk_cfn;
pub use cdk_core;
pub use cdk_toolkit;
pub use cdk_toolkit_sfn;
pub use clap;
pub use serde_json;
