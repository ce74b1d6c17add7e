/**
 * The job functions' dependencies over a local stack, as their handlers build them in AWS, with a
 * checkpoint margin longer than any invocation: every page boundary checkpoints and continues.
 */
import { S3OutputStore, type JobDependencies } from '../../functions/jobs/index.js';
import { jobsSettingsFromEnv } from '../../functions/jobs/jobs-env.js';
import { createTelemetry } from '../../functions/lambda/index.js';
import type { LocalStack } from '../../local/stack/local-stack.js';

export function jobDependencies(stack: LocalStack): JobDependencies {
  return {
    settings: jobsSettingsFromEnv({ ...stack.env, CHECKPOINT_MARGIN_SECONDS: '840' }),
    groups: stack.client.groups,
    store: new S3OutputStore(stack.s3.client, stack.s3.bucket),
    sqs: stack.sqs.client,
    deadlineMarginMs: 3_000,
    ...createTelemetry({ serviceName: 'jobs', logLevel: 'SILENT' }),
  };
}
