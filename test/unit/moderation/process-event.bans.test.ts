/**
 * The ban rules at their edges, through `processEvent` on in-memory ports: a state left naming a
 * ban that is not active (an attempt stopped between two writes), bans that end at the same
 * moment, the first instant of the escalation window, pending bans of attempts that lost, and
 * what each outcome says. The last block counts ledger operations: a retry or a redelivery must
 * not pay reads and writes that change nothing.
 */
import { describe, expect, test } from 'vitest';
import type { ModerationEvent } from '../../../functions/events/index.js';
import type { Ledger } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, losingFirstWrite, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const at = (seconds: number) => T0 + seconds * 1000;
const iso = (seconds: number) => new Date(at(seconds)).toISOString();

const disable = (id: string, duration?: number | 'permanent') =>
  eventAt('group.disable', G, T0, { id, ...(duration !== undefined && { duration }) });
const enable = (id: string) => eventAt('group.enable', G, T0, { id });
const expire = (id: string, banId: string) => eventAt('ban.expire', G, T0, { id, banId });
const enforce = (id: string, banId: string) => eventAt('ban.enforce', G, T0, { id, banId });
const violation = (id: string, seconds: number) => eventAt('violation.reported', G, at(seconds), { id });

/** The harness's ledger with one write failing, as a crash or a timeout between two writes would leave it. */
function failing(core: CoreHarness, write: 'saveGroupState' | 'activateBan'): Ledger {
  return Object.assign(Object.create(core.ledger) as Ledger, {
    [write]: () => Promise.reject(new Error(`${write} timed out`)),
  });
}

/** The harness's context with a scheduler that is down: an attempt fails after its ban is written and the group disabled. */
const schedulerDown = (core: CoreHarness) => ({
  ...core.context,
  scheduler: { scheduleExpiry: () => Promise.reject(new Error('Scheduler unavailable')) },
});

/** `ledger`, logging each operation with its string arguments but the group id, and the `banId` of a ban it stores (`getBan ban-d1`, `putBan ban-d1`). */
function logged(ledger: Ledger, log: string[]): Ledger {
  return new Proxy(ledger, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const ids = args.filter((arg): arg is string => typeof arg === 'string' && arg !== G);
        const banId = (args[0] as { banId?: unknown } | undefined)?.banId;
        log.push([String(name), ...ids, ...(typeof banId === 'string' ? [banId] : [])].join(' '));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const banStatuses = async (core: CoreHarness) => (await core.bans(G)).map((ban) => [ban.banId, ban.status]);

describe('a state left naming a ban that is not active', () => {
  test('a lifted ban (a lift stopped before the state let go of it) is not in force: a new disable imposes its own and replaces nothing', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 3600));
    await expect(
      processEvent({ ...core.context, ledger: failing(core, 'saveGroupState') }, enable('e1')),
    ).rejects.toThrow('timed out');
    expect((await core.ledger.getGroupState(G)).activeBanId).toBe('ban-d1');

    const outcome = await core.process(disable('d2', 60));

    expect(outcome).toEqual({ kind: 'disabled', banId: 'ban-d2', until: iso(60) });
    expect(await banStatuses(core)).toEqual([
      ['ban-d1', 'lifted'],
      ['ban-d2', 'active'],
    ]);
  });

  test('a lifted ban is lifted again only by the event that lifted it: another enable, or its expiry, finds nothing to lift', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 3600));
    await expect(
      processEvent({ ...core.context, ledger: failing(core, 'saveGroupState') }, enable('e1')),
    ).rejects.toThrow('timed out');
    const calls = core.groups.calls.length;

    expect(await core.process(enable('e2'))).toEqual({
      kind: 'unchanged',
      why: 'no ban of the automation is in force, and the policy does not let an enable lift other bans',
    });
    expect(await core.process(expire('x1', 'ban-d1'))).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 is no longer in force (lifted or replaced)',
    });
    expect(core.groups.calls.length).toBe(calls);
    expect(await core.process(enable('e1'))).toEqual({ kind: 'enabled', liftedBanId: 'ban-d1' });
  });

  test('a pending ban (a commit stopped before the ban was marked active) is in force: an enable lifts it', async () => {
    const core = new CoreHarness();
    await expect(
      processEvent({ ...core.context, ledger: failing(core, 'activateBan') }, disable('d1', 3600)),
    ).rejects.toThrow('timed out');
    expect(await banStatuses(core)).toEqual([['ban-d1', 'pending']]);

    const outcome = await core.process(enable('e1'));

    expect(outcome).toEqual({ kind: 'enabled', liftedBanId: 'ban-d1' });
    expect(await banStatuses(core)).toEqual([['ban-d1', 'lifted']]);
    expect(core.groups.disabled.get(G)).toBe(false);
  });
});

