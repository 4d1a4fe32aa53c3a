import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface TweetBotProps extends cdk.StackProps {
  readonly table: dynamodb.ITable;
  readonly bearerTokenParameter: string;
  readonly twitterApiUrl: string;
  readonly wait: cdk.Duration;
  readonly stateMachineName: string;
}

/** A Rust function on provided.al2023 with its own log group (RustFunction in constructs/aws). */
function rustFunction(scope: Construct, id: string, props: {
  crate: string;
  description: string;
  timeout: cdk.Duration;
  environment?: { [key: string]: string };
}): lambda.Function {
  const group = new Construct(scope, id);
  const logGroup = new logs.LogGroup(group, 'LogGroup', { retention: logs.RetentionDays.TWO_WEEKS });
  return new lambda.Function(group, 'Function', {
    runtime: lambda.Runtime.PROVIDED_AL2023,
    architecture: lambda.Architecture.X86_64,
    handler: 'bootstrap',
    code: lambda.Code.fromAsset(path.join(__dirname, '..', 'functions', props.crate)),
    description: props.description,
    memorySize: 128,
    timeout: props.timeout,
    environment: props.environment,
    logGroup,
  });
}

/** The functions, roles and the state machine: Find Tweet, Wait, Tweet Found?, Check Stored,
 *  New Tweet?, then in parallel Generate Message and Send SMS, and Store Tweet. */
export class TweetBotStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: TweetBotProps) {
    super(scope, id, props);

    const findTweet = rustFunction(this, 'TweetPoller', {
      crate: 'find-tweet',
      description: 'Find Tweet: the newest tweet matching the search text',
      timeout: cdk.Duration.seconds(15),
      environment: {
        BEARER_TOKEN_PARAMETER: props.bearerTokenParameter,
        TWITTER_API_URL: props.twitterApiUrl,
      },
    });
    findTweet.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [this.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: props.bearerTokenParameter.replace(/^\//, ''),
      })],
    }));
    const generateMessage = rustFunction(this, 'SmsNotifier', {
      crate: 'generate-message',
      description: 'Generate Message: a friendly SMS about the tweet',
      timeout: cdk.Duration.seconds(3),
    });

    const find = new tasks.LambdaInvoke(this, 'Find Tweet', {
      lambdaFunction: findTweet,
      payloadResponseOnly: true,
      resultPath: '$.tweet',
    }).addRetry({
      errors: ['TwitterRetryableError'],
      interval: cdk.Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    const wait = new sfn.Wait(this, `Wait ${props.wait.toSeconds()} Seconds`, {
      time: sfn.WaitTime.duration(props.wait),
    });
    const checkStored = new tasks.DynamoGetItem(this, 'Check Stored', {
      table: props.table,
      key: { id: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.tweet.id')) },
      consistentRead: true,
      resultPath: '$.stored',
    });
    const generate = new tasks.LambdaInvoke(this, 'Generate Message', {
      lambdaFunction: generateMessage,
      payloadResponseOnly: true,
      resultPath: '$.message',
    });
    const sendSms = new sfn.CustomState(this, 'Send SMS', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${cdk.Aws.PARTITION}:states:::sns:publish`,
        Parameters: { 'PhoneNumber.$': '$.phoneNumber', 'Message.$': '$.message' },
      },
    });
    const storeTweet = new tasks.DynamoPutItem(this, 'Store Tweet', {
      table: props.table,
      item: {
        id: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.tweet.id')),
        text: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.tweet.text')),
        author: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.tweet.username')),
        createdAt: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.tweet.createdAt')),
        searchText: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.searchText')),
        storedAt: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.State.EnteredTime')),
      },
      conditionExpression: 'attribute_not_exists(id)',
      resultPath: sfn.JsonPath.DISCARD,
    }).addCatch(new sfn.Pass(this, 'Store Tweet: Already Stored'), {
      errors: ['DynamoDB.ConditionalCheckFailedException'],
    });
    const parallel = new sfn.Parallel(this, 'Parallel', { resultPath: sfn.JsonPath.DISCARD })
      .branch(generate.next(sendSms))
      .branch(storeTweet);
    const alreadyTexted = new sfn.Pass(this, 'Already Texted', {
      result: sfn.Result.fromObject({ status: 'already texted' }),
      resultPath: '$.result',
    });
    const noNewTweet = new sfn.Pass(this, 'No New Tweet', {
      result: sfn.Result.fromObject({ status: 'no new tweet' }),
      resultPath: '$.result',
    });

    const definition = find
      .next(wait)
      .next(new sfn.Choice(this, 'Tweet Found?')
        .when(sfn.Condition.booleanEquals('$.tweet.found', true), checkStored.next(
          new sfn.Choice(this, 'New Tweet?')
            .when(sfn.Condition.isPresent('$.stored.Item'), alreadyTexted)
            .otherwise(parallel)))
        .otherwise(noNewTweet));

    const machine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      comment: 'TweetBot: find a tweet, wait, then text it and store it in parallel; no tweet, no text',
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogGroup', { retention: logs.RetentionDays.TWO_WEEKS }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      tracingEnabled: true,
    });
    machine.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));

    new cdk.CfnOutput(this, 'StateMachineArn', {
      value: machine.stateMachineArn,
      description: 'ARN of the TweetBot state machine',
    });
    new cdk.CfnOutput(this, 'StateMachineName', {
      value: machine.stateMachineName,
      description: 'Name of the TweetBot state machine',
    });
  }
}
