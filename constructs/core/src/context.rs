//! Context: values given to an app from outside its code (`--context key=value` and
//! `cdk.context.json`, read by the toolkit), readable from any node with
//! [`crate::Node::try_get_context`].
//!
//! The toolkit hands them over with [`provide`] before it calls the app's build function;
//! every [`crate::App`] made afterwards on that thread starts with them.
//!
//! ```
//! use cdk_core::{context, App};
//! context::provide([("stage".to_string(), serde_json::json!("beta"))].into_iter().collect());
//! let app = App::new();
//! assert_eq!(app.node().try_get_context("stage"), Some(serde_json::json!("beta")));
//! context::provide(Default::default());
//! # use cdk_core::Construct;
//! ```

use std::cell::RefCell;

use indexmap::IndexMap;
use serde_json::Value;

thread_local! {
    static PROVIDED: RefCell<IndexMap<String, Value>> = RefCell::new(IndexMap::new());
}

/// Sets the context every app made afterwards on this thread starts with.
pub fn provide(values: IndexMap<String, Value>) {
    PROVIDED.with(|p| *p.borrow_mut() = values);
}

/// The context provided to apps on this thread.
pub(crate) fn provided() -> IndexMap<String, Value> {
    PROVIDED.with(|p| p.borrow().clone())
}
