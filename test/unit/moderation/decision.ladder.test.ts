/**
 * The members' ladder and the raid's mute, decided story by story as plain data: the facts in
 * (the sender's violations, their claims, the group's senders, the owner and admins), the asks
 * and the plan out. No ports and no interpreter.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CLOCK_SKEW_SECONDS, type ModerationEvent } from '../../../functions/events/index.js';
import {
  BanStatus,
  SanctionStatus,
  type BanRecord,
  type LadderClaim,
  type SanctionRecord,
  type SenderViolation,
} from '../../../functions/ledger/index.js';
import { LADDER_SKIP } from '../../../functions/moderation/decision/ladder.js';
import {
  decide,
  describeOutcome,
  groupMuteIdFor,
  policySchema,
  sanctionSlot,
  SKIP_REASON,
  type Decision,
  type DecisionContext,
  type Facts,
  type Need,
  type Plan,
} from '../../../functions/moderation/decision/index.js';
import { eventAt, T0 } from '../../helpers/moderation-core.js';
import { EXAMPLE_LADDER } from '../../helpers/moderation-events.js';

const G = '100000000000000001';
const MSG = '1028442084794698104';
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** The policy of the product's example. */
const POLICY = {
  threshold: { count: 8, windowSeconds: 3600 },
  banDurations: [3600, 86400, 'permanent'],
  members: {
    windowSeconds: 3600,
    ladder: EXAMPLE_LADDER,
  },
  muteAll: { senders: 4, windowSeconds: 300, durationSeconds: 900 },
};

const context = (policy: unknown = POLICY): DecisionContext => ({
  policy: policySchema.parse(policy),
  now: new Date(T0),
  clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
});

interface World {
  /** Seconds after T0 of the group's earlier violations (the event's own is added). */
  groupTimes?: number[];
  /** Seconds after T0 of the sender's earlier violations (the event's own is added). */
  memberTimes?: number[];
  claims?: LadderClaim[];
  /** The group's violations with senders, the event's own added. */
  senders?: [number, string][];
  staff?: { owner: string; admins: string[] };
  groupMute?: { muteId: string; until: string | null };
  lastRaidAt?: string;
  /** The member's remove and block sanctions, as the ledger has them. */
  removals?: SanctionRecord[];
  /** Who holds the claim when it is asked for; the event itself by default. */
  claimHeldBy?: string;
  /** The sanctions the event decided on an earlier attempt. */
  sanctions?: SanctionRecord[];
  dryRunRaid?: { muteId: string; until: string | null; at: string };
  /** The ban in force, named by the state. */
  activeBan?: BanRecord;
  lastCrossingAt?: string;
}

function settle(
  event: Extract<ModerationEvent, { type: 'violation.reported' }>,
  world: World = {},
  policy: unknown = POLICY,
): { asked: Need[][]; plan: Plan } {
  let facts: Facts = {
    state: {
      groupId: G,
      version: 2,
      ...(world.groupMute && { groupMute: world.groupMute }),
      ...(world.lastRaidAt && { lastRaidAt: world.lastRaidAt }),
      ...(world.dryRunRaid && { dryRunRaid: world.dryRunRaid }),
      ...(world.activeBan && { activeBanId: world.activeBan.banId }),
      ...(world.lastCrossingAt && { lastCrossingAt: world.lastCrossingAt }),
    },
    bans: new Map(world.activeBan ? [[world.activeBan.banId, world.activeBan]] : []),
  };
  const asked: Need[][] = [];
  for (let round = 0; round < 7; round++) {
    const decided: Decision = decide(context(policy), event, facts);
    if (decided.kind === 'plan') return { asked, plan: decided };
    asked.push(decided.needs);
    facts = { ...facts };
    for (const need of decided.needs) {
      if (need.kind === 'record-violation') facts.violationRecorded = true;
      if (need.kind === 'violation-times')
        facts.violationTimes = [...(world.groupTimes ?? []).map(iso), event.time].sort();
      if (need.kind === 'event-sanctions')
        facts.sanctions = new Map((world.sanctions ?? []).map((sanction) => [sanctionSlot(sanction), sanction]));
      if (need.kind === 'group-bans') facts.groupBans = [];
      if (need.kind === 'ban') facts.bans = new Map([...facts.bans, [need.banId, undefined]]);
      if (need.kind === 'staff') facts.staff = world.staff ?? { owner: 'owner', admins: ['admin1'] };
      if (need.kind === 'ladder-claims') facts.ladderClaims = world.claims ?? [];
      if (need.kind === 'member-removals')
        facts.memberRemovals = (world.removals ?? []).filter((removal) => need.eventIds.includes(removal.eventId));
      if (need.kind === 'member-violation-times')
        facts.memberViolationTimes = [...(world.memberTimes ?? []).map(iso), event.time].sort();
      if (need.kind === 'claim-ladder-step')
        facts.ladderClaim = { ...need.claim, eventId: world.claimHeldBy ?? need.claim.eventId };
      if (need.kind === 'window-senders') {
        const rows: SenderViolation[] = (world.senders ?? []).map(([at, sender]) => ({ time: iso(at), sender }));
        rows.push({ time: event.time, sender: event.sender! });
        // The ledger's range: after < time <= upTo.
        facts.windowSenders = rows
          .filter((row) => row.time > need.after && row.time <= need.upTo)
          .sort((a, b) => a.time.localeCompare(b.time));
      }
    }
  }
  throw new Error('the decision kept asking');
}

