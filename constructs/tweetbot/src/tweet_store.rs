//! [`TweetStore`].

use cdk_aws::dynamodb::{Attribute, Table, TableProps};
use cdk_aws::stepfunctions::tasks::{DynamoAttr, DynamoGetItem, DynamoPutItem};
use cdk_aws::stepfunctions::{Condition, Params, Pass};
use cdk_core::{Construct, ConstructError, Node, RemovalPolicy};

/// Where [`TweetStore::lookup_task`] puts what it read.
pub const STORED_PATH: &str = "$.stored";

/// Settings of a [`TweetStore`].
#[derive(Clone, Debug)]
pub struct TweetStoreProps {
    /// The table name; default `tweetTable`.
    pub table_name: String,
    /// Where the tweet is in the execution's data; default `$.tweet`.
    pub tweet_path: String,
    /// What happens to the table when it leaves its stack; default Retain (the tweets are kept).
    pub removal_policy: RemovalPolicy,
}

impl Default for TweetStoreProps {
    fn default() -> Self {
        TweetStoreProps {
            table_name: "tweetTable".into(),
            tweet_path: "$.tweet".into(),
            removal_policy: RemovalPolicy::Retain,
        }
    }
}

impl TweetStoreProps {
    /// Sets the table name.
    pub fn table_name(mut self, name: impl Into<String>) -> Self {
        self.table_name = name.into();
        self
    }
}

/// The tweet table (partition key `id`, a string; on-demand; point-in-time recovery; kept on
/// delete) and a task storing a tweet in it, usable from any stack of the app.
///
/// ```
/// use cdk_core::{App, Stack};
/// use cdk_tweetbot::{TweetStore, TweetStoreProps};
/// let app = App::new();
/// let data = Stack::new(&app, "Data")?;
/// let store = TweetStore::new(&data, "Store", TweetStoreProps::default())?;
/// let t = app.synth()?.stack("Data").unwrap().template().clone();
/// let table = &t["Resources"][store.table().resource().logical_id()];
/// assert_eq!(table["Properties"]["TableName"], "tweetTable");
/// assert_eq!(table["DeletionPolicy"], "Retain");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct TweetStore {
    node: Node,
    table: Table,
    props: TweetStoreProps,
}

impl Construct for TweetStore {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl TweetStore {
    /// Creates the table.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        props: TweetStoreProps,
    ) -> Result<TweetStore, ConstructError> {
        let node = Node::with_type(scope, id, "cdk_tweetbot.TweetStore")?;
        let table = Table::new(
            &node,
            "Table",
            TableProps::new(Attribute::string("id"))
                .table_name(props.table_name.as_str())
                .removal_policy(props.removal_policy),
        )?;
        table.resource().suppress_checkov(
            "CKV_AWS_119",
            "the table holds public tweets; DynamoDB encrypts it at rest with an AWS owned key, and a customer managed key would add cost and key management for no gain",
        );
        Ok(TweetStore { node, table, props }.registered())
    }

    /// The table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// A task named `state_name` that reads the stored copy of the tweet found (by its id), so
    /// that a tweet already stored is not texted again; its answer goes to `$.stored`.
    pub fn lookup_task(&self, state_name: &str) -> DynamoGetItem {
        let t = &self.props.tweet_path;
        DynamoGetItem::new(
            state_name,
            &self.table,
            Params::new().nested("id", DynamoAttr::string_at(&format!("{t}.id"))),
        )
        .consistent_read()
        .result_path(STORED_PATH)
    }

    /// Holds when [`TweetStore::lookup_task`] found the tweet stored already.
    pub fn stored(&self) -> Condition {
        Condition::is_present(&format!("{STORED_PATH}.Item"))
    }

    /// A task named `state_name` that stores the tweet once: the tweet's id, text, author,
    /// creation time, the search text and when it was stored. A tweet already stored is not an
    /// error: the write's condition fails and the execution goes on.
    pub fn store_task(&self, state_name: &str) -> DynamoPutItem {
        let t = &self.props.tweet_path;
        let item = Params::new()
            .nested("id", DynamoAttr::string_at(&format!("{t}.id")))
            .nested("text", DynamoAttr::string_at(&format!("{t}.text")))
            .nested("author", DynamoAttr::string_at(&format!("{t}.username")))
            .nested(
                "createdAt",
                DynamoAttr::string_at(&format!("{t}.createdAt")),
            )
            .nested("searchText", DynamoAttr::string_at("$.searchText"))
            .nested("storedAt", DynamoAttr::string_at("$$.State.EnteredTime"));
        DynamoPutItem::new(state_name, &self.table, item)
            .condition_expression("attribute_not_exists(id)")
            .discard_result()
            .catch(
                &["DynamoDB.ConditionalCheckFailedException"],
                Pass::new(&format!("{state_name}: Already Stored")),
            )
    }
}
