/**
 * The decision core, story by story, on in-memory ports: each case plays events at given times
 * and checks every outcome, then what the switch was told, which bans the ledger holds and which
 * expiries were scheduled.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CLOCK_SKEW_SECONDS, timedEventDigest, type ModerationEvent } from '../../../functions/events/index.js';
import { LedgerConflictError, type MemoryLedger } from '../../../functions/ledger/index.js';
import { EventIdConflictError, type Outcome } from '../../../functions/moderation/decision/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const at = (seconds: number) => T0 + seconds * 1000;
const iso = (seconds: number) => new Date(at(seconds)).toISOString();

/** One event at a time (seconds after T0, which is also the clock then) and the outcome it must have. */
type Step = [
  seconds: number,
  event: (ms: number) => ModerationEvent,
  outcome: Partial<Outcome> & { kind: Outcome['kind'] },
];

const violation = (id: string) => (ms: number) => eventAt('violation.reported', G, ms, { id });
const disable = (id: string, duration?: number | 'permanent') => (ms: number) =>
  eventAt('group.disable', G, ms, { id, ...(duration !== undefined && { duration }) });
const threshold = (id: string) => (ms: number) => eventAt('violation.threshold_reached', G, ms, { id });
const enable = (id: string) => (ms: number) => eventAt('group.enable', G, ms, { id });
const expire = (id: string, banId: string) => (ms: number) => eventAt('ban.expire', G, ms, { id, banId });
const enforce = (id: string, banId: string) => (ms: number) => eventAt('ban.enforce', G, ms, { id, banId });
/** Made at its first step, then the very same event again: a redelivery carries the body it was first sent with. */
function once(make: (ms: number) => ModerationEvent): (ms: number) => ModerationEvent {
  let event: ModerationEvent | undefined;
  return (ms) => (event ??= make(ms));
}

