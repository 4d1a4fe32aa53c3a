//! `destroy --include-data`: the data stores a stack keeps on delete, found before anything is
//! deleted (with what they hold, for the confirmation), and emptied and deleted after their
//! stacks.
//!
//! A retained resource holds data when [`cdk_cfn::registry`] says its type is stateful. Of
//! those, the toolkit can empty and delete DynamoDB tables and S3 buckets (every object version
//! and delete marker first, as S3 deletes only empty buckets); any other is named and left.

use aws_sdk_dynamodb::types::Select;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use serde::Serialize;

use crate::assembly::AssemblyStack;
use crate::aws::aws_error;
use crate::cfn::Cfn;
use crate::deploy::adopt::{self, Presence, Probes};
use crate::deploy::protect::is_stateful;
use crate::error::ToolkitError;

type Result<T> = std::result::Result<T, ToolkitError>;

/// The kinds of data store that `--include-data` can empty and delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum StoreKind {
    /// A DynamoDB table; it holds items.
    Table,
    /// An S3 bucket; it holds objects (and, versioned, older versions and delete markers).
    Bucket,
}

impl StoreKind {
    /// The kind of a resource type, if `--include-data` can delete it.
    pub fn of(resource_type: &str) -> Option<StoreKind> {
        // Per-service calls: which SDK client empties which type.
        match resource_type {
            "AWS::DynamoDB::Table" => Some(StoreKind::Table),
            "AWS::S3::Bucket" => Some(StoreKind::Bucket),
            _ => None,
        }
    }

    /// `table` or `bucket`.
    pub fn noun(self) -> &'static str {
        match self {
            StoreKind::Table => "table",
            StoreKind::Bucket => "bucket",
        }
    }
}

/// What a store holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Contents {
    /// A table's items.
    Items(u64),
    /// A bucket's objects: the current ones, and every version and delete marker (what is
    /// deleted).
    Objects {
        /// Current objects (what a listing shows).
        current: u64,
        /// Object versions and delete markers in all, the current ones included.
        versions: u64,
    },
}

impl std::fmt::Display for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Contents::Items(n) => write!(f, "{n} item{}", plural(n)),
            Contents::Objects { current, versions } if versions == current => {
                write!(f, "{current} object{}", plural(current))
            }
            Contents::Objects { current, versions } => write!(
                f,
                "{current} object{}, with {versions} versions and delete markers in all",
                plural(current)
            ),
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A retained data store that `--include-data` deletes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataStore {
    /// The stack it belongs to.
    pub stack: String,
    /// Its logical ID.
    pub logical_id: String,
    /// Table or bucket.
    pub kind: StoreKind,
    /// Its physical name.
    pub name: String,
    /// What it holds.
    pub contents: Contents,
    /// True when its stack was destroyed earlier and it was left by its Retain policy: it was
    /// found by the name its stack's template gives it.
    pub orphaned: bool,
}

impl DataStore {
    /// `table tweetTable (2 items)`, `bucket archive (3 objects)`; for a store left by an
    /// earlier destroy, `table tweetTable (2 items; left by an earlier destroy of stack
    /// TweetDataStore, found by the name its template gives it)`.
    pub fn label(&self) -> String {
        if self.orphaned {
            format!(
                "{} {} ({}; left by an earlier destroy of stack {}, found by the name its template gives it)",
                self.kind.noun(),
                self.name,
                self.contents,
                self.stack
            )
        } else {
            format!("{} {} ({})", self.kind.noun(), self.name, self.contents)
        }
    }
}

/// A retained resource holding data, of a stack destroyed earlier, that `--include-data` cannot
/// find or delete: it may still be there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnfoundStore {
    /// The stack whose template declares it.
    pub stack: String,
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Why the toolkit cannot find or delete it.
    pub why: String,
}

/// A retained resource that holds data but that `--include-data` cannot delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeptStore {
    /// The stack it belongs to.
    pub stack: String,
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// Its physical name.
    pub name: String,
}

/// The clients that count and delete data.
#[derive(Clone, Debug)]
pub struct DataClients {
    /// For tables.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// For buckets.
    pub s3: aws_sdk_s3::Client,
}

impl DataClients {
    /// The clients, from the loaded configuration.
    pub fn new(config: &aws_config::SdkConfig) -> DataClients {
        DataClients {
            dynamodb: crate::aws::dynamodb_client(config),
            s3: crate::aws::s3_client(config),
        }
    }
}

/// The data stores `--include-data` finds for some stacks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FoundStores {
    /// Those it deletes, with what they hold (a full count).
    pub stores: Vec<DataStore>,
    /// Retained resources of deployed stacks that hold data and that it cannot delete.
    pub kept: Vec<KeptStore>,
    /// Retained resources holding data of stacks destroyed earlier that it cannot find or
    /// delete.
    pub unfound: Vec<UnfoundStore>,
}

