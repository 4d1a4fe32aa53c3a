//! Assets: files a stack needs at deploy time (a function's code), declared by constructs and
//! prepared by the toolkit.
//!
//! A construct declares an [`Asset`] with its [`AssetSource`] (a directory, a zip file, or a
//! package the toolkit builds); the template refers to it through [`Asset::bucket_name`] and
//! [`Asset::object_key`]. Building and hashing read files, so they happen in the toolkit, not
//! here: before synthesis it lists [`crate::App::assets`], prepares each one (builds it, zips it
//! deterministically, hashes it) and hands the results over with [`provide`]. Synthesis then
//! writes each object key from its content hash, and [`crate::CloudAssembly::write_to`] writes
//! `<Stack>.assets.json` in AWS CDK's format with the prepared files beside it.
//!
//! An app synthesized without its assets prepared (in a unit test, or `synth --no-build`) gets
//! a placeholder key and a note (information, not a warning): its templates are complete, but
//! deploying them would lack the code, and the toolkit's `deploy` refuses them.
//!
//! ```
//! use cdk_core::{assets, App, Asset, AssetSource, CfnResource, Stack};
//! let app = App::new();
//! let stack = Stack::new(&app, "S")?;
//! let code = Asset::new(&stack, "Code", AssetSource::Directory("handler".into()))?;
//! let f = CfnResource::new(&stack, "Fn", "AWS::Lambda::Function")?;
//! f.set_property("Code", cdk_core::Expr::map([
//!     ("S3Bucket", code.bucket_name()),
//!     ("S3Key", code.object_key()),
//! ]));
//! assets::provide([(code.node_path(), assets::PreparedAsset::new("ab12cd", "/tmp/x.zip"))].into_iter().collect());
//! let assembly = app.synth()?;
//! let t = assembly.stack("S").unwrap().template();
//! assert_eq!(t["Resources"]["Fn"]["Properties"]["Code"]["S3Key"], "ab12cd.zip");
//! assert_eq!(assembly.stack("S").unwrap().assets[0].hash, "ab12cd");
//! assets::provide(Default::default());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cell::RefCell;
use std::path::PathBuf;

use indexmap::IndexMap;

use crate::error::ConstructError;
use crate::template::expr::Expr;
use crate::tree::node::{join_path, Construct, Node};
use crate::tree::store::NodeKind;

/// The bucket assets are uploaded to, made by the toolkit's `bootstrap` in each account and
/// region (an `Fn::Sub` template).
pub const ASSETS_BUCKET: &str = "cdk-rs-assets-${AWS::AccountId}-${AWS::Region}";

/// Where an asset comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AssetSource {
    /// A directory, zipped for upload.
    Directory(PathBuf),
    /// A zip file, uploaded as it is.
    ZipFile(PathBuf),
    /// A Rust binary of the workspace built for AWS Lambda (`provided.al2023`, x86_64) and
    /// zipped as `bootstrap`.
    RustFunction {
        /// The cargo package.
        package: String,
        /// The binary, when it is not named after the package.
        binary: Option<String>,
        /// The package's directory (where its `Cargo.toml` is), when the code that names it
        /// knows it: usually `concat!(env!("CARGO_MANIFEST_DIR"), "/...")`, so that the app
        /// finds its functions from whatever directory it runs in. Without it the package is
        /// looked up in the cargo workspace of the directory the app runs in.
        manifest_dir: Option<PathBuf>,
    },
}

impl std::fmt::Display for AssetSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssetSource::Directory(p) => write!(f, "directory {}", p.display()),
            AssetSource::ZipFile(p) => write!(f, "zip file {}", p.display()),
            AssetSource::RustFunction {
                package, binary, ..
            } => match binary {
                Some(b) => write!(f, "Rust binary {b} of package {package}"),
                None => write!(f, "Rust package {package}"),
            },
        }
    }
}

/// An asset as prepared by the toolkit: its content hash and the file to upload (a zip).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedAsset {
    /// The content hash (hex), which names the uploaded object.
    pub hash: String,
    /// The zip file to upload.
    pub file: PathBuf,
}

impl PreparedAsset {
    /// A prepared asset.
    pub fn new(hash: impl Into<String>, file: impl Into<PathBuf>) -> Self {
        PreparedAsset {
            hash: hash.into(),
            file: file.into(),
        }
    }
}

/// One asset of a synthesized stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackAsset {
    /// The asset construct's path.
    pub path: String,
    /// Where it comes from.
    pub source: AssetSource,
    /// Its content hash; a placeholder (`unprepared-...`) when it was not prepared.
    pub hash: String,
    /// The prepared zip, when it was prepared.
    pub file: Option<PathBuf>,
}

impl StackAsset {
    /// The object key in the assets bucket.
    pub fn object_key(&self) -> String {
        format!("{}.zip", self.hash)
    }

    /// The file name beside the templates in the cloud assembly.
    pub fn assembly_file(&self) -> String {
        format!("asset.{}.zip", self.hash)
    }
}

thread_local! {
    static PREPARED: RefCell<IndexMap<String, PreparedAsset>> = RefCell::new(IndexMap::new());
}

/// Hands over the prepared assets, by asset path, for the synthesis that follows on this
/// thread.
pub fn provide(prepared: IndexMap<String, PreparedAsset>) {
    PREPARED.with(|p| *p.borrow_mut() = prepared);
}

pub(crate) fn prepared(path: &str) -> Option<PreparedAsset> {
    PREPARED.with(|p| p.borrow().get(path).cloned())
}

/// A placeholder hash for an asset that was not prepared, stable for its path.
pub(crate) fn placeholder(path: &str) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(path.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("unprepared-{hex}")
}

/// A file a stack needs at deploy time.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    node: Node,
}

impl Construct for Asset {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Asset {
    /// An asset of the stack `scope` is in.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        source: AssetSource,
    ) -> Result<Asset, ConstructError> {
        let scope = scope.node();
        if scope.stack().is_none() {
            return Err(ConstructError::Invalid {
                path: join_path(&scope.path(), id),
                message: "an asset must be created inside a stack".into(),
            });
        }
        let node = scope.add_child(id, NodeKind::Asset(Box::new(source)), "Asset")?;
        Ok(Asset { node }.registered())
    }

    /// The bucket it is uploaded to.
    pub fn bucket_name(&self) -> Expr {
        Expr::sub(ASSETS_BUCKET, Vec::<(String, Expr)>::new())
    }

    /// Its object key in that bucket, from its content hash (resolved at synthesis).
    pub fn object_key(&self) -> Expr {
        Expr::AssetKey(self.node.target())
    }

    /// Where it comes from.
    pub fn source(&self) -> AssetSource {
        match &self.node.tree.borrow().nodes[self.node.index].kind {
            NodeKind::Asset(s) => (**s).clone(),
            _ => unreachable!("an Asset handle always points at an asset node"),
        }
    }

    /// Its path, the key of [`provide`].
    pub fn node_path(&self) -> String {
        self.node.path()
    }
}
