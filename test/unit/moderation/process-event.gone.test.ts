/**
 * Groups Agora no longer has (deleted while banned, or never created), through `processEvent` on
 * in-memory ports: every event for one ends the group's bans with "group deleted", a pending ban
 * that never reached Agora ends as never in force, the event is processed (not thrown, so not
 * parked), and the refused call is the only Agora call made.
 */
import { describe, expect, test } from 'vitest';
import { errorFromResponse } from '../../../functions/agora/index.js';
import { BanStatus, type BanRecord } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const NOW = new Date(T0).toISOString();
const gone = (call: 'disable' | 'enable') =>
  `group deleted: Agora has no group ${G} (POST /chatgroups/${G}/${call}: 404 service_resource_not_found)`;

/** A harness whose group `G` was banned by `d1` (an hour), then deleted in Agora. */
async function bannedThenDeleted(): Promise<CoreHarness> {
  const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 3600 } });
  await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }));
  core.groups.deleted.add(G);
  return core;
}

const endings = async (core: CoreHarness) =>
  (await core.bans(G)).map((ban: BanRecord) => ({ banId: ban.banId, status: ban.status, ended: ban.ended }));

describe('a group deleted while banned', () => {
  test('its ban.expire ends the ban as lifted, "group deleted", lets the state go of it, and is processed after one refused call', async () => {
    const core = await bannedThenDeleted();
    const calls = core.groups.calls.length;
    const expire = eventAt('ban.expire', G, T0, { id: 'x1', banId: 'ban-d1' });

    const outcome = await core.process(expire);

    expect(outcome).toEqual({ kind: 'gone', why: `${gone('enable')}; ended ban-d1` });
    expect(await endings(core)).toEqual([
      {
        banId: 'ban-d1',
        status: BanStatus.Lifted,
        ended: { at: NOW, byEventId: 'x1', byEventType: 'ban.expire', reason: 'group deleted' },
      },
    ]);
    expect(await core.ledger.getGroupState(G)).toEqual({ groupId: G, recentBans: [NOW], version: 2 });
    expect(await core.ledger.getProcessed('x1')).toMatchObject({ outcome: `gone: ${gone('enable')}; ended ban-d1` });
    expect(core.groups.refused).toEqual([{ groupId: G, call: 'enable' }]);
    expect(core.groups.calls).toHaveLength(calls);
  });

  test.each([
    ['group.enable', 'enable', {}],
    ['ban.enforce', 'disable', { banId: 'ban-d1' }],
    ['group.disable (a longer ban)', 'disable', { duration: 'permanent' }],
  ] as const)('%s ends the ban in force the same way', async (label, call, extra) => {
    const core = await bannedThenDeleted();
    const type = label.split(' ')[0] as 'group.enable' | 'ban.enforce' | 'group.disable';
    const event = eventAt(type, G, T0, { id: 'n1', ...extra });

    const outcome = await core.process(event);

    const own = type === 'group.disable' ? ['ban-n1'] : [];
    expect(outcome).toEqual({ kind: 'gone', why: `${gone(call)}; ended ${['ban-d1', ...own].join(', ')}` });
    const bans = await core.bans(G);
    expect(bans.filter((ban) => ban.status === BanStatus.Pending || ban.status === BanStatus.Active)).toEqual([]);
    expect(bans.find((ban) => ban.banId === 'ban-d1')).toMatchObject({
      status: BanStatus.Lifted,
      ended: { reason: 'group deleted', byEventId: 'n1', byEventType: type },
    });
    expect((await core.ledger.getGroupState(G)).activeBanId).toBeUndefined();
    expect(core.groups.refused).toEqual([{ groupId: G, call }]);
  });

  test('a longer ban imposed on it never came into force: it ends replaced, "never in force: group deleted"', async () => {
    const core = await bannedThenDeleted();

    await core.process(eventAt('group.disable', G, T0, { id: 'd2', duration: 'permanent' }));

    expect((await endings(core)).find((ban) => ban.banId === 'ban-d2')).toEqual({
      banId: 'ban-d2',
      status: BanStatus.Replaced,
      ended: { at: NOW, byEventId: 'd2', byEventType: 'group.disable', reason: 'never in force: group deleted' },
    });
  });

  test('a pending ban the state names (a commit stopped before activating it) was in force: it ends lifted', async () => {
    const core = new CoreHarness();
    const failing = {
      ...core.context,
      ledger: Object.assign(Object.create(core.ledger) as typeof core.ledger, {
        activateBan: () => Promise.reject(new Error('timed out')),
      }),
    };
    await expect(processEvent(failing, eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }))).rejects.toThrow(
      'timed out',
    );
    core.groups.deleted.add(G);

    await core.process(eventAt('group.enable', G, T0, { id: 'e1' }));

    expect(await endings(core)).toEqual([
      {
        banId: 'ban-d1',
        status: BanStatus.Lifted,
        ended: { at: NOW, byEventId: 'e1', byEventType: 'group.enable', reason: 'group deleted' },
      },
    ]);
  });

  test('bans that had already ended are left as they were, and not named', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }));
    await core.process(eventAt('group.enable', G, T0, { id: 'e1' }));
    await core.process(eventAt('group.disable', G, T0, { id: 'd2', duration: 3600 }));
    core.groups.deleted.add(G);
    const lifted = (await core.bans(G)).find((ban) => ban.banId === 'ban-d1');

    expect(await core.process(eventAt('ban.expire', G, T0, { id: 'x2', banId: 'ban-d2' }))).toEqual({
      kind: 'gone',
      why: `${gone('enable')}; ended ban-d2`,
    });
    expect((await core.bans(G)).find((ban) => ban.banId === 'ban-d1')).toEqual(lifted);
  });

  test('an active ban the state does not name (a state lost or rewritten) ends lifted too', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }));
    const [ban] = await core.bans(G);
    core.ledger.states.set(G, { groupId: G, version: 7 });
    expect(ban!.status).toBe(BanStatus.Active);
    core.groups.deleted.add(G);

    await core.process(eventAt('group.disable', G, T0, { id: 'd2', duration: 60 }));

    expect((await core.bans(G)).map((b) => [b.banId, b.status, b.ended?.reason])).toEqual([
      ['ban-d1', BanStatus.Lifted, 'group deleted'],
      ['ban-d2', BanStatus.Replaced, 'never in force: group deleted'],
    ]);
    expect(await core.ledger.getGroupState(G)).toEqual({ groupId: G, version: 7 });
  });

  test('a redelivery of the event is a duplicate that calls nothing', async () => {
    const core = await bannedThenDeleted();
    const expire = eventAt('ban.expire', G, T0, { id: 'x1', banId: 'ban-d1' });
    await core.process(expire);

    expect(await core.process(expire)).toEqual({
      kind: 'duplicate',
      previously: `gone: ${gone('enable')}; ended ban-d1`,
    });
    expect(core.groups.refused).toHaveLength(1);
  });

  test('a redelivered enable whose lost call is aligned finds the group gone: the ban in force ends, no call after the refused one', async () => {
    const core = new CoreHarness({ enableMayLiftForeignBans: true });
    const enable = eventAt('group.enable', G, T0, { id: 'e1' });
    await core.process(enable);
    await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }));
    core.groups.deleted.add(G);

    const outcome = await processEvent(core.context, enable, {}, { redelivered: true });

    expect(outcome).toEqual({ kind: 'gone', why: `${gone('disable')}; ended ban-d1` });
    expect((await core.bans(G))[0]).toMatchObject({
      status: BanStatus.Lifted,
      ended: { reason: 'group deleted', byEventId: 'e1' },
    });
    expect(core.groups.refused).toEqual([{ groupId: G, call: 'disable' }]);
  });
});

