/**
 * The audit and export Lambda handlers as they run in AWS: invoked by a schedule, checkpointing
 * near the deadline, and continued through continuation messages on the jobs queue (fauxqs).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSettingsFromEnv } from '../../functions/audit/audit-env.js';
import { createAuditHandler } from '../../functions/audit/handler.js';
import { createExportHandler } from '../../functions/export/handler.js';
import type { JobDependencies } from '../../functions/jobs/index.js';
import { jobsSettingsFromEnv } from '../../functions/jobs/jobs-env.js';
import { MANIFEST } from '../../functions/jobs/run-layout.js';
import { type JobResult } from '../../functions/jobs/job-handler.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { configProblems } from '../helpers/config-problems.js';
import { jobDependencies } from '../helpers/job-dependencies.js';

let stack: LocalStack;
let deps: JobDependencies;

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  stack.emulator!.store.seed({ count: 450, users: 30, disabledEvery: 9 });
  deps = jobDependencies(stack);
});
afterAll(() => stack?.close());

const context = { getRemainingTimeInMillis: () => 300_000 } as Context;

/** Plays the jobs queue's event source: each continuation message invokes the handler again. */
async function runToCompletion(handle: (event: unknown, context: Context) => Promise<JobResult[]>, start: unknown) {
  let results = await handle(start, context);
  let continuations = 0;
  while (results.some((result) => result.status === 'checkpointed')) {
    const { Messages = [] } = await stack.sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: stack.sqs.jobsQueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toHaveLength(1);
    const message = Messages[0]!;
    const event = {
      Records: [{ messageId: message.MessageId, body: message.Body, eventSource: 'aws:sqs' }],
    } as unknown as SQSEvent;
    results = await handle(event, context);
    await stack.sqs.client.send(
      new DeleteMessageCommand({ QueueUrl: stack.sqs.jobsQueueUrl, ReceiptHandle: message.ReceiptHandle }),
    );
    continuations += 1;
  }
  return { result: results[0]!, continuations };
}

describe('job handlers', () => {
  test('the audit continues through the jobs queue until its manifest is written', async () => {
    const audit = createAuditHandler({ ...deps, audit: auditSettingsFromEnv({}), ledger: stack.ledger });
    const { result, continuations } = await runToCompletion(audit, { source: 'aws.scheduler' });

    expect(continuations).toBe(4); // 450 groups, 100 a page: 5 invocations
    expect(result).toMatchObject({ status: 'complete', counts: { groups: 450, findings: 50 } });
    const keys: string[] = [];
    for await (const key of deps.store.list('audit/')) keys.push(key);
    expect(keys.filter((key) => key.endsWith(`/${MANIFEST}`))).toHaveLength(1);
  });

  test('a group export continues the same way; a joined export runs from a user list in the bucket', async () => {
    const handle = createExportHandler(deps);
    const groups = await runToCompletion(handle, { export: 'groups', filter: { disabledOnly: true } });
    expect(groups).toMatchObject({
      continuations: 4,
      result: { status: 'complete', counts: { scanned: 450, groups: 50 } },
    });

    await stack.s3.client.send(
      new PutObjectCommand({ Bucket: stack.s3.bucket, Key: 'inputs/users.txt', Body: 'user1\nuser2\n' }),
    );
    const joined = await runToCompletion(handle, { export: 'joined', usersKey: 'inputs/users.txt' });
    expect(joined).toMatchObject({ continuations: 1, result: { status: 'complete', counts: { users: 2 } } });
  });

  test('a request that is not an export, and a continuation for another job, fail loudly', async () => {
    const handle = createExportHandler(deps);
    await expect(handle({ export: 'everything' }, context)).rejects.toThrow(/not an export request/);
    await expect(
      handle(
        { Records: [{ eventSource: 'aws:sqs', messageId: 'm1', body: '{"job":"audit","checkpointKey":"x"}' }] },
        context,
      ),
    ).rejects.toThrow(/not a continuation of export-groups or export-joined/);
  });

  test('settings name every bad variable', () => {
    expect(
      configProblems(() =>
        jobsSettingsFromEnv({ JOBS_QUEUE_URL: 'nope', CHECKPOINT_MARGIN_SECONDS: '5', OUTPUT_BUCKET: 'bkt' }),
      ).map((p) => p.split(':')[0]),
    ).toEqual(['JOBS_QUEUE_URL', 'CHECKPOINT_MARGIN_SECONDS']);
    expect(
      configProblems(() => auditSettingsFromEnv({ AUDIT_NEAR_CAPACITY: '2', AUDIT_REPAIR: 'yes' })).map(
        (p) => p.split(':')[0],
      ),
    ).toEqual(['AUDIT_NEAR_CAPACITY', 'AUDIT_REPAIR']);
    expect(configProblems(() => auditSettingsFromEnv({ AUDIT_REPAIR: 'true' }))).toEqual([
      'LEDGER_TABLE_NAME: required when AUDIT_REPAIR is true',
      'MODERATION_QUEUE_URL: required when AUDIT_REPAIR is true',
    ]);
  });
});
