/**
 * Random event streams through the whole local stack (fauxqs FIFO queue, the poller, the
 * handler, dynalite, the emulator answering some calls with 503s), checked against a small
 * reference model of the policy (test/helpers/moderation-model.ts). Per group: violations dated
 * late, early or ahead of the clock (within the tolerated skew, or far beyond it), disables with
 * and without durations, enables, and duplicates of earlier messages; each group's messages
 * arrive shuffled, and the groups' lanes interleave. After the queue drains:
 * - the emulator's disabled state equals the ledger's, and the model's;
 * - a group has at most one active ban, and every active timed ban has its expiry scheduled;
 * - bans imposed and messages parked match the model's counts.
 * The runs are few: the in-memory property tests of the decision core carry the thousands.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BanStatus } from '../../functions/ledger/index.js';
import { ParkAttribute } from '../../functions/moderation/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { FAST_RETRY } from '../helpers/emulator-client.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { GroupModel, type ModelEvent, type ModelPolicy } from '../helpers/moderation-model.js';

const POLICY: ModelPolicy = { threshold: { count: 3, windowSeconds: 3600 }, banDurations: [3600, 86_400, 'permanent'] };
const GROUPS_PER_RUN = 3;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    policy: POLICY,
    backoff: { baseSeconds: 1, maxSeconds: 2 },
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());

type Kind = 'violation' | 'disable' | 'enable' | 'future' | 'duplicate';
interface Draw {
  kind: Kind;
  /** Seconds before now the event is dated: up to two windows late, or up to 200 s ahead (within the 300 s skew). */
  late: number;
  /** A disable: `permanent`, the policy's escalation, or an explicit duration. */
  duration: 'permanent' | 'policy' | 'explicit';
  /** Which earlier message a duplicate repeats. */
  pick: number;
}
const draw: fc.Arbitrary<Draw> = fc.record({
  kind: fc.constantFrom<Kind>('violation', 'violation', 'violation', 'disable', 'enable', 'future', 'duplicate'),
  late: fc.integer({ min: -200, max: 7_200 }),
  duration: fc.constantFrom('permanent' as const, 'policy' as const, 'explicit' as const),
  pick: fc.nat(),
});
const stream = fc.record({
  lanes: fc.array(fc.array(draw, { minLength: 1, maxLength: 10 }), {
    minLength: GROUPS_PER_RUN,
    maxLength: GROUPS_PER_RUN,
  }),
  /** Which lane each message is taken from next: the lanes interleave. */
  interleaving: fc.array(fc.nat({ max: GROUPS_PER_RUN - 1 }), { minLength: 30, maxLength: 30 }),
  arrival: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }),
});

interface Message {
  groupId: string;
  body: string;
  model: ModelEvent;
}

/**
 * The messages of one group, in arrival order: drawn in time order, then shuffled by `arrival`.
 * Explicit durations differ by 1000 s within a group and from the policy's, so which ban lasts
 * longer never depends on when each was imposed.
 */
function laneMessages(groupId: string, draws: Draw[], arrival: number[]): Message[] {
  const now = Date.now();
  const messages: Message[] = [];
  draws.forEach((d, index) => {
    if (d.kind === 'duplicate') {
      // The same body again, as a producer's resend after SQS's deduplication window.
      if (messages.length > 0) messages.push({ ...messages[d.pick % messages.length]! });
      return;
    }
    const time = new Date(now - d.late * 1000).toISOString();
    if (d.kind === 'violation') {
      const event = moderationEvent('violation.reported', groupId, { time });
      messages.push({
        groupId,
        body: JSON.stringify(event),
        model: { kind: 'violation', id: event.id, time: Date.parse(time) },
      });
    } else if (d.kind === 'future') {
      const event = moderationEvent('violation.reported', groupId, { time: new Date(now + 7_200_000).toISOString() });
      messages.push({ groupId, body: JSON.stringify(event), model: { kind: 'invalid', id: event.id } });
    } else if (d.kind === 'enable') {
      const event = moderationEvent('group.enable', groupId, { time });
      messages.push({ groupId, body: JSON.stringify(event), model: { kind: 'enable', id: event.id } });
    } else {
      const duration =
        d.duration === 'permanent'
          ? ('permanent' as const)
          : d.duration === 'explicit'
            ? 1_000 * (index + 1) + 500
            : undefined;
      const event = moderationEvent('group.disable', groupId, { time, ...(duration !== undefined && { duration }) });
      messages.push({
        groupId,
        body: JSON.stringify(event),
        model: { kind: 'disable', id: event.id, ...(duration !== undefined && { duration }) },
      });
    }
  });
  return messages
    .map((message, i) => ({ message, key: arrival[i % arrival.length]! + i * 1e-9 }))
    .sort((a, b) => a.key - b.key)
    .map(({ message }) => message);
}

