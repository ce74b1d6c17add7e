/** What the audit and export functions share: clients, the output store, the deadline rule. */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { AgoraChatClient } from '../agora/client.js';
import type { GroupsResource } from '../agora/groups.js';
import type { CallOptions } from '../agora/transport.js';
import { DynamoDbLedger } from '../moderation/dynamodb-ledger.js';
import type { Ledger } from '../moderation/ledger.js';
import { agoraClientOptionsFromEnv } from './agora-env.js';
import { jobsSettingsFromEnv, type JobsSettings } from './jobs-env.js';
import type { OutputStore } from './output/output-store.js';
import { S3OutputStore } from './output/s3-output-store.js';

export interface JobDependencies {
  settings: JobsSettings;
  groups: GroupsResource;
  store: OutputStore;
  sqs: SQSClient;
  ledger?: Pick<Ledger, 'activeBans'>;
  logger: Logger;
}

/** Checkpoint once less than the margin is left; Agora calls stop at the deadline itself. */
export function deadlineRule(context: Context, settings: JobsSettings): { shouldCheckpoint: () => boolean; call: CallOptions } {
  const marginMs = settings.CHECKPOINT_MARGIN_SECONDS * 1000;
  return {
    shouldCheckpoint: () => context.getRemainingTimeInMillis() < marginMs,
    call: { deadline: Date.now() + context.getRemainingTimeInMillis() - 5_000 },
  };
}

export function jobDependenciesFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): JobDependencies {
  const settings = jobsSettingsFromEnv(env);
  const client = new AgoraChatClient(agoraClientOptionsFromEnv(env));
  return {
    settings,
    groups: client.groups,
    store: new S3OutputStore(new S3Client({}), settings.OUTPUT_BUCKET),
    sqs: new SQSClient({}),
    ...(settings.LEDGER_TABLE_NAME && { ledger: new DynamoDbLedger(new DynamoDBClient({}), settings.LEDGER_TABLE_NAME) }),
    logger: new Logger({ serviceName }),
  };
}
