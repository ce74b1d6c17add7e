/**
 * Invariants of the decision core over random event sequences (fast-check): events of several
 * groups at random intervals, dated late, early or ahead of the clock (within the tolerated
 * skew), so violations arrive out of order; ban expiries delivered when due, stale expiries,
 * redeliveries of finished events at a later clock, two events of one group processed at once,
 * and failures injected into one effect (Agora call, schedule, ledger write) followed by a
 * redelivery some time later, as SQS would make. After every event has finished:
 * - a group has at most one active ban, the one its state names, and no ban is left pending;
 * - every active timed ban has its expiry scheduled, at the end the ledger records;
 * - the ledger's view of "disabled" (an active ban that is not a dry run) equals what was last
 *   sent to the group switch.
 * No event may throw anything but the injected failures.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ModerationEvent } from '../../../functions/events/index.js';
import { BanStatus, type Ledger } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { type InterpreterDependencies } from '../../../functions/moderation/delivery/interpreter-dependencies.js';
import { CoreHarness, eventAt } from '../../helpers/moderation-core.js';

const GROUPS = ['100000000000000001', '100000000000000002'];
const SKEW_SECONDS = 300;
type FaultPoint = 'switch' | 'scheduler' | 'ledger-write';
const LEDGER_WRITES = [
  'markProcessed',
  'saveGroupState',
  'putBan',
  'activateBan',
  'endBan',
  'recordViolation',
] as const;
type NewEvent = 'violation' | 'disable' | 'threshold' | 'enable';

interface Fresh {
  kind: NewEvent;
  group: number;
  /** Seconds before the event's time is the clock: negative for an event dated ahead. */
  late: number;
  duration?: number | 'permanent';
}
type Command =
  | (Fresh & { wait: number; fault?: FaultPoint; faultAt: number; retryAfter: number })
  | { kind: 'concurrent'; wait: number; first: Fresh; second: Fresh }
  | { kind: 'stale-expire'; group: number; wait: number; pick: number }
  | { kind: 'redeliver'; pick: number; wait: number };

const group = fc.integer({ min: 0, max: GROUPS.length - 1 });
const wait = fc.integer({ min: 0, max: 400 });
const late = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: -SKEW_SECONDS, max: 1_800 }) },
);
const duration = fc.option(fc.oneof(fc.integer({ min: 1, max: 900 }), fc.constant('permanent' as const)), {
  nil: undefined,
});
const fresh: fc.Arbitrary<Fresh> = fc.record(
  {
    kind: fc.constantFrom<NewEvent>('violation', 'violation', 'disable', 'threshold', 'enable'),
    group,
    late,
    duration,
  },
  { requiredKeys: ['kind', 'group', 'late'] },
);
const fault = fc.option(fc.constantFrom<FaultPoint>('switch', 'scheduler', 'ledger-write'), {
  nil: undefined,
  freq: 3,
});
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fresh,
        fc.record({
          wait,
          fault,
          faultAt: fc.integer({ min: 0, max: 4 }),
          retryAfter: fc.integer({ min: 0, max: 300 }),
        }),
      )
      .map(([event, rest]) => ({ ...event, ...rest })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ kind: fc.constant('concurrent' as const), wait, first: fresh, second: fresh })
      .map((pair) => ({ ...pair, second: { ...pair.second, group: pair.first.group } })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale-expire' as const), group, wait, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat(), wait }) },
);
const policy = fc.record({
  threshold: fc.record({ count: fc.integer({ min: 1, max: 4 }), windowSeconds: fc.integer({ min: 60, max: 900 }) }),
  banDurations: fc.array(fc.oneof(fc.integer({ min: 1, max: 600 }), fc.constant('permanent' as const)), {
    minLength: 1,
    maxLength: 3,
  }),
  escalationWindowDays: fc.constant(1),
  enableMayLiftForeignBans: fc.boolean(),
  dryRun: fc.boolean(),
});

class InjectedFault extends Error {}

/** The harness's ports, one of which throws once, at its `faultAt`-th call, while `armed`. */
function faultyContext(core: CoreHarness, armed: { point?: FaultPoint; countdown: number }): InterpreterDependencies {
  const trip = (point: FaultPoint) => {
    if (armed.point === point && armed.countdown-- === 0) {
      armed.point = undefined;
      throw new InjectedFault(point);
    }
  };
  const ledger = Object.create(core.ledger) as Ledger;
  for (const method of LEDGER_WRITES) {
    const original = core.ledger[method].bind(core.ledger) as (...args: unknown[]) => Promise<void>;
    (ledger as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      trip('ledger-write');
      return original(...args);
    };
  }
  return {
    ...core.context,
    ledger,
    groups: {
      disable: async (groupId) => (trip('switch'), core.groups.disable(groupId)),
      enable: async (groupId) => (trip('switch'), core.groups.enable(groupId)),
    },
    scheduler: { scheduleExpiry: async (expiry) => (trip('scheduler'), core.scheduler.scheduleExpiry(expiry)) },
  };
}

