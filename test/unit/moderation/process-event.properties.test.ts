/**
 * Invariants of the decision core over random event sequences (fast-check): events of several
 * groups at random intervals, ban expiries delivered when due, stale expiries, redeliveries of
 * finished events, and failures injected into one effect (Agora call, schedule, ledger write)
 * followed by a redelivery, as SQS would make. After every event has finished:
 * - a group has at most one active ban, and its state points at it;
 * - every active timed ban has its expiry scheduled, at its end;
 * - the ledger's view of "disabled" (an active ban that is not a dry run) equals what was last
 *   sent to the group switch.
 * Violations here arrive in time order; late and out-of-order ones are a case of their own.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ModerationEvent } from '../../../functions/events/index.js';
import { BanStatus, type Ledger } from '../../../functions/ledger/index.js';
import { processEvent, type ModerationContext } from '../../../functions/moderation/index.js';
import { CoreHarness, eventAt } from '../../helpers/moderation-core.js';

const GROUPS = ['100000000000000001', '100000000000000002'];
type FaultPoint = 'switch' | 'scheduler' | 'ledger-write';
const LEDGER_WRITES = ['markProcessed', 'saveGroupState', 'putBan', 'endBan', 'recordViolation'] as const;

type Command =
  | { kind: 'violation' | 'enable'; group: number; wait: number; fault?: FaultPoint; faultAt: number }
  | { kind: 'disable' | 'threshold'; group: number; wait: number; duration?: number | 'permanent'; fault?: FaultPoint; faultAt: number }
  | { kind: 'stale-expire'; group: number; wait: number; pick: number }
  | { kind: 'redeliver'; pick: number };

const fault = fc.option(fc.constantFrom<FaultPoint>('switch', 'scheduler', 'ledger-write'), { nil: undefined, freq: 3 });
const common = { group: fc.integer({ min: 0, max: GROUPS.length - 1 }), wait: fc.integer({ min: 0, max: 400 }), fault, faultAt: fc.integer({ min: 0, max: 3 }) };
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('violation' as const), ...common }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('disable' as const, 'threshold' as const), ...common, duration: fc.option(fc.oneof(fc.integer({ min: 1, max: 900 }), fc.constant('permanent' as const)), { nil: undefined }) }, { requiredKeys: ['kind', 'group', 'wait', 'faultAt'] }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enable' as const), ...common }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale-expire' as const), group: common.group, wait: common.wait, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }) },
);
const policy = fc.record({
  threshold: fc.record({ count: fc.integer({ min: 1, max: 4 }), windowSeconds: fc.integer({ min: 60, max: 900 }) }),
  banDurations: fc.array(fc.oneof(fc.integer({ min: 1, max: 600 }), fc.constant('permanent' as const)), { minLength: 1, maxLength: 3 }),
  escalationWindowDays: fc.constant(1),
  enableMayLiftForeignBans: fc.boolean(),
  dryRun: fc.boolean(),
});

class InjectedFault extends Error {}

/** The harness's ports, one of which throws once, at its `faultAt`-th call, while `armed`. */
function faultyContext(core: CoreHarness, armed: { point?: FaultPoint; countdown: number }): ModerationContext {
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
  for (const groupId of GROUPS) {
    const active = await core.activeBans(groupId);
    expect(active.length, `active bans of ${groupId}`).toBeLessThanOrEqual(1);
    const state = await core.ledger.getGroupState(groupId);
    if (active[0]) expect(state.activeBanId).toBe(active[0].banId);
    for (const ban of active) if (ban.until !== null) expect(core.scheduler.expiries.get(ban.banId)?.at, `expiry of ${ban.banId}`).toBe(ban.until);
    const ledgerDisabled = active.some((ban) => !ban.dryRun);
    expect(core.groups.disabled.get(groupId) ?? false, `switch of ${groupId}`).toBe(ledgerDisabled);
  }
}

describe('processEvent invariants', () => {
  test('hold after every event of any sequence, with failures and redeliveries', async () => {
    await fc.assert(
      fc.asyncProperty(policy, fc.array(command, { maxLength: 40 }), async (policyInput, commands) => {
        const core = new CoreHarness(policyInput);
        const delivered: ModerationEvent[] = [];
        const expiriesSent = new Set<string>();
        const armed: { point?: FaultPoint; countdown: number } = { countdown: 0 };
        const ctx = faultyContext(core, armed);

        /** Processes `event`; an injected failure is followed by a redelivery, as SQS makes. */
        const deliver = async (event: ModerationEvent, point?: FaultPoint, faultAt = 0) => {
          Object.assign(armed, { point, countdown: faultAt });
          try {
            await processEvent(ctx, event);
          } catch (error) {
            if (!(error instanceof InjectedFault)) throw error;
            armed.point = undefined;
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
            await deliver(eventAt('ban.expire', expiry.groupId, Date.parse(expiry.at), { id: `expire-${expiry.banId}`, banId: expiry.banId }));
          }
        };

        for (const step of commands) {
          if (step.kind === 'redeliver') {
            if (delivered.length > 0) await deliver(delivered[step.pick % delivered.length]!);
            continue;
          }
          core.now += step.wait * 1000;
          await deliverDueExpiries();
          const groupId = GROUPS[step.group]!;
          if (step.kind === 'stale-expire') {
            const bans = await core.bans(groupId);
            const banId = bans.length > 0 ? bans[step.pick % bans.length]!.banId : 'ban-unknown';
            await deliver(eventAt('ban.expire', groupId, core.now, { banId }));
          } else if (step.kind === 'disable' || step.kind === 'threshold') {
            const type = step.kind === 'disable' ? 'group.disable' : 'violation.threshold_reached';
            await deliver(eventAt(type, groupId, core.now, step.duration === undefined ? {} : { duration: step.duration }), step.fault, step.faultAt);
          } else {
            const type = step.kind === 'violation' ? 'violation.reported' : 'group.enable';
            await deliver(eventAt(type, groupId, core.now), step.fault, step.faultAt);
          }
        }
        // Every ban still timed ends by its own expiry.
        core.now += 10 * 86_400_000;
        await deliverDueExpiries();
        for (const groupId of GROUPS) {
          const timed = (await core.activeBans(groupId)).filter((ban) => ban.until !== null);
          expect(timed).toEqual([]);
        }
        expect(core.ledger.bans.size === 0 || [...core.ledger.bans.values()].every((ban) => ban.status !== BanStatus.Active || ban.until === null)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
