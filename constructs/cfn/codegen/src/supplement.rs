//! Facts about resource types that the registry schemas leave out, added to the registry with
//! their source. Kept to what the toolkit's data protection needs, and small on purpose.

/// Properties that the CloudFormation reference documents as "Update requires: Replacement"
/// but that the types' registry schemas do not list in `createOnlyProperties`, for types that
/// hold data (a change to one replaces the resource and loses its data).
///
/// Sources: the CloudFormation User Guide pages of `AWS::DynamoDB::Table` (`KeySchema`,
/// `LocalSecondaryIndexes`) and `AWS::S3::Bucket` (`ObjectLockEnabled`).
pub const REPLACING_PROPERTIES: &[(&str, &[&str])] = &[
    (
        "AWS::DynamoDB::Table",
        &["KeySchema", "LocalSecondaryIndexes"],
    ),
    ("AWS::S3::Bucket", &["ObjectLockEnabled"]),
];

/// The documented replacing properties of `type_name` missing from its schema.
pub fn replacing_properties(type_name: &str) -> &'static [&'static str] {
    REPLACING_PROPERTIES
        .iter()
        .find(|(t, _)| *t == type_name)
        .map_or(&[], |(_, p)| p)
}
