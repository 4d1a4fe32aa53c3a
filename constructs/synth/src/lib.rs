//! What an app's main binary links, without the AWS SDK: the app's assets built
//! ([`assets`]), its cloud assembly synthesized and written, and the part of the command line
//! that needs no AWS ([`cli`]: the options every verb takes, `synth`, and
//! [`cli::run_synth`], which runs `synth` and hands every other verb to the app's toolkit
//! binary).
//!
//! The toolkit (`cdk-toolkit`) builds on this crate and re-exports it; an app uses it directly
//! only for its main binary, so that an edit to the app relinks without the AWS SDK.
//!
//! ```no_run
//! // src/main.rs of an app whose toolkit binary is src/bin/my-app-toolkit.rs:
//! fn main() -> std::process::ExitCode {
//!     cdk_synth::cli::run_synth::<cdk_synth::cli::NoSettings>(
//!         "my-app",
//!         |_| Ok(cdk_core::App::new()),
//!         cdk_synth::toolkit_bin!("my-app-toolkit"),
//!     )
//! }
//! ```

#![warn(missing_docs)]

pub mod assets;
pub mod cargo;
pub mod cli;
