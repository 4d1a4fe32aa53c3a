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

/// Attributes (`Fn::GetAtt`) that the CloudFormation reference documents and AWS CDK offers
/// (`attrQueueName`, `attrTopicName`), but that the schemas list as writable properties rather
/// than read-only ones. Sources: the User Guide pages of `AWS::SQS::Queue` and
/// `AWS::SNS::Topic` ("Return values").
pub const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("AWS::SQS::Queue", &["QueueName"]),
    ("AWS::SNS::Topic", &["TopicName"]),
];

/// The documented attributes of `type_name` missing from its schema's read-only properties.
pub fn attributes(type_name: &str) -> &'static [&'static str] {
    ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == type_name)
        .map_or(&[], |(_, a)| a)
}

/// The documented replacing properties of `type_name` missing from its schema.
pub fn replacing_properties(type_name: &str) -> &'static [&'static str] {
    REPLACING_PROPERTIES
        .iter()
        .find(|(t, _)| *t == type_name)
        .map_or(&[], |(_, p)| p)
}
