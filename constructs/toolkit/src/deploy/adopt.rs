//! Adopting retained resources back: after `destroy`, a table kept by its Retain policy still
//! exists under its fixed name, and creating the stack again would fail with "already exists".
//! Instead, `deploy` imports it into the new stack (a CloudFormation IMPORT change set), then
//! updates the stack to the full template. Its items stay where they are.

use anyhow::anyhow;
use serde_json::{Map, Value};

use crate::aws::describe;

/// A resource of the template that already exists and will be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adoption {
    /// Its logical ID in the template.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// The property that identifies it (`TableName`).
    pub key: String,
    /// Its physical name.
    pub name: String,
}

/// Resources of a template that may already exist: kept on delete (Retain) and with a fixed
/// physical name. DynamoDB tables, by `TableName`.
pub fn candidates(template: &Value) -> Vec<Adoption> {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == "AWS::DynamoDB::Table" && r["DeletionPolicy"] == "Retain")
        .filter_map(|(id, r)| {
            Some(Adoption {
                logical_id: id.clone(),
                resource_type: "AWS::DynamoDB::Table".into(),
                key: "TableName".into(),
                name: r["Properties"]["TableName"].as_str()?.to_string(),
            })
        })
        .collect()
}

/// The candidates that exist.
pub async fn existing(
    dynamodb: &aws_sdk_dynamodb::Client,
    candidates: Vec<Adoption>,
) -> anyhow::Result<Vec<Adoption>> {
    let mut out = Vec::new();
    for c in candidates {
        match dynamodb.describe_table().table_name(&c.name).send().await {
            Ok(_) => out.push(c),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) => {}
            Err(e) => {
                return Err(anyhow!(
                    "checking whether table {} exists: {}",
                    c.name,
                    describe(&e)
                ))
            }
        }
    }
    Ok(out)
}

/// The template of the import step: only the adopted resources (an import may not create or
/// change anything else).
pub fn import_template(template: &Value, adoptions: &[Adoption]) -> Value {
    let mut out = Map::new();
    for key in ["AWSTemplateFormatVersion", "Description"] {
        if let Some(v) = template.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let resources: Map<String, Value> = adoptions
        .iter()
        .filter_map(|a| {
            Some((
                a.logical_id.clone(),
                template["Resources"].get(&a.logical_id)?.clone(),
            ))
        })
        .collect();
    out.insert("Resources".into(), Value::Object(resources));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retained_named_tables_are_candidates_and_the_import_template_holds_only_them() {
        let t = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Kept": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {"TableName": "tweetTable"}},
                "Unnamed": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {}},
                "Deleted": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "Properties": {"TableName": "x"}},
                "Topic": {"Type": "AWS::SNS::Topic"}
            },
            "Outputs": {"Name": {"Value": {"Ref": "Kept"}}}
        });
        let c = candidates(&t);
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].logical_id.as_str(), c[0].name.as_str()),
            ("Kept", "tweetTable")
        );
        let import = import_template(&t, &c);
        assert_eq!(
            import["Resources"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["Kept"]
        );
        assert!(import.get("Outputs").is_none());
        assert_eq!(import["AWSTemplateFormatVersion"], "2010-09-09");
    }
}