interface Case {
  name: string;
  policy?: unknown;
  steps: Step[];
  /** What the switch was told, in order. */
  calls: ('disable' | 'enable')[];
  /** Every ban of the group, oldest first: id, status, until. */
  bans: [banId: string, status: string, until: string | null][];
  /** Expiries scheduled, by ban. */
  expiries: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'the N-th violation within the window disables once; the count then starts afresh',
    policy: { threshold: { count: 3, windowSeconds: 600 } },
    steps: [
      [0, violation('v1'), { kind: 'counted', violations: 1, threshold: 3 }],
      [10, violation('v2'), { kind: 'counted', violations: 2 }],
      [20, violation('v3'), { kind: 'disabled', banId: 'ban-v3', until: iso(20 + 3600) }],
      [30, violation('v4'), { kind: 'counted', violations: 1 }],
      [40, violation('v5'), { kind: 'counted', violations: 2 }],
    ],
    calls: ['disable'],
    bans: [['ban-v3', 'active', iso(3620)]],
    expiries: { 'ban-v3': iso(3620) },
  },
  {
    name: 'violations that left the window do not count',
    policy: { threshold: { count: 2, windowSeconds: 60 } },
    steps: [
      [0, violation('v1'), { kind: 'counted', violations: 1 }],
      [61, violation('v2'), { kind: 'counted', violations: 1 }],
      [62, violation('v3'), { kind: 'disabled', banId: 'ban-v3' }],
    ],
    calls: ['disable'],
    bans: [['ban-v3', 'active', iso(62 + 3600)]],
    expiries: { 'ban-v3': iso(3662) },
  },
  {
    name: 'escalation: each ban in the window lasts the next duration, and the last one repeats',
    policy: { banDurations: [60, 120, 'permanent'] },
    steps: [
      [0, threshold('t1'), { kind: 'disabled', banId: 'ban-t1', until: iso(60) }],
      [60, expire('x1', 'ban-t1'), { kind: 'enabled', liftedBanId: 'ban-t1' }],
      [100, disable('d2'), { kind: 'disabled', banId: 'ban-d2', until: iso(220) }],
      [220, expire('x2', 'ban-d2'), { kind: 'enabled', liftedBanId: 'ban-d2' }],
      [300, threshold('t3'), { kind: 'disabled', banId: 'ban-t3', until: null }],
      [400, threshold('t4'), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'enable', 'disable', 'enable', 'disable', 'disable'],
    bans: [
      ['ban-t1', 'lifted', iso(60)],
      ['ban-d2', 'lifted', iso(220)],
      ['ban-t3', 'active', null],
    ],
    expiries: { 'ban-t1': iso(60), 'ban-d2': iso(220) },
  },
  {
    name: 'bans older than the escalation window do not count towards the next',
    policy: { banDurations: [60, 120], escalationWindowDays: 1 },
    steps: [
      [0, disable('d1'), { kind: 'disabled', until: iso(60) }],
      [60, expire('x1', 'ban-d1'), { kind: 'enabled' }],
      [2 * 86_400, disable('d2'), { kind: 'disabled', until: iso(2 * 86_400 + 60) }],
    ],
    calls: ['disable', 'enable', 'disable'],
    bans: [
      ['ban-d1', 'lifted', iso(60)],
      ['ban-d2', 'active', iso(2 * 86_400 + 60)],
    ],
    expiries: { 'ban-d1': iso(60), 'ban-d2': iso(2 * 86_400 + 60) },
  },
  {
    name: 'a longer ban replaces the one in force; a shorter one leaves it, the group disabled again',
    steps: [
      [0, disable('d1', 3600), { kind: 'disabled', banId: 'ban-d1' }],
      [10, disable('d2', 60), { kind: 'unchanged' }],
      [20, disable('d3', 7200), { kind: 'disabled', banId: 'ban-d3', until: iso(7220), replacedBanId: 'ban-d1' }],
      [3600, expire('x1', 'ban-d1'), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'disable', 'disable'],
    bans: [
      ['ban-d1', 'replaced', iso(3600)],
      ['ban-d3', 'active', iso(7220)],
    ],
    expiries: { 'ban-d1': iso(3600), 'ban-d3': iso(7220) },
  },
  {
    name: 'a permanent ban outlasts any timed one and schedules no expiry',
    steps: [
      [0, disable('d1', 'permanent'), { kind: 'disabled', until: null }],
      [5, disable('d2', 999_999), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'disable'],
    bans: [['ban-d1', 'active', null]],
    expiries: {},
  },
  {
    name: 'ban.expire lifts only the ban in force: not one already lifted',
    steps: [
      [0, disable('d1', 60), { kind: 'disabled' }],
      [60, expire('x1', 'ban-d1'), { kind: 'enabled', liftedBanId: 'ban-d1' }],
      [61, expire('x1-again', 'ban-d1'), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'enable'],
    bans: [['ban-d1', 'lifted', iso(60)]],
    expiries: { 'ban-d1': iso(60) },
  },
  {
    name: 'ban.enforce disables again for the ban in force it names; once that ban is lifted it changes nothing, and it never counts as a ban',
    policy: { banDurations: [60, 120, 'permanent'] },
    steps: [
      [0, disable('d1'), { kind: 'disabled', banId: 'ban-d1', until: iso(60) }],
      [10, enforce('f1', 'ban-d1'), { kind: 'disabled', banId: 'ban-d1', until: iso(60), enforced: true }],
      [20, enable('e1'), { kind: 'enabled', liftedBanId: 'ban-d1' }],
      [30, enforce('f2', 'ban-d1'), { kind: 'unchanged' }],
      [40, enforce('f3', 'ban-unknown'), { kind: 'unchanged' }],
      // The second ban of the escalation window, not the fourth: enforcing imposed none.
      [50, disable('d2'), { kind: 'disabled', banId: 'ban-d2', until: iso(170) }],
      [60, enforce('f4', 'ban-d1'), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'disable', 'enable', 'disable'],
    bans: [
      ['ban-d1', 'lifted', iso(60)],
      ['ban-d2', 'active', iso(170)],
    ],
    expiries: { 'ban-d1': iso(60), 'ban-d2': iso(170) },
  },
  {
    name: 'group.enable lifts the ban in force; without one it changes nothing',
    steps: [
      [0, enable('e0'), { kind: 'unchanged' }],
      [10, disable('d1', 'permanent'), { kind: 'disabled' }],
      [20, enable('e1'), { kind: 'enabled', liftedBanId: 'ban-d1' }],
      [30, enable('e2'), { kind: 'unchanged' }],
    ],
    calls: ['disable', 'enable'],
    bans: [['ban-d1', 'lifted', null]],
    expiries: {},
  },
  {
    name: 'enableMayLiftForeignBans: an enable without a ban of the automation enables the group',
    policy: { enableMayLiftForeignBans: true },
    steps: [[0, enable('e0'), { kind: 'enabled' }]],
    calls: ['enable'],
    bans: [],
    expiries: {},
  },
  {
    name: 'dry run decides and records everything and never calls the switch',
    policy: { dryRun: true, threshold: { count: 2, windowSeconds: 600 } },
    steps: [
      [0, violation('v1'), { kind: 'counted' }],
      [1, violation('v2'), { kind: 'disabled', banId: 'ban-v2' }],
      [2, enable('e1'), { kind: 'enabled', liftedBanId: 'ban-v2' }],
    ],
    calls: [],
    bans: [['ban-v2', 'lifted', iso(3601)]],
    expiries: { 'ban-v2': iso(3601) },
  },
  (() => {
    const [d1, v1, e1] = [once(disable('d1', 60)), once(violation('v1')), once(enable('e1'))];
    return {
      name: 'an event delivered again after it finished is a duplicate and changes nothing',
      policy: { threshold: { count: 2, windowSeconds: 600 } },
      steps: [
        [0, d1, { kind: 'disabled' }],
        [1, d1, { kind: 'duplicate' }],
        [2, v1, { kind: 'counted', violations: 1 }],
        [3, v1, { kind: 'duplicate' }],
        [4, e1, { kind: 'enabled' }],
        [5, e1, { kind: 'duplicate' }],
      ] satisfies Step[],
      calls: ['disable', 'enable'],
      bans: [['ban-d1', 'lifted', iso(60)]],
      expiries: { 'ban-d1': iso(60) },
    };
  })(),
];

describe('processEvent', () => {
  test.each(cases)('$name', async ({ policy, steps, calls, bans, expiries }) => {
    // Prepare
    const core = new CoreHarness(policy);
    const outcomes: Outcome[] = [];

    // Act
    for (const [seconds, event] of steps) {
      core.now = at(seconds);
      outcomes.push(await core.process(event(at(seconds))));
    }

    // Assess
    steps.forEach(([, , expected], index) => expect(outcomes[index], `step ${index + 1}`).toMatchObject(expected));
    expect(core.groups.calls.map((entry) => entry.call)).toEqual(calls);
    expect((await core.bans(G)).map((ban) => [ban.banId, ban.status, ban.until])).toEqual(bans);
    expect(Object.fromEntries([...core.scheduler.expiries].map(([banId, expiry]) => [banId, expiry.at]))).toEqual(
      expiries,
    );
  });

  test('a replaced ban records what replaced it', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'short', duration: 60 }));
    await core.process(eventAt('group.disable', G, T0, { id: 'long', duration: 600 }));
    const [replaced] = await core.bans(G);
    expect(replaced).toMatchObject({
      banId: 'ban-short',
      status: 'replaced',
      ended: { byEventId: 'long', replacedBy: 'ban-long' },
    });
  });

  test('a dry-run ban says so in the ledger', async () => {
    const core = new CoreHarness({ dryRun: true });
    await core.process(eventAt('group.disable', G, T0, { id: 'd1' }));
    expect((await core.bans(G))[0]).toMatchObject({ dryRun: true, status: 'active' });
  });

  test('a redelivery of the event that imposed the ban in force disables the group again', async () => {
    const core = new CoreHarness();
    const event = eventAt('group.disable', G, T0, { id: 'd1', duration: 60 });
    await core.process(event);
    // The processed marker is lost, as after a crash between the state write and the marker.
    core.ledger.processed.delete(event.id);
    core.groups.disabled.set(G, false);

    expect(await core.process(event)).toMatchObject({
      kind: 'disabled',
      banId: 'ban-d1',
      until: new Date(T0 + 60_000).toISOString(),
    });
    expect(core.groups.disabled.get(G)).toBe(true);
    expect(await core.activeBans(G)).toHaveLength(1);
  });

  test('escalation counts the bans in the window by their start time', async () => {
    const core = new CoreHarness({ banDurations: [10, 20, 30], escalationWindowDays: 1 });
    for (const [index, seconds] of [0, 40_000, 80_000].entries()) {
      core.now = at(seconds);
      await core.process(eventAt('group.disable', G, at(seconds), { id: `d${index}` }));
      core.now = at(seconds + 100);
      await core.process(eventAt('ban.expire', G, at(seconds + 100), { id: `x${index}`, banId: `ban-d${index}` }));
    }
    // At 80,000 s the bans at 0 s and 40,000 s are within the day: a third ban. At 120,000 s the
    // one at 0 s has left the window: two prior bans, the third duration again. At 200,000 s only
    // the ban at 120,000 s is left: the second duration.
    core.now = at(120_000);
    const third = await core.process(eventAt('group.disable', G, at(120_000), { id: 'd3' }));
    core.now = at(120_100);
    await core.process(eventAt('ban.expire', G, at(120_100), { id: 'x3', banId: 'ban-d3' }));
    core.now = at(200_000);
    const second = await core.process(eventAt('group.disable', G, at(200_000), { id: 'd4' }));
    expect((await core.bans(G)).map((ban) => ban.duration)).toEqual([10, 20, 30, 30, 20]);
    expect(third).toMatchObject({ kind: 'disabled', until: new Date(at(120_030)).toISOString() });
    expect(second).toMatchObject({ kind: 'disabled', until: new Date(at(200_020)).toISOString() });
  });
});

