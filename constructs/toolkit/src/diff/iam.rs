//! IAM statements of a template, and which ones a change adds or removes.

use std::collections::BTreeSet;

use comfy_table::Table;
use serde::Serialize;
use serde_json::Value;

use super::render::compact;

/// One IAM statement, flattened for comparison and display.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IamStatement {
    /// Logical ID of the policy, role or permission holding it.
    pub holder: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// Actions.
    pub actions: String,
    /// Resources the statement applies to.
    pub resources: String,
    /// Who may assume or invoke (trust policies and permissions).
    pub principal: String,
    /// Conditions.
    pub condition: String,
}

fn list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

fn joined(v: &Value) -> String {
    let mut parts: Vec<String> = list(v).into_iter().map(compact).collect();
    parts.sort();
    parts.join("\n")
}

fn from_document(holder: &str, doc: &Value, out: &mut BTreeSet<IamStatement>) {
    for s in list(&doc["Statement"]) {
        out.insert(IamStatement {
            holder: holder.to_string(),
            effect: s["Effect"].as_str().unwrap_or("Allow").to_string(),
            actions: joined(&s["Action"]),
            resources: joined(&s["Resource"]),
            principal: if s["Principal"].is_null() {
                String::new()
            } else {
                compact(&s["Principal"])
            },
            condition: if s["Condition"].is_null() {
                String::new()
            } else {
                compact(&s["Condition"])
            },
        });
    }
}

/// Every IAM statement in a template: policies, roles' trust and inline policies, Lambda
/// permissions.
pub fn statements(template: &Value) -> BTreeSet<IamStatement> {
    let mut out = BTreeSet::new();
    let Some(resources) = template["Resources"].as_object() else {
        return out;
    };
    for (id, r) in resources {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap_or_default() {
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                from_document(id, &p["PolicyDocument"], &mut out)
            }
            "AWS::IAM::Role" => {
                from_document(id, &p["AssumeRolePolicyDocument"], &mut out);
                for policy in list(&p["Policies"]) {
                    from_document(id, &policy["PolicyDocument"], &mut out);
                }
                for arn in list(&p["ManagedPolicyArns"]) {
                    out.insert(IamStatement {
                        holder: id.clone(),
                        effect: "Allow".into(),
                        actions: format!("(managed policy {})", compact(arn)),
                        resources: String::new(),
                        principal: String::new(),
                        condition: String::new(),
                    });
                }
            }
            "AWS::Lambda::Permission" => {
                out.insert(IamStatement {
                    holder: id.clone(),
                    effect: "Allow".into(),
                    actions: compact(&p["Action"]),
                    resources: compact(&p["FunctionName"]),
                    principal: compact(&p["Principal"]),
                    condition: String::new(),
                });
            }
            _ => {}
        }
    }
    out
}

/// IAM statements added and removed by a change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IamChanges {
    /// New statements: they widen access.
    pub added: Vec<IamStatement>,
    /// Statements that go away.
    pub removed: Vec<IamStatement>,
}

impl IamChanges {
    /// The statements added and removed from `old` to `new`.
    pub fn between(old: &Value, new: &Value) -> IamChanges {
        let (o, n) = (statements(old), statements(new));
        IamChanges {
            added: n.difference(&o).cloned().collect(),
            removed: o.difference(&n).cloned().collect(),
        }
    }

    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// True when the change widens access (adds a statement).
    pub fn is_broadening(&self) -> bool {
        !self.added.is_empty()
    }

    /// The changes as a table.
    pub fn table(&self) -> String {
        let mut table = Table::new();
        table.force_no_tty();
        table.set_header([
            "",
            "Resource",
            "Effect",
            "Action",
            "Principal",
            "Condition",
            "Holder",
        ]);
        let rows = self
            .added
            .iter()
            .map(|s| ("+", s))
            .chain(self.removed.iter().map(|s| ("-", s)));
        for (mark, s) in rows {
            table.add_row([
                mark,
                &s.resources,
                &s.effect,
                &s.actions,
                &s.principal,
                &s.condition,
                &s.holder,
            ]);
        }
        table.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(actions: &[&str]) -> Value {
        json!({"Resources": {"Policy": {"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyDocument": {"Statement": actions.iter().map(|a| json!({
                "Action": a, "Effect": "Allow", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}
            })).collect::<Vec<_>>()}
        }}}})
    }

    #[test]
    fn added_statements_broaden_and_removed_ones_do_not() {
        let before = template(&["dynamodb:PutItem"]);
        let after = template(&["dynamodb:PutItem", "dynamodb:DeleteItem"]);
        let widen = IamChanges::between(&before, &after);
        assert!(widen.is_broadening());
        assert_eq!(widen.added[0].actions, "dynamodb:DeleteItem");
        assert_eq!(widen.added[0].resources, "${Table.Arn}");
        let narrow = IamChanges::between(&after, &before);
        assert!(!narrow.is_broadening() && !narrow.is_empty());
        assert!(IamChanges::between(&before, &before).is_empty());
        let table = widen.table();
        assert!(
            table.contains("dynamodb:DeleteItem") && table.contains("${Table.Arn}"),
            "{table}"
        );
    }

    #[test]
    fn trust_policies_and_everything_in_a_new_stack_count() {
        let role = json!({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}
        }}}});
        let c = IamChanges::between(&json!({}), &role);
        assert_eq!(c.added.len(), 1);
        assert!(c.added[0].principal.contains("lambda.amazonaws.com"));
    }
}