const violation = (sender: string | undefined, extra: Record<string, unknown> = { messageId: MSG }) =>
  eventAt('violation.reported', G, T0, { ...(sender !== undefined && { sender }), ...extra });

describe('the members ladder', () => {
  const removingClaim = (extra: Partial<LadderClaim> = {}): LadderClaim => ({
    groupId: G,
    member: 'spammer',
    hits: 3,
    eventId: 'e-removal',
    claimedAt: iso(-60),
    until: iso(3540),
    stepRemovesOrBlocks: true,
    dryRun: false,
    expiresAt: T0 / 1000 + 3540 + 7 * 86_400,
    ...extra,
  });
  const removal = (status: SanctionRecord['status'], member = 'spammer'): SanctionRecord => ({
    groupId: G,
    eventId: 'e-removal',
    kind: 'remove',
    target: member,
    member,
    decidedAt: iso(-60),
    cause: { eventId: 'e-removal', eventType: 'violation.reported', reason: 'spam', source: 'rules' },
    status,
    dryRun: false,
  });

  test("a sender's first violation recalls its message, and nothing else", () => {
    const event = violation('spammer');
    const { asked, plan } = settle(event);
    expect(asked.flat().map((need) => need.kind)).toContain('claim-ladder-step');
    // A recall alone spares no one: the owner and admins are not read for it.
    expect(asked.flat().map((need) => need.kind)).not.toContain('staff');
    expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'recall-message']);
    expect(plan.steps[1]).toEqual({ kind: 'recall-message', eventId: event.id, messageId: MSG });
    expect(plan.outcome).toMatchObject({ kind: 'counted', violations: 1, threshold: 8 });
    expect(describeOutcome(plan.outcome)).toContain('ladder step 1 (recall): 1 sent');
  });

  test('the second violation within the window recalls and mutes the sender for 600 s, after the claim', () => {
    const event = violation('spammer');
    const { asked, plan } = settle(event, { memberTimes: [-60] });
    const claim = asked.flat().find((need) => need.kind === 'claim-ladder-step');
    expect(claim).toMatchObject({
      claim: { member: 'spammer', hits: 2, eventId: event.id, stepRemovesOrBlocks: false, dryRun: false },
    });
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'record-sanction',
      'recall-message',
      'record-sanction',
      'sanction-members',
    ]);
    expect(plan.steps[3]).toEqual({
      kind: 'sanction-members',
      action: 'mute',
      eventId: event.id,
      users: ['spammer'],
      until: iso(600),
    });
  });

  test('a violation outside the window starts the count afresh', () => {
    const { plan } = settle(violation('spammer'), { memberTimes: [-3600] });
    expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'recall-message']);
  });

  test('the third removes; its claim says the step removes, and expires a while after it stops holding', () => {
    const event = violation('spammer');
    const { asked, plan } = settle(event, { memberTimes: [-120, -60] });
    expect(asked.flat().find((need) => need.kind === 'claim-ladder-step')).toMatchObject({
      claim: { hits: 3, stepRemovesOrBlocks: true, until: iso(3600), expiresAt: T0 / 1000 + 3600 + 7 * 86_400 },
    });
    expect(plan.steps.at(-1)).toMatchObject({ kind: 'sanction-members', action: 'remove', users: ['spammer'] });
  });

  test("a step another event holds the claim of recalls this violation's message, and does nothing more to the member", () => {
    const event = violation('spammer');
    const { plan } = settle(event, { memberTimes: [-60], claimHeldBy: 'e-earlier' });
    expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'recall-message']);
    expect(plan.steps[1]).toEqual({ kind: 'recall-message', eventId: event.id, messageId: MSG });
    expect(describeOutcome(plan.outcome)).toContain('already run for this reaching by event e-earlier');
  });

  test('past the top step, while its claim holds, each message is still recalled: recall is about the message', () => {
    const claims = [removingClaim({ member: 'admin1' })];
    const removals = [removal(SanctionStatus.Skipped, 'admin1')];
    // The admin's step 3 ran (their removal skipped): their fourth and fifth messages are recalled each.
    for (const memberTimes of [
      [-180, -120, -60],
      [-240, -180, -120, -60],
    ]) {
      const event = violation('admin1', { messageId: String(memberTimes.length) });
      const { plan } = settle(event, { memberTimes, claims, removals, claimHeldBy: 'e-removal' });
      expect(plan.steps).toContainEqual({
        kind: 'recall-message',
        eventId: event.id,
        messageId: String(memberTimes.length),
      });
      expect(plan.steps.map((step) => step.kind)).not.toContain('sanction-members');
    }
  });

  test('a member a step removed acts no further, though the violation still counts for the group', () => {
    const { asked, plan } = settle(violation('spammer'), {
      memberTimes: [-180, -120, -60],
      claims: [removingClaim()],
      removals: [removal(SanctionStatus.Applied)],
    });
    expect(asked.flat()).toContainEqual({ kind: 'member-removals', member: 'spammer', eventIds: ['e-removal'] });
    expect(asked.flat().map((need) => need.kind)).not.toContain('claim-ladder-step');
    expect(plan.steps).toEqual([]);
    expect(plan.outcome).toMatchObject({ kind: 'counted', violations: 1 });
    expect(describeOutcome(plan.outcome)).toContain('removed by event e-removal: acts no further');
  });

  test('a removal that failed (Agora refused it) does not put the member out: the step runs again once its claim ends', () => {
    const { plan } = settle(violation('spammer'), {
      memberTimes: [-180, -120, -60],
      claims: [removingClaim({ until: iso(-1) })],
      removals: [removal(SanctionStatus.Failed)],
    });
    expect(plan.steps.at(-1)).toMatchObject({ kind: 'sanction-members', action: 'remove', users: ['spammer'] });
  });

  test('an admin whose step 3 was skipped is not out: their later messages are still recalled', () => {
    const { plan } = settle(violation('admin1'), {
      memberTimes: [-180, -120, -60],
      claims: [removingClaim({ member: 'admin1', until: iso(-1) })],
      removals: [removal(SanctionStatus.Skipped, 'admin1')],
    });
    expect(plan.steps).toContainEqual({ kind: 'recall-message', eventId: expect.any(String), messageId: MSG });
    expect(plan.steps.map((step) => step.kind)).not.toContain('sanction-members');
  });

  test('a step claimed in dry run puts no one out and holds nothing once the policy goes live', () => {
    const dryClaim = removingClaim({ eventId: 'e-dry', dryRun: true });
    const dryRemoval = { ...removal(SanctionStatus.Skipped), eventId: 'e-dry', dryRun: true };
    const { asked, plan } = settle(violation('spammer'), {
      memberTimes: [-180, -60],
      claims: [dryClaim],
      removals: [dryRemoval],
    });
    expect(asked.flat().find((need) => need.kind === 'claim-ladder-step')).toMatchObject({
      claim: { hits: 3, dryRun: false },
    });
    expect(plan.steps.at(-1)).toMatchObject({ kind: 'sanction-members', action: 'remove', users: ['spammer'] });
  });

  test('the owner and admins are never muted or removed: recorded skipped with the reason, never sent', () => {
    for (const [who, reason] of [
      ['owner', SKIP_REASON.owner],
      ['admin1', SKIP_REASON.admin],
    ] as const) {
      const { plan } = settle(violation(who), { memberTimes: [-60] });
      expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'recall-message', 'record-sanction']);
      expect(plan.steps[2]).toMatchObject({
        kind: 'record-sanction',
        sanction: { kind: 'mute', target: who, status: SanctionStatus.Skipped, resolution: { reason } },
      });
    }
  });

  test('a recall without a message id is recorded skipped', () => {
    const { plan } = settle(violation('spammer', {}));
    expect(plan.steps).toEqual([
      expect.objectContaining({
        kind: 'record-sanction',
        sanction: expect.objectContaining({
          kind: 'recall',
          resolution: expect.objectContaining({ reason: LADDER_SKIP.noMessage }),
        }),
      }),
    ]);
  });

  test('a sender that is no Agora user name is never acted on, and their violation still disables the group', () => {
    const threshold = { count: 3, windowSeconds: 3600 };
    const event = violation('Bob');
    const world = { memberTimes: [-120, -60], groupTimes: [-120, -60] };
    const { asked, plan } = settle(event, world, { ...POLICY, threshold });
    expect(plan.steps.map((step) => step.kind)).toContain('disable-group');
    expect(asked.flat().map((need) => need.kind)).not.toContain('staff');
    expect(plan.steps.map((step) => step.kind)).not.toContain('sanction-members');
    expect(plan.steps).toContainEqual(
      expect.objectContaining({
        kind: 'record-sanction',
        sanction: expect.objectContaining({
          kind: 'remove',
          target: 'Bob',
          status: SanctionStatus.Skipped,
          resolution: expect.objectContaining({ reason: LADDER_SKIP.invalidSender }),
        }),
      }),
    );
  });

  test('a message id that is no Agora message id is never recalled: recorded skipped', () => {
    const { plan } = settle(violation('spammer', { messageId: 'msg-1' }));
    expect(plan.steps).toEqual([
      expect.objectContaining({
        kind: 'record-sanction',
        sanction: expect.objectContaining({
          kind: 'recall',
          target: 'msg-1',
          resolution: expect.objectContaining({ reason: LADDER_SKIP.invalidMessage }),
        }),
      }),
    ]);
  });

  test('dry run records every action and sends none', () => {
    const { plan } = settle(violation('spammer'), { memberTimes: [-60] }, { ...POLICY, dryRun: true });
    expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'record-sanction']);
    expect(plan.steps.every((step) => step.kind === 'record-sanction' && step.sanction.dryRun)).toBe(true);
  });

  test('without members and muteAll a violation asks and plans as before', () => {
    const { asked, plan } = settle(violation('spammer'), {}, { threshold: { count: 8, windowSeconds: 3600 } });
    expect(asked.map((needs) => needs.map((need) => need.kind))).toEqual([['record-violation'], ['violation-times']]);
    expect(plan.steps).toEqual([]);
  });
});