describe('which ban lasts longer', () => {
  test('a ban ending at the same moment as the one in force leaves it in force, and says until when', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 60));

    expect(await core.process(disable('d2', 60))).toEqual({
      kind: 'unchanged',
      why: `ban ban-d1 already in force until ${iso(60)}`,
    });
    expect(await banStatuses(core)).toEqual([['ban-d1', 'active']]);
  });

  test('a permanent ban in force is said to last until permanent', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 'permanent'));

    expect(await core.process(disable('d2', 'permanent'))).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 already in force until permanent',
    });
  });

  test('a replaced ban records what replaced it, and why', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 60));
    await core.process(disable('d2', 600));

    const [replaced] = await core.bans(G);
    expect(replaced?.ended).toEqual({
      at: iso(0),
      byEventId: 'd2',
      byEventType: 'group.disable',
      reason: 'replaced by ban ban-d2, which lasts longer',
      replacedBy: 'ban-d2',
    });
  });
});

test('a ban imposed exactly one escalation window ago still counts towards the next', async () => {
  const core = new CoreHarness({ banDurations: [60, 120], escalationWindowDays: 1 });
  await core.process(disable('d1'));
  core.now = at(60);
  await core.process(expire('x1', 'ban-d1'));

  core.now = at(86_400);
  const outcome = await core.process(disable('d2'));

  expect(outcome).toEqual({ kind: 'disabled', banId: 'ban-d2', until: iso(86_400 + 120) });
});

test('a ban records its reason: how a crossing was reached, or the event’s own', async () => {
  const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
  await core.process(violation('v1', 0));
  const crossing = violation('v2', 1);
  await core.process(crossing);
  await core.process(enable('e1'));
  const own = disable('d1');
  await core.process(own);

  expect((await core.bans(G)).map((ban) => ban.reason)).toEqual([
    `2 violations within 600 s (threshold 2); last: ${crossing.reason}`,
    own.reason,
  ]);
});

describe('pending bans of attempts that lost', () => {
  test('an earlier attempt’s pending ban, outlasted by a ban imposed since, is ended as never in force on redelivery', async () => {
    const core = new CoreHarness();
    const short = disable('d-short', 60);
    await expect(processEvent(schedulerDown(core), short)).rejects.toThrow('Scheduler unavailable');
    await core.process(disable('d-long', 3600));

    const outcome = await core.process(short);

    expect(outcome).toEqual({ kind: 'unchanged', why: `ban ban-d-long already in force until ${iso(3600)}` });
    const bans = Object.fromEntries((await core.bans(G)).map((ban) => [ban.banId, ban]));
    expect(bans['ban-d-short']).toMatchObject({
      status: 'replaced',
      ended: {
        byEventId: 'd-short',
        reason: 'never in force: ban ban-d-long in force lasts at least as long',
        replacedBy: 'ban-d-long',
      },
    });
    expect(bans['ban-d-long']?.status).toBe('active');
  });

  test('a crossing that lost to a concurrent crossing ends the ban it had written, saying why', async () => {
    const core = new CoreHarness({ threshold: { count: 2, windowSeconds: 600 } });
    await core.process(violation('v1', 0));
    const ledger = losingFirstWrite(core, () => core.process(violation('v3', 2)));

    const outcome = await processEvent({ ...core.context, ledger }, violation('v2', 1));

    const why = `violation at ${iso(1)} is not after the last threshold crossing (${iso(2)}): recorded, and counted towards that crossing's ban`;
    expect(outcome).toEqual({ kind: 'unchanged', why });
    const lost = (await core.bans(G)).find((ban) => ban.banId === 'ban-v2');
    expect(lost).toMatchObject({ status: 'replaced', ended: { byEventId: 'v2' } });
    expect(lost?.ended?.reason).toBe(
      `never in force: a concurrent change of the group decided otherwise (unchanged: ${why})`,
    );
    expect((await core.activeBans(G)).map((ban) => ban.banId)).toEqual(['ban-v3']);
  });
});

