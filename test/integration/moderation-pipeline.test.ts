/**
 * The moderation pipeline end to end on real wire protocols: events go through fauxqs (SQS
 * FIFO), the local poller invokes the Lambda handler, which calls the Agora emulator over HTTP
 * and writes the ledger to dynalite.
 */
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { banIdFor, ParkAttribute } from '../../functions/moderation/index.js';
import { sendModerationEvents } from '../../functions/events/index.js';
import { ModerationQueue } from '../../infra/constructs/moderation-queue.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { FAST_RETRY, seedGroups } from '../helpers/emulator-client.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { waitFor } from '../../local/wait-for.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    policy: { threshold: { count: 3, windowSeconds: 3600 } },
    backoff: { baseSeconds: 1, maxSeconds: 2 },
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());
beforeEach(() => stack.emulator!.faults.clear());

const store = () => stack.emulator!.store;
const newGroups = (count: number) => seedGroups(stack.emulator!, count);
const isDisabled = (groupId: string) => store().get(groupId)!.disabled;
const send = (...events: unknown[]) => sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events);
const processed = (eventId: string) =>
  waitFor(`event ${eventId} to be processed`, () => stack.ledger.getProcessed(eventId));
/** Receive counts of the messages `ids` now. */
const receiveCounts = (ids: string[]) => {
  const { ready, inflight, delayed } = stack.inspect().queue.messages;
  const all = [...ready, ...delayed, ...inflight.map((entry) => entry.message)];
  return new Map(ids.map((id) => [id, all.find((message) => message.messageId === id)?.approximateReceiveCount ?? 0]));
};
/**
 * Waits until every message of `ids` has been seen backed off: in flight with a visibility within
 * the 2 s backoff cap (the queue's own is 30 s), on a receive later than `after` says.
 */
async function everyRecordBackedOff(ids: string[], what: string, after = new Map<string, number>()): Promise<void> {
  const backedOff = new Set<string>();
  await waitFor(`every record to be backed off ${what}`, () => {
    for (const { message, visibilityDeadline } of stack.inspect().queue.messages.inflight) {
      const later = message.approximateReceiveCount > (after.get(message.messageId) ?? 0);
      if (ids.includes(message.messageId) && later && visibilityDeadline - Date.now() <= 2_100)
        backedOff.add(message.messageId);
    }
    return backedOff.size === ids.length;
  });
}
const queueIsEmpty = () => {
  const { messages } = stack.inspect().queue;
  return messages.ready.length + messages.inflight.length + messages.delayed.length === 0;
};

describe('each event type', () => {
  test('violation.threshold_reached disables the group with the first ban of the policy', async () => {
    // Prepare
    const [group] = newGroups(1);
    const event = moderationEvent('violation.threshold_reached', group!);
    // Act
    await send(event);
    await processed(event.id);
    // Assess
    expect(isDisabled(group!)).toBe(true);
    const [ban] = await stack.ledger.listBans(group!);
    expect(ban).toMatchObject({
      banId: banIdFor(event.id),
      eventId: event.id,
      status: 'active',
      duration: 3600,
      reason: event.reason,
      source: 'test-suite',
    });
    expect(Date.parse(ban!.until!) - Date.parse(ban!.imposedAt)).toBe(3_600_000);
    expect((await stack.ledger.getGroupState(group!)).activeBanId).toBe(ban!.banId);
  });

  test('group.disable with a duration, then group.enable lifts that ban', async () => {
    const [group] = newGroups(1);
    const disable = moderationEvent('group.disable', group!, { duration: 'permanent' });
    const enable = moderationEvent('group.enable', group!, { reason: 'appeal granted' });

    await send(disable);
    await processed(disable.id);
    expect(isDisabled(group!)).toBe(true);
    await send(enable);
    await processed(enable.id);

    expect(isDisabled(group!)).toBe(false);
    const [ban] = await stack.ledger.listBans(group!);
    expect(ban).toMatchObject({
      until: null,
      duration: 'permanent',
      status: 'lifted',
      ended: { byEventId: enable.id, byEventType: 'group.enable', reason: 'appeal granted' },
    });
    expect((await stack.ledger.getGroupState(group!)).activeBanId).toBeUndefined();
  });

  test('group.enable does not lift a disable the automation did not impose (policy default)', async () => {
    const [group] = newGroups(1);
    store().update(group!, { disabled: true });
    const enable = moderationEvent('group.enable', group!);

    await send(enable);
    const record = await processed(enable.id);

    expect(record.outcome).toMatch(/^unchanged: no ban of the automation/);
    expect(isDisabled(group!)).toBe(true);
  });

  test('violation.reported is counted without a ban below the threshold', async () => {
    const [group] = newGroups(1);
    const event = moderationEvent('violation.reported', group!, { category: 'spam' });

    await send(event);
    const record = await processed(event.id);

    expect(record.outcome).toBe('counted: 1 of 3 violations in the window');
    expect(isDisabled(group!)).toBe(false);
    expect(await stack.ledger.listBans(group!)).toEqual([]);
  });
});

