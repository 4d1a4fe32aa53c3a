//! Per-type metadata for every CloudFormation resource type in the schemas (whatever features
//! are enabled): what the toolkit needs to protect data, adopt retained resources and tag.
//!
//! ```
//! let bucket = cdk_cfn::registry::type_info("AWS::S3::Bucket").unwrap();
//! assert!(bucket.stateful && bucket.delete_requires_empty);
//! assert!(bucket.create_only.contains(&"BucketName"));
//! assert_eq!(bucket.primary_identifier, &["BucketName"]);
//! assert!(cdk_cfn::registry::type_info("AWS::Nope::Nothing").is_none());
//! ```

/// How a type takes tags (the core's type, so that `Tags` can write them).
pub use cdk_core::TagFormat;

/// What the schemas say of one resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TypeInfo {
    /// `AWS::Service::Resource`.
    pub type_name: &'static str,
    /// Properties whose change replaces the resource (`A` or, nested, `A/B`): the schema's
    /// create-only properties, plus the few the CloudFormation reference documents as
    /// replacing that the schema omits (see the generator's `supplement.rs`).
    pub create_only: &'static [&'static str],
    /// The properties that identify a resource (used to import it).
    pub primary_identifier: &'static [&'static str],
    /// Whether it holds data (cfn-lint's list of stateful resource types).
    pub stateful: bool,
    /// Whether it must be emptied before CloudFormation can delete it (S3 buckets).
    pub delete_requires_empty: bool,
    /// Whether it has the handlers a resource import needs.
    pub importable: bool,
    /// Its tag property and the shape it takes, if it is taggable.
    pub tags: Option<(&'static str, TagFormat)>,
}

/// The metadata of `type_name`, if the schemas know it.
pub fn type_info(type_name: &str) -> Option<&'static TypeInfo> {
    let types = crate::generated::registry::TYPES;
    types
        .binary_search_by(|t| t.type_name.cmp(type_name))
        .ok()
        .map(|i| &types[i])
}

/// Every known type, sorted by name.
pub fn types() -> &'static [TypeInfo] {
    crate::generated::registry::TYPES
}

/// Whether `type_name` holds data.
pub fn is_stateful(type_name: &str) -> bool {
    type_info(type_name).is_some_and(|t| t.stateful)
}

/// Whether a change of top-level property `property` replaces a resource of `type_name`.
pub fn is_create_only(type_name: &str, property: &str) -> bool {
    type_info(type_name).is_some_and(|t| t.create_only.contains(&property))
}
