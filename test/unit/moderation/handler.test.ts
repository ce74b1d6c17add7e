/**
 * The moderation handler on in-memory ports and a scripted SQS client: what it does with a record
 * that keeps failing, on the receives before and at the queue's limit, and how long it is retried
 * by its own failures.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { errorFromResponse } from '../../../functions/agora/index.js';
import type { ModerationEvent } from '../../../functions/events/index.js';
import {
  assembleModerationDependencies,
  createModerationHandler,
  DEFAULT_RETRY_BUDGET,
  moderationTelemetry,
  policySchema,
} from '../../../functions/moderation/index.js';
import {
  moderationSettingsFromEnv,
  type ModerationSettings,
} from '../../../functions/moderation/delivery/moderation-env.js';
import { type GroupSwitch } from '../../../functions/moderation/delivery/interpreter-dependencies.js';
import { MemoryLedger } from '../../../functions/ledger/index.js';
import { moderationEvent, sqsRecordFor } from '../../helpers/moderation-events.js';
import { FakeModeration, RecordingScheduler } from '../../helpers/moderation-core.js';

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
      budget: DEFAULT_RETRY_BUDGET,
      clockSkewSeconds: 300,
    },
    groups: { disable: unavailable, enable: unavailable } as never,
    moderation: new FakeModeration(),
    sqs,
    ledger: new MemoryLedger(),
    scheduler: new RecordingScheduler(),
    deadlineMarginMs: 1_000,
    ...telemetry,
  });
  return { handler: createModerationHandler(deps), sent, addMetric };
}

const batchAt = (receiveCount: number) => {
  const record = sqsRecordFor(
    moderationEvent('group.disable', GROUP),
    'm1',
    'arn:aws:sqs:us-east-1:000000000000:queue.fifo',
  );
  return {
    Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) } }],
  } as SQSEvent;
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
    expect((await handler(batchAt(MAX_RECEIVE_COUNT - 1), context)).batchItemFailures).toEqual([
      { itemIdentifier: 'm1' },
    ]);
    expect(addMetric).not.toHaveBeenCalledWith('RedrivenWithoutReason', 'Count', 1);
  });
});

const DAY_MS = 86_400_000;
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:queue.fifo';
const unavailable = async (): Promise<never> => {
  throw errorFromResponse({ status: 503, code: '', description: 'down', method: 'POST', path: '/p', body: {} });
};

/** A handler on `settings` and `groups`, whose SQS client records what it is asked and whose clock is `Date`'s. */
function handlerOn(settings: ModerationSettings, groups: GroupSwitch, ledger = new MemoryLedger()) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return {};
    },
  } as unknown as SQSClient;
  const deps = assembleModerationDependencies({
    settings,
    groups: groups as never,
    moderation: new FakeModeration(),
    sqs,
    ledger,
    scheduler: new RecordingScheduler(),
    deadlineMarginMs: 1_000,
    ...moderationTelemetry({ logLevel: 'SILENT' }),
  });
  /** Bodies parked in the DLQ, with their reasons. */
  const parked = () =>
    sent
      .filter((s) => s.name === 'SendMessageCommand')
      .map((s) => ({
        body: s.input.MessageBody as string,
        reason: (s.input.MessageAttributes as Record<string, { StringValue: string }>)['failure-reason']!.StringValue,
      }));
  /** The visibility the last invocation gave its failed records. */
  const lastBackoff = () =>
    (
      sent.findLast((s) => s.name === 'ChangeMessageVisibilityBatchCommand')?.input.Entries as
        { VisibilityTimeout: number }[] | undefined
    )?.[0]?.VisibilityTimeout;
  return { handler: createModerationHandler(deps), sent, parked, lastBackoff };
}

/** The records of one receive of `events`, in their group's lane, each received `receive` times, sent at `sentAt`. */
function receiveOf(events: ModerationEvent[], receive: number, sentAt: number): SQSEvent {
  return {
    Records: events.map((event) => {
      const record = sqsRecordFor(event, `m-${event.id}`, QUEUE_ARN);
      return {
        ...record,
        attributes: { ...record.attributes, ApproximateReceiveCount: String(receive), SentTimestamp: String(sentAt) },
      };
    }),
  } as SQSEvent;
}

const defaults = () =>
  moderationSettingsFromEnv(
    {
      MODERATION_QUEUE_URL: 'https://sqs.local/queue.fifo',
      MODERATION_DLQ_URL: 'https://sqs.local/dlq.fifo',
      LEDGER_TABLE_NAME: 'ledger',
    },
    false,
  );