describe('the raid', () => {
  test('the fourth distinct sender within 300 s mutes the group for 900 s with its scheduled unmute', () => {
    const event = violation('raider4');
    const { plan } = settle(event, {
      senders: [
        [-200, 'raider1'],
        [-100, 'raider2'],
        [-50, 'raider3'],
      ],
    });
    const muteId = groupMuteIdFor(event.id);
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'record-sanction',
      'recall-message',
      'record-sanction',
      'mute-group',
      'schedule-expiry',
      'commit',
      'resolve-sanction',
    ]);
    expect(plan.steps).toContainEqual({
      kind: 'schedule-expiry',
      expiry: { banId: muteId, groupId: G, at: iso(900), ends: 'group-mute' },
    });
    expect(describeOutcome(plan.outcome)).toContain('mute-all (raid): 1 sent');
  });

  test('three senders, or four spread wider than the window, are no raid', () => {
    const three = settle(violation('raider4'), {
      senders: [
        [-100, 'raider1'],
        [-50, 'raider1'],
        [-20, 'raider2'],
      ],
    });
    expect(three.plan.steps.map((step) => step.kind)).not.toContain('mute-group');
    const spread = settle(violation('raider4'), {
      senders: [
        [-900, 'raider1'],
        [-600, 'raider2'],
        [-301, 'raider3'],
      ],
    });
    expect(spread.plan.steps.map((step) => step.kind)).not.toContain('mute-group');
  });

  test('the raid that muted the group is spent: once lifted, only violations after it count towards the next', () => {
    const window = [
      [-200, 'raider1'],
      [-100, 'raider2'],
      [-50, 'raider3'],
    ] as [number, string][];
    const spent = settle(violation('raider4'), { senders: window, lastRaidAt: iso(-50) });
    expect(spent.plan.steps.map((step) => step.kind)).not.toContain('mute-group');
    expect(spent.asked.flat().find((need) => need.kind === 'window-senders')).toMatchObject({ after: iso(-50) });
    const fresh = settle(violation('raider4'), { senders: window, lastRaidAt: iso(-300) });
    const commit = fresh.plan.steps.find((step) => step.kind === 'commit');
    expect(commit).toMatchObject({ state: { lastRaidAt: iso(0), groupMute: expect.anything() } });
  });

  test('a group muted already is not muted again, nor asked about', () => {
    const { asked, plan } = settle(violation('raider5'), {
      senders: [
        [-200, 'raider1'],
        [-100, 'raider2'],
        [-50, 'raider3'],
      ],
      groupMute: { muteId: 'mute-all-e-raid', until: iso(600) },
    });
    expect(asked.flat().map((need) => need.kind)).not.toContain('window-senders');
    expect(plan.steps.map((step) => step.kind)).not.toContain('mute-group');
  });
});

