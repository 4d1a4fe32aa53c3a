//! Drawing a state machine from its definition: Mermaid, Graphviz DOT, and SVG (through the
//! `dot` program when present, else the `layout-rs` crate). States can be coloured by their
//! status in one execution, as the console does.

mod dot;
mod mermaid;
mod model;
mod svg;

pub use dot::to_dot;
pub use mermaid::to_mermaid;
pub use model::{Graph, Status};
pub use svg::{to_svg, SvgEngine};