describe('a group that never existed', () => {
  test('violations crossing the threshold leave no pending ban: the crossing ban ends as never in force', async () => {
    const core = new CoreHarness({ threshold: { count: 3, windowSeconds: 3600 } });
    core.groups.deleted.add(G);
    const violations = [1, 2, 3].map((i) => eventAt('violation.reported', G, T0 - i * 1000, { id: `v${i}` }));

    const outcomes = [];
    for (const violation of violations) outcomes.push(await core.process(violation));

    expect(outcomes.slice(0, 2).map((outcome) => outcome.kind)).toEqual(['counted', 'counted']);
    expect(outcomes[2]).toEqual({ kind: 'gone', why: `${gone('disable')}; ended ban-v3` });
    expect(await endings(core)).toEqual([
      {
        banId: 'ban-v3',
        status: BanStatus.Replaced,
        ended: { at: NOW, byEventId: 'v3', byEventType: 'violation.reported', reason: 'never in force: group deleted' },
      },
    ]);
    // Nothing named a ban: the state is not written.
    expect(await core.ledger.getGroupState(G)).toEqual({ groupId: G, version: 0 });
    expect(core.groups.refused).toEqual([{ groupId: G, call: 'disable' }]);
    expect(core.groups.calls).toEqual([]);
  });

  test('an enable the policy lets through, with no ban of the group, says so and writes no state', async () => {
    const core = new CoreHarness({ enableMayLiftForeignBans: true });
    core.groups.deleted.add(G);

    expect(await core.process(eventAt('group.enable', G, T0, { id: 'e1' }))).toEqual({
      kind: 'gone',
      why: `${gone('enable')}; no ban of it was open`,
    });
    expect(await core.ledger.getGroupState(G)).toEqual({ groupId: G, version: 0 });
  });

  test('in dry run nothing calls Agora, so nothing finds the group gone', async () => {
    const core = new CoreHarness({ dryRun: true });
    core.groups.deleted.add(G);

    expect(await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 60 }))).toMatchObject({
      kind: 'disabled',
      banId: 'ban-d1',
    });
    expect(core.groups.refused).toEqual([]);
  });
});

