/**
 * The moderation handler on in-memory ports and a scripted SQS client: what it does with a record
 * that keeps failing, on the receives before and at the queue's limit.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, test, vi } from 'vitest';
import { errorFromResponse } from '../../../functions/agora/index.js';
import { assembleModerationDependencies, createModerationHandler, moderationTelemetry, policySchema } from '../../../functions/moderation/index.js';
import { MemoryLedger } from '../../../functions/ledger/index.js';
import { moderationEvent, sqsRecordFor } from '../../helpers/moderation-events.js';
import { RecordingScheduler } from '../../helpers/moderation-core.js';

const GROUP = '100000000000000001';
const MAX_RECEIVE_COUNT = 5;
const context = { getRemainingTimeInMillis: () => 60_000, functionName: 'moderation', awsRequestId: 'unit' } as Context;

/** A handler whose Agora calls always answer 503, and whose DLQ accepts messages or not. */
function failingHandler(dlqAccepts: boolean) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === 'SendMessageCommand' && !dlqAccepts) throw new Error('DLQ unavailable');
      return {};
    },
  } as unknown as SQSClient;
  const unavailable = async () => {
    throw errorFromResponse({ status: 503, code: '', description: 'down', method: 'POST', path: '/p', body: {} });
  };
  const telemetry = moderationTelemetry({ logLevel: 'SILENT' });
  const addMetric = vi.spyOn(telemetry.metrics, 'addMetric');
  const deps = assembleModerationDependencies({
    settings: {
      queueUrl: 'https://sqs.local/queue.fifo',
      deadLetterQueueUrl: 'https://sqs.local/dlq.fifo',
      ledgerTableName: 'ledger',
      policy: policySchema.parse({}),
      backoff: { baseSeconds: 1, maxSeconds: 2 },
      maxReceiveCount: MAX_RECEIVE_COUNT,
      clockSkewSeconds: 300,
    },
    groups: { disable: unavailable, enable: unavailable } as never,
    sqs,
    ledger: new MemoryLedger(),
    scheduler: new RecordingScheduler(),
    deadlineMarginMs: 1_000,
    ...telemetry,
  });
  return { handler: createModerationHandler(deps), sent, addMetric };
}

const batchAt = (receiveCount: number) => {
  const record = sqsRecordFor(moderationEvent('group.disable', GROUP), 'm1', 'arn:aws:sqs:us-east-1:000000000000:queue.fifo');
  return { Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) } }] } as SQSEvent;
};

describe('a record that keeps failing', () => {
  test('is retried with a backoff before its last receives', async () => {
    const { handler, sent } = failingHandler(true);
    const response = await handler(batchAt(MAX_RECEIVE_COUNT - 2), context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(sent.map((s) => s.name)).toEqual(['ChangeMessageVisibilityBatchCommand']);
  });

  test('is parked as retries-exhausted, with its last error, one receive before the queue would move it', async () => {
    const { handler, sent } = failingHandler(true);
    const response = await handler(batchAt(MAX_RECEIVE_COUNT - 1), context);
    expect(response.batchItemFailures).toEqual([]);
    const [park] = sent;
    expect(park?.name).toBe('SendMessageCommand');
    expect(park?.input.MessageAttributes).toMatchObject({
      'failure-kind': { StringValue: 'retries-exhausted' },
      'failure-reason': { StringValue: expect.stringMatching(/^still failing on receive 4: ServerError: /) },
    });
  });

  test('that cannot even be parked on its last receive is counted: the queue moves it without a reason', async () => {
    const { handler, addMetric } = failingHandler(false);
    const response = await handler(batchAt(MAX_RECEIVE_COUNT), context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(addMetric).toHaveBeenCalledWith('RedrivenWithoutReason', 'Count', 1);
  });

  test('that cannot be parked before its last receive is retried, not counted', async () => {
    const { handler, addMetric } = failingHandler(false);
    expect((await handler(batchAt(MAX_RECEIVE_COUNT - 1), context)).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(addMetric).not.toHaveBeenCalledWith('RedrivenWithoutReason', 'Count', 1);
  });
});
