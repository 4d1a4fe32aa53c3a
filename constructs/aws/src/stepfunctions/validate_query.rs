//! The query-language checks of the validator: a state does not mix JSONPath and JSONata
//! fields (AWS CDK emits such invalid ASL: aws-cdk issues 33417 and 34352), and every
//! `{% ... %}` expression parses (the syntax of JSONata 2, see [`super::jsonata`]).

use cdk_core::Expr;

use super::integration::{IntegrationPattern, TASK_TOKEN_JSONATA, TASK_TOKEN_PATH};
use super::jsonata::{expression_of, parse};
use super::query_language::QueryLanguage;
use super::state::{StateDef, StateKind, WaitFor};

/// Every mix of languages and every expression that does not parse, in `state`.
pub(crate) fn check(state: &StateDef, lang: QueryLanguage, push: &mut impl FnMut(String)) {
    let jsonpath_fields: [(&str, bool); 5] = [
        ("InputPath", state.input_path.is_some()),
        ("OutputPath", state.output_path.is_some()),
        ("Parameters", state.parameters.is_some()),
        ("ResultSelector", state.result_selector.is_some()),
        ("ResultPath", state.result_path.is_some()),
    ];
    match lang {
        QueryLanguage::Jsonata => {
            for (field, set) in jsonpath_fields {
                if set {
                    push(format!("{field} is a JSONPath field, but the state uses JSONata: use Arguments and Output ({{% ... %}} expressions)"));
                }
            }
            match &state.kind {
                StateKind::Map(m) if m.items_path.is_some() => {
                    push("ItemsPath is a JSONPath field, but the state uses JSONata: use Items".into())
                }
                StateKind::Wait(WaitFor::SecondsPath(_) | WaitFor::TimestampPath(_)) => push(
                    "SecondsPath and TimestampPath are JSONPath fields, but the state uses JSONata: use Seconds or Timestamp with an expression".into(),
                ),
                StateKind::Wait(WaitFor::SecondsExpression(e) | WaitFor::TimestampExpression(e)) => {
                    check_template("Wait", &Expr::from(e.as_str()), true, push)
                }
                StateKind::Choice { rules, .. } => {
                    for (c, _) in rules {
                        if !matches!(c, super::Condition::Jsonata(_)) {
                            push("a Choice rule with Variable is JSONPath, but the state uses JSONata: use Condition::jsonata(\"{% ... %}\")".into());
                        }
                    }
                }
                _ => {}
            }
            for (field, value) in templates(state) {
                check_template(field, value, true, push);
            }
        }
        QueryLanguage::JsonPath => {
            for (field, set) in [
                ("Arguments", state.arguments.is_some()),
                ("Output", state.output.is_some()),
                (
                    "Items",
                    matches!(&state.kind, StateKind::Map(m) if m.items.is_some()),
                ),
            ] {
                if set {
                    push(format!("{field} is a JSONata field, but the state uses JSONPath: set QueryLanguage to JSONata (.jsonata())"));
                }
            }
            if let StateKind::Choice { rules, .. } = &state.kind {
                if rules.iter().any(|(c, _)| c.is_jsonata()) {
                    push("a JSONata Condition needs a JSONata Choice state (.jsonata())".into());
                }
            }
            if let StateKind::Wait(
                WaitFor::SecondsExpression(_) | WaitFor::TimestampExpression(_),
            ) = &state.kind
            {
                push("a Wait with a JSONata expression needs a JSONata state (.jsonata())".into());
            }
            for (field, value) in templates(state) {
                check_template(field, value, false, push);
            }
        }
    }
    check_task_token(state, lang, push);
}

/// The fields that may hold templates or expressions.
fn templates(state: &StateDef) -> Vec<(&'static str, &Expr)> {
    let mut out = Vec::new();
    for (field, v) in [
        ("Parameters", &state.parameters),
        ("ResultSelector", &state.result_selector),
        ("Arguments", &state.arguments),
        ("Output", &state.output),
        ("Assign", &state.assign),
    ] {
        if let Some(v) = v {
            out.push((field, v));
        }
    }
    if let StateKind::Map(m) = &state.kind {
        if let Some(i) = &m.items {
            out.push(("Items", i));
        }
        if let Some(s) = &m.item_selector {
            out.push(("ItemSelector", s));
        }
    }
    out
}

