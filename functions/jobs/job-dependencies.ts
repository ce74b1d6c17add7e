/** What the audit and export functions share: clients, the output store, the deadline rule. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { AgoraChatClient } from '../agora/client.js';
import type { GroupsResource } from '../agora/groups.js';
import type { CallOptions } from '../agora/transport.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { agoraClientOptionsFromEnvironment } from '../shared/agora-secret.js';
import { dynamoClientFromEnv, s3ClientFromEnv, sqsClientFromEnv } from '../shared/aws-clients.js';
import { jobsSettingsFromEnv, type JobsSettings } from './jobs-env.js';
import type { OutputStore } from './output-store.js';
import { S3OutputStore } from './s3-output-store.js';

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

export async function jobDependenciesFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<JobDependencies> {
  const settings = jobsSettingsFromEnv(env);
  const client = new AgoraChatClient(await agoraClientOptionsFromEnvironment(env));
  return {
    settings,
    groups: client.groups,
    store: new S3OutputStore(s3ClientFromEnv(env), settings.OUTPUT_BUCKET),
    sqs: sqsClientFromEnv(env),
    ...(settings.LEDGER_TABLE_NAME && { ledger: new DynamoDbLedger(dynamoClientFromEnv(env), settings.LEDGER_TABLE_NAME) }),
    logger: new Logger({ serviceName }),
  };
}