describe('event time and arrival order', () => {
  /** Plays violations dated `seconds` (after T0), arriving in the order given, with the clock at `clock` seconds. */
  async function arrive(core: CoreHarness, clock: number, ...seconds: number[]): Promise<Outcome[]> {
    core.now = at(clock);
    const outcomes: Outcome[] = [];
    for (const second of seconds)
      outcomes.push(await core.process(eventAt('violation.reported', G, at(second), { id: `v${second}` })));
    return outcomes;
  }

  test('out-of-order violations cross the threshold once they lie in one window, whatever the order', async () => {
    const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 600 } });

    const outcomes = await arrive(core, 10, 3, 1, 2);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['counted', 'counted', 'disabled']);
    expect(outcomes[1]).toMatchObject({ violations: 2 });
    expect(await core.activeBans(G)).toHaveLength(1);
    expect((await core.ledger.getGroupState(G)).lastCrossingAt).toBe(iso(3));
  });

  test('a violation older than the last crossing is recorded, counts towards nothing, and stalls nothing', async () => {
    const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 600 } });
    await arrive(core, 10, 1, 2, 3);

    const [late] = await arrive(core, 11, 1.5);
    const enabled = await core.process(eventAt('group.enable', G, at(12), { id: 'e1' }));

    expect(late).toEqual({
      kind: 'unchanged',
      why: `violation at ${iso(1.5)} is not after the last threshold crossing (${iso(3)}): recorded, and counted towards that crossing's ban`,
    });
    expect(core.ledger.violations.get(G)?.size).toBe(4);
    expect(enabled).toMatchObject({ kind: 'enabled', liftedBanId: 'ban-v3' });
  });

  test('violations left after a crossing count towards the next one', async () => {
    const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 600 } });
    // 1000 s is outside the window of 10 and 20, then 15 arrives late and crosses with them.
    const outcomes = await arrive(core, 1000, 10, 20, 1000, 15, 1010, 1020);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'counted',
      'counted',
      'counted',
      'disabled',
      'counted',
      'disabled',
    ]);
    expect((await core.bans(G)).map((ban) => [ban.banId, ban.status])).toEqual([
      ['ban-v15', 'replaced'],
      ['ban-v1020', 'active'],
    ]);
  });

  test('a crossing left dated beyond the clock skew by an event refused since no longer blocks counting', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
    await core.ledger.saveGroupState({ groupId: G, version: 0, lastCrossingAt: '2099-01-01T00:00:00.000Z' });

    const outcomes = await arrive(core, 10, 1, 2);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['counted', 'disabled']);
  });

  test('a crossing dated ahead of the clock but within the tolerated skew still holds what it counted', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
    await core.ledger.saveGroupState({ groupId: G, version: 0, lastCrossingAt: iso(110) });

    const outcomes = await arrive(core, 10, 1, 2);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['unchanged', 'unchanged']);
  });

  test('a crossing dated exactly the tolerated skew ahead of the clock still holds what it counted', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
    await core.ledger.saveGroupState({ groupId: G, version: 0, lastCrossingAt: iso(10 + DEFAULT_CLOCK_SKEW_SECONDS) });

    const outcomes = await arrive(core, 10, 1, 2);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['unchanged', 'unchanged']);
  });

  test('a violation dated at the very moment of the last crossing was counted towards it', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
    await arrive(core, 10, 1, 2);

    core.now = at(11);
    const again = await core.process(eventAt('violation.reported', G, at(2), { id: 'v2-other-report' }));

    expect(again).toEqual({
      kind: 'unchanged',
      why: `violation at ${iso(2)} is not after the last threshold crossing (${iso(2)}): recorded, and counted towards that crossing's ban`,
    });
  });

  test('counting reads only the violations that can share a window with the new one, and none the last crossing counted', async () => {
    const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 600 } });
    const ranges: [string, string][] = [];
    const ledger = Object.assign(Object.create(core.ledger) as MemoryLedger, {
      violationTimes: (groupId: string, after: string, upTo: string) => (
        ranges.push([after, upTo]),
        core.ledger.violationTimes(groupId, after, upTo)
      ),
    });
    const count = async (seconds: number) => {
      core.now = at(seconds);
      return processEvent(
        { ...core.context, ledger },
        eventAt('violation.reported', G, at(seconds), { id: `v${seconds}` }),
      );
    };

    await count(1000);
    await count(1001);
    await count(1002); // crosses at 1002
    await count(1100); // the crossing lies inside this one's windows
    await count(5000); // the crossing lies before them

    expect(ranges).toEqual([
      [iso(400), iso(1599.999)],
      [iso(401), iso(1600.999)],
      [iso(402), iso(1601.999)],
      [iso(1002), iso(1699.999)],
      [iso(4400), iso(5599.999)],
    ]);
  });

  test('a violation is kept, with its category, for its window and the late grace, from its time or its arrival, whichever is later', async () => {
    const core = new CoreHarness({ threshold: { count: 5, windowSeconds: 600 } });
    await arrive(core, 10, 1);
    await arrive(core, 100, 200.5);
    core.now = at(300);
    await core.process(eventAt('violation.reported', G, at(300), { id: 'v-spam', category: 'spam' }));
    const kept = [...core.ledger.violations.get(G)!.values()].map((violation) => [
      violation.time,
      violation.expiresAt,
      violation.category,
    ]);
    expect(kept).toEqual([
      [iso(1), Math.ceil(at(10) / 1000) + 600 + 86_400, undefined],
      [iso(200.5), Math.ceil(at(200.5) / 1000) + 600 + 86_400, undefined],
      [iso(300), Math.ceil(at(300) / 1000) + 600 + 86_400, 'spam'],
    ]);
  });

  test('no arrival order of times makes counting throw (the memory ledger refuses reversed key ranges as DynamoDB does)', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 60 } });
    const outcomes = await arrive(core, 5_000, 4_000, 100, 4_001, 50, 4_002, 3_999, 0, 4_950);
    expect(outcomes).toHaveLength(8);
  });
});

