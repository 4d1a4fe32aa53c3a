//! Names that more than one crate writes or reads: metadata keys put on template resources,
//! the prefix of the outputs that carry cross-stack references, and the words of
//! `manifest.json`. One definition each, so that a writer and its readers cannot drift apart.

/// Metadata key (`"Metadata": {"cdk:stateful": true}`) a construct sets on a resource that holds
/// data the toolkit must not replace or delete without an explicit allowance.
pub const STATEFUL_METADATA: &str = "cdk:stateful";

/// Metadata key holding a resource's construct path (`TweetBot/StateMachine/Resource`).
pub const PATH_METADATA: &str = "aws:cdk:path";

/// Prefix of the outputs synthesis adds to export a value to another stack
/// (`ExportsOutputFnGetAttTable...`); tools hide them from people.
pub const EXPORTS_OUTPUT_PREFIX: &str = "ExportsOutput";

/// The words of `manifest.json` (AWS CDK's cloud assembly schema) that the toolkit reads back.
pub mod manifest {
    /// The manifest's file name in the assembly directory.
    pub const FILE: &str = "manifest.json";
    /// Top-level key: the schema version.
    pub const VERSION: &str = "version";
    /// Top-level key: the artifacts by id.
    pub const ARTIFACTS: &str = "artifacts";
    /// Artifact key: its type.
    pub const TYPE: &str = "type";
    /// The type of a stack artifact.
    pub const STACK_ARTIFACT_TYPE: &str = "aws:cloudformation:stack";
    /// Artifact key: its properties.
    pub const PROPERTIES: &str = "properties";
    /// Artifact key: the ids of the artifacts it depends on.
    pub const DEPENDENCIES: &str = "dependencies";
    /// Artifact key: its metadata by construct path.
    pub const METADATA: &str = "metadata";
    /// Artifact key: its construct path.
    pub const DISPLAY_NAME: &str = "displayName";
    /// A stack's environment, `aws://account/region`.
    pub const ENVIRONMENT: &str = "environment";
    /// Stack property: the template file name.
    pub const TEMPLATE_FILE: &str = "templateFile";
    /// Stack property: the CloudFormation stack name.
    pub const STACK_NAME: &str = "stackName";
    /// Stack property: termination protection.
    pub const TERMINATION_PROTECTION: &str = "terminationProtection";
    /// Stack property: stack tags.
    pub const TAGS: &str = "tags";
    /// Metadata entry type: a construct's logical ID.
    pub const LOGICAL_ID_ENTRY: &str = "aws:cdk:logicalId";
}
