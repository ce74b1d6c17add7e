/**
 * One record through `processRecord` on in-memory ports: what is processed, what is parked (with
 * which kind and reason), what comes back later (with which visibility), and the metrics and log
 * lines each path leaves.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { errorFromResponse } from '../../../functions/agora/index.js';
import type { ModerationEvent } from '../../../functions/events/index.js';
import { DEFAULT_RETRY_BUDGET } from '../../../functions/moderation/index.js';
import { ATTEMPT_COUNT_RETENTION_SECONDS } from '../../../functions/moderation/delivery/retry-budget.js';
import type { ModerationDependencies } from '../../../functions/moderation/delivery/dependencies.js';
import { processRecord } from '../../../functions/moderation/delivery/process-record.js';
import { RetryLaterError } from '../../../functions/moderation/delivery/errors.js';
import { CoreHarness, eventAt, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';

interface Logged {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: Record<string, unknown>;
  keys: Record<string, unknown>;
}

/** A logger that keeps every line, with the keys its child appended. */
function recordingLogger(lines: Logged[], keys: Record<string, unknown> = {}): Logger {
  const line =
    (level: Logged['level']) =>
    (message: string, extra: Record<string, unknown> = {}) =>
      void lines.push({ level, message, extra, keys: { ...keys } });
  return {
    createChild: () => recordingLogger(lines, { ...keys }),
    appendKeys: (more: Record<string, unknown>) => Object.assign(keys, more),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  } as unknown as Logger;
}

/** Dependencies on in-memory ports; `dlqAccepts: false` makes parking fail. */
function setup(options: { dlqAccepts?: boolean; maxReceiveCount?: number; switchFails?: Error } = {}) {
  const core = new CoreHarness();
  const parked: SendMessageCommandInput[] = [];
  const metrics: [string, string, number][] = [];
  const lines: Logged[] = [];
  const sqs = {
    send: async (command: { input: SendMessageCommandInput }) => {
      if (options.dlqAccepts === false) throw new Error('DLQ unavailable');
      parked.push(command.input);
      return {};
    },
  } as unknown as SQSClient;
  const groups = options.switchFails
    ? {
        disable: () => Promise.reject(options.switchFails),
        enable: () => Promise.reject(options.switchFails),
      }
    : core.groups;
  const deps: ModerationDependencies = {
    interpreter: { ...core.context, groups },
    parking: { sqs, deadLetterQueueUrl: 'https://sqs.local/dlq.fifo', clock: () => new Date(core.now) },
    logger: recordingLogger(lines),
    metrics: {
      addMetric: (name: string, unit: string, value: number) => void metrics.push([name, unit, value]),
    } as unknown as Metrics,
    backoff: { baseSeconds: 4, maxSeconds: 60, random: () => 0.5 },
    maxReceiveCount: options.maxReceiveCount ?? 5,
    budget: DEFAULT_RETRY_BUDGET,
    queueUrl: 'https://sqs.local/queue.fifo',
    deadlineMarginMs: 1_000,
  };
  return { core, deps, parked, metrics, lines };
}

/** The record Lambda hands over for `body`, in lane `group` (none when `undefined`). */
function record(
  body: string | undefined,
  group: string | undefined,
  extra: { receiveCount?: number; sentAt?: number } = {},
): SQSRecord {
  return {
    messageId: 'm1',
    receiptHandle: 'r1',
    ...(body !== undefined && { body }),
    attributes: {
      ApproximateReceiveCount: String(extra.receiveCount ?? 1),
      ...(extra.sentAt !== undefined && { SentTimestamp: String(extra.sentAt) }),
      ...(group !== undefined && { MessageGroupId: group }),
    },
  } as unknown as SQSRecord;
}
const recordOf = (event: ModerationEvent, extra: { receiveCount?: number; sentAt?: number } = {}) =>
  record(JSON.stringify(event), event.groupId, extra);
