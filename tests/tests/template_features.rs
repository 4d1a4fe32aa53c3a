//! Parameters, conditions, mappings and the intrinsic functions that go with them: synthesized
//! as CloudFormation expects (cfn-lint accepts the template with no finding), and misuse fails
//! at synthesis with the path.

use cdk_core::{
    App, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnParameterProps, CfnResource, Expr,
    ParameterType, Pseudo, Stack, SynthError,
};
use integration_tests::run_tool;

fn errors(app: &App) -> String {
    match app.synth() {
        Err(SynthError::Validation(v)) => v.to_string(),
        other => panic!("expected validation errors, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn every_template_feature_passes_cfn_lint() {
    let app = App::new();
    let stack = Stack::new(&app, "Network").unwrap();
    let env = CfnParameter::new(
        &stack,
        "Env",
        CfnParameterProps::new(ParameterType::String)
            .allowed_values(["test", "prod"])
            .default_value("test")
            .description("Which environment this is"),
    )
    .unwrap();
    let secret = CfnParameter::new(
        &stack,
        "AlertEmail",
        CfnParameterProps::new(ParameterType::String)
            .no_echo()
            .allowed_pattern("^[^@]+@[^@]+$")
            .default_value("ops@example.com"),
    )
    .unwrap();
    let prod = CfnCondition::new(
        &stack,
        "IsProd",
        Expr::condition_equals(env.value(), "prod"),
    )
    .unwrap();
    let not_prod =
        CfnCondition::new(&stack, "IsNotProd", Expr::condition_not(prod.reference())).unwrap();
    let either = CfnCondition::new(
        &stack,
        "ProdOrTest",
        Expr::condition_or([prod.reference(), not_prod.reference()]),
    )
    .unwrap();
    let blocks = CfnMapping::new(
        &stack,
        "Blocks",
        [
            ("test", vec![("Cidr", Expr::from("10.0.0.0/16"))]),
            ("prod", vec![("Cidr", Expr::from("10.1.0.0/16"))]),
        ],
    )
    .unwrap();
    let vpc = CfnResource::new(&stack, "Vpc", "AWS::EC2::VPC").unwrap();
    vpc.set_property("CidrBlock", blocks.find_in_map(env.value(), "Cidr"));
    let subnet = CfnResource::new(&stack, "Subnet", "AWS::EC2::Subnet").unwrap();
    subnet.set_property("VpcId", vpc.reference());
    subnet.set_property(
        "CidrBlock",
        Expr::select(0, Expr::cidr(vpc.get_att("CidrBlock"), 4, 8)),
    );
    subnet.set_property("AvailabilityZone", Expr::select(0, Expr::get_azs("")));
    subnet.set_property(
        "MapPublicIpOnLaunch",
        Expr::condition_if(&prod, false, Expr::pseudo(Pseudo::NoValue)),
    );
    let template = CfnResource::new(&stack, "Launch", "AWS::EC2::LaunchTemplate").unwrap();
    template.set_property(
        "LaunchTemplateData",
        Expr::map([(
            "UserData",
            Expr::base64(Expr::sub(
                "#!/bin/sh\necho ${Env}\n",
                [("Env", env.value())],
            )),
        )]),
    );
    let topic = CfnResource::new(&stack, "Alerts", "AWS::SNS::Topic").unwrap();
    topic.set_condition(&either);
    let sub = CfnResource::new(&stack, "AlertSub", "AWS::SNS::Subscription").unwrap();
    sub.set_condition(&either);
    sub.set_property("TopicArn", topic.reference());
    sub.set_property("Protocol", "email");
    sub.set_property("Endpoint", secret.value());
    CfnOutput::new(&stack, "SubnetId", subnet.reference()).unwrap();

    let assembly = app.synth().unwrap();
    let t = assembly.stack("Network").unwrap().template();
    assert_eq!(t["Parameters"]["AlertEmail"]["NoEcho"], true);
    assert_eq!(
        t["Conditions"]["IsNotProd"],
        serde_json::json!({"Fn::Not": [{"Condition": "IsProd"}]})
    );
    assert_eq!(t["Mappings"]["Blocks"]["prod"]["Cidr"], "10.1.0.0/16");
    assert_eq!(
        t["Resources"]["Vpc"]["Properties"]["CidrBlock"],
        serde_json::json!({"Fn::FindInMap": ["Blocks", {"Ref": "Env"}, "Cidr"]})
    );
    assert_eq!(
        t["Resources"]["Subnet"]["Properties"]["CidrBlock"],
        serde_json::json!({"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 4, 8]}]})
    );
    assert_eq!(t["Resources"]["Alerts"]["Condition"], "ProdOrTest");
    let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "AWSTemplateFormatVersion",
            "Parameters",
            "Mappings",
            "Conditions",
            "Resources",
            "Outputs"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    assembly.write_to(dir.path()).unwrap();
    let out = run_tool("cfn-lint", &["Network.template.json"], dir.path());
    assert!(
        out.status.success(),
        "cfn-lint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn misuse_fails_at_synth_with_the_path() {
    let app = App::new();
    let a = Stack::new(&app, "A").unwrap();
    let b = Stack::new(&app, "B").unwrap();
    let flag = CfnParameter::new(
        &a,
        "Flag",
        CfnParameterProps::new(ParameterType::String)
            .allowed_values(["on", "off"])
            .default_value("maybe"),
    )
    .unwrap();
    let on = CfnCondition::new(&a, "On", Expr::condition_equals(flag.value(), "on")).unwrap();
    CfnCondition::new(&a, "Lonely", Expr::condition_and([on.reference()])).unwrap();
    CfnCondition::new(&a, "NotACondition", Expr::from("yes")).unwrap();
    let map = CfnMapping::new(&a, "Map", [("k", vec![("v", Expr::from("1"))])]).unwrap();
    let in_a = CfnResource::new(&a, "Topic", "AWS::SNS::Topic").unwrap();
    in_a.set_property("DisplayName", map.find_in_map("nope", "v"));
    let in_b = CfnResource::new(&b, "Topic", "AWS::SNS::Topic").unwrap();
    in_b.set_condition(&on);
    in_b.set_property("DisplayName", map.find_in_map("k", "v"));
    let err = errors(&app);
    for expected in [
        "[A/Flag] the default \"maybe\" is not one of the allowed values on, off",
        "[A/Lonely] Fn::And and Fn::Or take 2 to 10 conditions, not 1",
        "[A/NotACondition] a condition must be Fn::Equals",
        "[A/Topic] mapping 'A/Map' has no key \"nope\"; it has k",
        "[B/Topic] uses the condition 'A/On' of stack 'A'; a condition can only be used in its own stack",
        "[B/Topic] uses the mapping 'A/Map' of stack 'A'",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn a_parameter_of_another_stack_is_exported_like_a_resource() {
    let app = App::new();
    let a = Stack::new(&app, "A").unwrap();
    let b = Stack::new(&app, "B").unwrap();
    let p = CfnParameter::new(
        &a,
        "Name",
        CfnParameterProps::new(ParameterType::String).default_value("x"),
    )
    .unwrap();
    CfnResource::new(&a, "Topic", "AWS::SNS::Topic").unwrap();
    let t = CfnResource::new(&b, "Topic", "AWS::SNS::Topic").unwrap();
    t.set_property("DisplayName", p.value());
    let assembly = app.synth().unwrap();
    let b_template = assembly.stack("B").unwrap().template();
    assert!(
        b_template["Resources"]["Topic"]["Properties"]["DisplayName"]["Fn::ImportValue"]
            .is_string()
    );
}
