// The TweetBot as an AWS CDK (TypeScript) app: the same two stacks as apps/tweetbot-app/src/lib.rs,
// to time AWS CDK's edit-to-synth loop against ours (scripts/bench-edit-to-synth.sh).
import * as cdk from 'aws-cdk-lib';
import { TweetDataStoreStack } from '../lib/tweet-data-store-stack';
import { TweetBotStack } from '../lib/tweet-bot-stack';

const app = new cdk.App();
const data = new TweetDataStoreStack(app, 'TweetDataStore', {
  description: 'TweetBot: the table of stored tweets',
  tableName: 'tweetTable',
});
new TweetBotStack(app, 'TweetBot', {
  description: 'TweetBot: functions, roles and the state machine',
  table: data.table,
  bearerTokenParameter: '/tweetbot/bearer-token',
  twitterApiUrl: 'https://api.twitter.com',
  wait: cdk.Duration.seconds(10),
  stateMachineName: 'TweetBot',
});
