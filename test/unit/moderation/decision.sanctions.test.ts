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

  test('an unblock, too, spares nobody and asks nobody: an unblock of the owner is sent', () => {
    const { asked, plan } = settle(eventAt('member.unblock', G, T0, { id: 'u2', users: ['owner'] }));
    expect(asked).toEqual([[{ kind: 'event-sanctions' }]]);
    expect(plan.steps.at(-1)).toEqual({ kind: 'lift-members', action: 'unblock', eventId: 'u2', users: ['owner'] });
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

  test.each(['member.remove', 'member.block'] as const)(
    'a redelivery of %s sends the user left pending again, marked resent (its answer may have been lost), beside the new one; none has an end',
    (type) => {
      const event = eventAt(type, G, T0, { id: 'r2', users: ['a', 'b'] });
      const kind = type === 'member.remove' ? 'remove' : 'block';
      const pending: SanctionRecord = {
        groupId: G,
        eventId: 'r2',
        kind,
        target: 'a',
        member: 'a',
        decidedAt: iso(-300),
        cause: { eventId: 'r2', eventType: type, reason: 'r', source: 's' },
        status: SanctionStatus.Pending,
        dryRun: false,
      };
      const { plan } = settle(event, { sanctions: [pending] });
      // A removal or a block has no end: neither its record, its call nor its outcome carries one.
      expect(recorded(plan.steps)).toStrictEqual([
        {
          ...pending,
          target: 'b',
          member: 'b',
          decidedAt: NOW,
          cause: { eventId: 'r2', eventType: type, reason: event.reason, source: event.source },
        },
      ]);
      expect(plan.outcome).toStrictEqual({ kind: 'sanctioned', action: kind, sent: 2, skipped: [], settled: 0 });
      expect(plan.steps.at(-1)).toStrictEqual({
        kind: 'sanction-members',
        action: kind,
        eventId: 'r2',
        users: ['a', 'b'],
        resent: ['a'],
      });
    },
  );

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
      outcome: { kind: 'sanctioned', sent: 0, skipped: [], settled: 1 },
    });
  });
});