describe('escalation', () => {
  test('repeat offenders get the next ban of the policy: an hour, a day, then for good', async () => {
    const [group] = newGroups(1);
    const events = [
      moderationEvent('violation.threshold_reached', group!),
      moderationEvent('group.enable', group!),
      moderationEvent('violation.threshold_reached', group!),
      moderationEvent('group.enable', group!),
      moderationEvent('violation.threshold_reached', group!),
    ];

    await send(...events);
    await processed(events[4]!.id);

    expect((await stack.ledger.listBans(group!)).map((ban) => ban.duration)).toEqual([3600, 86_400, 'permanent']);
    expect(isDisabled(group!)).toBe(true);
  });
});

describe('timed bans', () => {
  test('a short ban is lifted by its own ban.expire', async () => {
    const [group] = newGroups(1);
    const event = moderationEvent('group.disable', group!, { duration: 1 });

    await send(event);
    await processed(event.id);
    expect(isDisabled(group!)).toBe(true);

    const expireId = `expire-${banIdFor(event.id)}`;
    const expired = await processed(expireId);
    expect(expired.outcome).toBe(`enabled: lifted ban ${banIdFor(event.id)}`);
    expect(isDisabled(group!)).toBe(false);
    const [ban] = await stack.ledger.listBans(group!);
    expect(ban).toMatchObject({ status: 'lifted', ended: { byEventId: expireId, byEventType: 'ban.expire' } });
  });

  test('a ban.expire for a ban already lifted changes nothing', async () => {
    const [group] = newGroups(1);
    const disable = moderationEvent('group.disable', group!, { duration: 1 });
    const enable = moderationEvent('group.enable', group!);
    const laterDisable = moderationEvent('group.disable', group!, { duration: 'permanent' });

    // The enable lifts the timed ban, and a new permanent ban follows before the expiry fires.
    await send(disable, enable, laterDisable);
    await processed(laterDisable.id);
    const stale = await processed(`expire-${banIdFor(disable.id)}`);

    expect(stale.outcome).toBe(`unchanged: ban ${banIdFor(disable.id)} is no longer in force (lifted or replaced)`);
    expect(isDisabled(group!)).toBe(true);
    const bans = await stack.ledger.listBans(group!);
    expect(bans.map((ban) => [ban.banId, ban.status])).toEqual([
      [banIdFor(disable.id), 'lifted'],
      [banIdFor(laterDisable.id), 'active'],
    ]);
  });

  test('a ban.expire for a ban replaced by a longer one changes nothing', async () => {
    const [group] = newGroups(1);
    const short = moderationEvent('group.disable', group!, { duration: 1 });
    const long = moderationEvent('group.disable', group!, { duration: 'permanent' });

    await send(short, long);
    await processed(long.id);
    const stale = await processed(`expire-${banIdFor(short.id)}`);

    expect(stale.outcome).toMatch(/^unchanged: ban .* is no longer in force/);
    expect(isDisabled(group!)).toBe(true);
    const bans = await stack.ledger.listBans(group!);
    expect(bans.map((ban) => [ban.banId, ban.status, ban.ended?.replacedBy])).toEqual([
      [banIdFor(short.id), 'replaced', banIdFor(long.id)],
      [banIdFor(long.id), 'active', undefined],
    ]);
  });
});