describe('the retry budget is each event’s own', () => {
  afterEach(() => vi.useRealTimers());

  test('with the default settings, a record queued behind one that failed for a day is not parked on its own first failure', async () => {
    // Prepare: Agora fails the group's disables until the head is parked, then fails the next one once more.
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-27T00:00:00Z');
    vi.setSystemTime(start);
    let headParked = () => false;
    let failuresAfter = 0;
    const disable = async () => (!headParked() || ++failuresAfter === 1 ? unavailable() : {});
    const { handler, parked, lastBackoff } = handlerOn(defaults(), { disable, enable: unavailable });
    headParked = () => parked().length > 0;
    const head = moderationEvent('group.disable', GROUP, { duration: 60 });
    const next = moderationEvent('group.disable', GROUP, { duration: 120 });

    // Act: SQS hands the lane back whole, after each backoff, until the head is parked.
    let receive = 0;
    let response: SQSBatchResponse | undefined;
    while (parked().length === 0 && receive < 1_000) {
      receive += 1;
      response = await handler(receiveOf([head, next], receive, start), context);
      vi.setSystemTime(Date.now() + (lastBackoff() ?? 0) * 1000);
    }

    // Assess: the head had a day of its own; the disable behind it, received as often, failed once and is retried.
    expect(parked().map((p) => JSON.parse(p.body).id)).toEqual([head.id]);
    expect(parked()[0]!.reason).toMatch(
      /^still failing after \d+ attempts of its own over 24\.\d h \(retry window 24\.0 h\): ServerError: /,
    );
    expect(response!.batchItemFailures).toEqual([{ itemIdentifier: `m-${next.id}` }]);
    // Its own first failure: the shortest backoff, not the head's fifteen minutes.
    expect(lastBackoff()).toBeLessThanOrEqual(5);
    const again = await handler(receiveOf([next], receive + 1, start), context);
    expect(again.batchItemFailures).toEqual([]);
    expect(parked()).toHaveLength(1);
  });

  test('an event is retried until its own failures span the window, then parked with how long it tried', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-27T00:00:00Z');
    vi.setSystemTime(start);
    const { handler, parked } = handlerOn(
      { ...defaults(), budget: { ...DEFAULT_RETRY_BUDGET, windowSeconds: 3_600 } },
      { disable: unavailable, enable: unavailable },
    );
    const event = moderationEvent('group.disable', GROUP);

    expect((await handler(receiveOf([event], 1, start), context)).batchItemFailures).toHaveLength(1);
    vi.setSystemTime(start + 3_599_000);
    expect((await handler(receiveOf([event], 2, start), context)).batchItemFailures).toHaveLength(1);
    vi.setSystemTime(start + 3_600_000);
    expect((await handler(receiveOf([event], 3, start), context)).batchItemFailures).toEqual([]);

    expect(parked().map((p) => p.reason)).toEqual([
      expect.stringMatching(
        /^still failing after 3 attempts of its own over 60 min \(retry window 60 min\): ServerError: /,
      ),
    ]);
  });

  test('a record whose retry would outlive the queue’s retention is parked now, however few its own failures', async () => {
    const { handler, parked } = handlerOn(defaults(), { disable: unavailable, enable: unavailable });
    const event = moderationEvent('group.disable', GROUP);
    const sentAt = Date.now() - 4 * DAY_MS + 30 * 60_000;

    const response = await handler(receiveOf([event], 3, sentAt), context);

    expect(response.batchItemFailures).toEqual([]);
    expect(parked().map((p) => p.reason)).toEqual([
      expect.stringMatching(
        /^the queue keeps a message 96\.0 h and this one is 95\.5 h old: a retry would outlive it: ServerError: /,
      ),
    ]);
  });

  test('when the ledger cannot count the failure, the record is retried on its receive count, which stays the net', async () => {
    const ledger = Object.assign(new MemoryLedger(), { countFailure: () => Promise.reject(new Error('throttled')) });
    const { handler, parked } = handlerOn(
      { ...defaults(), maxReceiveCount: MAX_RECEIVE_COUNT },
      { disable: unavailable, enable: unavailable },
      ledger,
    );
    const event = moderationEvent('group.disable', GROUP);

    expect(
      (await handler(receiveOf([event], MAX_RECEIVE_COUNT - 2, Date.now()), context)).batchItemFailures,
    ).toHaveLength(1);
    expect(parked()).toEqual([]);
    expect((await handler(receiveOf([event], MAX_RECEIVE_COUNT - 1, Date.now()), context)).batchItemFailures).toEqual(
      [],
    );
    expect(parked().map((p) => p.reason)).toEqual([
      expect.stringMatching(/^still failing on receive 4: ServerError: /),
    ]);
  });
});
