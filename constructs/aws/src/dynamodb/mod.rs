//! DynamoDB: tables.

mod table;

pub use table::{Attribute, AttributeType, Table, TableProps};
