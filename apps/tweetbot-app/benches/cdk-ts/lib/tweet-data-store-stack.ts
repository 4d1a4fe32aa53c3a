import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface TweetDataStoreProps extends cdk.StackProps {
  readonly tableName: string;
}

/** The table of stored tweets (TweetStore in constructs/tweetbot). */
export class TweetDataStoreStack extends cdk.Stack {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TweetDataStoreProps) {
    super(scope, id, props);
    const store = new Construct(this, 'TweetStore');
    this.table = new dynamodb.Table(store, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    new cdk.CfnOutput(this, 'TweetTableName', {
      value: this.table.tableName,
      description: 'Name of the DynamoDB table holding the tweets',
    });
  }
}
