//! [`DynamoGetItem`]: read one item of a table (AWS CDK's `tasks.DynamoGetItem`).

use crate::dynamodb::Table;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::states::Builder;

use super::{task_builder, task_methods};

/// A task that reads one item by its key (`dynamodb:getItem`, request-response); the table
/// grants `dynamodb:GetItem` on itself only. The result has `Item` when the item exists.
///
/// ```
/// use cdk_aws::dynamodb::{Attribute, Table, TableProps};
/// use cdk_aws::stepfunctions::{tasks::{DynamoAttr, DynamoGetItem}, Chain};
/// use cdk_core::{App, Stack};
/// use cdk_aws::stepfunctions::Params;
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let table = Table::new(&stack, "T", TableProps::new(Attribute::string("id")))?;
/// let get = DynamoGetItem::new("Check Stored", &table,
///     Params::new().nested("id", DynamoAttr::string_at("$.tweet.id")))
///     .consistent_read()
///     .result_path("$.stored");
/// let chain = Chain::start(get);
/// assert_eq!(chain.statements()[0].actions, ["dynamodb:GetItem"]);
/// let d = chain.to_definition().to_expr();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct DynamoGetItem(pub(crate) Builder, Params);

impl DynamoGetItem {
    /// Reads the item of `table` whose key is `key` (attribute name → typed value).
    pub fn new(name: &str, table: &Table, key: Params) -> Self {
        let mut b = task_builder(
            name,
            crate::stepfunctions::integration_arn("dynamodb:getItem"),
        );
        b.statements.push(table.statement(&["dynamodb:GetItem"]));
        let params = Params::new()
            .value("TableName", table.table_name())
            .nested("Key", key);
        DynamoGetItem(b, params)
    }

    /// A strongly consistent read (sees a write made just before).
    pub fn consistent_read(mut self) -> Self {
        self.1 = self.1.value("ConsistentRead", true);
        self
    }

    /// Where the answer goes in the state's output.
    pub fn result_path(mut self, path: &str) -> Self {
        self.0.def.result_path = Some(Some(path.to_string()));
        self
    }
}

io_methods!(DynamoGetItem);
error_methods!(DynamoGetItem);
task_methods!(DynamoGetItem);
jsonata_methods!(DynamoGetItem);

impl From<DynamoGetItem> for Chain {
    fn from(t: DynamoGetItem) -> Chain {
        let DynamoGetItem(mut b, params) = t;
        b.def.parameters = Some(params.to_expr());
        b.into_chain(true)
    }
}
