//! The drawable graph of a definition: states, transitions, and Parallel branches as groups.

use std::collections::HashMap;

use serde_json::Value;

/// A state's status in an execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Entered and left.
    Succeeded,
    /// Failed.
    Failed,
    /// Entered, not left yet.
    Running,
    /// Never entered.
    NotReached,
}

impl Status {
    pub(crate) fn class(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::Running => "running",
            Status::NotReached => "notreached",
        }
    }

    /// Fill colour.
    pub(crate) fn fill(self) -> &'static str {
        match self {
            Status::Succeeded => "#c8e6c9",
            Status::Failed => "#ffcdd2",
            Status::Running => "#bbdefb",
            Status::NotReached => "#eeeeee",
        }
    }

    /// Border colour.
    pub(crate) fn stroke(self) -> &'static str {
        match self {
            Status::Succeeded => "#2e7d32",
            Status::Failed => "#c62828",
            Status::Running => "#1565c0",
            Status::NotReached => "#9e9e9e",
        }
    }
}

/// The shape a node is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The start marker.
    Start,
    /// The end marker.
    End,
    /// A Task, Pass or Map.
    Box,
    /// A Wait.
    Wait,
    /// A Choice.
    Choice,
    /// A Parallel (fork).
    Fork,
    /// Where a Parallel's branches join.
    Join,
    /// Succeed or Fail.
    Terminal,
}

/// One node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Identifier in the drawing.
    pub id: String,
    /// Text shown.
    pub label: String,
    /// Shape.
    pub shape: Shape,
    /// The group (Parallel branch) it is drawn in.
    pub group: Option<usize>,
    /// Its status, when drawing an execution.
    pub status: Option<Status>,
}

/// One transition.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// From node id.
    pub from: String,
    /// To node id.
    pub to: String,
    /// Text on the edge (a Choice rule, `otherwise`, `catch ...`).
    pub label: Option<String>,
    /// Drawn dashed (Catch).
    pub dashed: bool,
}

/// A Parallel branch, drawn as a box around its states.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Text shown.
    pub label: String,
    /// The enclosing group.
    pub parent: Option<usize>,
}

/// A drawable state machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Nodes in definition order.
    pub nodes: Vec<Node>,
    /// Transitions.
    pub edges: Vec<Edge>,
    /// Parallel branches.
    pub groups: Vec<Group>,
}

fn condition(rule: &Value) -> String {
    let Some(obj) = rule.as_object() else {
        return String::new();
    };
    for op in ["And", "Or"] {
        if let Some(list) = obj.get(op).and_then(Value::as_array) {
            let parts: Vec<String> = list.iter().map(condition).collect();
            return format!("({})", parts.join(&format!(" {} ", op.to_lowercase())));
        }
    }
    if let Some(inner) = obj.get("Not") {
        return format!("not {}", condition(inner));
    }
    let variable = obj.get("Variable").and_then(Value::as_str).unwrap_or("?");
    obj.iter()
        .find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next"))
        .map(|(op, v)| {
            format!(
                "{variable} {op} {}",
                v.as_str().map_or_else(|| v.to_string(), str::to_string)
            )
        })
        .unwrap_or_else(|| variable.to_string())
}

impl Graph {
    /// The graph of a definition (ASL JSON), with states coloured by `statuses` when given
    /// (states missing from a non-empty map are drawn as not reached).
    pub fn from_definition(definition: &Value, statuses: &HashMap<String, Status>) -> Graph {
        let mut g = Graph::default();
        g.push("begin", "Start", Shape::Start, None, None);
        g.push("finish", "End", Shape::End, None, None);
        let mut ids = HashMap::new();
        g.scope(definition, None, "begin", "finish", statuses, &mut ids);
        g
    }

    fn push(
        &mut self,
        id: &str,
        label: &str,
        shape: Shape,
        group: Option<usize>,
        status: Option<Status>,
    ) {
        self.nodes.push(Node {
            id: id.to_string(),
            label: label.to_string(),
            shape,
            group,
            status,
        });
    }

