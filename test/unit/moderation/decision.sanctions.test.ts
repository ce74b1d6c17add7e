/**
 * Sanctions decided, story by story, as plain data: the facts about a group in (its state, the
 * event's own sanctions of an earlier attempt, its owner and admins), the asks and the plan out.
 * No ports and no interpreter.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CLOCK_SKEW_SECONDS, type ModerationEvent } from '../../../functions/events/index.js';
import { SanctionStatus, type GroupState, type SanctionRecord } from '../../../functions/ledger/index.js';
import {
  decide,
  describeOutcome,
  policySchema,
  sanctionSlot,
  type Decision,
  type DecisionContext,
  type Facts,
  type Need,
  type Plan,
  type Step,
} from '../../../functions/moderation/decision/index.js';
import { eventAt, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const NOW = iso(0);
const context = (policy: unknown = {}): DecisionContext => ({
  policy: policySchema.parse(policy),
  now: new Date(T0),
  clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
});

interface Snapshot {
  state?: Partial<GroupState>;
  /** The event's sanctions stored by an earlier attempt. */
  sanctions?: SanctionRecord[];
  staff?: { owner: string; admins: string[] };
}

function settle(
  event: ModerationEvent,
  snapshot: Snapshot = {},
  policy: unknown = {},
): { asked: Need[][]; plan: Plan } {
  let facts: Facts = { state: { groupId: G, version: 2, ...snapshot.state }, bans: new Map() };
  const asked: Need[][] = [];
  for (let round = 0; round < 4; round++) {
    const decided: Decision = decide(context(policy), event, facts);
    if (decided.kind === 'plan') return { asked, plan: decided };
    asked.push(decided.needs);
    facts = { ...facts };
    for (const need of decided.needs) {
      if (need.kind === 'event-sanctions')
        facts.sanctions = new Map((snapshot.sanctions ?? []).map((s) => [sanctionSlot(s), s]));
      if (need.kind === 'staff') facts.staff = snapshot.staff ?? { owner: 'owner', admins: ['admin1'] };
    }
  }
  throw new Error('the decision kept asking');
}

const kinds = (steps: Step[]) => steps.map((step) => step.kind);
const recorded = (steps: Step[]) => steps.flatMap((step) => (step.kind === 'record-sanction' ? [step.sanction] : []));

