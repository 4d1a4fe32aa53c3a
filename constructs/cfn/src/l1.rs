//! What every generated L1 construct shares: [`CfnType`], creation, and the macros the
//! generated modules expand.

use cdk_core::{CfnResource, Construct, ConstructError, Expr, Node};
use indexmap::IndexMap;

use crate::{Schema, ToCfn};

/// A generated L1 construct: one CloudFormation resource type.
///
/// Every L1 dereferences to its [`CfnResource`], which carries the escape hatches (raw
/// properties, removal policy, metadata, dependencies, logical ID).
///
/// With the `sqs` feature:
///
/// ```
/// # #[cfg(feature = "sqs")]
/// # {
/// use cdk_cfn::sqs::{CfnQueue, CfnQueueProps};
/// use cdk_cfn::CfnType;
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let queue = CfnQueue::new(&stack, "Queue", CfnQueueProps::new().delay_seconds(5))?;
/// let found = CfnQueue::from_node(queue.node()).expect("a queue");
/// assert_eq!(found.resource_type(), CfnQueue::CFN_RESOURCE_TYPE_NAME);
/// # use cdk_core::Construct;
/// # }
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
pub trait CfnType: Sized {
    /// The CloudFormation type name, e.g. `AWS::SQS::Queue`.
    const CFN_RESOURCE_TYPE_NAME: &'static str;

    /// The schema that literal property values are checked against at synthesis.
    fn schema() -> &'static Schema;

    /// The resource underneath.
    fn resource(&self) -> &CfnResource;

    #[doc(hidden)]
    fn wrap(resource: CfnResource) -> Self;

    /// This type's handle on `node`, if `node` is a resource of this type (for aspects and
    /// tree walks).
    fn from_node(node: &Node) -> Option<Self> {
        let resource = CfnResource::from_node(node)?;
        (resource.resource_type() == Self::CFN_RESOURCE_TYPE_NAME).then(|| Self::wrap(resource))
    }
}

/// Creates the resource and gives it its properties and their check.
#[allow(dead_code)] // used by the generated modules
pub(crate) fn create(
    scope: &impl Construct,
    id: &str,
    type_name: &str,
    props: &impl ToCfn,
    schema: &'static Schema,
) -> Result<CfnResource, ConstructError> {
    let resource = CfnResource::new(scope, id, type_name)?;
    resource.set_properties(render(props));
    resource.set_property_check(schema);
    if let Some((property, format)) = crate::registry::type_info(type_name).and_then(|t| t.tags) {
        resource.set_taggable(property, format);
    }
    Ok(resource)
}

/// The properties a props struct renders to.
#[allow(dead_code)] // used by the generated modules
pub(crate) fn render(props: &impl ToCfn) -> IndexMap<String, Expr> {
    match props.to_cfn() {
        Expr::Map(properties) => *properties,
        _ => IndexMap::new(),
    }
}

/// The construct type, its constructor and trait impls (`$name` is a tuple struct around a
/// `CfnResource`).
#[allow(unused_macros)] // used by the generated modules
macro_rules! l1 {
    ($name:ident, $props:ident, $type:literal, $schema:literal) => {
        impl $name {
            /// The CloudFormation type name.
            pub const CFN_RESOURCE_TYPE_NAME: &'static str = $type;

            /// Creates the resource `id` under `scope` (inside a stack). Literal property
            /// values are checked against the type's schema at synthesis.
            pub fn new(
                scope: &impl ::cdk_core::Construct,
                id: &str,
                props: $props,
            ) -> Result<Self, ::cdk_core::ConstructError> {
                let resource = crate::l1::create(
                    scope,
                    id,
                    $type,
                    &props,
                    <Self as crate::CfnType>::schema(),
                )?;
                let construct = Self(resource);
                ::cdk_core::Construct::node(&construct).set_construct(construct.clone());
                Ok(construct)
            }

            /// Replaces every property with `props` (overrides added with
            /// `add_override` and its kin still apply on top).
            pub fn set_props(&self, props: $props) {
                self.0.replace_properties(crate::l1::render(&props));
            }
        }

        impl crate::CfnType for $name {
            const CFN_RESOURCE_TYPE_NAME: &'static str = $type;

            fn schema() -> &'static crate::Schema {
                static SCHEMA: crate::Schema = crate::Schema::new($type, $schema);
                &SCHEMA
            }

            fn resource(&self) -> &::cdk_core::CfnResource {
                &self.0
            }

            fn wrap(resource: ::cdk_core::CfnResource) -> Self {
                Self(resource)
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = ::cdk_core::CfnResource;

            fn deref(&self) -> &::cdk_core::CfnResource {
                &self.0
            }
        }

        impl ::cdk_core::Construct for $name {
            fn node(&self) -> &::cdk_core::Node {
                ::cdk_core::Construct::node(&self.0)
            }
        }
    };
}
pub(crate) use l1;

/// `From<T> for Value<T>` for a generated property type.
#[allow(unused_macros)] // used by the generated modules
macro_rules! literal {
    ($name:ident) => {
        impl From<$name> for crate::Value<$name> {
            fn from(v: $name) -> Self {
                crate::Value::literal(v)
            }
        }
    };
}
pub(crate) use literal;

/// A schema enum: its variants, `as_str`, rendering and conversion.
#[allow(unused_macros)] // used by the generated modules
macro_rules! cfn_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
        }

        impl $name {
            /// The value as CloudFormation takes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $value,)*
                }
            }
        }

        impl crate::ToCfn for $name {
            fn to_cfn(&self) -> ::cdk_core::Expr {
                ::cdk_core::Expr::from(self.as_str())
            }
        }

        crate::literal!($name);
    };
}
pub(crate) use cfn_enum;