describe('other 404s are not a gone group', () => {
  test.each([['organization_application_not_found'], ['']])(
    '404 %s is thrown, for the caller to retry, and ends no ban',
    async (code) => {
      const core = await bannedThenDeleted();
      core.groups.deleted.delete(G);
      const wrongApp = errorFromResponse({ status: 404, code, description: 'd', method: 'POST', path: '/p', body: {} });
      const groups = { disable: () => Promise.reject(wrongApp), enable: () => Promise.reject(wrongApp) };

      await expect(
        processEvent({ ...core.context, groups }, eventAt('ban.expire', G, T0, { id: 'x1', banId: 'ban-d1' })),
      ).rejects.toBe(wrongApp);
      expect((await core.bans(G)).map((ban) => ban.status)).toEqual([BanStatus.Active]);
      expect(await core.ledger.getProcessed('x1')).toBeUndefined();
    },
  );
});

describe('a group deleted while its members are on the ladder', () => {
  test('a violation whose step reads the owner and admins ends as gone, its bans ended and it processed, never parked', async () => {
    const core = new CoreHarness({
      threshold: { count: 8, windowSeconds: 3600 },
      members: { windowSeconds: 3600, ladder: [{ hits: 1, actions: ['recall', { mute: 600 }] }] },
    });
    await core.process(eventAt('group.disable', G, T0, { id: 'd1', duration: 3600 }));
    core.groups.deleted.add(G);
    // Agora's answer to the read of a group it does not have.
    core.moderation.staff = () =>
      Promise.reject(
        errorFromResponse({
          status: 404,
          code: 'service_resource_not_found',
          description: `grpID ${G} does not exist!`,
          method: 'GET',
          path: `/chatgroups/${G}`,
          body: {},
        }),
      );
    const violation = eventAt('violation.reported', G, T0, { id: 'v1', sender: 'spammer', messageId: '1' });

    const outcome = await core.process(violation);

    const why = `group deleted: Agora has no group ${G} (GET /chatgroups/${G}: 404 service_resource_not_found); ended ban-d1`;
    expect(outcome).toEqual({ kind: 'gone', why });
    expect((await core.bans(G))[0]).toMatchObject({ status: BanStatus.Lifted, ended: { reason: 'group deleted' } });
    expect(await core.ledger.getProcessed('v1')).toMatchObject({ outcome: `gone: ${why}` });
    expect(core.moderation.calls.filter((call) => call.call === 'mute')).toEqual([]);
  });
});
