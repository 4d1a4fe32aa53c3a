//! [`DynamoPutItem`] and [`DynamoAttr`].

use crate::dynamodb::Table;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::input::Params;
use crate::stepfunctions::states::Builder;

use super::{task_builder, task_methods};

/// DynamoDB attribute values for an item, typed.
pub struct DynamoAttr;

impl DynamoAttr {
    /// A string attribute from `path` in the input.
    pub fn string_at(path: &str) -> Params {
        Params::new().path("S", path)
    }

    /// A fixed string attribute.
    pub fn string(value: &str) -> Params {
        Params::new().value("S", value)
    }

    /// A number attribute from `path` in the input.
    pub fn number_at(path: &str) -> Params {
        Params::new().path("N", &format!("States.JsonToString({path})"))
    }
}

/// Puts an item into a table with the DynamoDB service integration. Grants
/// `dynamodb:PutItem` on that table only. The table may live in another stack: its name and
/// ARN become cross-stack references.
///
/// ```
/// use cdk_aws::dynamodb::{Attribute, Table, TableProps};
/// use cdk_aws::stepfunctions::{tasks::{DynamoAttr, DynamoPutItem}, Chain, Params};
/// use cdk_core::{App, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S")?;
/// let table = Table::new(&stack, "T", TableProps::new(Attribute::string("id")))?;
/// let put = DynamoPutItem::new("Store", &table, Params::new().nested("id", DynamoAttr::string_at("$.id")))
///     .condition_expression("attribute_not_exists(id)");
/// let chain = Chain::start(put);
/// assert_eq!(chain.statements()[0].actions, ["dynamodb:PutItem"]);
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DynamoPutItem(pub(crate) Builder, Params);

impl DynamoPutItem {
    /// Puts `item` (attribute name → typed value) into `table`.
    pub fn new(name: &str, table: &Table, item: Params) -> Self {
        let mut b = task_builder(
            name,
            crate::stepfunctions::integration_arn("dynamodb:putItem"),
        );
        b.statements.push(table.statement(&["dynamodb:PutItem"]));
        let params = Params::new()
            .value("TableName", table.table_name())
            .nested("Item", item);
        DynamoPutItem(b, params)
    }

    /// A condition the write must meet, e.g. `attribute_not_exists(id)` to store once.
    pub fn condition_expression(mut self, expression: &str) -> Self {
        self.1 = self.1.value("ConditionExpression", expression);
        self
    }
}

io_methods!(DynamoPutItem);
error_methods!(DynamoPutItem);
task_methods!(DynamoPutItem);
jsonata_methods!(DynamoPutItem);

impl DynamoPutItem {
    /// Sets `ResultPath`: where DynamoDB's answer goes in the input.
    pub fn result_path(mut self, path: &str) -> Self {
        self.0.def.result_path = Some(Some(path.to_string()));
        self
    }

    /// Discards DynamoDB's answer: the output is the input.
    pub fn discard_result(mut self) -> Self {
        self.0.def.result_path = Some(None);
        self
    }
}

impl From<DynamoPutItem> for Chain {
    fn from(t: DynamoPutItem) -> Chain {
        let DynamoPutItem(mut b, params) = t;
        b.def.parameters = Some(params.to_expr());
        b.into_chain(true)
    }
}
