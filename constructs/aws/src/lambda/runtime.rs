//! [`Runtime`]: Lambda runtimes that are supported today (none deprecated).

/// A Lambda runtime. Only runtimes that are not deprecated are offered.
///
/// ```
/// use cdk_aws::lambda::Runtime;
/// assert_eq!(Runtime::Python313.name(), "python3.13");
/// assert_eq!(Runtime::NodeJs22.inline_file(), "index.js");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// Python 3.12.
    Python312,
    /// Python 3.13.
    Python313,
    /// Node.js 22.
    NodeJs22,
    /// Amazon Linux 2023 with a `bootstrap` binary of your own (Rust functions), on x86_64.
    ProvidedAl2023,
}

impl Runtime {
    /// The runtime identifier CloudFormation expects.
    pub fn name(self) -> &'static str {
        self.cfn().as_str()
    }

    /// The L1 layer's value.
    pub(crate) fn cfn(self) -> cdk_cfn::lambda::cfn_function::Runtime {
        use cdk_cfn::lambda::cfn_function::Runtime as Cfn;
        match self {
            Runtime::Python312 => Cfn::Python312,
            Runtime::Python313 => Cfn::Python313,
            Runtime::NodeJs22 => Cfn::Nodejs22X,
            Runtime::ProvidedAl2023 => Cfn::ProvidedAl2023,
        }
    }

    /// The architecture it is pinned to, if any (Rust functions are built for x86_64).
    pub(crate) fn architecture(self) -> Option<cdk_cfn::lambda::cfn_function::Architectures> {
        match self {
            Runtime::ProvidedAl2023 => Some(cdk_cfn::lambda::cfn_function::Architectures::X8664),
            _ => None,
        }
    }

    /// The file name inline code gets in this runtime (`index.py` or `index.js`).
    pub fn inline_file(self) -> &'static str {
        match self {
            Runtime::Python312 | Runtime::Python313 => "index.py",
            Runtime::NodeJs22 => "index.js",
            Runtime::ProvidedAl2023 => "bootstrap",
        }
    }
}