/// The retained resources of these stacks that hold data: those `--include-data` deletes,
/// with what they hold (a full count), and those it cannot. For a stack that is not deployed
/// (destroyed earlier, its Retain policies keeping its stores), the stores are looked for by the
/// names its template gives them (a table's `TableName`, a bucket's `BucketName`).
pub async fn retained_stores(
    cfn: &Cfn,
    clients: &DataClients,
    stacks: &[&AssemblyStack],
) -> Result<FoundStores> {
    let mut found = FoundStores::default();
    for artifact in stacks {
        let stack = &artifact.stack_name;
        if cfn.describe(stack).await?.is_none() {
            let region = cfn.region();
            left_by_earlier_destroy(clients, artifact, region, &mut found).await?;
            continue;
        }
        let (stores, kept) = (&mut found.stores, &mut found.kept);
        let template = cfn.template(stack).await?;
        let holding: Vec<(String, String)> = template["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, r)| {
                matches!(
                    r["DeletionPolicy"].as_str(),
                    Some("Retain" | "RetainExceptOnCreate")
                ) && is_stateful(r)
            })
            .map(|(id, r)| {
                (
                    id.clone(),
                    r["Type"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        if holding.is_empty() {
            continue;
        }
        for r in cfn.resources(stack).await? {
            let Some((_, ty)) = holding.iter().find(|(id, _)| *id == r.logical_id) else {
                continue;
            };
            match StoreKind::of(ty) {
                Some(kind) => {
                    let contents = match kind {
                        StoreKind::Table => {
                            Contents::Items(count_items(&clients.dynamodb, &r.physical_id).await?)
                        }
                        StoreKind::Bucket => count_objects(&clients.s3, &r.physical_id).await?,
                    };
                    stores.push(DataStore {
                        stack: stack.clone(),
                        logical_id: r.logical_id,
                        kind,
                        name: r.physical_id,
                        contents,
                        orphaned: false,
                    });
                }
                None => kept.push(KeptStore {
                    stack: stack.clone(),
                    logical_id: r.logical_id,
                    resource_type: ty.clone(),
                    name: r.physical_id,
                }),
            }
        }
    }
    Ok(found)
}

/// The stores a stack destroyed earlier left behind: found by the names its template gives them,
/// when they still exist; those that cannot be found or deleted are named.
async fn left_by_earlier_destroy(
    clients: &DataClients,
    artifact: &AssemblyStack,
    region: Option<String>,
    found: &mut FoundStores,
) -> Result<()> {
    let template = artifact.template();
    // Names made of the region or the stack's name are found; one made of the account is
    // reported as not found (nothing here asks STS).
    let pseudo = adopt::PseudoValues {
        account: None,
        region,
        stack_name: Some(artifact.stack_name.clone()),
    };
    let stateful = |id: &str| is_stateful(&template["Resources"][id]);
    let probes = Probes {
        dynamodb: Some(clients.dynamodb.clone()),
        s3: Some(clients.s3.clone()),
    };
    for a in adopt::candidates(template, &pseudo) {
        if !stateful(&a.logical_id) {
            continue;
        }
        let Some(kind) = StoreKind::of(&a.resource_type) else {
            found.unfound.push(UnfoundStore {
                stack: artifact.stack_name.clone(),
                logical_id: a.logical_id.clone(),
                resource_type: a.resource_type.clone(),
                why: format!(
                    "the toolkit cannot check whether {} {} still exists or delete it",
                    a.resource_type,
                    a.name()
                ),
            });
            continue;
        };
        if probes.presence(&a).await? != Presence::Exists {
            continue;
        }
        let name = a.name();
        let contents = match kind {
            StoreKind::Table => Contents::Items(count_items(&clients.dynamodb, &name).await?),
            StoreKind::Bucket => count_objects(&clients.s3, &name).await?,
        };
        found.stores.push(DataStore {
            stack: artifact.stack_name.clone(),
            logical_id: a.logical_id,
            kind,
            name,
            contents,
            orphaned: true,
        });
    }
    for u in adopt::unadoptable(template, &pseudo) {
        if stateful(&u.logical_id) {
            found.unfound.push(UnfoundStore {
                stack: artifact.stack_name.clone(),
                logical_id: u.logical_id,
                resource_type: u.resource_type,
                why: u.why,
            });
        }
    }
    Ok(())
}

async fn count_items(dynamodb: &aws_sdk_dynamodb::Client, table: &str) -> Result<u64> {
    let mut total = 0u64;
    let mut start = None;
    loop {
        let page = dynamodb
            .scan()
            .table_name(table)
            .select(Select::Count)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| aws_error(format!("counting the items of table {table}"), &e))?;
        total += page.count().max(0) as u64;
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            return Ok(total);
        }
    }
}

/// One page of a bucket's versions and delete markers: what to delete, and where the listing
/// goes on.
struct VersionPage {
    entries: Vec<ObjectIdentifier>,
    current: u64,
    next: Option<(Option<String>, Option<String>)>,
}

async fn list_versions(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    from: Option<(Option<String>, Option<String>)>,
) -> Result<VersionPage> {
    let (key_marker, version_marker) = from.unwrap_or_default();
    let page = s3
        .list_object_versions()
        .bucket(bucket)
        .set_key_marker(key_marker)
        .set_version_id_marker(version_marker)
        .send()
        .await
        .map_err(|e| aws_error(format!("listing the objects of bucket {bucket}"), &e))?;
    let mut entries = Vec::new();
    let mut current = 0u64;
    let versions = page
        .versions()
        .iter()
        .map(|v| (v.key(), v.version_id(), v.is_latest() == Some(true)));
    // A delete marker is never a current object.
    let markers = page
        .delete_markers()
        .iter()
        .map(|m| (m.key(), m.version_id(), false));
    for (key, version, latest) in versions.chain(markers) {
        let Some(key) = key else { continue };
        let id = ObjectIdentifier::builder()
            .key(key)
            .set_version_id(version.map(str::to_string))
            .build()
            .map_err(|e| {
                ToolkitError::Unexpected(format!("listing the objects of bucket {bucket}: {e}"))
            })?;
        entries.push(id);
        current += u64::from(latest);
    }
    let next = (page.is_truncated() == Some(true)).then(|| {
        (
            page.next_key_marker().map(str::to_string),
            page.next_version_id_marker().map(str::to_string),
        )
    });
    Ok(VersionPage {
        entries,
        current,
        next,
    })
}

async fn count_objects(s3: &aws_sdk_s3::Client, bucket: &str) -> Result<Contents> {
    let (mut current, mut versions) = (0u64, 0u64);
    let mut from = None;
    loop {
        let page = list_versions(s3, bucket, from).await?;
        current += page.current;
        versions += page.entries.len() as u64;
        match page.next {
            Some(next) => from = Some(next),
            None => return Ok(Contents::Objects { current, versions }),
        }
    }
}

/// Deletes every object version and delete marker of a bucket, then the bucket.
async fn delete_bucket(s3: &aws_sdk_s3::Client, bucket: &str) -> Result<()> {
    loop {
        // Listed again from the start after each batch: what was deleted is gone.
        let page = list_versions(s3, bucket, None).await?;
        if page.entries.is_empty() {
            break;
        }
        // DeleteObjects takes at most 1,000 keys, as many as a listing page holds.
        for batch in page.entries.chunks(1000) {
            let delete = Delete::builder()
                .set_objects(Some(batch.to_vec()))
                .quiet(true)
                .build()
                .map_err(|e| ToolkitError::Unexpected(format!("emptying bucket {bucket}: {e}")))?;
            let out = s3
                .delete_objects()
                .bucket(bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| aws_error(format!("emptying bucket {bucket}"), &e))?;
            if let Some(first) = out.errors().first() {
                return Err(ToolkitError::Unexpected(format!(
                    "emptying bucket {bucket}: {} of its objects could not be deleted, e.g. {} (version {}): {}",
                    out.errors().len(),
                    first.key().unwrap_or("?"),
                    first.version_id().unwrap_or("none"),
                    first.message().or(first.code()).unwrap_or("no reason given")
                )));
            }
        }
    }
    s3.delete_bucket()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| aws_error(format!("deleting bucket {bucket}"), &e))?;
    Ok(())
}

