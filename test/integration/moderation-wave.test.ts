/**
 * A wave's mutes within the limits: one SQS batch holding several records of one group, as Lambda
 * delivers from a FIFO queue (up to 10), each the violation that earns its sender the ladder's
 * mute. The handler, with its real dependencies on the local stack, is invoked directly (fauxqs
 * hands out one record per group at a time): the batch's mutes go to the emulator in one call,
 * no record is done before its mute is, and the lane's order holds.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ModerationEvent } from '../../functions/events/index.js';
import { LADDER_SKIP } from '../../functions/moderation/decision/ladder.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { clientFor, FAST_RETRY } from '../helpers/emulator-client.js';
import { moderationEvent, sqsRecordFor } from '../helpers/moderation-events.js';

const POLICY = {
  threshold: { count: 100, windowSeconds: 3600 },
  members: { windowSeconds: 3600, ladder: [{ hits: 1, actions: ['recall', { mute: 600 }] }] },
};

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    policy: POLICY,
    logLevel: 'SILENT',
    startPoller: false,
  });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.emulator!.faults.clear();
  stack.emulator!.resetStats();
});

const context = {
  getRemainingTimeInMillis: () => 60_000,
  functionName: 'moderation',
  awsRequestId: 'wave-test',
} as Context;

const senders = Array.from({ length: 10 }, (_, i) => `raider${i}`);
const newGroup = () =>
  stack.emulator!.store.insert({ name: 'g', owner: 'olga', members: ['adam', 'bob', ...senders], admins: ['adam'] }).id;
const violations = (group: string, who = senders) =>
  who.map((sender) => moderationEvent('violation.reported', group, { sender, category: 'spam' }));
const batch = (events: ModerationEvent[], receive = 1) =>
  stack.handler(
    {
      Records: events.map((event, i) => {
        const record = sqsRecordFor(event, `m${i}`, stack.sqs.queueArn);
        return { ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(receive) } };
      }),
    } as SQSEvent,
    context,
  );
const mutedNow = async (group: string) =>
  (await clientFor(stack.emulator!).members.muted(group)).map((m) => m.user).sort();
const statuses = async (group: string) =>
  (await stack.ledger.listSanctions(group)).filter((s) => s.kind === 'mute').map((s) => s.status);

describe("a wave's mutes", () => {
  test("a batch's ten senders, each earning a mute of 600 s, are muted in one call; each record done after it", async () => {
    const group = newGroup();
    const events = violations(group);
    const before = Date.now();
    const response = await batch(events);

    expect(response.batchItemFailures).toEqual([]);
    expect(stack.emulator!.stats.mute?.[200]).toBe(1);
    // The owner and admins, read once for the batch: one call for the details, one for the admins.
    expect([stack.emulator!.stats.get?.[200], stack.emulator!.stats.admins?.[200]]).toEqual([1, 1]);
    expect(await mutedNow(group)).toEqual([...senders].sort());
    expect(await statuses(group)).toEqual(senders.map(() => 'applied'));
    for (const event of events) expect(await stack.ledger.getProcessed(event.id)).toBeDefined();
    // Muted for what was decided: no end earlier than 600 s from the decision.
    for (const mute of (await stack.ledger.listSanctions(group)).filter((s) => s.kind === 'mute'))
      expect(Date.parse(mute.until!)).toBeGreaterThanOrEqual(before + 600_000);
  });

  test('a held call that fails fails every record of the group, none marked done; the redelivery finishes each', async () => {
    const group = newGroup();
    const events = violations(group, senders.slice(0, 4));
    stack.emulator!.faults.set({ sequence: [503, 503], endpoints: ['mute'] });
    const response = await batch(events);

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['m0', 'm1', 'm2', 'm3']);
    for (const event of events) expect(await stack.ledger.getProcessed(event.id)).toBeUndefined();
    expect(await statuses(group)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(await mutedNow(group)).toEqual([]);

    stack.emulator!.faults.clear();
    const again = await batch(events, 2);
    expect(again.batchItemFailures, JSON.stringify(again)).toEqual([]);
    expect(await mutedNow(group)).toEqual(senders.slice(0, 4).sort());
    expect(await statuses(group)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  test("a sender that is no Agora user name fails nothing: the others' held mutes are sent, theirs recorded skipped", async () => {
    const group = newGroup();
    const events = violations(group, ['raider0', 'Bob', 'raider1']);
    const response = await batch(events);

    expect(response.batchItemFailures).toEqual([]);
    expect(await mutedNow(group)).toEqual(['raider0', 'raider1']);
    const mutes = (await stack.ledger.listSanctions(group)).filter((s) => s.kind === 'mute');
    expect(mutes.map((s) => [s.target, s.status]).sort()).toEqual([
      ['Bob', 'skipped'],
      ['raider0', 'applied'],
      ['raider1', 'applied'],
    ]);
    expect(mutes.find((s) => s.target === 'Bob')?.resolution?.reason).toBe(LADDER_SKIP.invalidSender);
    for (const event of events) expect(await stack.ledger.getProcessed(event.id)).toBeDefined();
  });

  test("a later record's own member call sends the held mutes first: an unmute after the violation leaves the member unmuted", async () => {
    const group = newGroup();
    const [violation] = violations(group, ['raider0']);
    const unmute = moderationEvent('member.unmute', group, { users: ['raider0'] });
    const response = await batch([violation!, unmute]);

    expect(response.batchItemFailures).toEqual([]);
    expect(await mutedNow(group)).toEqual([]);
    expect(stack.emulator!.stats.mute?.[200]).toBe(1);
    expect(stack.emulator!.stats.unmute?.[200]).toBe(1);
  });
});
