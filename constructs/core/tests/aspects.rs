//! Aspects run over every construct beneath their scope, once each, in a defined order, before
//! validation; they may change constructs, add constructs and add aspects.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{App, AspectPriority, Aspects, CfnResource, Construct, Node, Stack};

fn app_with_two_stacks() -> (App, Stack, Stack) {
    let app = App::new();
    let a = Stack::new(&app, "A").unwrap();
    let b = Stack::new(&app, "B").unwrap();
    let group = Node::new(&a, "Group").unwrap();
    CfnResource::new(&group, "Topic", "AWS::SNS::Topic").unwrap();
    CfnResource::new(&b, "Queue", "AWS::SQS::Queue").unwrap();
    (app, a, b)
}

#[test]
fn visits_every_node_beneath_the_scope_once_in_pre_order() {
    let (app, a, _) = app_with_two_stacks();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = Rc::clone(&seen);
    Aspects::of(&a).add(move |n: &Node| log.borrow_mut().push(n.path()));
    app.synth().unwrap();
    app.synth().unwrap();
    // Each synth visits again, but never twice within one.
    let seen = seen.borrow().clone();
    assert_eq!(
        seen,
        [
            "A",
            "A/Group",
            "A/Group/Topic",
            "A",
            "A/Group",
            "A/Group/Topic"
        ]
    );
}

#[test]
fn priorities_then_outer_scopes_then_insertion_order() {
    let (app, a, _) = app_with_two_stacks();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let aspect = |name: &'static str| {
        let log = Rc::clone(&seen);
        move |n: &Node| {
            if n.path() == "A/Group/Topic" {
                log.borrow_mut().push(name)
            }
        }
    };
    let group = a.node().find_child("Group").unwrap();
    Aspects::of(&group).add(aspect("inner default"));
    Aspects::of(&app).add_with_priority(aspect("outer readonly"), AspectPriority::READONLY);
    Aspects::of(&app).add(aspect("outer default"));
    Aspects::of(&group).add_with_priority(aspect("inner mutating"), AspectPriority::MUTATING);
    app.synth().unwrap();
    assert_eq!(
        *seen.borrow(),
        [
            "inner mutating",
            "outer default",
            "inner default",
            "outer readonly"
        ]
    );
}

#[test]
fn aspects_change_constructs_before_validation() {
    let (app, a, _) = app_with_two_stacks();
    let topic = CfnResource::from_node(
        &a.node()
            .find_child("Group")
            .unwrap()
            .find_child("Topic")
            .unwrap(),
    )
    .unwrap();
    let t = topic.clone();
    topic
        .node()
        .add_validation(move || match t.property("TopicName") {
            Some(_) => Vec::new(),
            None => vec!["no name".into()],
        });
    Aspects::of(&app).add(|n: &Node| {
        if let Some(r) = CfnResource::from_node(n) {
            r.set_property("TopicName", "named-by-aspect");
        }
    });
    let assembly = app.synth().unwrap();
    let t = assembly.stack("A").unwrap().template();
    let id = topic.logical_id();
    assert_eq!(
        t["Resources"][id.as_str()]["Properties"]["TopicName"],
        "named-by-aspect"
    );
}

#[test]
fn constructs_and_aspects_added_by_aspects_are_visited() {
    let (app, a, _) = app_with_two_stacks();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = Rc::clone(&seen);
    let inner_log = Rc::clone(&seen);
    Aspects::of(&a).add(move |n: &Node| {
        log.borrow_mut().push(format!("first {}", n.path()));
        if n.path() == "A/Group" {
            Node::new(n, "Added").unwrap();
            let l = Rc::clone(&inner_log);
            Aspects::of(n).add(move |m: &Node| l.borrow_mut().push(format!("second {}", m.path())));
        }
    });
    app.synth().unwrap();
    let seen = seen.borrow().clone();
    assert!(
        seen.contains(&"first A/Group/Added".to_string()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"second A/Group/Added".to_string()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"second A/Group/Topic".to_string()),
        "{seen:?}"
    );
    assert_eq!(seen.iter().filter(|s| *s == "first A/Group").count(), 1);
}

#[test]
fn aspects_that_never_stop_adding_are_an_error_not_a_hang() {
    let (app, a, _) = app_with_two_stacks();
    let counter = Rc::new(RefCell::new(0));
    Aspects::of(&a).add(move |n: &Node| {
        if n.path() == "A" {
            let mut c = counter.borrow_mut();
            *c += 1;
            Node::new(n, &format!("More{c}")).unwrap();
        }
    });
    // Each new node is visited, but only the stack adds; so this ends. An aspect that adds an
    // aspect that adds an aspect... does not:
    app.synth().unwrap();
    fn forever(n: &Node) {
        Aspects::of(n).add(forever);
    }
    Aspects::of(&app).add(forever);
    let err = app.synth().unwrap_err().to_string();
    assert!(err.contains("after 10 passes"), "{err}");
}
