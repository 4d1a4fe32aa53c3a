//! Synthesis: validation, logical IDs, reference resolution, templates and the cloud assembly.
//!
//! Every pass here is linear in the number of nodes: one preorder walk, one logical ID per
//! resource, one resolution per value, one serialization per template.

mod dependencies;
mod limits;
mod resolve;
mod synthesize;

pub(crate) use synthesize::synthesize;

pub use limits::{MAX_OUTPUTS, MAX_RESOURCES, MAX_TEMPLATE_BODY_BYTES, MAX_TEMPLATE_BYTES};
