/** What every job function is built from: its settings, the Agora client, the output store, the jobs queue, telemetry. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AgoraChatClient, type GroupsResource, type MembersResource } from '../agora/index.js';
import { createTelemetry, lambdaSettingsFromEnv, type Telemetry } from '../lambda/index.js';
import { agoraClientOptionsWithSecret, s3ClientFromEnv, sqsClientFromEnv } from '../aws/index.js';
import { jobsSettingsFromEnv, type JobsSettings } from './jobs-env.js';
import type { OutputStore } from './output-store.js';
import { S3OutputStore } from './s3-output-store.js';

export interface JobDependencies extends Telemetry {
  settings: JobsSettings;
  groups: GroupsResource;
  /** The member calls, for the audit's mute lists; absent, members' mutes are not compared. */
  members?: Pick<MembersResource, 'muted'>;
  store: OutputStore;
  /** The jobs queue's client, for continuations. */
  sqs: SQSClient;
  /** Outbound calls stop this long before the Lambda's end. */
  deadlineMarginMs: number;
  clock?: () => Date;
}

/**
 * Everything from the environment: `AGORA_*` (credentials possibly from `AGORA_SECRET_ARN`), the
 * jobs' and the Lambda's settings.
 * @throws {ConfigError} naming each bad variable.
 */
export async function jobDependenciesFromEnv(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JobDependencies> {
  const settings = jobsSettingsFromEnv(env);
  const lambda = lambdaSettingsFromEnv(env);
  const client = new AgoraChatClient(await agoraClientOptionsWithSecret(env));
  return {
    settings,
    groups: client.groups,
    members: client.members,
    store: new S3OutputStore(s3ClientFromEnv(env), settings.outputBucket),
    sqs: sqsClientFromEnv(env),
    deadlineMarginMs: lambda.deadlineMarginMs,
    ...createTelemetry({ serviceName, namespace: lambda.metricsNamespace }),
  };
}