describe('groups that are gone', () => {
  const notFoundAnswers = (endpoint: 'disable' | 'enable') => stack.emulator!.stats[endpoint]?.[404] ?? 0;

  test('a group deleted while banned: its ban.expire is not parked, and the ban ends "group deleted" after one refused call', async () => {
    const [group] = newGroups(1);
    const disable = moderationEvent('group.disable', group!, { duration: 2 });
    await send(disable);
    await processed(disable.id);
    expect(isDisabled(group!)).toBe(true);
    stack.emulator!.store.delete(group!);
    const refusedBefore = notFoundAnswers('enable');

    const expired = await processed(`expire-${banIdFor(disable.id)}`);

    expect(expired.outcome).toMatch(
      new RegExp(`^gone: group deleted: Agora has no group ${group} .*; ended ${banIdFor(disable.id)}$`),
    );
    expect(notFoundAnswers('enable') - refusedBefore).toBe(1);
    const [ban] = await stack.ledger.listBans(group!);
    expect(ban).toMatchObject({ status: 'lifted', ended: { reason: 'group deleted', byEventType: 'ban.expire' } });
    expect((await stack.ledger.getGroupState(group!)).activeBanId).toBeUndefined();
    expect(stack.inspect().deadLetters.messages.ready.filter((m) => m.messageGroupId === group)).toEqual([]);
  });

  test('violations for a group that never existed leave no pending ban, and nothing parked', async () => {
    const group = '999999999999999998';
    const t = Date.now() - 60_000;
    const violations = [1, 2, 3].map((i) =>
      moderationEvent('violation.reported', group, { time: new Date(t + i * 1000).toISOString() }),
    );
    const refusedBefore = notFoundAnswers('disable');

    await send(...violations);
    const crossing = await processed(violations[2]!.id);

    expect(crossing.outcome).toMatch(/^gone: group deleted: /);
    expect(notFoundAnswers('disable') - refusedBefore).toBe(1);
    expect((await stack.ledger.listBans(group)).map((ban) => [ban.banId, ban.status, ban.ended?.reason])).toEqual([
      [banIdFor(violations[2]!.id), 'replaced', 'never in force: group deleted'],
    ]);
    expect(stack.inspect().deadLetters.messages.ready.filter((m) => m.messageGroupId === group)).toEqual([]);
  });
});

describe('threshold', () => {
  test('N-1 violations do nothing, the N-th disables once, more in the window do not ban again', async () => {
    const [group] = newGroups(1);
    const report = () => moderationEvent('violation.reported', group!);
    const first = [report(), report()];

    await send(...first);
    await processed(first[1]!.id);
    expect(isDisabled(group!)).toBe(false);

    const third = report();
    await send(third);
    const crossing = await processed(third.id);
    expect(crossing.outcome).toBe(
      `disabled: ban ${banIdFor(third.id)} until ${(await stack.ledger.listBans(group!))[0]!.until}`,
    );
    expect(isDisabled(group!)).toBe(true);

    // Later violations in the same window count afresh from the crossing: two are not a new one.
    const later = [report(), report()];
    await send(...later);
    const outcomes = await Promise.all(later.map(async (event) => (await processed(event.id)).outcome));
    expect(outcomes).toEqual(['counted: 1 of 3 violations in the window', 'counted: 2 of 3 violations in the window']);
    const bans = await stack.ledger.listBans(group!);
    expect(bans).toHaveLength(1);
    expect(bans[0]!.reason).toMatch(/^3 violations within 3600 s \(threshold 3\)/);
  });
});