const attribute = (message: SendMessageCommandInput | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

describe('a valid event', () => {
  test('is processed: its outcome counted and logged under the event’s keys', async () => {
    const { core, deps, parked, metrics, lines } = setup();
    const event = eventAt('group.disable', G, T0, { id: 'd1' });

    await processRecord(deps, recordOf(event), {});

    expect(core.groups.calls).toEqual([{ groupId: G, call: 'disable' }]);
    expect(parked).toEqual([]);
    expect(metrics).toEqual([['GroupsDisabled', 'Count', 1]]);
    expect(lines).toEqual([
      {
        level: 'info',
        message: expect.stringMatching(/^disabled: ban ban-d1 until /),
        extra: { outcome: expect.objectContaining({ kind: 'disabled', banId: 'ban-d1' }), dryRun: false },
        keys: { eventId: 'd1', groupId: G, eventType: 'group.disable' },
      },
    ]);
  });

  test.each([
    [
      'enabled',
      [eventAt('group.disable', G, T0, { id: 'd1' }), eventAt('group.enable', G, T0, { id: 'e1' })],
      'GroupsEnabled',
    ],
    ['counted', [eventAt('violation.reported', G, T0, { id: 'v1' })], 'ViolationsCounted'],
    ['unchanged', [eventAt('group.enable', G, T0, { id: 'e1' })], 'EventsUnchanged'],
  ])('an outcome %s is counted as %s', async (_kind, events, metric) => {
    const { deps, metrics } = setup();
    for (const event of events) await processRecord(deps, recordOf(event), {});
    expect(metrics.at(-1)).toEqual([metric, 'Count', 1]);
  });

  test('a duplicate is counted as one', async () => {
    const { deps, metrics } = setup();
    const event = eventAt('group.disable', G, T0, { id: 'd1' });
    await processRecord(deps, recordOf(event), {});
    await processRecord(deps, recordOf(event), {});
    expect(metrics.at(-1)).toEqual(['DuplicateEvents', 'Count', 1]);
  });

  test('in a record without a message group is processed', async () => {
    const { core, deps, parked } = setup();
    await processRecord(deps, record(JSON.stringify(eventAt('group.disable', G, T0)), undefined), {});
    expect(core.groups.calls).toHaveLength(1);
    expect(parked).toEqual([]);
  });

  test('its time since it reached the queue is measured, when the record says when', async () => {
    const { deps, metrics } = setup();
    const sentAt = Date.now() - 5_000;
    await processRecord(deps, recordOf(eventAt('group.enable', G, T0), { sentAt }), {});
    const [, latency] = metrics;
    expect(latency![0]).toBe('ProcessingLatency');
    expect(latency![1]).toBe('Milliseconds');
    expect(latency![2]).toBeGreaterThanOrEqual(5_000);
    // Measured here and now, not from any other clock: well under a minute past the 5 s.
    expect(latency![2]).toBeLessThan(60_000);
  });
});

describe('parked, never processed', () => {
  test('an event in a lane other than its group’s: its order with the group’s events is not guaranteed', async () => {
    const { core, deps, parked, metrics, lines } = setup();
    const event = eventAt('group.disable', G, T0, { id: 'd1' });

    await processRecord(deps, record(JSON.stringify(event), OTHER), {});

    expect(core.groups.calls).toEqual([]);
    expect(await core.ledger.getProcessed('d1')).toBeUndefined();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ MessageBody: JSON.stringify(event), MessageGroupId: OTHER });
    expect(attribute(parked[0], 'failure-kind')).toBe('invalid-event');
    expect(attribute(parked[0], 'failure-reason')).toBe(
      `message group ${OTHER} does not match the event's groupId ${G}: its order with the group's other events is not guaranteed`,
    );
    expect(metrics).toEqual([['EventsRejected', 'Count', 1]]);
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'event parked in the dead-letter queue',
        extra: expect.objectContaining({ messageId: 'm1', messageGroupId: OTHER, kind: 'invalid-event' }),
        keys: {},
      },
    ]);
  });

  test('a record without a body', async () => {
    const { deps, parked } = setup();
    await processRecord(deps, record(undefined, G), {});
    expect(attribute(parked[0], 'failure-reason')).toBe('the record has no body');
  });

  test('an invalid event, with the reason', async () => {
    const { deps, parked } = setup();
    await processRecord(deps, record('{"type":"group.disable"', G), {});
    expect(attribute(parked[0], 'failure-kind')).toBe('invalid-event');
    expect(attribute(parked[0], 'failure-reason')).toMatch(/^body is not JSON/);
  });

  test('an event dated further ahead of the core’s clock than its skew allows', async () => {
    const { core, deps, parked } = setup();
    const ahead = (seconds: number) => eventAt('group.disable', G, T0 + seconds * 1000);

    await processRecord(
      { ...deps, interpreter: { ...deps.interpreter, clockSkewSeconds: 100 } },
      recordOf(ahead(101)),
      {},
    );
    await processRecord(
      { ...deps, interpreter: { ...deps.interpreter, clockSkewSeconds: 100 } },
      recordOf(ahead(100)),
      {},
    );

    expect(parked.map((message) => attribute(message, 'failure-reason'))).toEqual([
      expect.stringMatching(/^invalid event: time: .* is 101 s ahead of this clock \(2026-11-27T00:00:00.000Z\)/),
    ]);
    expect(core.groups.calls).toHaveLength(1);
  });

  test('a permanent failure, with the error', async () => {
    const { deps, parked } = setup({
      switchFails: errorFromResponse({
        status: 400,
        code: 'invalid_parameter',
        description: 'bad',
        method: 'POST',
        path: '/p',
        body: {},
      }),
    });
    await processRecord(deps, recordOf(eventAt('group.disable', G, T0)), {});
    expect(attribute(parked[0], 'failure-kind')).toBe('permanent-failure');
    expect(attribute(parked[0], 'failure-reason')).toMatch(/^BadRequestError: POST \/p failed: 400/);
  });
});

