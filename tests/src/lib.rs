//! Helpers shared by the integration tests: where the pinned external tools are, and how to
//! hand a synthesized state machine definition to asl-validator.

pub use test_harness::{assert_definitions_valid, definitions, run_tool, tool, workspace_root};
