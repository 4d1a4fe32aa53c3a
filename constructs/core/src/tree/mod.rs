//! The construct tree: an arena of nodes shared by every handle of one app.

pub mod id;
pub mod node;
pub(crate) mod store;