describe('the group’s mute, every way it ends', () => {
  const storedMute = (eventId: string, until: string | null, status: SanctionRecord['status']): SanctionRecord => ({
    groupId: G,
    eventId,
    kind: 'mute-all',
    target: G,
    until,
    decidedAt: iso(-100),
    cause: { eventId, eventType: 'group.mute_all', reason: 'r', source: 's' },
    status,
    dryRun: false,
  });

  test('a mute-all without a duration lasts until lifted: nothing is scheduled, and the outcome says so', () => {
    const { asked, plan } = settle(eventAt('group.mute_all', G, T0, { id: 'p1' }));
    // The owner and admins may still speak in a muted group: they are not asked for.
    expect(asked).toEqual([[{ kind: 'event-sanctions' }]]);
    expect(kinds(plan.steps)).toEqual(['record-sanction', 'mute-group', 'commit', 'resolve-sanction']);
    expect(recorded(plan.steps)[0]).toMatchObject({ until: null, status: 'pending' });
    expect(plan.steps[2]).toEqual({
      kind: 'commit',
      state: { groupId: G, version: 2, groupMute: { muteId: 'mute-all-p1', until: null } },
    });
    expect(describeOutcome(plan.outcome)).toBe('mute-all: 1 sent until permanent');
  });

  test('a mute-all an earlier delivery settled is left alone, with the end it was given', () => {
    const event = eventAt('group.mute_all', G, T0, { id: 'p2', duration: 900 });
    const { plan } = settle(event, { sanctions: [storedMute('p2', iso(700), SanctionStatus.Applied)] });
    expect(plan.steps).toEqual([]);
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'mute-all',
      sent: 0,
      skipped: [],
      settled: 1,
      until: iso(700),
    });
  });

  test('a settled mute-all without an end is reported as permanent', () => {
    const event = eventAt('group.mute_all', G, T0, { id: 'p3' });
    const stored = { ...storedMute('p3', null, SanctionStatus.Applied) };
    delete (stored as Partial<SanctionRecord>).until;
    expect(settle(event, { sanctions: [stored] }).plan.outcome).toMatchObject({ settled: 1, until: null });
  });

  test('in dry run a mute-all is recorded skipped with its end, and nothing is sent or committed', () => {
    const { plan } = settle(eventAt('group.mute_all', G, T0, { id: 'p4', duration: 60 }), {}, { dryRun: true });
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    expect(recorded(plan.steps)[0]).toMatchObject({
      status: 'skipped',
      until: iso(60),
      dryRun: true,
      resolution: { status: 'skipped', at: NOW, reason: 'dry run: recorded, not sent' },
    });
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'mute-all',
      sent: 0,
      skipped: [{ target: G, reason: 'dry run: recorded, not sent' }],
      settled: 0,
      until: iso(60),
    });
  });

  test.each([
    ['a mute in force until lifted', null],
    ['a mute in force that ends at the same time', iso(600)],
    ['a mute in force that ends later', iso(601)],
  ])('%s is kept, and the skip names it and its end', (_case, until) => {
    const { plan } = settle(eventAt('group.mute_all', G, T0, { id: 'p5', duration: 600 }), {
      state: { groupMute: { muteId: 'mute-all-r0', until } },
    });
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    const reason = `the group's mute mute-all-r0 in force lasts at least as long (until ${until ?? 'lifted'})`;
    expect(recorded(plan.steps)[0]).toMatchObject({
      status: 'skipped',
      until: iso(600),
      resolution: { status: 'skipped', at: NOW, reason },
    });
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'mute-all',
      sent: 0,
      skipped: [{ target: G, reason }],
      settled: 0,
      until: iso(600),
    });
  });

  test.each([
    ['a shorter mute in force is replaced by a longer one', iso(599), 600],
    ['a timed mute in force is replaced by one until lifted', iso(3_600), undefined],
  ])('%s', (_case, until, duration) => {
    const event = eventAt('group.mute_all', G, T0, { id: 'p6', ...(duration !== undefined && { duration }) });
    const { plan } = settle(event, { state: { groupMute: { muteId: 'mute-all-r0', until } } });
    const end = duration === undefined ? null : iso(duration);
    expect(plan.steps).toContainEqual({
      kind: 'commit',
      state: { groupId: G, version: 2, groupMute: { muteId: 'mute-all-p6', until: end } },
    });
    expect(plan.steps).toContainEqual({ kind: 'mute-group' });
    expect(plan.outcome).toMatchObject({ sent: 1, skipped: [], until: end });
  });

  test('a pending mute-all found outlasted on its redelivery is resolved skipped, not recorded again', () => {
    const event = eventAt('group.mute_all', G, T0, { id: 'p7', duration: 900 });
    const { plan } = settle(event, {
      sanctions: [storedMute('p7', iso(800), SanctionStatus.Pending)],
      state: { groupMute: { muteId: 'mute-all-r0', until: null } },
    });
    expect(plan.steps).toEqual([
      {
        kind: 'resolve-sanction',
        key: { groupId: G, eventId: 'p7', kind: 'mute-all', target: G },
        resolution: {
          status: 'skipped',
          at: NOW,
          reason: "the group's mute mute-all-r0 in force lasts at least as long (until lifted)",
        },
      },
    ]);
    expect(plan.outcome).toMatchObject({ sent: 0, settled: 0, until: iso(800) });
  });
});