describe('ban.enforce', () => {
  test('a ban decided in dry run is not enforced, even once dry run is off', async () => {
    const core = new CoreHarness({ dryRun: true });
    await core.process(disable('d1'));

    const outcome = await processEvent(
      { ...core.context, policy: { ...core.policy, dryRun: false } },
      enforce('f1', 'ban-d1'),
    );

    expect(outcome).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 was decided in dry run: it never disabled the group',
    });
    expect(core.groups.calls).toEqual([]);
  });

  test('a ban lifted since says there is nothing to enforce', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1'));
    await core.process(enable('e1'));

    expect(await core.process(enforce('f1', 'ban-d1'))).toEqual({
      kind: 'unchanged',
      why: 'ban ban-d1 is no longer in force (lifted or replaced): nothing to enforce',
    });
  });
});

test('a redelivered expiry already processed makes no call and no write when no ban is in force', async () => {
  const core = new CoreHarness();
  await core.process(disable('d1', 60));
  const expiry = expire('x1', 'ban-d1');
  await core.process(expiry);
  const { version } = await core.ledger.getGroupState(G);

  await processEvent(core.context, expiry, {}, { redelivered: true });

  expect(core.groups.calls.map((entry) => entry.call)).toEqual(['disable', 'enable']);
  expect((await core.ledger.getGroupState(G)).version).toBe(version);
});

describe('ledger operations: nothing paid for that changes nothing', () => {
  /** The operations `event` makes on the harness's ledger, through `ledger` if given. */
  async function operations(
    core: CoreHarness,
    event: ModerationEvent,
    ledger: Ledger = core.ledger,
  ): Promise<string[]> {
    const log: string[] = [];
    await processEvent({ ...core.context, ledger: logged(ledger, log) }, event);
    return log;
  }

  test('a shorter ban than the one in force writes no ban', async () => {
    const core = new CoreHarness();
    await core.process(disable('d1', 3600));

    const log = await operations(core, disable('d2', 60));

    expect(log.filter((operation) => /^(putBan|endBan|activateBan)/.test(operation))).toEqual([]);
  });

  test('a redelivery that finishes a pending ban does not store it again', async () => {
    const core = new CoreHarness();
    const event = disable('d1', 600);
    await expect(processEvent(schedulerDown(core), event)).rejects.toThrow('Scheduler unavailable');

    const log = await operations(core, event);

    expect(log.filter((operation) => operation.startsWith('putBan'))).toEqual([]);
    expect(await banStatuses(core)).toEqual([['ban-d1', 'active']]);
  });

  test('a retry after a concurrent write ends no ban of its own when its event wrote none: only the bans it lifted', async () => {
    const core = new CoreHarness();
    await core.process(disable('d0', 600));
    const ledger = losingFirstWrite(core, () => core.process(disable('d1', 3600)));

    const log = await operations(core, enable('e1'), ledger);

    expect(log.filter((operation) => operation.startsWith('endBan'))).toEqual([
      'endBan ban-d0 lifted',
      'endBan ban-d1 lifted',
    ]);
  });

  test('a retry that commits its own ban reads it once an attempt, no more', async () => {
    const core = new CoreHarness({ enableMayLiftForeignBans: true });
    const ledger = losingFirstWrite(core, () => core.process(enable('e0')));

    const log = await operations(core, disable('d1', 600), ledger);

    expect(log.filter((operation) => operation === 'getBan ban-d1')).toHaveLength(2);
    expect(await banStatuses(core)).toEqual([['ban-d1', 'active']]);
  });

  test('a redelivered expiry already processed reads the group’s state once, and aligns the group with it', async () => {
    const core = new CoreHarness();
    await core.process(disable('x', 600));
    const expiry = expire('x1', 'ban-x');
    await core.process(expiry);
    await core.process(disable('d-long', 3600));
    await core.groups.enable(G);
    const log: string[] = [];

    await processEvent({ ...core.context, ledger: logged(core.ledger, log) }, expiry, {}, { redelivered: true });

    expect(log.filter((operation) => operation.startsWith('getGroupState'))).toHaveLength(1);
    expect(core.groups.disabled.get(G)).toBe(true);
  });
});
