//! A catalog of the generated L1 constructs (`cdk-cfn`): dozens of resource types across
//! thirty services, built only through the typed API (`CfnXProps::new(required...)` and
//! setters, nested `...Property` types, schema enums, `attr_*()`/`reference()` tokens), in
//! two stacks with references within each stack and across them. cfn-lint judges every
//! template (zero errors, zero warnings); a literal that breaks its schema fails synthesis
//! naming the construct and the property.

use std::collections::BTreeSet;

use cdk_cfn::{
    apigateway, appconfig, athena, backup, cassandra, cloudwatch, codeartifact, codecommit,
    dynamodb, ecr, events, eventschemas, iam, kinesis, kms, lambda, location, logs, resourcegroups,
    route53, s3, scheduler, secretsmanager, servicecatalogappregistry, servicediscovery, sns, sqs,
    ssm, stepfunctions, xray, IndexMap, Tag,
};
use cdk_core::{App, CloudAssembly, Expr, Pseudo, RemovalPolicy, Stack};
use integration_tests::run_tool;
use serde_json::{json, Value as Json};

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// `Fn::Sub` of a template that only uses pseudo parameters.
fn sub(template: &str) -> Expr {
    Expr::sub(template, std::iter::empty::<(String, Expr)>())
}

/// `Fn::Sub` with one variable.
fn sub1(template: &str, name: &str, value: Expr) -> Expr {
    Expr::sub(template, [(name, value)])
}

fn strings(items: &[&str]) -> Expr {
    Expr::list(items.iter().map(|s| Expr::from(*s)))
}

/// An IAM policy document.
fn policy(statements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::map([
        ("Version", Expr::from("2012-10-17")),
        ("Statement", Expr::list(statements)),
    ])
}

/// An `Allow` statement for a principal (`None` in identity policies).
fn allow(principal: Option<Expr>, actions: &[&str], resource: Expr) -> Expr {
    let mut entries = vec![("Effect", Expr::from("Allow"))];
    if let Some(p) = principal {
        entries.push(("Principal", p));
    }
    entries.push(("Action", strings(actions)));
    entries.push(("Resource", resource));
    Expr::map(entries)
}

fn service_principal(service: &str) -> Expr {
    Expr::map([("Service", Expr::from(service))])
}

/// A trust policy letting `service` assume a role.
fn trust(service: &str) -> Expr {
    policy([Expr::map([
        ("Effect", Expr::from("Allow")),
        ("Principal", service_principal(service)),
        ("Action", Expr::from("sts:AssumeRole")),
    ])])
}

fn account_root() -> Expr {
    Expr::map([(
        "AWS",
        sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
    )])
}

/// What the shared stack offers the application stack.
struct Shared {
    key: kms::CfnKey,
    bucket: s3::CfnBucket,
    topic: sns::CfnTopic,
    function_role: iam::CfnRole,
}

/// Encryption, storage, notifications and the functions' role: 7 resource types, 4 services.
fn shared_stack(app: &App) -> Fallible<Shared> {
    let stack = Stack::new(app, "CatalogShared")?;

    let key = kms::CfnKey::new(
        &stack,
        "Key",
        kms::CfnKeyProps::new()
            .description("Encrypts the catalog's data")
            .enable_key_rotation(true)
            .pending_window_in_days(7)
            .key_spec(kms::cfn_key::KeySpec::SymmetricDefault)
            .key_usage(kms::cfn_key::KeyUsage::EncryptDecrypt)
            .key_policy(policy([
                allow(Some(account_root()), &["kms:*"], Expr::from("*")),
                allow(
                    Some(Expr::map([(
                        "Service",
                        strings(&[
                            "sns.amazonaws.com",
                            "sqs.amazonaws.com",
                            "events.amazonaws.com",
                        ]),
                    )])),
                    &["kms:Decrypt", "kms:GenerateDataKey"],
                    Expr::from("*"),
                ),
            ]))
            .tags(vec![Tag::new("catalog", "shared")]),
    )?;
    key.apply_removal_policy(RemovalPolicy::Retain);
    kms::CfnAlias::new(
        &stack,
        "KeyAlias",
        kms::CfnAliasProps::new("alias/catalog-shared", key.reference()),
    )?;

    use s3::cfn_bucket as b;
    let bucket = s3::CfnBucket::new(
        &stack,
        "Bucket",
        s3::CfnBucketProps::new()
            .bucket_encryption(b::BucketEncryptionProperty::new(vec![
                b::ServerSideEncryptionRuleProperty::new()
                    .bucket_key_enabled(true)
                    .server_side_encryption_by_default(
                        b::ServerSideEncryptionByDefaultProperty::new(b::SSEAlgorithm::AwsKms)
                            .kms_master_key_id(key.attr_arn()),
                    ),
            ]))
            .versioning_configuration(b::VersioningConfigurationProperty::new(b::Status::Enabled))
            .public_access_block_configuration(
                b::PublicAccessBlockConfigurationProperty::new()
                    .block_public_acls(true)
                    .block_public_policy(true)
                    .ignore_public_acls(true)
                    .restrict_public_buckets(true),
            )
            .lifecycle_configuration(b::LifecycleConfigurationProperty::new(vec![
                b::RuleProperty::new(b::RuleStatus::Enabled)
                    .id("expire-noncurrent")
                    .noncurrent_version_expiration(b::NoncurrentVersionExpirationProperty::new(30))
                    .abort_incomplete_multipart_upload(
                        b::AbortIncompleteMultipartUploadProperty::new(7),
                    ),
            ]))
            .tags(vec![Tag::new("catalog", "shared")]),
    )?;
    s3::CfnBucketPolicy::new(
        &stack,
        "BucketPolicy",
        s3::CfnBucketPolicyProps::new(
            bucket.reference(),
            policy([Expr::map([
                ("Effect", Expr::from("Deny")),
                ("Principal", Expr::from("*")),
                ("Action", Expr::from("s3:*")),
                (
                    "Resource",
                    Expr::list([
                        bucket.attr_arn(),
                        sub1("${Arn}/*", "Arn", bucket.attr_arn()),
                    ]),
                ),
                (
                    "Condition",
                    Expr::from(json!({"Bool": {"aws:SecureTransport": "false"}})),
                ),
            ])]),
        ),
    )?;

    let topic = sns::CfnTopic::new(
        &stack,
        "Topic",
        sns::CfnTopicProps::new()
            .display_name("catalog")
            .kms_master_key_id(key.attr_arn())
            .tracing_config("Active"),
    )?;
    sns::CfnTopicPolicy::new(
        &stack,
        "TopicPolicy",
        sns::CfnTopicPolicyProps::new(
            policy([allow(
                Some(service_principal("events.amazonaws.com")),
                &["sns:Publish"],
                topic.reference(),
            )]),
            vec![topic.reference()],
        ),
    )?;

    let function_role = iam::CfnRole::new(
        &stack,
        "FunctionRole",
        iam::CfnRoleProps::new(trust("lambda.amazonaws.com"))
            .description("Runs the catalog's functions")
            .max_session_duration(3600)
            .managed_policy_arns(vec![sub(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            )])
            .policies(vec![iam::cfn_role::PolicyProperty::new(
                policy([allow(
                    None,
                    &["s3:GetObject", "s3:PutObject"],
                    sub1("${Arn}/*", "Arn", bucket.attr_arn()),
                )]),
                "bucket-objects",
            )]),
    )?;

    Ok(Shared {
        key,
        bucket,
        topic,
        function_role,
    })
}

