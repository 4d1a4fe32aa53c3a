//! SVG: laid out by Graphviz's `dot` when it is installed, else by the `layout-rs` crate.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::SfnError;

fn drawing(what: &str, e: impl std::fmt::Display) -> SfnError {
    SfnError::Drawing(format!("{what}: {e}"))
}

/// Which layout engine drew the SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SvgEngine {
    /// Graphviz's `dot` program.
    Graphviz,
    /// The `layout-rs` crate.
    LayoutRs,
}

/// Renders DOT as SVG with `dot -Tsvg` when `dot` is on the PATH (and `prefer_graphviz`), else
/// with `layout-rs`.
pub fn to_svg(dot: &str, prefer_graphviz: bool) -> Result<(String, SvgEngine), SfnError> {
    if prefer_graphviz {
        if let Some(svg) = with_graphviz(dot)? {
            return Ok((svg, SvgEngine::Graphviz));
        }
    }
    with_layout_rs(dot).map(|svg| (svg, SvgEngine::LayoutRs))
}

fn with_graphviz(dot: &str) -> Result<Option<String>, SfnError> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(drawing("running Graphviz's dot", e)),
    };
    child
        .stdin
        .take()
        .ok_or_else(|| drawing("Graphviz's dot", "no standard input"))?
        .write_all(dot.as_bytes())
        .map_err(|e| drawing("writing to Graphviz's dot", e))?;
    let out = child
        .wait_with_output()
        .map_err(|e| drawing("waiting for Graphviz's dot", e))?;
    if !out.status.success() {
        return Err(drawing(
            "Graphviz's dot failed",
            String::from_utf8_lossy(&out.stderr),
        ));
    }
    Ok(Some(String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn with_layout_rs(dot: &str) -> Result<String, SfnError> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    let mut parser = DotParser::new(dot);
    let ast = parser
        .process()
        .map_err(|e| drawing("the DOT graph could not be parsed for layout", e))?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&ast);
    let mut graph = builder.get();
    let mut svg = SVGWriter::new();
    graph.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_rs_draws_without_graphviz() {
        let (svg, engine) = to_svg(
            "digraph { a [label=\"Find Tweet\", fillcolor=\"#c8e6c9\", style=filled]; a -> b; }",
            false,
        )
        .unwrap();
        assert_eq!(engine, SvgEngine::LayoutRs);
        assert!(svg.contains("<svg") && svg.contains("Find Tweet"), "{svg}");
    }
}
