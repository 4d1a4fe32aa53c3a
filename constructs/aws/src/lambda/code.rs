//! [`Code`]: a function's code.

/// The largest inline code CloudFormation accepts in `Code.ZipFile`.
pub const MAX_INLINE_CODE_BYTES: usize = 4096;

/// A function's code: inline (embedded in the template, at most 4 KB), or an asset that the
/// toolkit builds (Rust functions, see [`super::RustFunction`]), zips and uploads to the
/// bootstrapped assets bucket at deploy time.
///
/// ```
/// use cdk_aws::lambda::Code;
/// assert!(Code::inline("def handler(e, c):\n    return e\n").problems().is_empty());
/// assert!(Code::inline("x".repeat(5000)).problems()[0].contains("at most 4096 bytes"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// Source embedded in the template (at most 4 KB).
    Inline(String),
    /// An asset, uploaded at deploy time.
    Asset(cdk_core::AssetSource),
}

impl Code {
    /// Inline source code.
    pub fn inline(source: impl Into<String>) -> Code {
        Code::Inline(source.into())
    }

    /// A directory (zipped for upload) or a `.zip` file, from the app's directory.
    ///
    /// ```
    /// use cdk_aws::lambda::Code;
    /// use cdk_core::AssetSource;
    /// assert_eq!(Code::from_asset("dist/handler.zip"), Code::Asset(AssetSource::ZipFile("dist/handler.zip".into())));
    /// assert_eq!(Code::from_asset("handler"), Code::Asset(AssetSource::Directory("handler".into())));
    /// ```
    pub fn from_asset(path: impl Into<std::path::PathBuf>) -> Code {
        let path = path.into();
        let is_zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        Code::Asset(if is_zip {
            cdk_core::AssetSource::ZipFile(path)
        } else {
            cdk_core::AssetSource::Directory(path)
        })
    }

    /// The `bootstrap` binary of a Rust package of the workspace, built for Lambda by the
    /// toolkit (cargo-lambda).
    /// The package is looked up in the cargo workspace of the directory the app runs in;
    /// [`Code::from_rust_package_in`] names its directory instead.
    pub fn from_rust_package(package: impl Into<String>) -> Code {
        Code::Asset(cdk_core::AssetSource::RustFunction {
            package: package.into(),
            binary: None,
            manifest_dir: None,
        })
    }

    /// The `bootstrap` binary of the Rust package `package` whose `Cargo.toml` is in
    /// `manifest_dir`: found wherever the app runs from. A library of constructs names its
    /// own functions' crates this way, relative to its own manifest:
    ///
    /// ```
    /// use cdk_aws::lambda::Code;
    /// use cdk_core::AssetSource;
    /// let code = Code::from_rust_package_in("find-tweet", concat!(env!("CARGO_MANIFEST_DIR"), "/functions/find-tweet"));
    /// assert!(matches!(code, Code::Asset(AssetSource::RustFunction { manifest_dir: Some(_), .. })));
    /// ```
    pub fn from_rust_package_in(
        package: impl Into<String>,
        manifest_dir: impl Into<std::path::PathBuf>,
    ) -> Code {
        Code::Asset(cdk_core::AssetSource::RustFunction {
            package: package.into(),
            binary: None,
            manifest_dir: Some(manifest_dir.into()),
        })
    }

    /// What is wrong with the code, if anything.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Code::Inline(s) if s.trim().is_empty() => vec!["inline code is empty".into()],
            Code::Inline(s) if s.len() > MAX_INLINE_CODE_BYTES => vec![format!(
                "inline code is {} bytes; CloudFormation accepts at most {MAX_INLINE_CODE_BYTES} bytes of inline code",
                s.len()
            )],
            Code::Inline(_) => Vec::new(),
            Code::Asset(cdk_core::AssetSource::RustFunction { package, .. })
                if package.is_empty() =>
            {
                vec!["a Rust function needs a package name".into()]
            }
            Code::Asset(_) => Vec::new(),
        }
    }
}
