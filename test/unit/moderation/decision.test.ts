/**
 * The decision, story by story, as plain data: the facts about a group in, what the decision asks
 * for and the plan it returns out. No ports and no interpreter: a snapshot of the ledger answers
 * each ask, as the interpreter would read it.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CLOCK_SKEW_SECONDS, eventDigest, type ModerationEvent } from '../../../functions/events/index.js';
import { BanStatus, type BanRecord, type GroupState, type ProcessedEvent } from '../../../functions/ledger/index.js';
import {
  decide,
  endBansOfGoneGroup,
  endLostBan,
  EventIdConflictError,
  policySchema,
  realign,
  type Decision,
  type DecisionContext,
  type Facts,
  type Need,
  type Outcome,
  type Plan,
} from '../../../functions/moderation/decision/index.js';
import { eventAt, T0 } from '../../helpers/moderation-core.js';
import { EXAMPLE_EXPLANATION } from '../../helpers/moderation-events.js';

const G = '100000000000000001';
const at = (seconds: number) => T0 + seconds * 1000;
const iso = (seconds: number) => new Date(at(seconds)).toISOString();
const NOW = iso(0);

const context = (policy: unknown = {}, now = at(0)): DecisionContext => ({
  policy: policySchema.parse(policy),
  now: new Date(now),
  clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
});

/** What the ledger holds about the group, to answer the decision's asks from. */
interface Snapshot {
  state?: Partial<GroupState>;
  bans?: BanRecord[];
  processed?: ProcessedEvent;
  /** Violation times stored before the event's own. */
  violations?: string[];
}

/** Asks `decision` until it plans, answering from `snapshot`; returns every round of asks and the plan. */
function settle(decision: (facts: Facts) => Decision, snapshot: Snapshot = {}): { asked: Need[][]; plan: Plan } {
  const stored = new Map((snapshot.bans ?? []).map((ban) => [ban.banId, ban]));
  let facts: Facts = {
    processed: snapshot.processed,
    state: { groupId: G, version: 3, ...snapshot.state },
    bans: new Map(),
  };
  const violations = [...(snapshot.violations ?? [])];
  const asked: Need[][] = [];
  for (let round = 0; round < 5; round++) {
    const decided = decision(facts);
    if (decided.kind === 'plan') return { asked, plan: decided };
    expect(decided.kind, 'a decision that does not plan asks').toBe('ask');
    asked.push(decided.needs);
    const bans = new Map(facts.bans);
    facts = { ...facts, bans };
    for (const need of decided.needs) {
      if (need.kind === 'ban') bans.set(need.banId, stored.get(need.banId));
      if (need.kind === 'group-bans') facts.groupBans = [...stored.values()];
      if (need.kind === 'record-violation') {
        violations.push(need.violation.time);
        facts.violationRecorded = true;
      }
      if (need.kind === 'violation-times')
        facts.violationTimes = violations.filter((time) => time > need.after && time <= need.upTo).sort();
    }
  }
  throw new Error('the decision kept asking');
}

const decideFor = (event: ModerationEvent, snapshot: Snapshot = {}, policy: unknown = {}) =>
  settle((facts) => decide(context(policy), event, facts), snapshot);

function ban(banId: string, extra: Partial<BanRecord> = {}): BanRecord {
  return {
    banId,
    groupId: G,
    eventId: banId.replace(/^ban-/, ''),
    eventType: 'group.disable',
    reason: 'earlier',
    source: 'core-test',
    imposedAt: iso(-600),
    until: iso(600),
    duration: 1200,
    status: BanStatus.Active,
    dryRun: false,
    ...extra,
  };
}

const disable = (id: string, duration?: number | 'permanent') =>
  eventAt('group.disable', G, T0, { id, ...(duration !== undefined && { duration }) });