describe('effects behind the ledger', () => {
  test('a redelivery later than a failed attempt finishes the same ban: the ledger and the schedule agree', async () => {
    const core = new CoreHarness();
    const event = eventAt('group.disable', G, T0, { id: 'd1', duration: 600 });
    const failing = {
      ...core.context,
      scheduler: { scheduleExpiry: () => Promise.reject(new Error('Scheduler unavailable')) },
    };
    await expect(processEvent(failing, event)).rejects.toThrow('Scheduler unavailable');

    core.now = T0 + 120_000;
    const outcome = await core.process(event);

    const [ban] = await core.bans(G);
    expect(outcome).toMatchObject({ kind: 'disabled', until: iso(600) });
    expect(ban).toMatchObject({ status: 'active', until: iso(600) });
    expect(core.scheduler.expiries.get('ban-d1')?.at).toBe(iso(600));
  });

  test('two deliveries of one group at once leave one ban in force and none orphaned', async () => {
    const core = new CoreHarness();
    const short = eventAt('group.disable', G, T0, { id: 'short', duration: 600 });
    const long = eventAt('group.disable', G, T0, { id: 'long', duration: 3600 });

    await Promise.all([core.process(short), core.process(long)]);

    expect((await core.bans(G)).map((ban) => [ban.banId, ban.status]).sort()).toEqual([
      ['ban-long', 'active'],
      ['ban-short', 'replaced'],
    ]);
    expect((await core.ledger.getGroupState(G)).activeBanId).toBe('ban-long');
    expect(core.groups.disabled.get(G)).toBe(true);
  });

  test('an enable and a disable of one group at once: the group ends as the ledger says', async () => {
    for (const order of [0, 1]) {
      const core = new CoreHarness();
      await core.process(eventAt('group.disable', G, T0, { id: 'd0', duration: 600 }));
      const pair = [
        eventAt('group.enable', G, T0, { id: 'e1' }),
        eventAt('group.disable', G, T0, { id: 'd1', duration: 300 }),
      ];

      await Promise.all((order === 0 ? pair : [...pair].reverse()).map((event) => core.process(event)));

      const active = await core.activeBans(G);
      expect(active.length, `order ${order}`).toBeLessThanOrEqual(1);
      expect(core.groups.disabled.get(G), `order ${order}`).toBe(active.length === 1);
    }
  });

  test('a lift stopped after ending the ban finishes on redelivery', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'd1' }));
    const enable = eventAt('group.enable', G, T0, { id: 'e1' });
    const crashing = {
      ...core.context,
      ledger: Object.assign(Object.create(core.ledger) as MemoryLedger, {
        saveGroupState: () => Promise.reject(new Error('throttled')),
      }),
    };
    await expect(processEvent(crashing, enable)).rejects.toThrow('throttled');

    expect(await core.process(enable)).toEqual({ kind: 'enabled', liftedBanId: 'ban-d1' });
    expect((await core.ledger.getGroupState(G)).activeBanId).toBeUndefined();
  });

  test('an event id reused for a different event is refused, naming the earlier event by type, group and time, and changes nothing', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 60 }));
    core.now = T0 + 90_000;

    const reuse = eventAt('group.enable', G, T0 + 60_000, { id: 'd1' });
    const error = await core.process(reuse).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EventIdConflictError);
    const marker = (await core.ledger.getProcessed('d1'))!;
    const digest = (error as EventIdConflictError).digest;
    expect(marker).toMatchObject({
      type: 'group.disable',
      groupId: G,
      eventTime: '2026-11-27T00:00:00.000Z',
      processedAt: '2026-11-27T00:00:00.000Z',
    });
    expect(error).toMatchObject({
      name: 'EventIdConflictError',
      message:
        `event id d1 was already used by a different event: group.disable of group ${G} dated 2026-11-27T00:00:00.000Z, processed 2026-11-27T00:00:00.000Z ` +
        `(disabled: ban ban-d1 until 2026-11-27T00:01:00.000Z); this one is group.enable of group ${G} dated 2026-11-27T00:01:00.000Z ` +
        `(sha256 ${digest}, the earlier ${marker.digest}): give every event its own id`,
    });
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toBe(marker.digest);
    expect(await core.activeBans(G)).toHaveLength(1);
  });

  test('an id reused after a marker written without the event time names the earlier event without one', async () => {
    const core = new CoreHarness();
    await core.ledger.markProcessed({
      eventId: 'd1',
      groupId: G,
      type: 'group.disable',
      outcome: 'o',
      processedAt: 'p',
      digest: 'a',
    });

    const error = await core.process(eventAt('group.enable', G, T0, { id: 'd1' })).catch((e: unknown) => e);

    expect((error as Error).message).toMatch(
      new RegExp(
        `^event id d1 was already used by a different event: group.disable of group ${G}, processed p \\(o\\); this one is `,
      ),
    );
  });

  test('the same event seen again at another time (a callback copy, a resend) is a duplicate, not a reused id', async () => {
    const core = new CoreHarness();
    const violation = eventAt('violation.reported', G, T0, { id: 'cb-flood-1', category: 'flood' });
    const first = await core.process(violation);

    expect(await core.process({ ...violation, time: new Date(T0 + 2_500).toISOString() })).toEqual({
      kind: 'duplicate',
      previously: expect.any(String),
    });
    expect(first.kind).not.toBe('duplicate');
  });

  test('a marker holding the digest with the time, as markers were written before, counts the same event as a duplicate', async () => {
    const core = new CoreHarness();
    const disable = eventAt('group.disable', G, T0, { id: 'd1' });
    await core.ledger.markProcessed({
      eventId: 'd1',
      groupId: G,
      type: 'group.disable',
      outcome: 'o',
      processedAt: 'p',
      digest: timedEventDigest(disable),
    });

    expect(await core.process(disable)).toEqual({ kind: 'duplicate', previously: 'o' });
    await expect(core.process({ ...disable, reason: 'another reason' })).rejects.toThrow(EventIdConflictError);
  });

  test('a failure other than a concurrent change is not retried within the event', async () => {
    const core = new CoreHarness();
    let schedules = 0;
    const failing = {
      ...core.context,
      scheduler: { scheduleExpiry: () => (schedules++, Promise.reject(new Error('Scheduler unavailable'))) },
    };

    await expect(processEvent(failing, eventAt('group.disable', G, T0, { id: 'd1', duration: 600 }))).rejects.toThrow(
      'Scheduler unavailable',
    );
    expect(schedules).toBe(1);
  });

  test('an event meeting a concurrent change three times in a row gives up with the conflict', async () => {
    const core = new CoreHarness();
    let writes = 0;
    const ledger = Object.assign(Object.create(core.ledger) as MemoryLedger, {
      saveGroupState: () => (writes++, Promise.reject(new LedgerConflictError(G, 0))),
    });

    await expect(
      processEvent({ ...core.context, ledger }, eventAt('group.disable', G, T0, { id: 'd1' })),
    ).rejects.toBeInstanceOf(LedgerConflictError);
    expect(writes).toBe(3);
  });

  test('a redelivery of an event whose ban has ended since changes nothing', async () => {
    const core = new CoreHarness();
    const disable = eventAt('group.disable', G, T0, { id: 'd1' });
    await core.process(disable);
    await core.process(eventAt('group.enable', G, T0, { id: 'e1' }));
    // The processed marker is lost, as after a crash between the state write and the marker.
    core.ledger.processed.delete(disable.id);

    expect(await core.process(disable)).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 of this event was in force and has ended (lifted)',
    });
    expect(core.groups.calls.map((entry) => entry.call)).toEqual(['disable', 'enable']);
  });
});