/// Empties and deletes a data store.
pub async fn delete_store(clients: &DataClients, store: &DataStore) -> Result<()> {
    match store.kind {
        StoreKind::Table => {
            clients
                .dynamodb
                .delete_table()
                .table_name(&store.name)
                .send()
                .await
                .map_err(|e| aws_error(format!("deleting table {}", store.name), &e))?;
            Ok(())
        }
        StoreKind::Bucket => delete_bucket(&clients.s3, &store.name).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_store_is_named_with_what_it_holds() {
        let store = |kind, contents| DataStore {
            stack: "S".into(),
            logical_id: "L".into(),
            kind,
            name: "n".into(),
            contents,
            orphaned: false,
        };
        assert_eq!(
            store(StoreKind::Table, Contents::Items(2)).label(),
            "table n (2 items)"
        );
        assert_eq!(
            store(StoreKind::Table, Contents::Items(1)).label(),
            "table n (1 item)"
        );
        assert_eq!(
            store(
                StoreKind::Bucket,
                Contents::Objects {
                    current: 3,
                    versions: 3
                }
            )
            .label(),
            "bucket n (3 objects)"
        );
        assert_eq!(
            store(
                StoreKind::Bucket,
                Contents::Objects {
                    current: 1,
                    versions: 4
                }
            )
            .label(),
            "bucket n (1 object, with 4 versions and delete markers in all)"
        );
        assert_eq!(StoreKind::of("AWS::S3::Bucket"), Some(StoreKind::Bucket));
        assert_eq!(StoreKind::of("AWS::SQS::Queue"), None);
    }
}
