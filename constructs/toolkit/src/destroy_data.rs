//! `destroy --include-data`: the tables a stack keeps on delete, found before anything is
//! deleted (with their item counts, for the confirmation), and deleted after their stacks.

use anyhow::anyhow;
use aws_sdk_dynamodb::types::Select;

use crate::aws::describe;
use crate::cfn::Cfn;

/// A retained table that `--include-data` deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTable {
    /// The stack it belongs to.
    pub stack: String,
    /// The table's name.
    pub name: String,
    /// How many items it holds.
    pub items: u64,
}

/// The DynamoDB tables of these (deployed) stacks that their Retain policy would keep, with
/// their item counts (a full count, by Scan).
pub async fn retained_tables(
    cfn: &Cfn,
    dynamodb: &aws_sdk_dynamodb::Client,
    stacks: &[String],
) -> anyhow::Result<Vec<DataTable>> {
    let mut out = Vec::new();
    for stack in stacks {
        if cfn.describe(stack).await?.is_none() {
            continue;
        }
        let template = cfn.template(stack).await?;
        let kept: Vec<String> = template["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, r)| r["Type"] == "AWS::DynamoDB::Table" && r["DeletionPolicy"] == "Retain")
            .map(|(id, _)| id.clone())
            .collect();
        if kept.is_empty() {
            continue;
        }
        for r in cfn
            .resources(stack)
            .await?
            .into_iter()
            .filter(|r| kept.contains(&r.logical_id))
        {
            let items = count(dynamodb, &r.physical_id).await?;
            out.push(DataTable {
                stack: stack.clone(),
                name: r.physical_id,
                items,
            });
        }
    }
    Ok(out)
}

async fn count(dynamodb: &aws_sdk_dynamodb::Client, table: &str) -> anyhow::Result<u64> {
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
            .map_err(|e| anyhow!("counting the items of table {table}: {}", describe(&e)))?;
        total += page.count().max(0) as u64;
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            return Ok(total);
        }
    }
}

/// Deletes a table.
pub async fn delete_table(dynamodb: &aws_sdk_dynamodb::Client, table: &str) -> anyhow::Result<()> {
    dynamodb
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| anyhow!("deleting table {table}: {}", describe(&e)))?;
    Ok(())
}