/** A sanction `event` decided on an earlier attempt, as the ledger has it. */
function storedSanction(
  event: ModerationEvent,
  kind: SanctionRecord['kind'],
  target: string,
  status: SanctionRecord['status'],
  extra: Partial<SanctionRecord> = {},
): SanctionRecord {
  return {
    groupId: G,
    eventId: event.id,
    kind,
    target,
    decidedAt: iso(-30),
    cause: { eventId: event.id, eventType: event.type, reason: 'spam', source: 'rules' },
    status,
    dryRun: false,
    ...extra,
  };
}

describe('the members ladder, step by step', () => {
  const ladderPolicy = (ladder: unknown[], extra: Record<string, unknown> = {}) => ({
    ...POLICY,
    members: { windowSeconds: 3600, ladder },
    ...extra,
  });
  const otherClaim = (extra: Partial<LadderClaim> = {}): LadderClaim => ({
    groupId: G,
    member: 'spammer',
    hits: 1,
    eventId: 'e-other',
    claimedAt: iso(-60),
    until: iso(3000),
    stepRemovesOrBlocks: false,
    dryRun: false,
    expiresAt: T0 / 1000 + 3000 + 7 * 86_400,
    ...extra,
  });

  test("a step recalls first, whatever order it lists its actions in, and is named by its actions, a mute's length included", () => {
    const event = violation('spammer');
    const policy = ladderPolicy([{ hits: 1, actions: [{ mute: 'permanent' }, 'recall'] }]);
    const { plan } = settle(event, {}, policy);
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'record-sanction',
      'recall-message',
      'record-sanction',
      'sanction-members',
    ]);
    const cause = {
      eventId: event.id,
      eventType: event.type,
      reason: event.reason,
      source: event.source,
      messageId: MSG,
    };
    const record = { groupId: G, eventId: event.id, decidedAt: iso(0), cause, status: 'pending', dryRun: false };
    // A recall has no end; a mute's record carries it (null: for good).
    expect(plan.steps[0]).toStrictEqual({
      kind: 'record-sanction',
      sanction: { ...record, kind: 'recall', target: MSG, member: 'spammer' },
    });
    expect(plan.steps[2]).toStrictEqual({
      kind: 'record-sanction',
      sanction: { ...record, kind: 'mute', target: 'spammer', member: 'spammer', until: null },
    });
    expect(plan.steps[3]).toStrictEqual({
      kind: 'sanction-members',
      action: 'mute',
      eventId: event.id,
      users: ['spammer'],
      until: null,
    });
    expect(plan.outcome.also).toStrictEqual([
      { kind: 'sanctioned', action: 'ladder step 1 (mute permanently, recall)', sent: 2, skipped: [], settled: 0 },
    ]);
    const timed = settle(violation('spammer'), {}, ladderPolicy([{ hits: 1, actions: [{ mute: 600 }] }]));
    expect(timed.plan.outcome.also?.[0]?.action).toBe('ladder step 1 (mute 600 s)');
  });

  test('a step that blocks is a removing step: its claim says so, and the block is sent with no end and nothing resent', () => {
    const event = violation('spammer');
    const { asked, plan } = settle(event, {}, ladderPolicy([{ hits: 1, actions: ['block', 'recall'] }]));
    expect(asked.flat().find((need) => need.kind === 'claim-ladder-step')).toMatchObject({
      claim: { hits: 1, stepRemovesOrBlocks: true },
    });
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'record-sanction',
      'recall-message',
      'record-sanction',
      'sanction-members',
    ]);
    expect(plan.steps[3]).toStrictEqual({
      kind: 'sanction-members',
      action: 'block',
      eventId: event.id,
      users: ['spammer'],
    });
    expect(describeOutcome(plan.outcome)).toContain('ladder step 1 (block, recall): 2 sent');
  });

  test('the owner and admins are read with the claim, in one round, when the step acts on the member, and only then', () => {
    const claimRound = (asked: Need[][]) =>
      asked.find((needs) => needs.some((need) => need.kind === 'claim-ladder-step'));
    expect(claimRound(settle(violation('spammer'), { memberTimes: [-60] }).asked)).toEqual([
      expect.objectContaining({ kind: 'claim-ladder-step' }),
      { kind: 'staff' },
    ]);
    // A recall alone spares no one: the claim is asked for alone.
    expect(claimRound(settle(violation('spammer')).asked)).toEqual([
      expect.objectContaining({ kind: 'claim-ladder-step' }),
    ]);
  });

  test('a violation that names no sender climbs no ladder: only the group counts it', () => {
    const { asked, plan } = settle(violation(undefined), {}, ladderPolicy([{ hits: 1, actions: ['recall'] }]));
    expect(asked.map((needs) => needs.map((need) => need.kind))).toEqual([['record-violation'], ['violation-times']]);
    expect(plan.steps).toEqual([]);
    expect(plan.outcome).toStrictEqual({ kind: 'counted', violations: 1, threshold: 8 });
  });

  test("the ladder's sanctions name the violation's category and message in their cause, and only what it has", () => {
    const policy = ladderPolicy([{ hits: 1, actions: ['recall', 'remove'] }]);
    const event = violation('spammer', { messageId: MSG, category: 'spam' });
    const causes = (plan: Plan) =>
      plan.steps.flatMap((step) => (step.kind === 'record-sanction' ? [step.sanction.cause] : []));
    const cause = { eventId: event.id, eventType: event.type, reason: event.reason, source: event.source };
    expect(causes(settle(event, {}, policy).plan)).toStrictEqual([
      { ...cause, category: 'spam', messageId: MSG },
      { ...cause, category: 'spam', messageId: MSG },
    ]);
    const bare = violation('spammer', {});
    const bareCause = { eventId: bare.id, eventType: bare.type, reason: bare.reason, source: bare.source };
    expect(causes(settle(bare, {}, policy).plan)).toStrictEqual([bareCause, bareCause]);
  });

  test('a violation is recorded with its sender when it names one, and without when it names none', () => {
    const named = settle(violation('spammer')).asked[0]![0]!;
    expect(named.kind === 'record-violation' && named.violation).toHaveProperty('sender', 'spammer');
    const anonymous = settle(violation(undefined)).asked[0]![0]!;
    expect(anonymous.kind === 'record-violation' && Object.keys(anonymous.violation)).not.toContain('sender');
  });

  test('a count below the lowest step does nothing to the member and takes no claim', () => {
    const { asked, plan } = settle(violation('spammer'), {}, ladderPolicy([{ hits: 2, actions: ['recall'] }]));
    expect(asked.flat().map((need) => need.kind)).not.toContain('claim-ladder-step');
    expect(plan.steps).toEqual([]);
    expect(plan.outcome.also).toBeUndefined();
  });

  test("another event's claim read with the sender's claims holds the step: nothing is claimed, the member is left alone", () => {
    const event = violation('spammer');
    const claims = [otherClaim({ hits: 2 })];
    const { asked, plan } = settle(event, { memberTimes: [-60], claims });
    expect(asked.flat().map((need) => need.kind)).not.toContain('claim-ladder-step');
    // The claim's step does not remove: whether its member is out is not asked.
    expect(asked.flat().map((need) => need.kind)).not.toContain('member-removals');
    expect(plan.steps.map((step) => step.kind)).toEqual(['record-sanction', 'recall-message']);
    expect(plan.outcome.also).toStrictEqual([
      {
        kind: 'sanctioned',
        action: 'ladder step 2 (recall, mute 600 s)',
        sent: 1,
        skipped: [{ target: 'spammer', reason: `already run for this reaching by event e-other, until ${iso(3000)}` }],
        settled: 0,
      },
    ]);
  });

  test('a recall-only step held by another event still recalls, and skips no one', () => {
    const policy = ladderPolicy([{ hits: 1, actions: ['recall'] }]);
    const { plan } = settle(violation('spammer'), { claims: [otherClaim()] }, policy);
    expect(plan.outcome.also).toStrictEqual([
      { kind: 'sanctioned', action: 'ladder step 1 (recall)', sent: 1, skipped: [], settled: 0 },
    ]);
  });

  test('a member a step blocked acts no further: the ladder says who blocked them', () => {
    const claims = [otherClaim({ hits: 3, eventId: 'e-block', stepRemovesOrBlocks: true })];
    const event = violation('spammer');
    const block = { ...storedSanction(event, 'block', 'spammer', SanctionStatus.Applied), eventId: 'e-block' };
    const { plan } = settle(event, { memberTimes: [-120, -60], claims, removals: [block] });
    expect(plan.steps).toEqual([]);
    expect(plan.outcome.also).toStrictEqual([
      {
        kind: 'sanctioned',
        action: 'ladder',
        sent: 0,
        skipped: [{ target: 'spammer', reason: 'blocked by event e-block: acts no further' }],
        settled: 0,
      },
    ]);
  });

  test('a redelivery keeps the step its own claim names, leaves what was settled, and resends the pending mute with its end', () => {
    const event = violation('spammer');
    // A claim written before claims carried `dryRun` holds for a live policy.
    const { dryRun: _, ...own } = otherClaim({ hits: 2, eventId: event.id });
    const claims = [own as LadderClaim, otherClaim({ hits: 3, eventId: 'e-removal', stepRemovesOrBlocks: true })];
    const sanctions = [
      storedSanction(event, 'recall', MSG, SanctionStatus.Applied),
      storedSanction(event, 'mute', 'spammer', SanctionStatus.Pending, { member: 'spammer', until: iso(570) }),
    ];
    // The count has reached step 3 since: the redelivery still finishes step 2.
    const { asked, plan } = settle(event, { memberTimes: [-120, -60], claims, sanctions });
    expect(asked.flat().map((need) => need.kind)).not.toContain('member-removals');
    expect(asked.flat().map((need) => need.kind)).not.toContain('claim-ladder-step');
    expect(plan.steps).toStrictEqual([
      { kind: 'sanction-members', action: 'mute', eventId: event.id, users: ['spammer'], until: iso(570) },
    ]);
    expect(plan.outcome.also).toStrictEqual([
      { kind: 'sanctioned', action: 'ladder step 2 (recall, mute 600 s)', sent: 1, skipped: [], settled: 1 },
    ]);
  });

  test('a redelivery resends a removal left pending, marked resent, without writing it again', () => {
    const event = violation('spammer');
    const sanctions = [storedSanction(event, 'remove', 'spammer', SanctionStatus.Pending, { member: 'spammer' })];
    const { plan } = settle(event, { memberTimes: [-120, -60], sanctions });
    expect(plan.steps.slice(-1)).toStrictEqual([
      { kind: 'sanction-members', action: 'remove', eventId: event.id, users: ['spammer'], resent: ['spammer'] },
    ]);
    expect(plan.steps.filter((step) => step.kind === 'record-sanction').map((step) => step.sanction.kind)).toEqual([
      'recall',
    ]);
  });

  test('a redelivery whose policy turned dry resolves the sanctions left pending as skipped, and sends nothing', () => {
    const event = violation('spammer');
    const sanctions = [
      storedSanction(event, 'recall', MSG, SanctionStatus.Pending),
      storedSanction(event, 'mute', 'spammer', SanctionStatus.Pending, { member: 'spammer', until: iso(570) }),
    ];
    const { plan } = settle(event, { memberTimes: [-60], sanctions }, { ...POLICY, dryRun: true });
    const skipped = (key: SanctionRecord) => ({
      kind: 'resolve-sanction',
      key,
      resolution: { status: SanctionStatus.Skipped, at: iso(0), reason: SKIP_REASON.dryRun },
    });
    expect(plan.steps).toStrictEqual(sanctions.map(skipped));
    expect(plan.outcome.also).toStrictEqual([
      {
        kind: 'sanctioned',
        action: 'ladder step 2 (recall, mute 600 s)',
        sent: 0,
        skipped: [
          { target: MSG, reason: SKIP_REASON.dryRun },
          { target: 'spammer', reason: SKIP_REASON.dryRun },
        ],
        settled: 0,
      },
    ]);
  });
});