describe('ordering', () => {
  test('disable then enable per group, interleaved across groups, ends with every group enabled', async () => {
    const groups = newGroups(4);
    const perGroup = groups.map((group) => [
      moderationEvent('group.disable', group),
      moderationEvent('group.enable', group),
      moderationEvent('group.disable', group, { duration: 'permanent' }),
      moderationEvent('group.enable', group),
    ]);
    // Round-robin: d1 d2 d3 d4 e1 e2 e3 e4 ...
    const interleaved = perGroup[0]!.flatMap((_, step) => perGroup.map((events) => events[step]!));

    await send(...interleaved);
    await Promise.all(interleaved.map((event) => processed(event.id)));

    for (const group of groups) {
      expect(isDisabled(group)).toBe(false);
      const bans = await stack.ledger.listBans(group);
      expect(bans.map((ban) => ban.status)).toEqual(['lifted', 'lifted']);
    }
  });
});

describe('duplicates', () => {
  test('the same event delivered twice changes the group and the ledger once', async () => {
    const [group] = newGroups(1);
    const event = moderationEvent('group.disable', group!);
    stack.emulator!.resetStats();

    await send(event);
    await processed(event.id);
    // A second delivery, as after a producer's resend past SQS's deduplication window.
    await stack.sqs.client.send(
      new SendMessageCommand({
        QueueUrl: stack.sqs.queueUrl,
        MessageBody: JSON.stringify(event),
        MessageGroupId: group,
        MessageDeduplicationId: `${event.id}-again`,
      }),
    );
    await waitFor('the second delivery to be consumed', () => queueIsEmpty());

    expect(stack.emulator!.stats.disable).toEqual({ 200: 1 });
    expect(await stack.ledger.listBans(group!)).toHaveLength(1);
    expect((await stack.ledger.getGroupState(group!)).version).toBe(1);
  });

  test('a producer resend of the same event within the deduplication window is dropped by the queue, however it is written', async () => {
    const [group] = newGroups(1);
    const event = moderationEvent('group.disable', group!);
    // The same event written differently: its time with an offset, its fields in another order.
    const rewritten = Object.fromEntries(
      Object.entries({ ...event, time: event.time.replace(/Z$/, '+00:00') }).reverse(),
    );
    expect(JSON.stringify(rewritten)).not.toBe(JSON.stringify(event));

    const first = await send(event);
    const again = await send(event);
    const resent = await send(rewritten);

    expect(again.sent[0]!.queueMessageId).toBe(first.sent[0]!.queueMessageId);
    expect(resent.sent[0]!.queueMessageId).toBe(first.sent[0]!.queueMessageId);
    await processed(event.id);
    expect(isDisabled(group!)).toBe(true);
    expect(await stack.ledger.listBans(group!)).toHaveLength(1);
  });
});