describe('a group Agora no longer has', () => {
  test('is no failure: nothing is parked or retried, its ban ends "group deleted", and the outcome is logged as a warning and counted as GroupsGone', async () => {
    const { core, deps, parked, metrics, lines } = setup();
    await processRecord(deps, recordOf(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 })), {});
    core.groups.deleted.add(G);

    await processRecord(deps, recordOf(eventAt('ban.expire', G, T0, { id: 'x1', banId: 'ban-d1' })), {});

    expect(parked).toEqual([]);
    expect(metrics.filter(([name]) => name === 'GroupsGone')).toEqual([['GroupsGone', 'Count', 1]]);
    expect(metrics.map(([name]) => name)).not.toContain('EventsRejected');
    expect(metrics.map(([name]) => name)).not.toContain('EventsUnchanged');
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(/^gone: group deleted: Agora has no group /),
    });
    expect((await core.bans(G))[0]).toMatchObject({ status: 'lifted', ended: { reason: 'group deleted' } });
    expect(core.ledger.attempts.get('x1')).toBeUndefined();
  });
});

describe('a failure that may pass', () => {
  const unavailable = errorFromResponse({
    status: 503,
    code: '',
    description: 'down',
    method: 'POST',
    path: '/p',
    body: {},
  });

  test('comes back later, with the backoff of its own failures (not its receive), counted and logged', async () => {
    const { deps, parked, metrics, lines } = setup({ switchFails: unavailable });

    const error = await processRecord(
      deps,
      recordOf(eventAt('group.disable', G, T0, { id: 'd1' }), { receiveCount: 2 }),
      {},
    ).catch((e: unknown) => e);

    // Receive 2, but the event's first failure: the base cap of 4 s, half of it drawn.
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error).toMatchObject({
      name: 'RetryLaterError',
      visibilitySeconds: 2,
      message: expect.stringMatching(/^retry in 2 s: ServerError: /),
      cause: unavailable,
    });
    expect(parked).toEqual([]);
    expect(metrics).toEqual([['EventsRetried', 'Count', 1]]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'event failed; it will be retried',
        extra: {
          reason: expect.stringMatching(/^ServerError: /),
          receiveCount: 2,
          ownFailures: 1,
          visibilitySeconds: 2,
        },
        keys: expect.objectContaining({ eventId: 'd1' }),
      },
    ]);
  });

  test('counts its own failure in the ledger, kept past any message’s retention', async () => {
    const { core, deps } = setup({ switchFails: unavailable });

    await processRecord(deps, recordOf(eventAt('group.disable', G, T0, { id: 'd1' }), { receiveCount: 3 }), {}).catch(
      () => undefined,
    );

    expect(core.ledger.attempts.get('d1')).toMatchObject({
      messageId: 'm1',
      failures: 1,
      lastReceive: 3,
      expiresAt: Math.floor(core.now / 1000) + ATTEMPT_COUNT_RETENTION_SECONDS,
    });
  });

  test('when the ledger cannot count the failure, the receive count stands in, and it says so', async () => {
    const { core, deps, lines } = setup({ switchFails: unavailable });
    core.ledger.countFailure = () => Promise.reject(new Error('ledger down'));

    const error = await processRecord(
      deps,
      recordOf(eventAt('group.disable', G, T0, { id: 'd1' }), { receiveCount: 2 }),
      {},
    ).catch((e: unknown) => e);

    // Receive 2: the cap of 4 s doubled once, half of it drawn.
    expect(error).toMatchObject({ visibilitySeconds: 4 });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'could not count the failed attempt; its receive count stands in',
        extra: { error: 'Error: ledger down' },
      }),
    );
  });

  test('is parked on the receive before the queue’s limit, with its last error', async () => {
    const { deps, parked } = setup({ switchFails: unavailable, maxReceiveCount: 5 });

    await expect(
      processRecord(deps, recordOf(eventAt('group.disable', G, T0), { receiveCount: 3 }), {}),
    ).rejects.toBeInstanceOf(RetryLaterError);
    await processRecord(deps, recordOf(eventAt('group.disable', G, T0), { receiveCount: 4 }), {});

    expect(parked).toHaveLength(1);
    expect(attribute(parked[0], 'failure-kind')).toBe('retries-exhausted');
    expect(attribute(parked[0], 'failure-reason')).toMatch(/^still failing on receive 4: ServerError: /);
  });

  test('a park that fails comes back later, saying what it could not park', async () => {
    const { deps, metrics } = setup({ dlqAccepts: false });

    const error = await processRecord(deps, record('not json', G), {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as Error).message).toMatch(
      /^retry in \d+ s: could not park it \(invalid-event: body is not JSON.*\): Error: DLQ unavailable$/,
    );
    expect(metrics).toEqual([['EventsRetried', 'Count', 1]]);
  });
});

describe('a redelivered expiry', () => {
  /** d-long (an hour) in force after ban-x (10 min), and the group enabled by an expiry of ban-x whose receive failed before it recorded anything. */
  async function afterLostEnable() {
    const { core, deps } = setup();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));
    await core.process(eventAt('group.disable', G, T0, { id: 'd-long', duration: 3600 }));
    await core.groups.enable(G);
    return { core, deps, callsBefore: core.groups.calls.length };
  }
  const expiry = eventAt('ban.expire', G, T0, { id: 'x1', banId: 'ban-x' });

  test('that makes no call of its own disables the group again under the ban in force', async () => {
    const { core, deps, callsBefore } = await afterLostEnable();

    await processRecord(deps, recordOf(expiry, { receiveCount: 2 }), {});

    expect(core.groups.calls.slice(callsBefore)).toEqual([{ groupId: G, call: 'disable' }]);
    expect(core.groups.disabled.get(G)).toBe(true);
  });

  test('on its first receive there is no earlier attempt to repair: no call', async () => {
    const { core, deps, callsBefore } = await afterLostEnable();

    await processRecord(deps, recordOf(expiry, { receiveCount: 1 }), {});

    expect(core.groups.calls.slice(callsBefore)).toEqual([]);
  });
});