describe('the raid, window by window', () => {
  const three: [number, string][] = [
    [-200, 'raider1'],
    [-100, 'raider2'],
    [-50, 'raider3'],
  ];
  const kinds = (plan: Plan) => plan.steps.map((step) => step.kind);

  test('senders are counted in each window by their own times: one that left the window no longer counts', () => {
    // The window ending at +100 s, (-200 s, +100 s], holds raider1 (at -150 s), raider4 and raider3:
    // raider2, at -200 s exactly, has left it; no window holds four senders.
    const passed = settle(violation('raider4'), {
      senders: [
        [-250, 'raider1'],
        [-200, 'raider2'],
        [-150, 'raider1'],
        [100, 'raider3'],
      ],
    });
    expect(kinds(passed.plan)).not.toContain('mute-group');
    // raider1's violation at -250 s leaves the window ending at +80 s; the one at -150 s keeps them in it.
    const kept = settle(violation('raider4'), {
      senders: [
        [-250, 'raider1'],
        [-150, 'raider1'],
        [50, 'raider2'],
        [80, 'raider3'],
      ],
    });
    expect(kinds(kept.plan)).toContain('mute-group');
  });

  test('a mute of the group that has ended, even just now, does not stop a raid; a permanent one does', () => {
    for (const until of [iso(-60), iso(0)]) {
      const { plan } = settle(violation('raider4'), { senders: three, groupMute: { muteId: 'mute-all-e-old', until } });
      expect(kinds(plan)).toContain('mute-group');
    }
    const { asked, plan } = settle(violation('raider4'), {
      senders: three,
      groupMute: { muteId: 'mute-all-e-old', until: null },
    });
    expect(asked.flat().map((need) => need.kind)).not.toContain('window-senders');
    expect(kinds(plan)).not.toContain('mute-group');
  });

  test("under another event's mute, a violation that wrote no mute of its own resolves nothing and adds no raid", () => {
    const { plan } = settle(violation('raider4'), {
      senders: three,
      groupMute: { muteId: 'mute-all-e-raid', until: iso(600) },
    });
    expect(plan.steps.filter((step) => step.kind === 'resolve-sanction')).toEqual([]);
    expect(plan.outcome.also?.map((also) => also.action)).toEqual(['ladder step 1 (recall)']);
  });

  test("a mute this event wrote and left pending, found under another event's mute, is resolved skipped", () => {
    const event = violation('raider4');
    const sanctions = [storedSanction(event, 'mute-all', G, SanctionStatus.Pending, { until: iso(900) })];
    const { plan } = settle(event, {
      senders: three,
      sanctions,
      groupMute: { muteId: 'mute-all-e-raid', until: iso(600) },
    });
    const reason = 'a mute of the group in force, by event e-raid';
    const key = { groupId: G, eventId: event.id, kind: 'mute-all', target: G };
    expect(plan.steps.filter((step) => step.kind === 'resolve-sanction')).toStrictEqual([
      { kind: 'resolve-sanction', key, resolution: { status: SanctionStatus.Skipped, at: iso(0), reason } },
    ]);
    expect(plan.outcome.also?.at(-1)).toStrictEqual({
      kind: 'sanctioned',
      action: 'mute-all (raid)',
      sent: 0,
      skipped: [{ target: G, reason }],
      settled: 0,
    });
  });

  test('a raid older than the window does not narrow it; one at the violation itself leaves nothing to count', () => {
    const old = settle(violation('raider4'), { senders: three, lastRaidAt: iso(-400) });
    expect(old.asked.flat().find((need) => need.kind === 'window-senders')).toMatchObject({ after: iso(-300) });
    expect(kinds(old.plan)).toContain('mute-group');
    const now = settle(violation('raider4'), { senders: three, lastRaidAt: iso(0) });
    expect(now.asked.flat().map((need) => need.kind)).not.toContain('window-senders');
    expect(kinds(now.plan)).not.toContain('mute-group');
  });

  test('an attempt that decided the mute finishes it, though the window no longer holds a raid', () => {
    const event = violation('raider4');
    const sanctions = [storedSanction(event, 'mute-all', G, SanctionStatus.Pending, { until: iso(900) })];
    const stored = settle(event, { sanctions });
    expect(kinds(stored.plan)).toContain('mute-group');
    // Its commit made the mute the group's, and the state says so: its scheduled end is still arranged.
    const committed = settle(event, { groupMute: { muteId: groupMuteIdFor(event.id), until: iso(900) } });
    expect(kinds(committed.plan)).toContain('mute-group');
  });

  test('the later of the last raid and the last dry raid narrows the window', () => {
    const dry = { ...POLICY, dryRun: true };
    const { asked } = settle(
      violation('raider4'),
      { senders: three, lastRaidAt: iso(-40), dryRunRaid: { muteId: 'mute-all-e-dry', until: iso(-10), at: iso(-80) } },
      dry,
    );
    expect(asked.flat().find((need) => need.kind === 'window-senders')).toMatchObject({ after: iso(-40) });
  });

  test('in dry run, the raid an earlier attempt kept in the state is finished, though the window no longer holds it', () => {
    const event = violation('raider4');
    const dryRunRaid = { muteId: groupMuteIdFor(event.id), until: iso(900), at: iso(0) };
    const { plan } = settle(event, { dryRunRaid }, { ...POLICY, dryRun: true });
    expect(plan.steps).toContainEqual(
      expect.objectContaining({
        kind: 'record-sanction',
        sanction: expect.objectContaining({ kind: 'mute-all', status: SanctionStatus.Skipped }),
      }),
    );
    expect(plan.outcome.also?.map((also) => also.action)).toEqual(['ladder step 1 (recall)', 'mute-all (raid)']);
  });

  test("dry run keeps the raid it saw in the state, with the mute's end, and treats it as the group's mute", () => {
    const event = violation('raider4');
    const dry = { ...POLICY, dryRun: true };
    const { plan } = settle(event, { senders: three }, dry);
    const commits = plan.steps.filter((step) => step.kind === 'commit');
    expect(commits.at(-1)).toMatchObject({
      state: { dryRunRaid: { muteId: groupMuteIdFor(event.id), until: iso(900), at: iso(0) } },
    });
    expect(kinds(plan)).not.toContain('mute-group');
    // Its own raid, redelivered, is not recorded twice.
    const again = settle(
      event,
      { senders: three, dryRunRaid: { muteId: groupMuteIdFor(event.id), until: iso(900), at: iso(0) } },
      dry,
    );
    expect(again.plan.steps.filter((step) => step.kind === 'commit')).toHaveLength(0);
    // A dry raid that ended narrows the next one's window, as a live one does.
    const later = settle(
      violation('raider5'),
      { senders: three, dryRunRaid: { muteId: 'mute-all-e-dry', until: iso(-10), at: iso(-50) } },
      dry,
    );
    expect(later.asked.flat().find((need) => need.kind === 'window-senders')).toMatchObject({ after: iso(-50) });
    // A live policy ignores what dry run saw.
    const live = settle(violation('raider5'), {
      senders: three,
      dryRunRaid: { muteId: 'mute-all-e-dry', until: iso(600), at: iso(-50) },
    });
    expect(kinds(live.plan)).toContain('mute-group');
  });
});

