//! Least privilege and safe defaults, proven over every template the project synthesizes: the
//! TweetBot, the brand monitor and the toolkit's own stack.

use integration_tests::run_tool;
use serde_json::Value;

fn every_template() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let assemblies = [
        tweetbot_app::build(&tweetbot_app::Settings::default())
            .unwrap()
            .synth()
            .unwrap(),
        brand_monitor::build(&brand_monitor::Settings::default())
            .unwrap()
            .synth()
            .unwrap(),
        cdk_toolkit::bootstrap::toolkit_assembly("CDKToolkit").unwrap(),
    ];
    for a in assemblies {
        for s in a.stacks {
            out.push((s.stack_name.clone(), s.template().clone()));
        }
    }
    out
}

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

#[test]
fn no_wildcard_action_and_star_resources_only_with_a_reason() {
    for (stack, t) in every_template() {
        for (id, r) in t["Resources"].as_object().unwrap() {
            let docs: Vec<&Value> = match r["Type"].as_str().unwrap() {
                "AWS::IAM::Policy" | "AWS::S3::BucketPolicy" => {
                    vec![&r["Properties"]["PolicyDocument"]]
                }
                "AWS::IAM::Role" => vec![&r["Properties"]["AssumeRolePolicyDocument"]],
                _ => continue,
            };
            let explained: Vec<String> = list(&r["Metadata"]["cdk:wildcard-resources"])
                .iter()
                .filter(|w| w["reason"].as_str().is_some_and(|x| !x.trim().is_empty()))
                .flat_map(|w| list(&w["actions"]))
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect();
            for doc in docs {
                for st in list(&doc["Statement"]) {
                    let actions: Vec<String> = list(&st["Action"])
                        .iter()
                        .filter_map(|a| a.as_str().map(str::to_string))
                        .collect();
                    let allow = st["Effect"] == "Allow";
                    for a in &actions {
                        assert!(
                            a != "*" && !(allow && a.ends_with(":*")),
                            "{stack}/{id}: wildcard action {a}"
                        );
                    }
                    if allow && list(&st["Resource"]).contains(&Value::from("*")) {
                        for a in &actions {
                            assert!(
                                explained.contains(a),
                                "{stack}/{id}: {a} on '*' without a reason"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn functions_log_with_retention_and_state_machines_log() {
    for (stack, t) in every_template() {
        let resources = t["Resources"].as_object().unwrap();
        for (id, r) in resources {
            match r["Type"].as_str().unwrap() {
                "AWS::Lambda::Function" => {
                    let group = r["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{stack}/{id} has its own log group"));
                    assert!(
                        resources[group]["Properties"]["RetentionInDays"]
                            .as_u64()
                            .is_some(),
                        "{stack}/{id}: retention"
                    );
                }
                "AWS::StepFunctions::StateMachine" => {
                    let logging = &r["Properties"]["LoggingConfiguration"];
                    assert_eq!(logging["Level"], "ALL", "{stack}/{id}");
                    assert_eq!(
                        logging["IncludeExecutionData"], false,
                        "{stack}/{id}: no personal data in logs"
                    );
                    assert_eq!(r["Properties"]["TracingConfiguration"]["Enabled"], true);
                }
                _ => {}
            }
        }
    }
}

#[test]
fn checkov_finds_nothing_that_is_not_suppressed_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (stack, t) in every_template() {
        for (id, r) in t["Resources"].as_object().unwrap() {
            for skip in list(&r["Metadata"]["checkov"]["skip"]) {
                let comment = skip["comment"].as_str().unwrap_or_default();
                assert!(
                    comment.len() > 20,
                    "{stack}/{id}: checkov {} is suppressed without a real reason",
                    skip["id"]
                );
            }
        }
        let file = dir.path().join(format!("{stack}.template.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&t).unwrap()).unwrap();
        files.push(file.display().to_string());
    }
    let mut args = vec![
        "--skip-download",
        "--quiet",
        "--compact",
        "--framework",
        "cloudformation",
    ];
    for f in &files {
        args.push("-f");
        args.push(f);
    }
    let out = run_tool("checkov", &args, dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "checkov failed checks:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The checkov suppressions of the TweetBot's functions claim facts about each function; the
/// template must bear them out, so that a reason copied onto the wrong function fails here.
#[test]
fn each_function_suppression_reason_is_true_of_its_function() {
    let assembly = tweetbot_app::build(&tweetbot_app::Settings::default())
        .unwrap()
        .synth()
        .unwrap();
    let t = assembly.stack("TweetBot").unwrap().template();
    let resources = t["Resources"].as_object().unwrap();
    let mut checked = 0;
    for (id, r) in resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function")
    {
        let reason = |check: &str| -> String {
            list(&r["Metadata"]["checkov"]["skip"])
                .iter()
                .find(|s| s["id"] == check)
                .and_then(|s| s["comment"].as_str().map(str::to_string))
                .unwrap_or_else(|| panic!("{id} does not suppress {check}"))
        };
        let variables: Vec<String> = r["Properties"]["Environment"]["Variables"]
            .as_object()
            .map(|v| v.keys().cloned().collect())
            .unwrap_or_default();
        let env_reason = reason("CKV_AWS_173");
        if env_reason.contains("no environment variables") {
            assert!(
                variables.is_empty(),
                "{id}: {env_reason}, but it has {variables:?}"
            );
        } else {
            assert!(env_reason.contains("parameter name"), "{id}: {env_reason}");
            assert!(
                variables.iter().any(|v| v == "BEARER_TOKEN_PARAMETER"),
                "{id}: {env_reason}, but no parameter name is in its environment"
            );
            assert!(
                variables
                    .iter()
                    .all(|v| v == "BEARER_TOKEN_PARAMETER" || v == "TWITTER_API_URL"),
                "{id}: {env_reason}, but it has {variables:?}"
            );
        }
        // A function said to make no network call may call nothing but its own log group.
        let vpc_reason = reason("CKV_AWS_117");
        let role = r["Properties"]["Role"]["Fn::GetAtt"][0].as_str().unwrap();
        let actions: Vec<String> = resources
            .values()
            .filter(|p| {
                p["Type"] == "AWS::IAM::Policy"
                    && list(&p["Properties"]["Roles"])
                        .iter()
                        .any(|x| x["Ref"] == role)
            })
            .flat_map(|p| list(&p["Properties"]["PolicyDocument"]["Statement"]))
            .flat_map(|s| list(&s["Action"]))
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect();
        if vpc_reason.contains("no network call") {
            assert!(
                actions.iter().all(|a| a.starts_with("logs:")),
                "{id}: {vpc_reason}, but its role allows {actions:?}"
            );
        } else {
            assert!(
                actions.iter().any(|a| a == "ssm:GetParameter"),
                "{id}: {vpc_reason}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 2, "both functions checked");
}
