/**
 * The callbacks ingress alone in a process of its own, for the benchmarks: the local callbacks
 * server with the Lambda handlers, claiming and counting in a DynamoDB table and reporting to a queue whose
 * endpoints the environment names. Prints `READY <pre-delivery URL> <post-delivery URL>`, and
 * answers an IPC `cpu` message with its CPU time so far.
 *
 * Environment: SQS_ENDPOINT, QUEUE_URL, DYNAMODB_ENDPOINT, TABLE_NAME, MODERATION_RULES, AGORA_CALLBACK_SECRET.
 */
import '../local/quiet-sdk-notice.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbCallbackClaims, DynamoDbMessageCounters } from '../functions/ledger/index.js';
import { startLocalCallbacks } from '../local/stack/local-callbacks.js';
import { LOCAL_CREDENTIALS, REGION } from '../local/stack/local-stack.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const env = process.env as Record<string, string>;
const aws = { region: REGION, credentials: LOCAL_CREDENTIALS };
const dynamo = new DynamoDBClient({ ...aws, endpoint: env.DYNAMODB_ENDPOINT });
const callbacks = await startLocalCallbacks(
  { rules: JSON.parse(env.MODERATION_RULES!), secret: env.AGORA_CALLBACK_SECRET! },
  {
    sqs: new SQSClient({ ...aws, endpoint: env.SQS_ENDPOINT }),
    queueUrl: env.QUEUE_URL!,
    counters: new DynamoDbMessageCounters(dynamo, env.TABLE_NAME!),
    claims: new DynamoDbCallbackClaims(dynamo, env.TABLE_NAME!),
    logLevel: 'ERROR',
  },
);
process.on('message', (message) => {
  if (message === 'cpu') process.send!({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
});
process.on('disconnect', () => void callbacks.close().then(() => process.exit(0)));
console.log(`READY ${callbacks.preDeliveryUrl} ${callbacks.postDeliveryUrl}`);