const enable = (id: string) => eventAt('group.enable', G, T0, { id });
const expire = (id: string, banId: string) => eventAt('ban.expire', G, T0, { id, banId });
const enforce = (id: string, banId: string) => eventAt('ban.enforce', G, T0, { id, banId });
const violation = (id: string, seconds: number) => eventAt('violation.reported', G, at(seconds), { id });

describe('a disable', () => {
  test('of a group without a ban: its ban is stored pending, the group disabled, the end scheduled, the state committed, the ban activated', () => {
    const event = disable('d1', 600);

    const { asked, plan } = decideFor(event, { state: { recentBans: [iso(-200 * 86_400)] } });

    expect(asked).toEqual([[{ kind: 'ban', banId: 'ban-d1' }]]);
    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      outcome: { kind: 'disabled', banId: 'ban-d1', until: iso(600) },
      steps: [
        {
          kind: 'put-ban',
          ban: {
            banId: 'ban-d1',
            groupId: G,
            eventId: 'd1',
            eventType: 'group.disable',
            reason: event.reason,
            source: 'core-test',
            imposedAt: NOW,
            until: iso(600),
            duration: 600,
            status: 'pending',
            dryRun: false,
          },
        },
        { kind: 'disable-group' },
        { kind: 'schedule-expiry', expiry: { banId: 'ban-d1', groupId: G, at: iso(600) } },
        // Bans older than the escalation window are let go of.
        { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1', recentBans: [NOW] } },
        { kind: 'activate-ban', banId: 'ban-d1' },
      ],
    });
  });

  test('without a duration: the next of the escalation, counting the bans within its window', () => {
    const { plan } = decideFor(
      disable('d1'),
      { state: { recentBans: [iso(-86_400)] } },
      { banDurations: [60, 120, 'permanent'] },
    );

    expect(plan.outcome).toEqual({ kind: 'disabled', banId: 'ban-d1', until: iso(120) });
    expect(plan.steps.find((step) => step.kind === 'commit')).toEqual({
      kind: 'commit',
      state: { groupId: G, version: 3, activeBanId: 'ban-d1', recentBans: [iso(-86_400), NOW] },
    });
  });

  test('longer than the ban in force: that ban is ended, replaced, before the commit', () => {
    const { asked, plan } = decideFor(disable('d2', 3600), { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1')] });

    expect(asked).toEqual([
      [
        { kind: 'ban', banId: 'ban-d1' },
        { kind: 'ban', banId: 'ban-d2' },
      ],
    ]);
    expect(plan.outcome).toEqual({ kind: 'disabled', banId: 'ban-d2', until: iso(3600), replacedBanId: 'ban-d1' });
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'put-ban',
      'disable-group',
      'schedule-expiry',
      'end-ban',
      'commit',
      'activate-ban',
    ]);
    expect(plan.steps[3]).toEqual({
      kind: 'end-ban',
      banId: 'ban-d1',
      status: 'replaced',
      ending: {
        at: NOW,
        byEventId: 'd2',
        byEventType: 'group.disable',
        reason: 'replaced by ban ban-d2, which lasts longer',
        replacedBy: 'ban-d2',
      },
    });
  });

  test('no longer than the ban in force: no ban is written; the group is disabled again and the state committed as it was', () => {
    const { plan } = decideFor(disable('d2', 60), { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1')] });

    expect(plan.outcome).toEqual({ kind: 'unchanged', why: `ban ban-d1 already in force until ${iso(600)}` });
    expect(plan.steps).toEqual([
      { kind: 'disable-group' },
      { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1' } },
    ]);
  });

  test('redelivered with its ban still pending but outlasted since: that ban is ended as never in force', () => {
    const pending = ban('ban-d2', { status: BanStatus.Pending, until: iso(60) });
    const { plan } = decideFor(disable('d2', 60), { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1'), pending] });

    expect(plan.steps).toEqual([
      { kind: 'disable-group' },
      {
        kind: 'end-ban',
        banId: 'ban-d2',
        status: 'replaced',
        ending: {
          at: NOW,
          byEventId: 'd2',
          byEventType: 'group.disable',
          reason: 'never in force: ban ban-d1 in force lasts at least as long',
          replacedBy: 'ban-d1',
        },
      },
      { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1' } },
    ]);
  });

  test('redelivered after an attempt stored its ban: the same ban, with the same end, is finished and not stored again', () => {
    const pending = ban('ban-d1', { status: BanStatus.Pending, imposedAt: iso(-120), until: iso(480), duration: 600 });
    const { plan } = decideFor(disable('d1', 600), { bans: [pending] });

    expect(plan.outcome).toEqual({ kind: 'disabled', banId: 'ban-d1', until: iso(480) });
    expect(plan.steps.map((step) => step.kind)).toEqual(['disable-group', 'schedule-expiry', 'commit', 'activate-ban']);
    expect(plan.steps[2]).toEqual({
      kind: 'commit',
      state: { groupId: G, version: 3, activeBanId: 'ban-d1', recentBans: [iso(-120)] },
    });
  });

  test('redelivered after its commit: every effect again, the state committed as it is', () => {
    const { asked, plan } = decideFor(disable('d1', 600), {
      state: { activeBanId: 'ban-d1' },
      bans: [ban('ban-d1', { status: BanStatus.Pending })],
    });

    // The ban the state names is the event's own: read once.
    expect(asked).toEqual([[{ kind: 'ban', banId: 'ban-d1' }]]);
    expect(plan.steps).toEqual([
      { kind: 'disable-group' },
      { kind: 'schedule-expiry', expiry: { banId: 'ban-d1', groupId: G, at: iso(600) } },
      { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1' } },
      { kind: 'activate-ban', banId: 'ban-d1' },
    ]);
  });

  test('redelivered after its ban ended: nothing to do', () => {
    const { plan } = decideFor(disable('d1'), { bans: [ban('ban-d1', { status: BanStatus.Lifted })] });

    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      steps: [],
      outcome: { kind: 'unchanged', why: 'ban ban-d1 of this event was in force and has ended (lifted)' },
    });
  });

  test('permanent: no expiry is scheduled', () => {
    const { plan } = decideFor(disable('d1', 'permanent'));

    expect(plan.outcome).toEqual({ kind: 'disabled', banId: 'ban-d1', until: null });
    expect(plan.steps.map((step) => step.kind)).toEqual(['put-ban', 'disable-group', 'commit', 'activate-ban']);
  });

  test('in dry run: the same plan without the Agora call, the ban marked as a dry run', () => {
    const { plan } = decideFor(disable('d1', 600), {}, { dryRun: true });

    expect(plan.steps.map((step) => step.kind)).toEqual(['put-ban', 'schedule-expiry', 'commit', 'activate-ban']);
    expect(plan.steps[0]).toMatchObject({ ban: { dryRun: true } });
  });
});

describe('a lift', () => {
  test('an enable lifts the ban in force: the group enabled, the ban ended, then the state lets go of it', () => {
    const event = enable('e1');
    const { asked, plan } = decideFor(event, {
      state: { activeBanId: 'ban-d1', lastCrossingAt: iso(-10) },
      bans: [ban('ban-d1')],
    });

    expect(asked).toEqual([[{ kind: 'ban', banId: 'ban-d1' }]]);
    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      outcome: { kind: 'enabled', liftedBanId: 'ban-d1' },
      steps: [
        { kind: 'enable-group' },
        {
          kind: 'end-ban',
          banId: 'ban-d1',
          status: 'lifted',
          ending: { at: NOW, byEventId: 'e1', byEventType: 'group.enable', reason: event.reason },
        },
        { kind: 'commit', state: { groupId: G, version: 3, lastCrossingAt: iso(-10) } },
      ],
    });
  });

  test('an enable without a ban of the automation asks nothing and does nothing, unless the policy lets it enable', () => {
    expect(decideFor(enable('e1'))).toEqual({
      asked: [],
      plan: {
        kind: 'plan',
        groupId: G,
        steps: [],
        outcome: {
          kind: 'unchanged',
          why: 'no ban of the automation is in force, and the policy does not let an enable lift other bans',
        },
      },
    });
    expect(decideFor(enable('e1'), {}, { enableMayLiftForeignBans: true }).plan).toEqual({
      kind: 'plan',
      groupId: G,
      steps: [{ kind: 'enable-group' }, { kind: 'commit', state: { groupId: G, version: 3 } }],
      outcome: { kind: 'enabled' },
    });
  });

  test('an enable redelivered after it ended the ban, before the state let go of it, finishes the lift', () => {
    const lifted = ban('ban-d1', {
      status: BanStatus.Lifted,
      ended: { at: NOW, byEventId: 'e1', byEventType: 'group.enable', reason: 'appeal' },
    });

    expect(
      decideFor(enable('e1'), { state: { activeBanId: 'ban-d1' }, bans: [lifted] }).plan.steps.map((step) => step.kind),
    ).toEqual(['enable-group', 'end-ban', 'commit']);
    expect(decideFor(enable('e2'), { state: { activeBanId: 'ban-d1' }, bans: [lifted] }).plan.steps).toEqual([]);
  });

  test('an expiry lifts only the ban it names, while it is the one in force', () => {
    const snapshot = { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1')] };

    expect(decideFor(expire('x1', 'ban-d1'), snapshot).plan.steps.map((step) => step.kind)).toEqual([
      'enable-group',
      'end-ban',
      'commit',
    ]);
    expect(decideFor(expire('x0', 'ban-d0'), snapshot).plan).toEqual({
      kind: 'plan',
      groupId: G,
      steps: [],
      outcome: { kind: 'unchanged', why: 'ban ban-d0 is no longer in force (lifted or replaced)' },
    });
  });
});

describe('an enforce', () => {
  test('disables the group again for the ban in force it names, and writes no ban', () => {
    expect(
      decideFor(enforce('f1', 'ban-d1'), { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1')] }).plan,
    ).toEqual({
      kind: 'plan',
      groupId: G,
      steps: [{ kind: 'disable-group' }, { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1' } }],
      outcome: { kind: 'disabled', banId: 'ban-d1', until: iso(600), enforced: true },
    });
  });

  test('of a ban decided in dry run, or one no longer in force, does nothing', () => {
    expect(
      decideFor(enforce('f1', 'ban-d1'), { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1', { dryRun: true })] })
        .plan.steps,
    ).toEqual([]);
    expect(
      decideFor(enforce('f1', 'ban-d1'), {
        state: { activeBanId: 'ban-d1' },
        bans: [ban('ban-d1', { status: BanStatus.Replaced })],
      }).plan.outcome,
    ).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 is no longer in force (lifted or replaced): nothing to enforce',
    });
  });
});

describe('a violation', () => {
  const policy = { threshold: { count: 3, windowSeconds: 600 } };

  test('is recorded first, then counted in the windows that can hold it', () => {
    const event = violation('v1', -5);
    const { asked, plan } = decideFor(event, { violations: [iso(-700), iso(-100)] }, policy);

    expect(asked).toEqual([
      [
        {
          kind: 'record-violation',
          violation: {
            eventId: 'v1',
            groupId: G,
            time: iso(-5),
            reason: event.reason,
            expiresAt: Math.ceil(at(0) / 1000) + 600 + 86_400,
          },
        },
      ],
      [{ kind: 'violation-times', after: iso(-605), upTo: iso(594.999) }],
    ]);
    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      steps: [],
      outcome: { kind: 'counted', violations: 2, threshold: 3 },
    });
  });

  test('that crosses the threshold imposes a ban recording the crossing and how it was reached', () => {
    const event = violation('v3', 0);
    const { asked, plan } = decideFor(event, { violations: [iso(-20), iso(-10)] }, policy);

    expect(asked.at(-1)).toEqual([{ kind: 'ban', banId: 'ban-v3' }]);
    expect(plan.outcome).toEqual({ kind: 'disabled', banId: 'ban-v3', until: iso(3600) });
    expect(plan.steps[0]).toMatchObject({
      kind: 'put-ban',
      ban: { reason: `3 violations within 600 s (threshold 3); last: ${event.reason}` },
    });
    expect(plan.steps.find((step) => step.kind === 'commit')).toEqual({
      kind: 'commit',
      state: { groupId: G, version: 3, lastCrossingAt: iso(0), activeBanId: 'ban-v3', recentBans: [NOW] },
    });
  });

  test("is recorded with its reason and the rule's explanation, as the callbacks ingress reports them", () => {
    const event = {
      ...violation('v1', -5),
      category: 'banned-terms',
      explanation: EXAMPLE_EXPLANATION,
    } as ModerationEvent;
    const { asked } = decideFor(event, {}, policy);

    expect(asked[0]).toEqual([
      {
        kind: 'record-violation',
        violation: expect.objectContaining({
          category: 'banned-terms',
          reason: event.reason,
          explanation: EXAMPLE_EXPLANATION,
        }),
      },
    ]);
  });

  test('dated up to the last crossing is recorded and counts towards nothing: no window is read', () => {
    const { asked, plan } = decideFor(violation('v9', -30), { state: { lastCrossingAt: iso(-30) } }, policy);

    expect(asked.map((needs) => needs.map((need) => need.kind))).toEqual([['record-violation']]);
    expect(plan.steps).toEqual([]);
    expect(plan.outcome).toMatchObject({ kind: 'unchanged' });
  });

  test('redelivered after its crossing committed: its ban is finished, without counting again', () => {
    const { asked, plan } = decideFor(
      violation('v3', 0),
      { state: { activeBanId: 'ban-v3' }, bans: [ban('ban-v3', { status: BanStatus.Pending })] },
      policy,
    );

    expect(asked.map((needs) => needs.map((need) => need.kind))).toEqual([['record-violation'], ['ban']]);
    expect(plan.steps.map((step) => step.kind)).toEqual(['disable-group', 'schedule-expiry', 'commit', 'activate-ban']);
  });
});

describe('an event id seen before', () => {
  const event = disable('d1', 600);
  const marker = (digest?: string): ProcessedEvent => ({
    eventId: 'd1',
    groupId: G,
    type: 'group.disable',
    outcome: 'disabled: ban ban-d1',
    processedAt: NOW,
    ...(digest !== undefined && { digest }),
  });

  test('for the same event (or by a marker without a digest) is a duplicate: nothing asked, nothing planned', () => {
    for (const processed of [marker(eventDigest(event)), marker()]) {
      expect(decideFor(event, { processed })).toEqual({
        asked: [],
        plan: {
          kind: 'plan',
          groupId: G,
          steps: [],
          outcome: { kind: 'duplicate', previously: 'disabled: ban ban-d1' },
        },
      });
    }
  });

  test('for a different event is refused', () => {
    expect(() => decideFor(event, { processed: marker('another') })).toThrow(EventIdConflictError);
  });
});

describe('repairs', () => {
  const outcome: Outcome = { kind: 'unchanged', why: 'because' };

  test('a realignment disables the group while a ban is in force, and commits after the call', () => {
    const { asked, plan } = settle((facts) => realign(context(), enable('e1'), 'enable', outcome, facts), {
      state: { activeBanId: 'ban-d1' },
      bans: [ban('ban-d1')],
    });

    expect(asked).toEqual([[{ kind: 'ban', banId: 'ban-d1' }]]);
    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      outcome,
      steps: [{ kind: 'disable-group' }, { kind: 'commit', state: { groupId: G, version: 3, activeBanId: 'ban-d1' } }],
    });
  });

  test('with no ban in force, a lost disable is undone and a lost enable already agrees', () => {
    expect(settle((facts) => realign(context(), disable('d1'), 'disable', outcome, facts)).plan.steps).toEqual([
      { kind: 'enable-group' },
      { kind: 'commit', state: { groupId: G, version: 3 } },
    ]);
    expect(settle((facts) => realign(context(), enable('e1'), 'enable', outcome, facts)).plan.steps).toEqual([]);
  });

  test('a ban in force decided in dry run disables nothing; dry run makes no call but commits', () => {
    const dryBan = { state: { activeBanId: 'ban-d1' }, bans: [ban('ban-d1', { dryRun: true })] };
    expect(settle((facts) => realign(context(), enable('e1'), 'enable', outcome, facts), dryBan).plan.steps).toEqual(
      [],
    );
    expect(
      settle((facts) => realign(context({ dryRun: true }), disable('d1'), 'disable', outcome, facts)).plan.steps,
    ).toEqual([{ kind: 'commit', state: { groupId: G, version: 3 } }]);
  });

  test('after a lost commit, a pending ban of the event that is not its outcome is ended as never in force', () => {
    const event = violation('v2', 0);
    const { asked, plan } = settle((facts) => endLostBan(context(), event, outcome, facts), {
      bans: [ban('ban-v2', { status: BanStatus.Pending })],
    });

    expect(asked).toEqual([[{ kind: 'ban', banId: 'ban-v2' }]]);
    expect(plan.steps).toEqual([
      {
        kind: 'end-ban',
        banId: 'ban-v2',
        status: 'replaced',
        ending: {
          at: NOW,
          byEventId: 'v2',
          byEventType: 'violation.reported',
          reason: 'never in force: a concurrent change of the group decided otherwise (unchanged: because)',
        },
      },
    ]);
    // Its ban the outcome: nothing read. No pending ban of its own: nothing ended.
    expect(
      settle((facts) => endLostBan(context(), event, { kind: 'disabled', banId: 'ban-v2', until: null }, facts)),
    ).toMatchObject({ asked: [], plan: { steps: [] } });
    expect(
      settle((facts) => endLostBan(context(), event, outcome, facts), { bans: [ban('ban-v2')] }).plan.steps,
    ).toEqual([]);
  });

  test('a gone group: its bans in force end lifted, a pending one never in force, and the state lets go of the one it names', () => {
    const refused = {
      method: 'POST',
      path: `/chatgroups/${G}/enable`,
      status: 404,
      code: 'service_resource_not_found',
    };
    const event = expire('x1', 'ban-d1');
    const snapshot = {
      state: { activeBanId: 'ban-d1', recentBans: [NOW] },
      bans: [ban('ban-d0', { status: BanStatus.Lifted }), ban('ban-d1'), ban('ban-x9', { status: BanStatus.Pending })],
    };

    const { asked, plan } = settle((facts) => endBansOfGoneGroup(context(), event, refused, facts), snapshot);

    expect(asked).toEqual([[{ kind: 'group-bans' }]]);
    const by = { at: NOW, byEventId: 'x1', byEventType: 'ban.expire' };
    expect(plan).toEqual({
      kind: 'plan',
      groupId: G,
      outcome: {
        kind: 'gone',
        why: `group deleted: Agora has no group ${G} (POST /chatgroups/${G}/enable: 404 service_resource_not_found); ended ban-d1, ban-x9`,
      },
      steps: [
        { kind: 'end-ban', banId: 'ban-d1', status: 'lifted', ending: { ...by, reason: 'group deleted' } },
        {
          kind: 'end-ban',
          banId: 'ban-x9',
          status: 'replaced',
          ending: { ...by, reason: 'never in force: group deleted' },
        },
        { kind: 'commit', state: { groupId: G, version: 3, recentBans: [NOW] } },
      ],
    });
    expect(settle((facts) => endBansOfGoneGroup(context(), event, refused, facts)).plan).toMatchObject({
      steps: [],
      outcome: { why: expect.stringMatching(/; no ban of it was open$/) },
    });
  });
});