    fn edge(&mut self, from: &str, to: &str, label: Option<String>, dashed: bool) {
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            label,
            dashed,
        });
    }

    fn scope(
        &mut self,
        def: &Value,
        group: Option<usize>,
        entry: &str,
        exit: &str,
        statuses: &HashMap<String, Status>,
        ids: &mut HashMap<String, String>,
    ) {
        let Some(states) = def["States"].as_object() else {
            return;
        };
        for name in states.keys() {
            let id = format!("s{}", ids.len());
            ids.insert(name.clone(), id);
        }
        let id_of = |ids: &HashMap<String, String>, name: &str| ids.get(name).cloned();
        if let Some(start) = def["StartAt"].as_str().and_then(|s| id_of(ids, s)) {
            self.edge(entry, &start, None, false);
        }
        let status_of = |name: &str| {
            (!statuses.is_empty())
                .then(|| statuses.get(name).copied().unwrap_or(Status::NotReached))
        };
        for (name, state) in states {
            let id = ids[name].clone();
            let ty = state["Type"].as_str().unwrap_or("Task");
            let shape = match ty {
                "Wait" => Shape::Wait,
                "Choice" => Shape::Choice,
                "Parallel" => Shape::Fork,
                "Succeed" | "Fail" => Shape::Terminal,
                _ => Shape::Box,
            };
            self.push(&id, name, shape, group, status_of(name));
            // Where the state's own transition starts from: a Parallel continues from its join.
            let mut from = id.clone();
            if ty == "Parallel" {
                let join = format!("{id}_join");
                self.push(&join, "", Shape::Join, group, None);
                for (i, branch) in state["Branches"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    self.groups.push(Group {
                        label: format!("{name} › branch {}", i + 1),
                        parent: group,
                    });
                    let g = self.groups.len() - 1;
                    self.scope(branch, Some(g), &id, &join, statuses, ids);
                }
                from = join;
            }
            if let Some(rules) = state["Choices"].as_array() {
                for rule in rules {
                    if let Some(to) = rule["Next"].as_str().and_then(|n| id_of(ids, n)) {
                        self.edge(&id, &to, Some(condition(rule)), false);
                    }
                }
                if let Some(to) = state["Default"].as_str().and_then(|n| id_of(ids, n)) {
                    self.edge(&id, &to, Some("otherwise".into()), false);
                }
            }
            for c in state["Catch"].as_array().into_iter().flatten() {
                if let Some(to) = c["Next"].as_str().and_then(|n| id_of(ids, n)) {
                    let errors: Vec<&str> = c["ErrorEquals"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    self.edge(&id, &to, Some(format!("catch {}", errors.join(", "))), true);
                }
            }
            if let Some(to) = state["Next"].as_str().and_then(|n| id_of(ids, n)) {
                self.edge(&from, &to, None, false);
            } else if state["End"] == Value::Bool(true) || matches!(ty, "Succeed" | "Fail") {
                self.edge(&from, exit, None, false);
            }
        }
    }

    /// The groups nested directly in `parent`.
    pub(crate) fn children(&self, parent: Option<usize>) -> Vec<usize> {
        (0..self.groups.len())
            .filter(|&g| self.groups[g].parent == parent)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn states_branches_and_transitions() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "x", "Next": "C", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "P"}], "Default": "F"},
            "P": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
                {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": true}}}
            ]},
            "F": {"Type": "Fail"}
        }});
        let g = Graph::from_definition(&def, &HashMap::new());
        let labels: Vec<&str> = g.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Start", "End", "A", "C", "P", "", "B1", "B2", "F"]);
        assert_eq!(g.groups.len(), 2);
        assert_eq!(g.groups[0].label, "P › branch 1");
        let id = |label: &str| {
            g.nodes
                .iter()
                .find(|n| n.label == label)
                .unwrap()
                .id
                .clone()
        };
        let e = |from: &str, to: &str| {
            g.edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .cloned()
        };
        let (a, c, p, f) = (id("A"), id("C"), id("P"), id("F"));
        let (b1, b2, join) = (id("B1"), id("B2"), format!("{p}_join"));
        assert_eq!(e("begin", &a).unwrap().label, None);
        let catch = e(&a, &f).unwrap();
        assert_eq!(catch.label.as_deref(), Some("catch States.ALL"));
        assert!(catch.dashed);
        assert_eq!(
            e(&c, &p).unwrap().label.as_deref(),
            Some("$.ok BooleanEquals true")
        );
        assert_eq!(e(&c, &f).unwrap().label.as_deref(), Some("otherwise"));
        assert!(
            e(&p, &b1).is_some() && e(&p, &b2).is_some(),
            "the fork leads to each branch"
        );
        assert!(e(&b1, &join).is_some() && e(&b2, &join).is_some());
        assert!(e(&join, "finish").is_some() && e(&f, "finish").is_some());
        let group = |n: &str| g.nodes.iter().find(|x| x.id == n).unwrap().group;
        assert_eq!(
            (group(&b1), group(&b2), group(&a)),
            (Some(0), Some(1), None)
        );
    }

    #[test]
    fn statuses_colour_states_and_unreached_ones_are_grey() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}});
        let statuses = HashMap::from([("A".to_string(), Status::Failed)]);
        let g = Graph::from_definition(&def, &statuses);
        assert_eq!(g.nodes[2].status, Some(Status::Failed));
        assert_eq!(g.nodes[3].status, Some(Status::NotReached));
        let plain = Graph::from_definition(&def, &HashMap::new());
        assert_eq!(plain.nodes[2].status, None);
    }
}