describe('lifting the group’s mute', () => {
  const storedUnmute = (eventId: string, status: SanctionRecord['status']): SanctionRecord => ({
    groupId: G,
    eventId,
    kind: 'unmute-all',
    target: G,
    decidedAt: iso(-100),
    cause: { eventId, eventType: 'group.unmute_all', reason: 'r', source: 's' },
    status,
    dryRun: false,
  });

  test('an operator’s unmute-all (no mute named) lifts whatever mute is in force, and the state lets go of it', () => {
    const { asked, plan } = settle(eventAt('group.unmute_all', G, T0, { id: 'q1' }), {
      state: { groupMute: { muteId: 'mute-all-r5', until: null } },
    });
    expect(asked).toEqual([[{ kind: 'event-sanctions' }]]);
    expect(plan.steps).toEqual([
      {
        kind: 'record-sanction',
        sanction: expect.objectContaining({ kind: 'unmute-all', target: G, status: 'pending', eventId: 'q1' }),
      },
      { kind: 'unmute-group' },
      { kind: 'commit', state: { groupId: G, version: 2 } },
      {
        kind: 'resolve-sanction',
        key: { groupId: G, eventId: 'q1', kind: 'unmute-all', target: G },
        resolution: { status: 'applied', at: NOW },
      },
    ]);
    expect(plan.outcome).toEqual({ kind: 'sanctioned', action: 'unmute-all', sent: 1, skipped: [], settled: 0 });
  });

  test('an unmute-all an earlier delivery settled sends nothing', () => {
    const event = eventAt('group.unmute_all', G, T0, { id: 'q2' });
    const { plan } = settle(event, {
      sanctions: [storedUnmute('q2', SanctionStatus.Applied)],
      state: { groupMute: { muteId: 'mute-all-r5', until: null } },
    });
    expect(plan.steps).toEqual([]);
    expect(plan.outcome).toEqual({ kind: 'sanctioned', action: 'unmute-all', sent: 0, skipped: [], settled: 1 });
  });

  test('a scheduled unmute whose commit went through on an earlier attempt only resolves its sanction', () => {
    const event = eventAt('group.unmute_all', G, T0, { id: 'q3', muteId: 'mute-all-r1' });
    const { plan } = settle(event, { sanctions: [storedUnmute('q3', SanctionStatus.Pending)] });
    expect(plan.steps).toEqual([
      {
        kind: 'resolve-sanction',
        key: { groupId: G, eventId: 'q3', kind: 'unmute-all', target: G },
        resolution: { status: 'applied', at: NOW },
      },
    ]);
    expect(plan.outcome).toMatchObject({ sent: 0, settled: 1 });
  });

  test('a pending unmute-all is sent again on its redelivery without being recorded twice', () => {
    const event = eventAt('group.unmute_all', G, T0, { id: 'q4', muteId: 'mute-all-r1' });
    const { plan } = settle(event, {
      sanctions: [storedUnmute('q4', SanctionStatus.Pending)],
      state: { groupMute: { muteId: 'mute-all-r1', until: iso(0) } },
    });
    expect(kinds(plan.steps)).toEqual(['unmute-group', 'commit', 'resolve-sanction']);
  });

  test('a pending unmute-all of an operator (no mute named) is sent again on its redelivery', () => {
    const event = eventAt('group.unmute_all', G, T0, { id: 'q6' });
    const { plan } = settle(event, {
      sanctions: [storedUnmute('q6', SanctionStatus.Pending)],
      state: { groupMute: { muteId: 'mute-all-r5', until: null } },
    });
    expect(kinds(plan.steps)).toEqual(['unmute-group', 'commit', 'resolve-sanction']);
    expect(plan.outcome).toMatchObject({ sent: 1, settled: 0 });
  });

  test('the scheduled unmute of a mute no longer in force says which, and does nothing', () => {
    const { plan } = settle(eventAt('group.unmute_all', G, T0, { muteId: 'mute-all-r1' }));
    expect(plan).toMatchObject({
      steps: [],
      outcome: { kind: 'unchanged', why: "the group's mute mute-all-r1 is no longer in force (lifted or replaced)" },
    });
  });

  test('in dry run an unmute-all is recorded skipped and the mute stays', () => {
    const { plan } = settle(
      eventAt('group.unmute_all', G, T0, { id: 'q5' }),
      { state: { groupMute: { muteId: 'mute-all-r5', until: null } } },
      { dryRun: true },
    );
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    expect(recorded(plan.steps)[0]).toMatchObject({
      kind: 'unmute-all',
      status: 'skipped',
      dryRun: true,
      resolution: { status: 'skipped', at: NOW, reason: 'dry run: recorded, not sent' },
    });
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'unmute-all',
      sent: 0,
      skipped: [{ target: G, reason: 'dry run: recorded, not sent' }],
      settled: 0,
    });
  });
});

describe('recall, redelivered and dry', () => {
  const event = () => eventAt('message.recall', G, T0, { id: 'c2', messageId: '1028442084794698105', sender: 'x' });

  test('a pending recall is sent again without being recorded twice', () => {
    const first = settle(event());
    expect(first.asked).toEqual([[{ kind: 'event-sanctions' }]]);
    const pending = recorded(first.plan.steps)[0]!;
    const { plan } = settle(event(), { sanctions: [pending] });
    expect(plan.steps).toEqual([{ kind: 'recall-message', eventId: 'c2', messageId: '1028442084794698105' }]);
    expect(plan.outcome).toEqual({ kind: 'sanctioned', action: 'recall', sent: 1, skipped: [], settled: 0 });
  });

  test('in dry run a recall is recorded skipped and never sent', () => {
    const { plan } = settle(event(), {}, { dryRun: true });
    expect(kinds(plan.steps)).toEqual(['record-sanction']);
    expect(recorded(plan.steps)[0]).toMatchObject({ status: 'skipped', dryRun: true, member: 'x' });
    expect(plan.outcome).toEqual({
      kind: 'sanctioned',
      action: 'recall',
      sent: 0,
      skipped: [{ target: '1028442084794698105', reason: 'dry run: recorded, not sent' }],
      settled: 0,
    });
  });
});