let sequence = 0;
async function sendAll(messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages.slice(start, start + 10).map((m, i) => ({
      Id: String(i),
      MessageBody: m.body,
      MessageGroupId: m.groupId,
      MessageDeduplicationId: `chaos-${(sequence += 1)}`,
    }));
    const result = await stack.sqs.client.send(
      new SendMessageBatchCommand({ QueueUrl: stack.sqs.queueUrl, Entries: entries }),
    );
    expect(result.Failed ?? []).toEqual([]);
  }
}

const queueDrained = () => {
  const { messages } = stack.inspect().queue;
  return messages.ready.length + messages.inflight.length + messages.delayed.length === 0;
};

test('random streams per group, shuffled, duplicated, late and early: the pipeline ends where the policy says', async () => {
  // Some calls fail and are retried through the queue's backoff.
  stack.emulator!.faults.set({ errorRate: 0.1, rateStatus: 503, endpoints: ['disable', 'enable'] });
  await fc.assert(
    fc.asyncProperty(stream, async ({ lanes, interleaving, arrival }) => {
      const { first } = stack.emulator!.store.seed({ count: GROUPS_PER_RUN });
      const groups = lanes.map((_, i) => String(BigInt(first!) + BigInt(i)));
      const byLane = lanes.map((draws, i) => laneMessages(groups[i]!, draws, arrival));
      const models = groups.map(() => new GroupModel(POLICY));
      byLane.forEach((messages, i) => messages.forEach((message) => models[i]!.apply(message.model)));

      // Interleave the lanes, each keeping its own order, as producers of many groups send.
      const queue = byLane.map((messages) => [...messages]);
      const sent: Message[] = [];
      for (const lane of interleaving) sent.push(...queue[lane]!.splice(0, 1));
      for (const rest of queue) sent.push(...rest);
      await sendAll(sent);
      await waitFor('the queue to drain', queueDrained, 120_000);

      for (const [i, groupId] of groups.entries()) {
        const model = models[i]!;
        const bans = await stack.ledger.listBans(groupId);
        const active = bans.filter((ban) => ban.status === BanStatus.Active);
        const context = `group ${i}: ${JSON.stringify(byLane[i]!.map((m) => m.model))}`;
        expect(active.length, context).toBeLessThanOrEqual(1);
        expect(stack.emulator!.store.get(groupId)!.disabled, context).toBe(active.length === 1);
        expect(active.length === 1, context).toBe(model.ban !== undefined);
        expect(bans.length, context).toBe(model.bansImposed);
        expect(
          bans.filter((ban) => ban.status === BanStatus.Pending),
          context,
        ).toEqual([]);
        for (const ban of active)
          if (ban.until !== null)
            expect(stack.scheduler.pending(), context).toContainEqual({ banId: ban.banId, groupId, at: ban.until });
        const parked = stack.inspect().deadLetters.messages.ready.filter((m) => m.messageGroupId === groupId);
        expect(parked.length, context).toBe(model.parked);
        for (const message of parked)
          expect(message.messageAttributes[ParkAttribute.Kind]?.StringValue, context).toBe('invalid-event');
      }
    }),
    { numRuns: 6, endOnFailure: true },
  );
  stack.emulator!.faults.clear();
}, 600_000);