/// Everything else, using the shared stack's key, bucket, topic and role across stacks.
fn app_stack(app: &App, shared: &Shared) -> Fallible<()> {
    let stack = Stack::new(app, "CatalogApp")?;
    let key_arn = shared.key.attr_arn();
    let topic_arn = shared.topic.reference();

    // --- SQS ---
    let dead_letters = sqs::CfnQueue::new(
        &stack,
        "DeadLetters",
        sqs::CfnQueueProps::new()
            .queue_name("catalog-dead-letters")
            .message_retention_period(1_209_600)
            .sqs_managed_sse_enabled(true),
    )?;
    let queue = sqs::CfnQueue::new(
        &stack,
        "Orders",
        sqs::CfnQueueProps::new()
            .visibility_timeout(180)
            .delay_seconds(5)
            .receive_message_wait_time_seconds(20)
            .kms_master_key_id(key_arn.clone())
            .kms_data_key_reuse_period_seconds(300)
            .redrive_policy(Expr::map([
                ("deadLetterTargetArn", dead_letters.attr_arn()),
                ("maxReceiveCount", Expr::from(5)),
            ]))
            .tags(vec![Tag::new("catalog", "orders")]),
    )?;
    sqs::CfnQueuePolicy::new(
        &stack,
        "OrdersPolicy",
        sqs::CfnQueuePolicyProps::new(
            policy([Expr::map([
                ("Effect", Expr::from("Allow")),
                ("Principal", service_principal("sns.amazonaws.com")),
                ("Action", Expr::from("sqs:SendMessage")),
                ("Resource", queue.attr_arn()),
                (
                    "Condition",
                    Expr::map([(
                        "ArnEquals",
                        Expr::map([("aws:SourceArn", topic_arn.clone())]),
                    )]),
                ),
            ])]),
            vec![queue.reference()],
        ),
    )?;

    // --- SNS ---
    sns::CfnSubscription::new(
        &stack,
        "OrdersSubscription",
        sns::CfnSubscriptionProps::new("sqs", topic_arn.clone())
            .endpoint(queue.attr_arn())
            .raw_message_delivery(true)
            .filter_policy(Expr::from(json!({"kind": ["order"]}))),
    )?;

    // --- DynamoDB ---
    use dynamodb::cfn_table as t;
    let table = dynamodb::CfnTable::new(
        &stack,
        "Items",
        dynamodb::CfnTableProps::new(vec![
            t::KeySchemaProperty::new("pk", "HASH"),
            t::KeySchemaProperty::new("sk", "RANGE"),
        ])
        .attribute_definitions(vec![
            t::AttributeDefinitionProperty::new("pk", t::AttributeType::S),
            t::AttributeDefinitionProperty::new("sk", t::AttributeType::S),
        ])
        .billing_mode(t::BillingMode::PayPerRequest)
        .global_secondary_indexes(vec![t::GlobalSecondaryIndexProperty::new(
            "by-sk",
            vec![t::KeySchemaProperty::new("sk", "HASH")],
            t::ProjectionProperty::new().projection_type(t::ProjectionType::KeysOnly),
        )])
        .stream_specification(t::StreamSpecificationProperty::new(
            t::StreamViewType::NewAndOldImages,
        ))
        .point_in_time_recovery_specification(
            t::PointInTimeRecoverySpecificationProperty::new().point_in_time_recovery_enabled(true),
        )
        .sse_specification(
            t::SSESpecificationProperty::new(true)
                .sse_type(t::SSEType::Kms)
                .kms_master_key_id(key_arn.clone()),
        )
        .time_to_live_specification(
            t::TimeToLiveSpecificationProperty::new(true).attribute_name("expiresAt"),
        )
        .deletion_protection_enabled(true),
    )?;
    table.apply_removal_policy(RemovalPolicy::Retain);

    // --- CloudWatch Logs ---
    let log_group = logs::CfnLogGroup::new(
        &stack,
        "FunctionLogs",
        logs::CfnLogGroupProps::new()
            .retention_in_days(30)
            .log_group_class(logs::cfn_log_group::LogGroupClass::Standard)
            .kms_key_id(key_arn.clone()),
    )?;
    logs::CfnLogStream::new(
        &stack,
        "AuditStream",
        logs::CfnLogStreamProps::new(log_group.reference()).log_stream_name("audit"),
    )?;
    logs::CfnMetricFilter::new(
        &stack,
        "ErrorCount",
        logs::CfnMetricFilterProps::new(
            "ERROR",
            log_group.reference(),
            vec![logs::cfn_metric_filter::MetricTransformationProperty::new(
                "Errors", "Catalog", "1",
            )
            .default_value(0)
            .unit(logs::cfn_metric_filter::Unit::Count)],
        )
        .filter_name("errors"),
    )?;

    // --- Lambda ---
    use lambda::cfn_function as f;
    let function = lambda::CfnFunction::new(
        &stack,
        "Handler",
        lambda::CfnFunctionProps::new(
            f::CodeProperty::new()
                .zip_file("def handler(event, context):\n    return {\"statusCode\": 200}\n"),
            shared.function_role.attr_arn(),
        )
        .runtime(f::Runtime::Python312)
        .handler("index.handler")
        .description("Handles the catalog's orders")
        .timeout(30)
        .memory_size(256)
        .architectures(vec![f::Architectures::Arm64])
        .environment(f::EnvironmentProperty::new().variables(IndexMap::from([
            ("TABLE_NAME", table.reference()),
            ("BUCKET_NAME", shared.bucket.reference()),
        ])))
        .logging_config(
            f::LoggingConfigProperty::new()
                .log_group(log_group.reference())
                .log_format(f::LogFormat::Json),
        )
        .tracing_config(f::TracingConfigProperty::new().mode(f::Mode::Active)),
    )?;
    let version = lambda::CfnVersion::new(
        &stack,
        "HandlerVersion",
        lambda::CfnVersionProps::new(function.reference()).description("first"),
    )?;
    let alias = lambda::CfnAlias::new(
        &stack,
        "HandlerLive",
        lambda::CfnAliasProps::new(function.reference(), version.attr_version(), "live"),
    )?;
    lambda::CfnUrl::new(
        &stack,
        "HandlerUrl",
        lambda::CfnUrlProps::new(lambda::cfn_url::AuthType::AwsIam, alias.attr_alias_arn())
            .invoke_mode(lambda::cfn_url::InvokeMode::Buffered),
    )?;
    lambda::CfnEventSourceMapping::new(
        &stack,
        "OrdersSource",
        lambda::CfnEventSourceMappingProps::new(function.reference())
            .event_source_arn(queue.attr_arn())
            .batch_size(10)
            .maximum_batching_window_in_seconds(5)
            .function_response_types(vec![
                lambda::cfn_event_source_mapping::FunctionResponseTypes::ReportBatchItemFailures,
            ]),
    )?;
    lambda::CfnPermission::new(
        &stack,
        "LogsInvoke",
        lambda::CfnPermissionProps::new(
            "lambda:InvokeFunction",
            function.attr_arn(),
            "logs.amazonaws.com",
        )
        .source_arn(log_group.attr_arn())
        .source_account(Expr::pseudo(Pseudo::AccountId)),
    )?;
    logs::CfnSubscriptionFilter::new(
        &stack,
        "ForwardErrors",
        logs::CfnSubscriptionFilterProps::new(function.attr_arn(), "ERROR", log_group.reference())
            .distribution(logs::cfn_subscription_filter::Distribution::ByLogStream),
    )?;

    // --- IAM ---
    let states_role = iam::CfnRole::new(
        &stack,
        "StatesRole",
        iam::CfnRoleProps::new(trust("states.amazonaws.com")).path("/catalog/"),
    )?;
    iam::CfnPolicy::new(
        &stack,
        "StatesInvoke",
        iam::CfnPolicyProps::new(
            policy([allow(None, &["lambda:InvokeFunction"], function.attr_arn())]),
            "invoke-handler",
        )
        .roles(vec![states_role.reference()]),
    )?;
    iam::CfnManagedPolicy::new(
        &stack,
        "TableAccess",
        iam::CfnManagedPolicyProps::new(policy([allow(
            None,
            &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
            table.attr_arn(),
        )]))
        .description("Reads and writes the items table")
        .roles(vec![shared.function_role.reference()]),
    )?;
    iam::CfnInstanceProfile::new(
        &stack,
        "WorkerProfile",
        iam::CfnInstanceProfileProps::new(vec![states_role.reference()]).path("/catalog/"),
    )?;
    let operators = iam::CfnGroup::new(
        &stack,
        "Operators",
        iam::CfnGroupProps::new().path("/catalog/").policies(vec![
            iam::cfn_group::PolicyProperty::new(
                policy([allow(
                    None,
                    &["sqs:ReceiveMessage"],
                    dead_letters.attr_arn(),
                )]),
                "read-dead-letters",
            ),
        ]),
    )?;
    iam::CfnUser::new(
        &stack,
        "Operator",
        iam::CfnUserProps::new()
            .path("/catalog/")
            .groups(vec![operators.reference()]),
    )?;

    // --- Step Functions ---
    let activity = stepfunctions::CfnActivity::new(
        &stack,
        "Approval",
        stepfunctions::CfnActivityProps::new("catalog-approval"),
    )?;
    use stepfunctions::cfn_state_machine as sm;
    stepfunctions::CfnStateMachine::new(
        &stack,
        "Workflow",
        stepfunctions::CfnStateMachineProps::new(states_role.attr_arn())
            .state_machine_type(sm::StateMachineType::Standard)
            .definition(Expr::from(json!({
                "StartAt": "Invoke",
                "States": {
                    "Invoke": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "${HandlerArn}", "Payload.$": "$"},
                        "Next": "Approve"
                    },
                    "Approve": {"Type": "Task", "Resource": "${ActivityArn}", "End": true}
                }
            })))
            .definition_substitutions(IndexMap::from([
                ("HandlerArn", function.attr_arn()),
                ("ActivityArn", activity.reference()),
            ]))
            .tracing_configuration(sm::TracingConfigurationProperty::new().enabled(true)),
    )?;

    // --- SSM ---
    ssm::CfnParameter::new(
        &stack,
        "TableNameParameter",
        ssm::CfnParameterProps::new(ssm::cfn_parameter::Type::String, table.reference())
            .name("/catalog/table-name")
            .description("The items table")
            .tier(ssm::cfn_parameter::Tier::Standard),
    )?;
    ssm::CfnDocument::new(
        &stack,
        "Hello",
        ssm::CfnDocumentProps::new(Expr::from(json!({
            "schemaVersion": "2.2",
            "description": "Says hello",
            "mainSteps": [{
                "action": "aws:runShellScript",
                "name": "hello",
                "inputs": {"runCommand": ["echo hello"]}
            }]
        })))
        .document_type(ssm::cfn_document::DocumentType::Command)
        .document_format(ssm::cfn_document::DocumentFormat::Json),
    )?;

    // --- Secrets Manager ---
    let secret = secretsmanager::CfnSecret::new(
        &stack,
        "ApiKey",
        secretsmanager::CfnSecretProps::new()
            .description("The partner API's key")
            .kms_key_id(key_arn.clone())
            .generate_secret_string(
                secretsmanager::cfn_secret::GenerateSecretStringProperty::new()
                    .secret_string_template(r#"{"username":"catalog"}"#)
                    .generate_string_key("password")
                    .password_length(32)
                    .exclude_punctuation(true),
            ),
    )?;
    secretsmanager::CfnResourcePolicy::new(
        &stack,
        "ApiKeyPolicy",
        secretsmanager::CfnResourcePolicyProps::new(
            policy([allow(
                Some(account_root()),
                &["secretsmanager:GetSecretValue"],
                Expr::from("*"),
            )]),
            secret.reference(),
        )
        .block_public_policy(true),
    )?;

    // --- Kinesis ---
    let stream = kinesis::CfnStream::new(
        &stack,
        "Clicks",
        kinesis::CfnStreamProps::new()
            .retention_period_hours(48)
            .stream_mode_details(kinesis::cfn_stream::StreamModeDetailsProperty::new(
                kinesis::cfn_stream::StreamMode::OnDemand,
            ))
            .stream_encryption(kinesis::cfn_stream::StreamEncryptionProperty::new(
                kinesis::cfn_stream::EncryptionType::Kms,
                "alias/aws/kinesis",
            )),
    )?;
    kinesis::CfnStreamConsumer::new(
        &stack,
        "ClicksReader",
        kinesis::CfnStreamConsumerProps::new("catalog-reader", stream.attr_arn()),
    )?;

    // --- CloudWatch ---
    use cloudwatch::cfn_alarm as a;
    let errors_alarm = cloudwatch::CfnAlarm::new(
        &stack,
        "HandlerErrors",
        cloudwatch::CfnAlarmProps::new()
            .alarm_description("The handler fails")
            .namespace("AWS/Lambda")
            .metric_name("Errors")
            .dimensions(vec![a::DimensionProperty::new(
                "FunctionName",
                function.reference(),
            )])
            .statistic(a::Statistic::Sum)
            .period(60)
            .evaluation_periods(1)
            .threshold(1)
            .comparison_operator(a::ComparisonOperator::GreaterThanOrEqualToThreshold)
            .treat_missing_data(a::TreatMissingData::NotBreaching)
            .alarm_actions(vec![topic_arn.clone()]),
    )?;
    let dead_letters_alarm = cloudwatch::CfnAlarm::new(
        &stack,
        "DeadLettersVisible",
        cloudwatch::CfnAlarmProps::new()
            .namespace("AWS/SQS")
            .metric_name("ApproximateNumberOfMessagesVisible")
            // The queue's name as set above: the schema offers no `QueueName` attribute.
            .dimensions(vec![a::DimensionProperty::new(
                "QueueName",
                "catalog-dead-letters",
            )])
            .statistic(a::Statistic::Maximum)
            .period(300)
            .evaluation_periods(1)
            .threshold(0)
            .comparison_operator(a::ComparisonOperator::GreaterThanThreshold),
    )?;
    cloudwatch::CfnCompositeAlarm::new(
        &stack,
        "CatalogUnhealthy",
        cloudwatch::CfnCompositeAlarmProps::new(Expr::sub(
            "ALARM(\"${Errors}\") OR ALARM(\"${DeadLetters}\")",
            [
                ("Errors", errors_alarm.attr_arn()),
                ("DeadLetters", dead_letters_alarm.attr_arn()),
            ],
        ))
        .alarm_description("Errors or dead letters")
        .alarm_actions(vec![topic_arn.clone()]),
    )?;
    let dashboard_body = json!({
        "widgets": [{
            "type": "metric",
            "x": 0, "y": 0, "width": 12, "height": 6,
            "properties": {
                "title": "Handler errors",
                "region": "${AWS::Region}",
                "metrics": [["AWS/Lambda", "Errors", "FunctionName", "${Function}"]]
            }
        }]
    })
    .to_string();
    cloudwatch::CfnDashboard::new(
        &stack,
        "Dashboard",
        cloudwatch::CfnDashboardProps::new(sub1(&dashboard_body, "Function", function.reference()))
            .dashboard_name("catalog"),
    )?;

    // --- EventBridge ---
    let bus = events::CfnEventBus::new(
        &stack,
        "Bus",
        events::CfnEventBusProps::new("catalog-bus")
            .description("The catalog's events")
            .kms_key_identifier(key_arn.clone()),
    )?;
    let rule = events::CfnRule::new(
        &stack,
        "OrderPlaced",
        events::CfnRuleProps::new()
            .description("Orders placed")
            .event_bus_name(bus.reference())
            .event_pattern(Expr::from(json!({
                "source": ["catalog.orders"],
                "detail-type": ["OrderPlaced"]
            })))
            .state(events::cfn_rule::State::Enabled)
            .targets(vec![
                events::cfn_rule::TargetProperty::new(function.attr_arn(), "handler"),
                events::cfn_rule::TargetProperty::new(topic_arn.clone(), "topic"),
            ]),
    )?;
    lambda::CfnPermission::new(
        &stack,
        "EventsInvoke",
        lambda::CfnPermissionProps::new(
            "lambda:InvokeFunction",
            function.reference(),
            "events.amazonaws.com",
        )
        .source_arn(rule.attr_arn()),
    )?;
    events::CfnArchive::new(
        &stack,
        "BusArchive",
        events::CfnArchiveProps::new(bus.attr_arn())
            .description("Replays orders")
            .retention_days(7),
    )?;
    use events::cfn_connection as c;
    let connection = events::CfnConnection::new(
        &stack,
        "Partner",
        events::CfnConnectionProps::new()
            .description("The partner's API")
            .authorization_type(c::AuthorizationType::ApiKey)
            .auth_parameters(c::AuthParametersProperty::new().api_key_auth_parameters(
                c::ApiKeyAuthParametersProperty::new(
                    "x-api-key",
                    sub1(
                        "{{resolve:secretsmanager:${Secret}:SecretString:password}}",
                        "Secret",
                        secret.reference(),
                    ),
                ),
            )),
    )?;
    events::CfnApiDestination::new(
        &stack,
        "PartnerOrders",
        events::CfnApiDestinationProps::new(
            connection.attr_arn(),
            events::cfn_api_destination::HttpMethod::Post,
            "https://partner.example.com/orders",
        )
        .invocation_rate_limit_per_second(10),
    )?;

    // --- ECR ---
    ecr::CfnRepository::new(
        &stack,
        "Images",
        ecr::CfnRepositoryProps::new()
            .image_tag_mutability(ecr::cfn_repository::ImageTagMutability::Immutable)
            .image_scanning_configuration(
                ecr::cfn_repository::ImageScanningConfigurationProperty::new().scan_on_push(true),
            )
            .encryption_configuration(
                ecr::cfn_repository::EncryptionConfigurationProperty::new(
                    ecr::cfn_repository::EncryptionType::Kms,
                )
                .kms_key(key_arn.clone()),
            )
            .lifecycle_policy(
                ecr::cfn_repository::LifecyclePolicyProperty::new().lifecycle_policy_text(
                    json!({"rules": [{
                        "rulePriority": 1,
                        "description": "Keep 10 images",
                        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
                        "action": {"type": "expire"}
                    }]})
                    .to_string(),
                ),
            ),
    )?;

    // --- EventBridge Scheduler ---
    let scheduler_role = iam::CfnRole::new(
        &stack,
        "SchedulerRole",
        iam::CfnRoleProps::new(trust("scheduler.amazonaws.com")).policies(vec![
            iam::cfn_role::PolicyProperty::new(
                policy([allow(None, &["sqs:SendMessage"], queue.attr_arn())]),
                "send-orders",
            ),
        ]),
    )?;
    let schedule_group = scheduler::CfnScheduleGroup::new(
        &stack,
        "Schedules",
        scheduler::CfnScheduleGroupProps::new().name("catalog"),
    )?;
    use scheduler::cfn_schedule as sch;
    scheduler::CfnSchedule::new(
        &stack,
        "Tick",
        scheduler::CfnScheduleProps::new(
            sch::FlexibleTimeWindowProperty::new(sch::FlexibleTimeWindowMode::Off),
            "rate(5 minutes)",
            sch::TargetProperty::new(queue.attr_arn(), scheduler_role.attr_arn())
                .input(r#"{"kind":"tick"}"#),
        )
        .group_name(schedule_group.reference())
        .description("Sends a tick every five minutes")
        .state(sch::ScheduleState::Enabled),
    )?;

    // --- Route 53 ---
    let zone = route53::CfnHostedZone::new(
        &stack,
        "Zone",
        route53::CfnHostedZoneProps::new()
            .name("catalog.example.com.")
            .hosted_zone_config(
                route53::cfn_hosted_zone::HostedZoneConfigProperty::new().comment("catalog"),
            ),
    )?;
    route53::CfnRecordSet::new(
        &stack,
        "Verification",
        route53::CfnRecordSetProps::new("catalog.example.com.", "TXT")
            .hosted_zone_id(zone.reference())
            .ttl("300")
            .resource_records(vec!["\"catalog-verification\""]),
    )?;

    // --- API Gateway ---
    let api = apigateway::CfnRestApi::new(
        &stack,
        "Api",
        apigateway::CfnRestApiProps::new()
            .name("catalog")
            .description("The catalog's API")
            .endpoint_configuration(
                apigateway::cfn_rest_api::EndpointConfigurationProperty::new()
                    .types(vec!["REGIONAL"]),
            ),
    )?;
    let items = apigateway::CfnResource::new(
        &stack,
        "ApiItems",
        apigateway::CfnResourceProps::new(api.attr_root_resource_id(), "items", api.reference()),
    )?;
    use apigateway::cfn_method as m;
    let method = apigateway::CfnMethod::new(
        &stack,
        "ApiItemsGet",
        apigateway::CfnMethodProps::new("GET", items.attr_resource_id(), api.reference())
            .authorization_type("AWS_IAM")
            .integration(
                m::IntegrationProperty::new(m::Type::Mock)
                    .request_templates([("application/json", r#"{"statusCode": 200}"#)])
                    .integration_responses(vec![m::IntegrationResponseProperty::new("200")]),
            )
            .method_responses(vec![m::MethodResponseProperty::new("200")]),
    )?;
    let deployment = apigateway::CfnDeployment::new(
        &stack,
        "ApiDeployment",
        apigateway::CfnDeploymentProps::new(api.reference()).description("first"),
    )?;
    deployment.add_dependency(&method);
    apigateway::CfnStage::new(
        &stack,
        "ApiStage",
        apigateway::CfnStageProps::new(api.reference())
            .stage_name("prod")
            .deployment_id(deployment.reference())
            .tracing_enabled(true)
            .method_settings(vec![apigateway::cfn_stage::MethodSettingProperty::new()
                .resource_path("/*")
                .http_method("*")
                .metrics_enabled(true)
                .throttling_burst_limit(100)
                .throttling_rate_limit(50)]),
    )?;

    // --- CodeCommit ---
    codecommit::CfnRepository::new(
        &stack,
        "Source",
        codecommit::CfnRepositoryProps::new("catalog")
            .repository_description("The catalog's source")
            .triggers(vec![
                codecommit::cfn_repository::RepositoryTriggerProperty::new(
                    topic_arn.clone(),
                    vec![codecommit::cfn_repository::Events::All],
                    "notify",
                ),
            ]),
    )?;

    // --- Athena ---
    use athena::cfn_work_group as wg;
    let work_group = athena::CfnWorkGroup::new(
        &stack,
        "Queries",
        athena::CfnWorkGroupProps::new("catalog")
            .description("The catalog's queries")
            .state(wg::State::Enabled)
            .recursive_delete_option(true)
            .work_group_configuration(
                wg::WorkGroupConfigurationProperty::new()
                    .enforce_work_group_configuration(true)
                    .publish_cloud_watch_metrics_enabled(true)
                    .result_configuration(
                        wg::ResultConfigurationProperty::new()
                            .output_location(sub1(
                                "s3://${Bucket}/athena/",
                                "Bucket",
                                shared.bucket.reference(),
                            ))
                            .encryption_configuration(
                                wg::EncryptionConfigurationProperty::new(
                                    wg::EncryptionOption::SseKms,
                                )
                                .kms_key(key_arn.clone()),
                            ),
                    ),
            ),
    )?;
    athena::CfnNamedQuery::new(
        &stack,
        "CountOrders",
        athena::CfnNamedQueryProps::new("catalog", "SELECT count(*) FROM orders")
            .name("count-orders")
            .work_group(work_group.reference()),
    )?;

    // --- X-Ray ---
    xray::CfnGroup::new(
        &stack,
        "Traces",
        xray::CfnGroupProps::new("catalog")
            .filter_expression("service(\"catalog\")")
            .insights_configuration(
                xray::cfn_group::InsightsConfigurationProperty::new().insights_enabled(true),
            ),
    )?;
    xray::CfnSamplingRule::new(
        &stack,
        "Sampling",
        xray::CfnSamplingRuleProps::new().sampling_rule(
            xray::cfn_sampling_rule::SamplingRuleProperty::new(
                0.05, "*", "*", 1000, 1, "*", "catalog", "*", "*",
            )
            .rule_name("catalog")
            .version(1),
        ),
    )?;

    // --- AppConfig ---
    let config_app = appconfig::CfnApplication::new(
        &stack,
        "Config",
        appconfig::CfnApplicationProps::new("catalog").description("Feature flags"),
    )?;
    appconfig::CfnEnvironment::new(
        &stack,
        "ConfigProd",
        appconfig::CfnEnvironmentProps::new(config_app.reference(), "prod"),
    )?;
    appconfig::CfnConfigurationProfile::new(
        &stack,
        "Flags",
        appconfig::CfnConfigurationProfileProps::new(config_app.reference(), "hosted", "flags")
            .r#type("AWS.AppConfig.FeatureFlags"),
    )?;
    use appconfig::cfn_deployment_strategy as ds;
    appconfig::CfnDeploymentStrategy::new(
        &stack,
        "Rollout",
        appconfig::CfnDeploymentStrategyProps::new(10, 20, "catalog-linear", ds::ReplicateTo::None)
            .growth_type(ds::GrowthType::Linear)
            .final_bake_time_in_minutes(5),
    )?;

    // --- Cloud Map ---
    let namespace = servicediscovery::CfnHttpNamespace::new(
        &stack,
        "Namespace",
        servicediscovery::CfnHttpNamespaceProps::new("catalog").description("The catalog"),
    )?;
    servicediscovery::CfnService::new(
        &stack,
        "OrdersService",
        servicediscovery::CfnServiceProps::new()
            .name("orders")
            .namespace_id(namespace.attr_id())
            .description("Takes orders"),
    )?;

    // --- Resource Groups ---
    use resourcegroups::cfn_group as rg;
    resourcegroups::CfnGroup::new(
        &stack,
        "Resources",
        resourcegroups::CfnGroupProps::new("catalog")
            .description("Everything tagged catalog")
            .resource_query(
                rg::ResourceQueryProperty::new()
                    .r#type(rg::Type::TagFilters10)
                    .query(rg::QueryProperty::new().tag_filters(vec![
                        rg::TagFilterProperty::new()
                            .key("catalog")
                            .values(vec!["shared", "orders"]),
                    ])),
            ),
    )?;

    // --- CodeArtifact ---
    let domain = codeartifact::CfnDomain::new(
        &stack,
        "Packages",
        codeartifact::CfnDomainProps::new("catalog"),
    )?;
    codeartifact::CfnRepository::new(
        &stack,
        "Npm",
        codeartifact::CfnRepositoryProps::new(domain.attr_name(), "npm-mirror")
            .description("Mirrors npm")
            .external_connections(vec!["public:npmjs"]),
    )?;

    // --- Backup ---
    let backup_role = iam::CfnRole::new(
        &stack,
        "BackupRole",
        iam::CfnRoleProps::new(trust("backup.amazonaws.com")).managed_policy_arns(vec![sub(
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        )]),
    )?;
    let vault = backup::CfnBackupVault::new(
        &stack,
        "Vault",
        backup::CfnBackupVaultProps::new("catalog-vault").encryption_key_arn(key_arn.clone()),
    )?;
    use backup::cfn_backup_plan as bp;
    let plan = backup::CfnBackupPlan::new(
        &stack,
        "Plan",
        backup::CfnBackupPlanProps::new(bp::BackupPlanResourceTypeProperty::new(
            "catalog-daily",
            vec![
                bp::BackupRuleResourceTypeProperty::new("daily", vault.reference())
                    .schedule_expression("cron(0 5 ? * * *)")
                    .start_window_minutes(60)
                    .lifecycle(bp::LifecycleResourceTypeProperty::new().delete_after_days(35)),
            ],
        )),
    )?;
    backup::CfnBackupSelection::new(
        &stack,
        "Selection",
        backup::CfnBackupSelectionProps::new(
            plan.attr_backup_plan_id(),
            backup::cfn_backup_selection::BackupSelectionResourceTypeProperty::new(
                backup_role.attr_arn(),
                "catalog-table",
            )
            .resources(vec![table.attr_arn()]),
        ),
    )?;

    // --- EventBridge Schemas ---
    eventschemas::CfnRegistry::new(
        &stack,
        "Schemas",
        eventschemas::CfnRegistryProps::new()
            .registry_name("catalog")
            .description("The catalog's event schemas"),
    )?;

    // --- Location ---
    location::CfnMap::new(
        &stack,
        "StoreMap",
        location::CfnMapProps::new(
            location::cfn_map::MapConfigurationProperty::new("VectorEsriNavigation"),
            "catalog-map",
        ),
    )?;
    location::CfnPlaceIndex::new(
        &stack,
        "Places",
        location::CfnPlaceIndexProps::new("Esri", "catalog-places"),
    )?;
    location::CfnTracker::new(
        &stack,
        "Couriers",
        location::CfnTrackerProps::new("catalog-couriers")
            .position_filtering(location::cfn_tracker::PositionFiltering::TimeBased),
    )?;
    location::CfnGeofenceCollection::new(
        &stack,
        "Zones",
        location::CfnGeofenceCollectionProps::new("catalog-zones").description("Delivery zones"),
    )?;

    // --- Keyspaces ---
    let keyspace = cassandra::CfnKeyspace::new(
        &stack,
        "Keyspace",
        cassandra::CfnKeyspaceProps::new().keyspace_name("catalog"),
    )?;
    use cassandra::cfn_table as ct;
    cassandra::CfnTable::new(
        &stack,
        "Events",
        cassandra::CfnTableProps::new(
            keyspace.reference(),
            vec![ct::ColumnProperty::new("id", "text")],
        )
        .regular_columns(vec![ct::ColumnProperty::new("payload", "text")])
        .billing_mode(ct::BillingModeProperty::new(ct::Mode::OnDemand))
        .point_in_time_recovery_enabled(true),
    )?;

    // --- AppRegistry ---
    use servicecatalogappregistry as appregistry;
    let registered = appregistry::CfnApplication::new(
        &stack,
        "Registered",
        appregistry::CfnApplicationProps::new("catalog")
            .description("The catalog application")
            .tags([("catalog", "app")]),
    )?;
    let attributes = appregistry::CfnAttributeGroup::new(
        &stack,
        "Attributes",
        appregistry::CfnAttributeGroupProps::new(
            Expr::from(json!({"owner": "catalog-team", "tier": 1})),
            "catalog-attributes",
        ),
    )?;
    appregistry::CfnAttributeGroupAssociation::new(
        &stack,
        "AttributesOfCatalog",
        appregistry::CfnAttributeGroupAssociationProps::new(
            registered.attr_id(),
            attributes.attr_id(),
        ),
    )?;
    appregistry::CfnResourceAssociation::new(
        &stack,
        "StackOfCatalog",
        appregistry::CfnResourceAssociationProps::new(
            registered.attr_id(),
            Expr::pseudo(Pseudo::StackId),
            appregistry::cfn_resource_association::ResourceType::CfnStack,
        ),
    )?;

    Ok(())
}

fn catalog() -> Fallible<CloudAssembly> {
    let app = App::new();
    let shared = shared_stack(&app)?;
    app_stack(&app, &shared)?;
    Ok(app.synth()?)
}

/// The type of every resource in a template.
fn resource_types(template: &Json) -> Vec<String> {
    template["Resources"]
        .as_object()
        .map(|resources| {
            resources
                .values()
                .filter_map(|r| r["Type"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_catalog_synthesizes_and_cfn_lint_accepts_it_without_warnings() {
    let assembly = catalog().unwrap_or_else(|e| panic!("the catalog does not synthesize:\n{e}"));

    // Counts: the test fails if resources are dropped.
    let mut types = BTreeSet::new();
    for name in ["CatalogShared", "CatalogApp"] {
        let stack = assembly.stack(name).unwrap();
        types.extend(resource_types(stack.template()));
    }
    let services: BTreeSet<String> = types
        .iter()
        .map(|t| t.split("::").nth(1).unwrap().to_string())
        .collect();
    assert!(types.len() >= 50, "{} types: {types:?}", types.len());
    assert!(
        services.len() >= 25,
        "{} services: {services:?}",
        services.len()
    );
    assert_eq!(types.len(), 80, "{types:#?}");
    assert_eq!(services.len(), 30, "{services:#?}");

    // The references across stacks became exports and imports.
    let shared = assembly.stack("CatalogShared").unwrap();
    let exports = shared.template()["Outputs"].as_object().unwrap();
    let app = assembly.stack("CatalogApp").unwrap();
    assert_eq!(app.dependencies, ["CatalogShared"]);
    let app_json = app.template().to_string();
    for (id, output) in exports {
        let name = output["Export"]["Name"].as_str().unwrap();
        assert!(
            app_json.contains(&format!("{{\"Fn::ImportValue\":\"{name}\"}}")),
            "export {id} ({name}) is not imported"
        );
    }
    assert_eq!(exports.len(), 5, "{exports:#?}");

    // What cfn-lint cannot see: optional properties are rendered, with their values.
    let key_arn = exports
        .iter()
        .find(|(_, o)| o["Value"] == json!({"Fn::GetAtt": ["Key", "Arn"]}))
        .map(|(_, o)| o["Export"]["Name"].clone())
        .unwrap();
    let r = &app.template()["Resources"];
    assert_eq!(
        r["Items"]["Properties"]["KeySchema"],
        json!([
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"}
        ])
    );
    assert_eq!(r["Items"]["Properties"]["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        r["Items"]["Properties"]["SSESpecification"],
        json!({"KMSMasterKeyId": {"Fn::ImportValue": key_arn}, "SSEEnabled": true, "SSEType": "KMS"})
    );
    assert_eq!(r["Items"]["DeletionPolicy"], "Retain");
    assert_eq!(
        r["Orders"]["Properties"]["RedrivePolicy"],
        json!({"deadLetterTargetArn": {"Fn::GetAtt": ["DeadLetters", "Arn"]}, "maxReceiveCount": 5})
    );
    assert_eq!(r["Orders"]["Properties"]["DelaySeconds"], 5);
    assert_eq!(
        r["Orders"]["Properties"]["Tags"],
        json!([{"Key": "catalog", "Value": "orders"}])
    );
    assert_eq!(
        r["Handler"]["Properties"]["Environment"]["Variables"]["TABLE_NAME"],
        json!({"Ref": "Items"})
    );
    assert_eq!(
        r["Handler"]["Properties"]["Architectures"],
        json!(["arm64"])
    );
    assert_eq!(
        r["Workflow"]["Properties"]["DefinitionSubstitutions"]["HandlerArn"],
        json!({"Fn::GetAtt": ["Handler", "Arn"]})
    );
    assert_eq!(
        r["Sampling"]["Properties"]["SamplingRule"]["FixedRate"],
        0.05
    );
    assert_eq!(
        r["Registered"]["Properties"]["Tags"],
        json!({"catalog": "app"})
    );
    assert_eq!(r["ApiDeployment"]["DependsOn"], json!(["ApiItemsGet"]));

    // cfn-lint on every template written to disk.
    let dir = tempfile::tempdir().unwrap();
    assembly.write_to(dir.path()).unwrap();
    assembly
        .write_to(std::path::Path::new("/tmp/l1/out"))
        .unwrap(); // TEMP
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".template.json"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["CatalogApp.template.json", "CatalogShared.template.json"]
    );
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = run_tool("cfn-lint", &args, dir.path());
    assert!(
        out.status.success(),
        "cfn-lint found problems (exit {:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // The judge can fail on these very templates: a value out of range.
    let path = dir.path().join("CatalogApp.template.json");
    let mut broken = app.template().clone();
    broken["Resources"]["Orders"]["Properties"]["DelaySeconds"] = json!(901);
    std::fs::write(&path, broken.to_string()).unwrap();
    let out = run_tool("cfn-lint", &["CatalogApp.template.json"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("E3034 901 is greater than the maximum of 900"),
        "{stdout}"
    );
}

#[test]
fn a_literal_that_breaks_its_schema_fails_synthesis_naming_the_construct_and_property() {
    let app = App::new();
    let stack = Stack::new(&app, "Broken").unwrap();
    sqs::CfnQueue::new(&stack, "Slow", sqs::CfnQueueProps::new().delay_seconds(901)).unwrap();
    s3::CfnBucket::new(
        &stack,
        "Shouty",
        s3::CfnBucketProps::new().bucket_name("Catalog_Bucket"),
    )
    .unwrap();
    use dynamodb::cfn_table as t;
    dynamodb::CfnTable::new(
        &stack,
        "Items",
        dynamodb::CfnTableProps::new(vec![t::KeySchemaProperty::new("pk", "HASH")])
            .attribute_definitions(vec![t::AttributeDefinitionProperty::new(
                "pk",
                t::AttributeType::S,
            )])
            .global_secondary_indexes(vec![t::GlobalSecondaryIndexProperty::new(
                "ix",
                vec![t::KeySchemaProperty::new("pk", "HASH")],
                t::ProjectionProperty::new(),
            )]),
    )
    .unwrap();
    // Valid literals and tokens (known only at deploy time) are not reported.
    sqs::CfnQueue::new(
        &stack,
        "Fine",
        sqs::CfnQueueProps::new()
            .delay_seconds(900)
            .visibility_timeout(Expr::import_value("catalog-visibility")),
    )
    .unwrap();

    let err = match app.synth() {
        Ok(_) => panic!("synthesis accepted values outside their schema"),
        Err(e) => e,
    };
    let cdk_core::SynthError::Validation(errors) = &err else {
        panic!("not a validation error: {err}");
    };
    let messages: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{err}");
    assert_eq!(
        messages[0],
        "[Broken/Slow] AWS::SQS::Queue: DelaySeconds: 901 is greater than the maximum 900"
    );
    assert!(
        messages[1].starts_with(
            "[Broken/Shouty] AWS::S3::Bucket: BucketName: \"Catalog_Bucket\" does not match the pattern"
        ),
        "{err}"
    );
    assert_eq!(
        messages[2],
        "[Broken/Items] AWS::DynamoDB::Table: GlobalSecondaryIndexes[0].IndexName: \"ix\" is 2 characters, at least 3 needed"
    );
    assert_eq!(errors.0[0].path, "Broken/Slow");
    let text = err.to_string();
    assert!(text.starts_with("3 validation errors:"), "{text}");
    assert!(!text.contains("Fine"), "{text}");
}
