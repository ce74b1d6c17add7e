/**
 * The members' ladder over random waves (fast-check): violations of a few senders, one of them an
 * admin, dated in any order within the ladder's window, some processed twice (a redelivery) and
 * some failing once at a member call or a recall (a crash half-way) and redelivered. After every
 * event has finished, whatever the order:
 * - each member is muted at most once and removed at most once, each message recalled at most once,
 *   and, where every step recalls, every message of a member never removed recalled;
 * - the highest step a member's violations reach has run exactly once (it is claimed once);
 * - the admin is never muted nor removed, and nothing is left pending in the ledger.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SanctionStatus } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, FakeModeration, T0 } from '../../helpers/moderation-core.js';
import { EXAMPLE_LADDER } from '../../helpers/moderation-events.js';

const G = '100000000000000001';
const SENDERS = ['ann', 'bob', 'cyd', 'admin1'];
/** The product's ladder, ending with a removal; and one that ends short of it, whose last step a member may reach again. */
const LADDERS = {
  removing: EXAMPLE_LADDER,
  muting: [
    { hits: 1, actions: ['recall'] },
    { hits: 2, actions: [{ mute: 600 }] },
  ],
} as const;
const WINDOW = 3600;

/** Member calls that fail once when asked to, before reaching the service, as a 5xx would. */
class FlakyModeration extends FakeModeration {
  failNext = false;
  readonly sent: { call: string; target: string }[] = [];
  private trip() {
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('injected 503'), { status: 503 });
    }
  }
  private answer(call: string, users: readonly string[]) {
    this.trip();
    users.forEach((user) => this.sent.push({ call, target: user }));
    return { succeeded: users.map((user) => ({ user })), failed: [] };
  }
  override readonly members = {
    mute: async (_groupId: string, users: readonly string[]) => this.answer('mute', users),
    unmute: async (_groupId: string, users: readonly string[]) => this.answer('unmute', users),
    remove: async (_groupId: string, users: readonly string[]) => this.answer('remove', users),
    block: async (_groupId: string, users: readonly string[]) => this.answer('block', users),
    unblock: async (_groupId: string, users: readonly string[]) => this.answer('unblock', users),
  };
  override readonly messages = {
    recall: async (input: { groupId: string; msgId: string }) => {
      this.trip();
      this.sent.push({ call: 'recall', target: input.msgId });
      return { msgId: input.msgId, recalled: true as const };
    },
  };
}

const violationArb = fc.record({
  sender: fc.constantFrom(...SENDERS),
  /** Seconds after T0: within one window, or over three, so that counts fall as well as rise. */
  at: fc.integer({ min: 0, max: 3 * WINDOW }),
  redeliver: fc.boolean(),
  failFirst: fc.boolean(),
});

/** The highest count of a member's violations within one window: what the ladder must reach once. */
function fullest(times: number[]): number {
  return Math.max(0, ...times.map((end) => times.filter((t) => t <= end && t > end - WINDOW).length));
}

describe('the members ladder over random waves', () => {
  test('a step runs at most once per member, the highest reached exactly once, whatever the order and redeliveries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('removing', 'muting' as const),
        fc.array(violationArb, { minLength: 1, maxLength: 12 }),
        async (name, wave) => {
          const ladder = LADDERS[name as keyof typeof LADDERS];
          const core = new CoreHarness({
            threshold: { count: 50, windowSeconds: WINDOW },
            members: { windowSeconds: WINDOW, ladder },
          });
          const moderation = new FlakyModeration(new Set(SENDERS));
          const context = { ...core.context, moderation };
          core.now = T0 + 3600 * 1000;
          const events = wave.map((v, i) =>
            eventAt('violation.reported', G, T0 + v.at * 1000, { sender: v.sender, messageId: `${1000 + i}` }),
          );
          for (const [i, event] of events.entries()) {
            moderation.failNext = wave[i]!.failFirst;
            try {
              await processEvent(context, event);
            } catch (error) {
              if (!String(error).includes('injected')) throw error;
              await processEvent(context, event, {}, { redelivered: true });
            }
            if (wave[i]!.redeliver) await processEvent(context, event, {}, { redelivered: true });
          }
          const count = (call: string, target: string) =>
            moderation.sent.filter((sent) => sent.call === call && sent.target === target).length;
          for (const sender of SENDERS) {
            const times = wave.filter((v) => v.sender === sender).map((v) => v.at);
            const staff = sender === 'admin1';
            expect(count('mute', sender)).toBeLessThanOrEqual(staff ? 0 : 1);
            const highest = ladder.filter((step) => step.hits <= fullest(times)).at(-1)?.hits;
            if (name === 'removing') expect(count('remove', sender)).toBe(!staff && highest === 3 ? 1 : 0);
            // The muting ladder ends on its mute: reached, it is sent exactly once (never to the admin).
            if (name === 'muting') expect(count('mute', sender)).toBe(!staff && highest === 2 ? 1 : 0);
            // What a step does to the member ran for one event at most: the events that decided its mute, its removal.
            const sanctions = (await core.ledger.listSanctions(G)).filter((s) => s.member === sender);
            for (const kind of ['mute', 'remove'])
              expect(new Set(sanctions.filter((s) => s.kind === kind).map((s) => s.eventId)).size).toBeLessThanOrEqual(
                1,
              );
            // Recall is about the message: on a ladder whose every step recalls, every message of a
            // member never put out is recalled, whoever held the step's claim.
            if (name === 'removing' && (staff || highest !== 3))
              wave.forEach((v, i) => {
                if (v.sender === sender) expect(count('recall', events[i]!.messageId!)).toBe(1);
              });
            const claims = await core.ledger.ladderClaims(G, sender);
            if (highest !== undefined) expect(claims.map((claim) => claim.hits)).toContain(highest);
          }
          events.forEach((event) => expect(count('recall', event.messageId!)).toBeLessThanOrEqual(1));
          const sanctions = await core.ledger.listSanctions(G);
          expect(sanctions.filter((s) => s.status === SanctionStatus.Pending)).toEqual([]);
          expect(
            sanctions.filter((s) => s.member === 'admin1' && s.kind !== 'recall' && s.status !== 'skipped'),
          ).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
