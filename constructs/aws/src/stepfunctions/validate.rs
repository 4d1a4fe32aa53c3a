//! The synth-time validator of definitions. Every error names its state.
//!
//! Checked: `StartAt` exists; every `Next`, `Default`, Choice and Catch target exists (within
//! the same Parallel branch); no unreachable state; every state can reach an end; names unique
//! in the whole machine and 1 to 80 characters; JSONPaths well formed; `States.ALL` alone and
//! last; Retry numbers in range; Choice and Parallel not empty; Map iterators self-contained
//! like branches, distributed-only fields only on distributed Maps; heartbeats shorter than
//! timeouts; `.waitForTaskToken` tasks send the token; query languages not mixed and every
//! JSONata expression parsing (see `validate_query.rs`).

use std::collections::{HashMap, HashSet, VecDeque};

use cdk_core::Expr;

use super::definition::Definition;
use super::jsonpath::{check_dynamic_value, check_path, check_reference_path};
use super::query_language::QueryLanguage;
use super::retry::check_error_lists;
use super::state::{StateDef, StateError, StateKind, WaitFor};

/// Marks a Map's name passed as `branch_of` (a character no state name has).
const MAP_MARK: char = '\u{0}';

/// The longest state name Step Functions accepts.
pub const MAX_STATE_NAME_LEN: usize = 80;

pub(crate) fn validate(def: &Definition) -> Vec<StateError> {
    let mut errors = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    check_scope(def, None, QueryLanguage::JsonPath, &mut errors, &mut names);
    let mut dupes: Vec<(&String, &usize)> = names.iter().filter(|(_, &n)| n > 1).collect();
    dupes.sort();
    for (name, n) in dupes {
        errors.push(err(
            name,
            format!("the name is used by {n} states; state names must be unique in the whole state machine, Parallel branches included"),
        ));
    }
    errors
}

fn err(state: &str, message: impl Into<String>) -> StateError {
    StateError {
        state: state.to_string(),
        message: message.into(),
    }
}

fn check_scope(
    def: &Definition,
    branch_of: Option<&str>,
    inherited: QueryLanguage,
    errors: &mut Vec<StateError>,
    names: &mut HashMap<String, usize>,
) {
    let lang = def.query_language.unwrap_or(inherited);
    if inherited == QueryLanguage::Jsonata && lang == QueryLanguage::JsonPath {
        errors.push(err(
            branch_of.unwrap_or(""),
            "a JSONata machine cannot hold JSONPath branches or states",
        ));
    }
    let scope = match branch_of {
        Some(p) => {
            let kind = if p.ends_with(MAP_MARK) {
                "Map"
            } else {
                "Parallel"
            };
            let p = p.trim_end_matches(MAP_MARK);
            format!(
                " in its branch of {kind} '{p}' (a branch can only move between its own states)"
            )
        }
        None => String::new(),
    };
    let branch_of = branch_of.map(|p| p.trim_end_matches(MAP_MARK));
    if def.states.is_empty() {
        errors.push(err(
            branch_of.unwrap_or(""),
            match branch_of {
                Some(_) => "a Parallel branch or Map iterator has no states".to_string(),
                None => "the state machine has no states".to_string(),
            },
        ));
        return;
    }
    if !def.states.contains_key(&def.start_at) {
        errors.push(err(
            &def.start_at,
            format!(
                "StartAt names state '{}', which does not exist{scope}",
                def.start_at
            ),
        ));
    }
    for (name, state) in &def.states {
        *names.entry(name.clone()).or_default() += 1;
        if name.is_empty() || name.chars().count() > MAX_STATE_NAME_LEN {
            errors.push(err(
                name,
                format!("a state name must be 1 to {MAX_STATE_NAME_LEN} characters long (this one has {})", name.chars().count()),
            ));
        }
        for target in state.targets() {
            if !def.states.contains_key(target) {
                errors.push(err(
                    name,
                    format!(
                        "its transition to '{target}' leads to a state that does not exist{scope}"
                    ),
                ));
            }
        }
        let state_lang = state.query_language.unwrap_or(lang);
        if lang == QueryLanguage::Jsonata && state_lang == QueryLanguage::JsonPath {
            errors.push(err(
                name,
                "a state cannot use JSONPath in a JSONata machine (only the other way round)",
            ));
        }
        check_state(name, state, errors);
        super::validate_query::check(state, state_lang, &mut |m| errors.push(err(name, m)));
        match &state.kind {
            StateKind::Parallel { branches } => {
                // Branches and iterators inherit the enclosing scope's language, not the
                // Parallel's or Map's own: a state inside says JSONata itself.
                for branch in branches {
                    check_scope(branch, Some(name), lang, errors, names);
                }
            }
            StateKind::Map(map) => {
                for p in map.problems() {
                    errors.push(err(name, p));
                }
                let label = format!("{name}{MAP_MARK}");
                check_scope(&map.processor, Some(&label), lang, errors, names);
            }
            _ => {}
        }
    }
    check_graph(def, errors);
}