async function checkInvariants(core: CoreHarness): Promise<void> {
  expect(
    [...core.ledger.bans.values()].filter((ban) => ban.status === BanStatus.Pending).map((ban) => ban.banId),
    'pending bans',
  ).toEqual([]);
  for (const groupId of GROUPS) {
    const active = await core.activeBans(groupId);
    expect(active.length, `active bans of ${groupId}`).toBeLessThanOrEqual(1);
    const state = await core.ledger.getGroupState(groupId);
    expect(state.activeBanId, `the ban ${groupId}'s state names`).toBe(active[0]?.banId);
    for (const ban of active)
      if (ban.until !== null)
        expect(core.scheduler.expiries.get(ban.banId)?.at, `expiry of ${ban.banId}`).toBe(ban.until);
    const ledgerDisabled = active.some((ban) => !ban.dryRun);
    expect(core.groups.disabled.get(groupId) ?? false, `switch of ${groupId}`).toBe(ledgerDisabled);
  }
}

function eventFor(core: CoreHarness, step: Fresh): ModerationEvent {
  const groupId = GROUPS[step.group]!;
  const time = core.now - step.late * 1000;
  const type = (
    {
      violation: 'violation.reported',
      disable: 'group.disable',
      threshold: 'violation.threshold_reached',
      enable: 'group.enable',
    } as const
  )[step.kind];
  const durable = step.kind === 'disable' || step.kind === 'threshold';
  return eventAt(type, groupId, time, durable && step.duration !== undefined ? { duration: step.duration } : {});
}

describe('processEvent invariants', () => {
  test('hold after every event of any sequence: late, early and out of order, at once, with failures and later redeliveries', async () => {
    await fc.assert(
      fc.asyncProperty(policy, fc.array(command, { maxLength: 40 }), async (policyInput, commands) => {
        const core = new CoreHarness(policyInput);
        const delivered: ModerationEvent[] = [];
        const expiriesSent = new Set<string>();
        const armed: { point?: FaultPoint; countdown: number } = { countdown: 0 };
        const ctx = faultyContext(core, armed);

        /** Processes `event`; an injected failure is followed by a redelivery `retryAfter` seconds later, as SQS makes. */
        const deliver = async (event: ModerationEvent, point?: FaultPoint, faultAt = 0, retryAfter = 0) => {
          Object.assign(armed, { point, countdown: faultAt });
          try {
            await processEvent(ctx, event);
          } catch (error) {
            if (!(error instanceof InjectedFault)) throw error;
            armed.point = undefined;
            core.now += retryAfter * 1000;
            await processEvent(ctx, event);
          }
          armed.point = undefined;
          delivered.push(event);
          await checkInvariants(core);
        };
        /** The scheduler's deliveries: every expiry that has come due. */
        const deliverDueExpiries = async () => {
          for (const expiry of [...core.scheduler.expiries.values()].sort((a, b) => a.at.localeCompare(b.at))) {
            if (expiriesSent.has(expiry.banId) || Date.parse(expiry.at) > core.now) continue;
            expiriesSent.add(expiry.banId);
            await deliver(
              eventAt('ban.expire', expiry.groupId, Date.parse(expiry.at), {
                id: `expire-${expiry.banId}`,
                banId: expiry.banId,
              }),
            );
          }
        };

        for (const step of commands) {
          core.now += step.wait * 1000;
          await deliverDueExpiries();
          if (step.kind === 'redeliver') {
            if (delivered.length > 0) await deliver(delivered[step.pick % delivered.length]!);
          } else if (step.kind === 'stale-expire') {
            const groupId = GROUPS[step.group]!;
            const bans = await core.bans(groupId);
            const banId = bans.length > 0 ? bans[step.pick % bans.length]!.banId : 'ban-unknown';
            await deliver(eventAt('ban.expire', groupId, core.now, { banId }));
          } else if (step.kind === 'concurrent') {
            const pair = [eventFor(core, step.first), eventFor(core, step.second)];
            await Promise.all(pair.map((event) => processEvent(ctx, event)));
            delivered.push(...pair);
            await checkInvariants(core);
          } else {
            await deliver(eventFor(core, step), step.fault, step.faultAt, step.retryAfter);
          }
        }
        // Every ban still timed ends by its own expiry.
        core.now += 10 * 86_400_000;
        await deliverDueExpiries();
        for (const groupId of GROUPS) {
          const timed = (await core.activeBans(groupId)).filter((ban) => ban.until !== null);
          expect(timed).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
