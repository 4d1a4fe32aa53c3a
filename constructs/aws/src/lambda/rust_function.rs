//! [`RustFunction`]: a Lambda function whose code is a Rust binary of the workspace.

use cdk_core::{Construct, ConstructError, Node};

use super::{Code, Function, FunctionProps, Runtime};

impl FunctionProps {
    /// Props of a Rust function: the `bootstrap` binary of cargo package `package`, built by
    /// the toolkit with cargo-lambda for `provided.al2023` on x86_64, uploaded as an asset.
    pub fn rust(package: impl Into<String>) -> Self {
        FunctionProps::new(
            Runtime::ProvidedAl2023,
            "bootstrap",
            Code::from_rust_package(package),
        )
    }

    /// Props of a Rust function whose package's `Cargo.toml` is in `manifest_dir` (see
    /// [`Code::from_rust_package_in`]): the app finds it from whatever directory it runs in.
    pub fn rust_in(
        package: impl Into<String>,
        manifest_dir: impl Into<std::path::PathBuf>,
    ) -> Self {
        FunctionProps::new(
            Runtime::ProvidedAl2023,
            "bootstrap",
            Code::from_rust_package_in(package, manifest_dir),
        )
    }
}

/// A Lambda function from a Rust binary crate of the workspace (what `cargo-lambda-cdk`'s
/// `RustFunction` is to AWS CDK users): built by the toolkit before synthesis (only when its
/// sources changed), zipped deterministically, content-hashed and uploaded to the
/// bootstrapped assets bucket by `deploy`. Everything a [`Function`] offers (role, log group,
/// grants) is reached through `Deref`.
///
/// ```
/// use cdk_aws::lambda::{FunctionProps, RustFunction};
/// use cdk_core::{App, Duration, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let f = RustFunction::new(&stack, "Finder",
///     FunctionProps::rust("find-tweet").timeout(Duration::seconds(15)))?;
/// let t = app.synth()?.stack("S").unwrap().template().clone();
/// let props = &t["Resources"][f.resource().logical_id()]["Properties"];
/// assert_eq!(props["Runtime"], "provided.al2023");
/// assert_eq!(props["Architectures"][0], "x86_64");
/// assert_eq!(props["Handler"], "bootstrap");
/// assert!(props["Code"]["S3Key"].as_str().unwrap().ends_with(".zip"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RustFunction(Function);

impl RustFunction {
    /// A Rust function; `props` usually start from [`FunctionProps::rust`]. Props with another
    /// runtime or inline code are refused: use [`Function`] for those.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: FunctionProps,
    ) -> Result<RustFunction, ConstructError> {
        let is_rust = props.runtime == Runtime::ProvidedAl2023
            && matches!(
                props.code,
                Code::Asset(cdk_core::AssetSource::RustFunction { .. })
            );
        if !is_rust {
            return Err(ConstructError::Invalid {
                path: cdk_core::Node::path(scope.node()) + "/" + id,
                message: "a RustFunction needs FunctionProps::rust(package): the provided.al2023 runtime and a Rust package's code".into(),
            });
        }
        Function::new(scope, id, props).map(RustFunction)
    }

    /// The function.
    pub fn function(&self) -> &Function {
        &self.0
    }
}

impl std::ops::Deref for RustFunction {
    type Target = Function;

    fn deref(&self) -> &Function {
        &self.0
    }
}

impl Construct for RustFunction {
    fn node(&self) -> &Node {
        self.0.node()
    }
}