fn check_template(field: &str, value: &Expr, jsonata: bool, push: &mut impl FnMut(String)) {
    match value {
        Expr::String(s) => {
            let looks = s.trim_start().starts_with("{%") || s.trim_end().ends_with("%}");
            if jsonata && looks {
                match expression_of(s) {
                    None => push(format!(
                        "{field}: {s:?} is not a JSONata expression: write it {{% expression %}}"
                    )),
                    Some(e) => {
                        if let Err(why) = parse(e) {
                            push(format!(
                                "{field}: the JSONata expression {s:?} does not parse: {why}"
                            ));
                        }
                    }
                }
            } else if !jsonata && looks {
                push(format!("{field}: {s:?} is a JSONata expression, but the state uses JSONPath, where it is a plain string: set QueryLanguage to JSONata (.jsonata())"));
            }
        }
        Expr::Map(m) => {
            for (k, v) in m.iter() {
                if jsonata && k.ends_with(".$") {
                    push(format!("{field} field '{k}': '.$' keys are JSONPath; in a JSONata state write the value as {{% expression %}}"));
                }
                check_template(field, v, jsonata, push);
            }
        }
        Expr::List(items) => items
            .iter()
            .for_each(|i| check_template(field, i, jsonata, push)),
        _ => {}
    }
}

/// The resource's integration pattern, read from a literal ARN or an integration `Fn::Sub`.
pub(crate) fn pattern_of(resource: &Expr) -> IntegrationPattern {
    match resource {
        Expr::String(s) => IntegrationPattern::of_resource(s),
        Expr::Sub(t, _) => IntegrationPattern::of_resource(t),
        _ => IntegrationPattern::RequestResponse,
    }
}

fn mentions(value: &Expr, needle: &str) -> bool {
    match value {
        Expr::String(s) => s.contains(needle),
        Expr::Map(m) => m.values().any(|v| mentions(v, needle)),
        Expr::List(items) => items.iter().any(|v| mentions(v, needle)),
        _ => false,
    }
}

/// A `.waitForTaskToken` task sends the token and has a heartbeat or a timeout.
fn check_task_token(state: &StateDef, lang: QueryLanguage, push: &mut impl FnMut(String)) {
    let StateKind::Task {
        resource,
        timeout,
        heartbeat,
    } = &state.kind
    else {
        return;
    };
    if pattern_of(resource) != IntegrationPattern::WaitForTaskToken {
        return;
    }
    let (field, payload, token) = match lang {
        QueryLanguage::Jsonata => ("Arguments", &state.arguments, TASK_TOKEN_JSONATA),
        QueryLanguage::JsonPath => ("Parameters", &state.parameters, TASK_TOKEN_PATH),
    };
    if !payload.as_ref().is_some_and(|p| mentions(p, token)) {
        push(format!("a .waitForTaskToken task must send the task token: put {token} in its {field} (Params::task_token), or nobody can complete it"));
    }
    if timeout.is_none() && heartbeat.is_none() {
        push("a .waitForTaskToken task needs a heartbeat or a timeout: without them a lost token keeps the execution waiting for a year".into());
    }
}

#[cfg(test)]
mod tests {
    use crate::stepfunctions::{Chain, Definition, Pass, QueryLanguage, Wait};

    fn errors(d: &Definition) -> Vec<String> {
        d.validate().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_jsonata_machine_cannot_hold_jsonpath_states() {
        let mut d =
            Chain::start(Pass::new("A").query_language(QueryLanguage::JsonPath)).to_definition();
        d.query_language = Some(QueryLanguage::Jsonata);
        assert!(errors(&d)
            .iter()
            .any(|e| e.contains("cannot use JSONPath in a JSONata machine")));
        // A JSONata machine's states are JSONata without saying so: Output is fine there...
        let mut ok = Chain::start(Pass::new("A").output("{% $states.input %}")).to_definition();
        assert!(
            !errors(&ok).is_empty(),
            "Output in a JSONPath machine is refused"
        );
        ok.query_language = Some(QueryLanguage::Jsonata);
        assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
        // ...and JSONPath fields are not.
        let mut bad = Chain::start(Wait::seconds_path("W", "$.s")).to_definition();
        bad.query_language = Some(QueryLanguage::Jsonata);
        assert!(errors(&bad)[0].contains("SecondsPath"));
    }

    #[test]
    fn every_expression_must_parse_and_dollar_keys_are_jsonpath() {
        for (output, why) in [
            ("{% $sum( %}", "does not parse"),
            ("{% 1 + 2", "is not a JSONata expression"),
        ] {
            let d = Chain::start(Pass::new("A").jsonata().output(output)).to_definition();
            assert!(
                errors(&d).iter().any(|e| e.contains(why)),
                "{output}: {:?}",
                errors(&d)
            );
        }
        let d = Chain::start(Pass::new("A").jsonata().assign_path("x", "$.x")).to_definition();
        assert!(errors(&d)
            .iter()
            .any(|e| e.contains("'.$' keys are JSONPath")));
    }
}
