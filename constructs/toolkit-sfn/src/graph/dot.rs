//! Graphviz DOT.

use super::model::{Graph, Shape};

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn attributes(shape: Shape) -> &'static str {
    match shape {
        Shape::Start => "shape=circle, style=filled, fillcolor=\"#ffffff\"",
        Shape::End => "shape=doublecircle, style=filled, fillcolor=\"#ffffff\"",
        Shape::Box => "shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"",
        Shape::Wait => "shape=box, style=\"rounded,filled,dashed\", fillcolor=\"#ffffff\"",
        Shape::Choice => "shape=diamond, style=filled, fillcolor=\"#ffffff\"",
        Shape::Fork => "shape=box, style=\"filled,bold\", fillcolor=\"#ffffff\"",
        Shape::Join => "shape=point, width=0.15",
        Shape::Terminal => "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#ffffff\"",
    }
}

/// The graph as Graphviz DOT, Parallel branches as clusters.
pub fn to_dot(g: &Graph) -> String {
    let mut out = String::from(
        "digraph StateMachine {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    fn group(g: &Graph, parent: Option<usize>, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        for n in g.nodes.iter().filter(|n| n.group == parent) {
            let mut attrs = format!("label={}, {}", quote(&n.label), attributes(n.shape));
            if let Some(s) = n.status {
                attrs = attrs.replace(
                    "fillcolor=\"#ffffff\"",
                    &format!("fillcolor=\"{}\"", s.fill()),
                );
                attrs.push_str(&format!(", color=\"{}\"", s.stroke()));
            }
            out.push_str(&format!("{pad}{} [{attrs}];\n", n.id));
        }
        for child in g.children(parent) {
            out.push_str(&format!("{pad}subgraph cluster_g{child} {{\n"));
            out.push_str(&format!(
                "{pad}  label={}; style=dashed; color=\"#9e9e9e\";\n",
                quote(&g.groups[child].label)
            ));
            group(g, Some(child), depth + 1, out);
            out.push_str(&format!("{pad}}}\n"));
        }
    }
    group(g, None, 1, &mut out);
    for e in &g.edges {
        let mut attrs = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", quote(l)));
        }
        if e.dashed {
            attrs.push("style=dashed".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        out.push_str(&format!("  {} -> {}{attrs};\n", e.from, e.to));
    }
    out.push_str("}\n");
    out
}
