//! Mermaid flowcharts.

use super::model::{Graph, Shape, Status};

fn quote(label: &str) -> String {
    format!("\"{}\"", label.replace('"', "#quot;"))
}

fn node(id: &str, label: &str, shape: Shape) -> String {
    let q = quote(label);
    match shape {
        Shape::Start => format!("{id}(({q}))"),
        Shape::End => format!("{id}((({q})))"),
        Shape::Box => format!("{id}[{q}]"),
        Shape::Wait => format!("{id}([{q}])"),
        Shape::Choice => format!("{id}{{{q}}}"),
        Shape::Fork => format!("{id}[[{q}]]"),
        Shape::Join => format!("{id}((\" \"))"),
        Shape::Terminal => format!("{id}>{q}]"),
    }
}

/// The graph as a Mermaid flowchart.
pub fn to_mermaid(g: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    fn group(g: &Graph, parent: Option<usize>, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        for n in g.nodes.iter().filter(|n| n.group == parent) {
            out.push_str(&format!("{pad}{}\n", node(&n.id, &n.label, n.shape)));
        }
        for child in g.children(parent) {
            out.push_str(&format!(
                "{pad}subgraph g{child}[{}]\n",
                quote(&g.groups[child].label)
            ));
            group(g, Some(child), depth + 1, out);
            out.push_str(&format!("{pad}end\n"));
        }
    }
    group(g, None, 1, &mut out);
    for e in &g.edges {
        let arrow = if e.dashed { "-.->" } else { "-->" };
        match &e.label {
            Some(l) => out.push_str(&format!("  {} {arrow}|{}| {}\n", e.from, quote(l), e.to)),
            None => out.push_str(&format!("  {} {arrow} {}\n", e.from, e.to)),
        }
    }
    let statuses = [
        Status::Succeeded,
        Status::Failed,
        Status::Running,
        Status::NotReached,
    ];
    for s in statuses {
        let ids: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.status == Some(s))
            .map(|n| n.id.as_str())
            .collect();
        if !ids.is_empty() {
            out.push_str(&format!(
                "  classDef {} fill:{},stroke:{}\n",
                s.class(),
                s.fill(),
                s.stroke()
            ));
            out.push_str(&format!("  class {} {}\n", ids.join(","), s.class()));
        }
    }
    out
}