describe('the local queue', () => {
  test("deduplicates and is throttled per message group, and keeps messages as long, as the stack's queue", async () => {
    const app = new App();
    const queueStack = new Stack(app, 'Queue');
    new ModerationQueue(queueStack, 'Queue', { functionTimeout: Duration.seconds(60), maxReceiveCount: 500 });
    const [deployed] = Object.entries(Template.fromStack(queueStack).findResources('AWS::SQS::Queue')).filter(([id]) =>
      id.startsWith('QueueEvents'),
    );
    const properties = deployed![1].Properties as Record<string, unknown>;
    const names = [
      'FifoQueue',
      'ContentBasedDeduplication',
      'DeduplicationScope',
      'FifoThroughputLimit',
      'MaximumMessageSize',
      'MessageRetentionPeriod',
    ] as const;

    const { Attributes } = await stack.sqs.client.send(
      new GetQueueAttributesCommand({ QueueUrl: stack.sqs.queueUrl, AttributeNames: [...names] }),
    );

    expect(Attributes).toEqual(Object.fromEntries(names.map((name) => [name, String(properties[name])])));
    expect(Attributes).toMatchObject({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
  });
});

describe('faults', () => {
  test('503s, then 429s: every record is backed off after each, and every event completes', async () => {
    const groups = newGroups(6);
    const events = groups.map((group) => moderationEvent('group.disable', group));
    const before = { ...stack.emulator!.stats.disable };
    // More failures than the client's two attempts absorb: records go back to the queue.
    stack.emulator!.faults.set({ errorRate: 1, rateStatus: 503, endpoints: ['disable'] });

    const { sent } = await send(...events);
    const ids = sent.map((message) => message.queueMessageId);
    await everyRecordBackedOff(ids, 'after 503s');
    // Every receive from here on meets 429 reach_limit: the fault is set before the receive
    // counts are read.
    stack.emulator!.faults.set({ errorRate: 1, rateStatus: 429, endpoints: ['disable'] });
    await everyRecordBackedOff(ids, 'after 429s', receiveCounts(ids));
    stack.emulator!.faults.clear();

    await Promise.all(events.map((event) => processed(event.id)));
    expect(groups.map(isDisabled)).toEqual(groups.map(() => true));
    expect(stack.inspect().deadLetters.messages.ready).toEqual([]);
    const answered = (status: number) => (stack.emulator!.stats.disable?.[status] ?? 0) - (before[status] ?? 0);
    // Each record, received at least once in each phase, met two answers (both attempts) there.
    expect(answered(503)).toBeGreaterThanOrEqual(2 * events.length);
    expect(answered(429)).toBeGreaterThanOrEqual(2 * events.length);
  });

  test('a poison event is parked with its reason and the rest of its batch succeeds', async () => {
    const [poisonGroup, ...groups] = newGroups(4);
    const events = groups.map((group) => moderationEvent('group.disable', group));
    const before = stack.inspect().deadLetters.messages.ready.length;

    await stack.sqs.client.send(
      new SendMessageCommand({
        QueueUrl: stack.sqs.queueUrl,
        MessageBody: '{"type":"group.disable"',
        MessageGroupId: poisonGroup!,
        MessageDeduplicationId: `poison-${poisonGroup}`,
      }),
    );
    await send(...events);
    await Promise.all(events.map((event) => processed(event.id)));
    const parked = await waitFor('the poison event in the DLQ', () =>
      stack
        .inspect()
        .deadLetters.messages.ready.slice(before)
        .find((m) => m.messageGroupId === poisonGroup),
    );

    expect(parked.body).toBe('{"type":"group.disable"');
    expect(parked.messageAttributes[ParkAttribute.Kind]?.StringValue).toBe('invalid-event');
    expect(parked.messageAttributes[ParkAttribute.Reason]?.StringValue).toMatch(/^body is not JSON/);
    expect(groups.map(isDisabled)).toEqual([true, true, true]);
  });

  test('an event for a group that does not exist is processed, not parked: its ban never came into force', async () => {
    const group = '999999999999999999';
    const event = moderationEvent('group.disable', group);

    await send(event);
    const record = await processed(event.id);

    expect(record.outcome).toMatch(
      new RegExp(
        `^gone: group deleted: Agora has no group ${group} \\(POST /.*/chatgroups/${group}/disable: 404 service_resource_not_found\\); ended ${banIdFor(event.id)}$`,
      ),
    );
    expect(stack.inspect().deadLetters.messages.ready.filter((m) => m.messageGroupId === group)).toEqual([]);
    expect((await stack.ledger.listBans(group)).map((ban) => [ban.status, ban.ended?.reason])).toEqual([
      ['replaced', 'never in force: group deleted'],
    ]);
  });

  test('an invalid event names what is wrong in its reason', async () => {
    const [group] = newGroups(1);
    const body = JSON.stringify({ ...moderationEvent('group.disable', group!), type: 'group.explode' });

    await stack.sqs.client.send(
      new SendMessageCommand({
        QueueUrl: stack.sqs.queueUrl,
        MessageBody: body,
        MessageGroupId: group!,
        MessageDeduplicationId: `bad-type-${group}`,
      }),
    );
    const parked = await waitFor('the event in the DLQ', () =>
      stack.inspect().deadLetters.messages.ready.find((m) => m.body === body),
    );

    expect(parked.messageAttributes[ParkAttribute.Reason]?.StringValue).toMatch(/^invalid event: type: /);
  });
});
