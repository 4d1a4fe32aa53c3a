//! Reading the tree from validations and aspects never panics, the tree is locked while it is
//! synthesized, and an app's memory is released when it is dropped, even when its validations
//! capture its own constructs.

use std::cell::Cell;
use std::rc::Rc;

use cdk_core::{App, CfnResource, Construct, Expr, Node, Stack, SynthError};
use proptest::prelude::*;

#[test]
fn validations_read_resources_and_stacks_without_panicking() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    let table = CfnResource::new(&stack, "Table", "AWS::DynamoDB::Table").unwrap();
    table.set_property("TableName", "t");
    table.add_metadata("owner", "me");
    let (t, s) = (table.clone(), stack.clone());
    table.node().add_validation(move || {
        let mut out = Vec::new();
        if t.property("TableName") == Some(Expr::from("t")) {
            out.push(format!(
                "{} in {} read: {} {}",
                t.resource_type(),
                s.stack_name(),
                t.logical_id(),
                t.metadata("owner")
                    .and_then(|m| m.as_str().map(str::to_string))
                    .unwrap_or_default()
            ));
        }
        out
    });
    let err = app.synth().unwrap_err().to_string();
    assert!(
        err.contains("[S/Table] AWS::DynamoDB::Table in S read: Table me"),
        "{err}"
    );
}

#[test]
fn adding_a_construct_during_synthesis_is_an_error_naming_the_path() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
    let s = stack.clone();
    stack
        .node()
        .add_validation(move || match Node::new(&s, "Late") {
            Ok(_) => vec!["a construct was added during synthesis".into()],
            Err(e) => vec![format!("refused: {e}")],
        });
    let err = app.synth().unwrap_err().to_string();
    assert!(
        err.contains("refused: S/Late: cannot add a construct while the app is being synthesized"),
        "{err}"
    );
    // Unlocked again afterwards.
    Node::new(&stack, "AfterSynth").unwrap();
}

/// Counts drops of the value it sits in.
struct DropCounter(Rc<Cell<usize>>);
impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn the_tree_is_freed_when_the_app_is_dropped_even_with_cycles() {
    let drops = Rc::new(Cell::new(0));
    {
        let app = App::new();
        let stack = Stack::new(&app, "S").unwrap();
        let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
        // The validation captures a handle on the tree it lives in (a cycle) and the counter.
        let counter = DropCounter(Rc::clone(&drops));
        let captured = topic.clone();
        topic.node().add_validation(move || {
            let _ = (&counter, captured.resource_type());
            Vec::new()
        });
        topic.node().set_construct(DropCounter(Rc::clone(&drops)));
        app.synth().unwrap();
        assert_eq!(drops.get(), 0, "alive while the app is");
    }
    assert_eq!(
        drops.get(),
        2,
        "the validation and the construct object were dropped"
    );
}

#[test]
fn a_handle_kept_after_the_app_is_dropped_cannot_synthesize_silently() {
    let stack = {
        let app = App::new();
        let stack = Stack::new(&app, "S").unwrap();
        CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
        stack
    };
    let err = stack.node().app().synth().unwrap_err();
    assert!(matches!(err, SynthError::AppDropped), "{err}");
    assert!(err.to_string().contains("keep the App"));
}

#[test]
fn clones_of_the_app_keep_it_alive() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
    stack.node().add_error("kept");
    let clone = app.clone();
    drop(app);
    let err = clone.synth().unwrap_err().to_string();
    assert!(err.contains("[S] kept"), "{err}");
}

proptest! {
    /// Random trees whose validations read every kind of node and the tree itself.
    #[test]
    fn validations_that_read_random_trees_never_panic(shape in prop::collection::vec((0usize..8, 0u8..4), 1..40)) {
        let app = App::new();
        let stack = Stack::new(&app, "S").unwrap();
        let mut nodes: Vec<Node> = vec![stack.node().clone()];
        for (i, (parent, kind)) in shape.iter().enumerate() {
            let scope = nodes[parent % nodes.len()].clone();
            let id = format!("N{i}");
            let node = match kind {
                0 => CfnResource::new(&scope, &id, "AWS::SNS::Topic").map(|r| r.node().clone()),
                _ => Node::new(&scope, &id),
            };
            let Ok(node) = node else { continue };
            let (reader, app_handle) = (node.clone(), app.clone());
            node.add_validation(move || {
                let mut seen = 0;
                for n in app_handle.node().find_all(cdk_core::Traversal::PostOrder) {
                    let _ = (n.path(), n.children(), n.scope(), n.stack(), n.default_child());
                    if let Some(r) = CfnResource::from_node(&n) {
                        let _ = (r.resource_type(), r.property("X"), r.logical_id());
                        r.add_metadata("seen", true);
                    }
                    seen += 1;
                }
                let _ = reader.try_get_context("k");
                if seen == 0 { vec!["saw nothing".into()] } else { Vec::new() }
            });
            nodes.push(node);
        }
        let result = app.synth();
        let has_resource = shape.iter().any(|(_, k)| *k == 0);
        prop_assert_eq!(result.is_ok(), has_resource, "{:?}", result.err().map(|e| e.to_string()));
    }
}