describe('member sanctions', () => {
  test('a mute asks for the event’s own sanctions and the staff, records each user pending with its end and cause, then sends one step for all', () => {
    const event = eventAt('member.mute', G, T0, {
      id: 'm1',
      users: ['spammer1', 'spammer2'],
      duration: 600,
      reason: 'spam links',
    });
    const { asked, plan } = settle(event);

    expect(asked).toEqual([[{ kind: 'event-sanctions' }, { kind: 'staff' }]]);
    expect(plan.steps).toEqual([
      ...['spammer1', 'spammer2'].map((user) => ({
        kind: 'record-sanction',
        sanction: {
          groupId: G,
          eventId: 'm1',
          kind: 'mute',
          target: user,
          member: user,
          until: iso(600),
          decidedAt: NOW,
          cause: { eventId: 'm1', eventType: 'member.mute', reason: 'spam links', source: 'core-test' },
          status: 'pending',
          dryRun: false,
        },
      })),
      { kind: 'sanction-members', action: 'mute', eventId: 'm1', users: ['spammer1', 'spammer2'], until: iso(600) },
    ]);
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'mute',
      sent: 2,
      skipped: [],
      settled: 0,
      until: iso(600),
    });
    expect(describeOutcome(plan.outcome)).toBe(`mute: 2 sent until ${iso(600)}`);
  });

  test.each(['member.mute', 'member.remove', 'member.block'] as const)(
    '%s never sends the owner or an admin: each is recorded skipped, with the reason',
    (type) => {
      const event = eventAt(type, G, T0, {
        users: ['boss', 'mod', 'spammer1'],
        ...(type === 'member.mute' && { duration: 'permanent' }),
      });
      const { plan } = settle(event, { staff: { owner: 'boss', admins: ['mod'] } });

      const skipped = recorded(plan.steps).filter((s) => s.status === SanctionStatus.Skipped);
      expect(skipped.map((s) => [s.target, s.resolution?.reason])).toEqual([
        ['boss', "the group's owner is never muted, removed or blocked"],
        ['mod', 'an admin of the group is never muted, removed or blocked'],
      ]);
      const call = plan.steps.at(-1)!;
      expect(call).toMatchObject({ kind: 'sanction-members', users: ['spammer1'] });
      expect(plan.outcome).toMatchObject({ sent: 1, skipped: [{ target: 'boss' }, { target: 'mod' }] });
    },
  );

  test('a mute of the owner alone records the skip and calls nothing', () => {
    const { plan } = settle(eventAt('member.mute', G, T0, { users: ['owner'], duration: 60 }));
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    expect(describeOutcome(plan.outcome)).toMatch(/^mute: 0 sent until .*, 1 skipped \(owner: the group's owner/);
  });

  test('lifting spares nobody and asks nobody: an unmute of an admin is sent', () => {
    const { asked, plan } = settle(eventAt('member.unmute', G, T0, { id: 'u1', users: ['admin1'] }));
    expect(asked).toEqual([[{ kind: 'event-sanctions' }]]);
    expect(plan.steps.at(-1)).toEqual({ kind: 'lift-members', action: 'unmute', eventId: 'u1', users: ['admin1'] });
  });

  test('a redelivery sends only what is still pending, with the end it was first given, and leaves the settled alone', () => {
    const event = eventAt('member.mute', G, T0, { id: 'm2', users: ['a', 'b', 'c'], duration: 600 });
    const earlier = (target: string, status: SanctionRecord['status']): SanctionRecord => ({
      groupId: G,
      eventId: 'm2',
      kind: 'mute',
      target,
      member: target,
      until: iso(300),
      decidedAt: iso(-300),
      cause: { eventId: 'm2', eventType: 'member.mute', reason: 'r', source: 's' },
      status,
      dryRun: false,
    });
    const { plan } = settle(event, {
      sanctions: [earlier('a', SanctionStatus.Applied), earlier('b', SanctionStatus.Pending)],
    });

    // c was never written (the attempt stopped half-way through the writes): it gets the same end.
    expect(recorded(plan.steps).map((s) => [s.target, s.until])).toEqual([['c', iso(300)]]);
    expect(plan.steps.at(-1)).toEqual({
      kind: 'sanction-members',
      action: 'mute',
      eventId: 'm2',
      users: ['b', 'c'],
      until: iso(300),
    });
    expect(plan.outcome).toMatchObject({ sent: 2, settled: 1 });
  });

  test('in dry run every user is recorded skipped and nothing is sent', () => {
    const { plan } = settle(eventAt('member.block', G, T0, { users: ['a', 'owner'] }), {}, { dryRun: true });
    expect(kinds(plan.steps)).toEqual(['record-sanction', 'record-sanction']);
    expect(recorded(plan.steps).map((s) => [s.target, s.status, s.dryRun, s.resolution?.reason])).toEqual([
      ['a', 'skipped', true, 'dry run: recorded, not sent'],
      ['owner', 'skipped', true, "the group's owner is never muted, removed or blocked"],
    ]);
  });

  test('property: every user named gets exactly one sanction written or settled, staff never reach a call', () => {
    const user = fc.constantFrom('owner', 'admin1', 'a', 'b', 'c', 'd');
    fc.assert(
      fc.property(
        fc.uniqueArray(user, { minLength: 1, maxLength: 6 }),
        fc.subarray(['a', 'b', 'c', 'd']),
        fc.constantFrom('member.mute', 'member.remove', 'member.block'),
        (users, settledUsers, type) => {
          const sanctions = settledUsers.map((target): SanctionRecord => ({
            groupId: G,
            eventId: 'p',
            kind: type.slice('member.'.length) as 'mute',
            target,
            decidedAt: NOW,
            cause: { eventId: 'p', eventType: type, reason: 'r', source: 's' },
            status: 'applied',
            dryRun: false,
          }));
          const { plan } = settle(
            eventAt(type, G, T0, { id: 'p', users, ...(type === 'member.mute' && { duration: 60 }) }),
            { sanctions },
          );
          const sent = plan.steps.flatMap((step) => (step.kind === 'sanction-members' ? step.users : []));
          const written = recorded(plan.steps).map((s) => s.target);
          const settled = users.filter((u) => settledUsers.includes(u));
          expect([...written, ...settled].sort()).toEqual([...users].sort());
          expect(sent.filter((u) => u === 'owner' || u === 'admin1')).toEqual([]);
          expect(sent.every((u) => !(settled as string[]).includes(u))).toBe(true);
        },
      ),
    );
  });
});