describe('a violation decided whole', () => {
  test('the violation is recorded first, alone; the windows of the group, the ladder and the raid are then asked together, each once', () => {
    const event = violation('spammer');
    const { asked } = settle(event);
    expect(asked[0]!.map((need) => need.kind)).toEqual(['record-violation']);
    expect(asked[1]!.map((need) => need.kind)).toEqual([
      'violation-times',
      'event-sanctions',
      'ladder-claims',
      'member-violation-times',
      'window-senders',
    ]);
  });

  test("a violation the last crossing counted already still waits for the raid's facts, and may complete a raid", () => {
    const policy = { threshold: POLICY.threshold, muteAll: POLICY.muteAll };
    const senders: [number, string][] = [
      [-200, 'raider1'],
      [-100, 'raider2'],
      [-50, 'raider3'],
    ];
    const { asked, plan } = settle(violation('raider4'), { senders, lastCrossingAt: iso(60) }, policy);
    expect(asked.map((needs) => needs.map((need) => need.kind))).toEqual([
      ['record-violation'],
      ['event-sanctions', 'window-senders'],
    ]);
    expect(plan.outcome).toMatchObject({ kind: 'unchanged' });
    expect(plan.steps.map((step) => step.kind)).toContain('mute-group');
  });

  test('a crossing that disables the group leaves the raid it completes unmuted', () => {
    const policy = { ...POLICY, threshold: { count: 4, windowSeconds: 3600 } };
    const { plan } = settle(
      violation('raider4'),
      {
        groupTimes: [-200, -100, -50],
        senders: [
          [-200, 'raider1'],
          [-100, 'raider2'],
          [-50, 'raider3'],
        ],
      },
      policy,
    );
    expect(plan.steps.map((step) => step.kind)).toContain('disable-group');
    expect(plan.steps.map((step) => step.kind)).not.toContain('mute-group');
    expect(plan.outcome.kind).toBe('disabled');
    expect(plan.outcome.also?.map((also) => also.action)).toEqual(['ladder step 1 (recall)']);
  });

  test('a crossing under a longer ban in force commits alone in dry run, and still leaves the raid it completes unmuted', () => {
    const activeBan: BanRecord = {
      banId: 'ban-earlier',
      groupId: G,
      eventId: 'e-earlier',
      eventType: 'group.disable',
      reason: 'operator',
      source: 'console',
      imposedAt: iso(-7200),
      until: null,
      duration: 'permanent',
      status: BanStatus.Active,
      dryRun: true,
    };
    const policy = { ...POLICY, dryRun: true, threshold: { count: 4, windowSeconds: 3600 } };
    const senders: [number, string][] = [
      [-200, 'raider1'],
      [-100, 'raider2'],
      [-50, 'raider3'],
    ];
    const { plan } = settle(violation('raider4'), { groupTimes: [-200, -100, -50], senders, activeBan }, policy);
    // The group's plan is its commit of the crossing alone: it commits, so the raid adds nothing.
    expect(plan.steps.filter((step) => step.kind === 'commit')).toHaveLength(1);
    expect(plan.outcome).toMatchObject({ kind: 'unchanged' });
    expect(plan.outcome.also?.map((also) => also.action)).toEqual(['ladder step 1 (recall)']);
  });
});