fn check_state(name: &str, state: &StateDef, errors: &mut Vec<StateError>) {
    let mut push = |m: String| errors.push(err(name, m));
    for (field, path) in [
        ("InputPath", &state.input_path),
        ("OutputPath", &state.output_path),
    ] {
        if let Some(Err(e)) = path.as_deref().map(check_path) {
            push(format!("{field}: {e}"));
        }
    }
    if let Some(Some(p)) = &state.result_path {
        if let Err(e) = check_reference_path(p) {
            push(format!("ResultPath: {e}"));
        }
    }
    for (field, value) in [
        ("Parameters", &state.parameters),
        ("ResultSelector", &state.result_selector),
    ] {
        if let Some(v) = value {
            if v.as_map().is_none() {
                push(format!("{field} must be an object"));
            }
            check_dynamic_fields(field, v, &mut push);
        }
    }
    match &state.kind {
        StateKind::Task {
            resource,
            timeout,
            heartbeat,
        } => {
            if resource.as_str().is_some_and(str::is_empty) || *resource == Expr::Null {
                push("a Task needs a Resource".into());
            }
            if let Some(t) = timeout {
                if let Err(e) = t.to_seconds_within(1..=99_999_999, "the task timeout") {
                    push(e);
                }
            }
            if let Some(h) = heartbeat {
                if let Err(e) = h.to_seconds_within(1..=99_999_999, "the heartbeat") {
                    push(e);
                }
                if timeout.is_some_and(|t| t.to_millis() <= h.to_millis()) {
                    push("the heartbeat must be shorter than the task timeout".into());
                }
            }
        }
        StateKind::Wait(WaitFor::Duration(d)) => {
            if let Err(e) = d.to_seconds_within(0..=31_536_000, "the wait") {
                push(e);
            }
        }
        StateKind::Wait(WaitFor::SecondsPath(p) | WaitFor::TimestampPath(p)) => {
            if let Err(e) = check_reference_path(p) {
                push(e);
            }
        }
        StateKind::Wait(WaitFor::Timestamp(t)) => {
            let ok = t.len() >= 20 && t.as_bytes()[4] == b'-' && t.contains('T');
            if !ok {
                push(format!("Timestamp {t:?} is not an ISO-8601 date and time"));
            }
        }
        StateKind::Choice { rules, .. } => {
            if rules.is_empty() {
                push("a Choice needs at least one rule".into());
            }
            for (cond, _) in rules {
                for p in cond.problems() {
                    push(p);
                }
            }
        }
        StateKind::Parallel { branches } if branches.is_empty() => {
            push("a Parallel needs at least one branch".into());
        }
        _ => {}
    }
    for p in state.retry.iter().flat_map(|r| r.problems()) {
        push(p);
    }
    for p in check_error_lists("Retry", state.retry.iter().map(|r| r.errors.as_slice())) {
        push(p);
    }
    for p in check_error_lists("Catch", state.catch.iter().map(|c| c.errors.as_slice())) {
        push(p);
    }
    for c in &state.catch {
        if let Some(Err(e)) = c.result_path.as_deref().map(check_reference_path) {
            push(format!("Catch ResultPath: {e}"));
        }
    }
}

fn check_dynamic_fields(field: &str, value: &Expr, push: &mut impl FnMut(String)) {
    match value {
        Expr::Map(m) => {
            for (k, v) in m.iter() {
                if k.ends_with(".$") {
                    match v.as_str() {
                        Some(s) => {
                            if let Err(e) = check_dynamic_value(s) {
                                push(format!("{field} field '{k}': {e}"));
                            }
                        }
                        None => push(format!("{field} field '{k}' must be a path string")),
                    }
                } else {
                    check_dynamic_fields(field, v, push);
                }
            }
        }
        Expr::List(items) => items
            .iter()
            .for_each(|i| check_dynamic_fields(field, i, push)),
        _ => {}
    }
}

/// Reachability from `StartAt`, and that every state can reach an end.
fn check_graph(def: &Definition, errors: &mut Vec<StateError>) {
    let mut reached: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    if def.states.contains_key(&def.start_at) {
        queue.push_back(&def.start_at);
        reached.insert(&def.start_at);
    }
    while let Some(n) = queue.pop_front() {
        for t in def.states[n].targets() {
            if def.states.contains_key(t) && reached.insert(t) {
                queue.push_back(t);
            }
        }
    }
    // Reverse edges, from the states that end an execution.
    let mut into: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, s) in &def.states {
        for t in s.targets() {
            into.entry(t).or_default().push(name);
        }
    }
    let mut can_end: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = def
        .states
        .iter()
        // A transition to a missing state is reported already; do not pile a loop error on it.
        .filter(|(_, s)| {
            s.ends_execution() || s.targets().iter().any(|t| !def.states.contains_key(*t))
        })
        .map(|(n, _)| n.as_str())
        .collect();
    can_end.extend(queue.iter().copied());
    while let Some(n) = queue.pop_front() {
        for &from in into.get(n).map(Vec::as_slice).unwrap_or_default() {
            if can_end.insert(from) {
                queue.push_back(from);
            }
        }
    }
    for name in def.states.keys() {
        if !reached.contains(name.as_str()) {
            errors.push(err(
                name,
                format!(
                    "the state is unreachable: no transition from StartAt '{}' leads to it",
                    def.start_at
                ),
            ));
        } else if !can_end.contains(name.as_str()) {
            errors.push(err(
                name,
                "no path from this state reaches an end (End, Succeed or Fail): it loops forever",
            ));
        }
    }
}