describe('the group’s mute', () => {
  test('a timed mute-all is recorded pending, sent, its own unmute scheduled, committed as the mute in force, then resolved', () => {
    const { plan } = settle(eventAt('group.mute_all', G, T0, { id: 'r1', duration: 900 }));
    expect(plan.steps).toEqual([
      {
        kind: 'record-sanction',
        sanction: expect.objectContaining({ kind: 'mute-all', target: G, until: iso(900), status: 'pending' }),
      },
      { kind: 'mute-group' },
      { kind: 'schedule-expiry', expiry: { banId: 'mute-all-r1', groupId: G, at: iso(900), ends: 'group-mute' } },
      { kind: 'commit', state: { groupId: G, version: 2, groupMute: { muteId: 'mute-all-r1', until: iso(900) } } },
      {
        kind: 'resolve-sanction',
        key: { groupId: G, eventId: 'r1', kind: 'mute-all', target: G },
        resolution: { status: 'applied', at: NOW },
      },
    ]);
  });

  test('a mute in force that lasts as long is kept: the new one is recorded skipped, nothing is sent', () => {
    const { plan } = settle(eventAt('group.mute_all', G, T0, { duration: 60 }), {
      state: { groupMute: { muteId: 'mute-all-r0', until: null } },
    });
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    expect(recorded(plan.steps)[0]).toMatchObject({
      status: 'skipped',
      resolution: { reason: expect.stringContaining('mute-all-r0') },
    });
  });

  test('a redelivery after the commit re-sends the mute (it sets state) and resolves, without committing again', () => {
    const event = eventAt('group.mute_all', G, T0, { id: 'r2', duration: 900 });
    const stored: SanctionRecord = {
      groupId: G,
      eventId: 'r2',
      kind: 'mute-all',
      target: G,
      until: iso(800),
      decidedAt: iso(-100),
      cause: { eventId: 'r2', eventType: 'group.mute_all', reason: 'r', source: 's' },
      status: 'pending',
      dryRun: false,
    };
    const { plan } = settle(event, {
      sanctions: [stored],
      state: { groupMute: { muteId: 'mute-all-r2', until: iso(800) } },
    });
    expect(kinds(plan.steps)).toEqual(['mute-group', 'schedule-expiry', 'resolve-sanction']);
    expect(plan.steps[1]).toMatchObject({ expiry: { at: iso(800) } });
  });

  test('the scheduled unmute lifts only the mute it names while it is in force', () => {
    const named = eventAt('group.unmute_all', G, T0, { muteId: 'mute-all-r1' });
    expect(settle(named, { state: { groupMute: { muteId: 'mute-all-r9', until: null } } }).plan).toMatchObject({
      steps: [],
      outcome: { kind: 'unchanged' },
    });

    const { plan } = settle(named, { state: { groupMute: { muteId: 'mute-all-r1', until: iso(0) } } });
    expect(kinds(plan.steps)).toEqual(['record-sanction', 'unmute-group', 'commit', 'resolve-sanction']);
    expect(plan.steps[2]).toEqual({ kind: 'commit', state: { groupId: G, version: 2 } });
  });
});

describe('recall', () => {
  test('a recall is recorded with the message and its sender, then sent; once settled (too late included) it is never sent again', () => {
    const event = eventAt('message.recall', G, T0, { id: 'c1', messageId: '1028442084794698104', sender: 'spammer1' });
    const first = settle(event).plan;
    expect(first.steps).toEqual([
      {
        kind: 'record-sanction',
        sanction: expect.objectContaining({
          kind: 'recall',
          target: '1028442084794698104',
          member: 'spammer1',
          cause: expect.objectContaining({ messageId: '1028442084794698104' }),
        }),
      },
      { kind: 'recall-message', eventId: 'c1', messageId: '1028442084794698104' },
    ]);
    const tooLate = {
      ...recorded(first.steps)[0]!,
      status: SanctionStatus.TooLate,
      resolution: { status: SanctionStatus.TooLate, at: NOW, reason: 'past the recall window' },
    };
    expect(settle(event, { sanctions: [tooLate] }).plan).toMatchObject({
      steps: [],
      outcome: { kind: 'sanctioned', sent: 0, settled: 1 },
    });
  });
});
