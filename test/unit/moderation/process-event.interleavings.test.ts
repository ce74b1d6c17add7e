/**
 * Two events of one group processed at once, in the one interleaving that `Promise.all` over
 * in-memory ports never produces: the winner calls Agora, then the loser calls Agora, then the
 * winner writes the group's state, then the loser's write fails and it starts over. The loser's
 * call reached the group last; afterwards the group must still be as the ledger says.
 */
import { describe, expect, test } from 'vitest';
import type { ModerationEvent } from '../../../functions/events/index.js';
import type { Ledger } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import {
  type GroupSwitch,
  type InterpreterDependencies,
} from '../../../functions/moderation/delivery/interpreter-dependencies.js';
import { type Outcome } from '../../../functions/moderation/decision/index.js';
import { CoreHarness, eventAt, losingFirstWrite, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Runs `winner` until its first Agora call has been answered; it goes on once `release` resolves. */
async function winnerHeldAfterItsCall(
  core: CoreHarness,
  winner: ModerationEvent,
): Promise<{ winnerRun: Promise<Outcome>; release: ReturnType<typeof deferred> }> {
  const called = deferred();
  const release = deferred();
  let held = false;
  const holdAfter = (switchCall: (groupId: string) => Promise<unknown>) => async (groupId: string) => {
    await switchCall(groupId);
    if (held) return;
    held = true;
    called.resolve();
    await release.promise;
  };
  const winnerGroups: GroupSwitch = {
    disable: holdAfter((g) => core.groups.disable(g)),
    enable: holdAfter((g) => core.groups.enable(g)),
  };
  const winnerRun = processEvent({ ...core.context, groups: winnerGroups }, winner);
  await called.promise;
  return { winnerRun, release };
}

/**
 * Runs `winner` until its first Agora call has been answered and holds it there; runs `loser`
 * until it is about to write the group's state, lets `winner` finish (so it commits first), then
 * lets `loser` go on. Resolves with both outcomes.
 */
async function loserCallsAfterWinner(
  core: CoreHarness,
  winner: ModerationEvent,
  loser: ModerationEvent,
): Promise<{ winner: Outcome; loser: Outcome }> {
  const { winnerRun, release } = await winnerHeldAfterItsCall(core, winner);

  const loserLedger = losingFirstWrite(core, () => {
    release.resolve();
    return winnerRun;
  });
  const loserContext: InterpreterDependencies = { ...core.context, ledger: loserLedger };
  const loserRun = processEvent(loserContext, loser).finally(() => release.resolve());
  const [winnerOutcome, loserOutcome] = await Promise.all([winnerRun, loserRun]);
  return { winner: winnerOutcome, loser: loserOutcome };
}

/** The group is disabled exactly when the ledger has a ban in force, the one its state names. */
async function expectGroupAsLedgerSays(core: CoreHarness): Promise<void> {
  const active = await core.activeBans(G);
  expect(active.length, 'active bans').toBeLessThanOrEqual(1);
  expect((await core.ledger.getGroupState(G)).activeBanId, 'the ban the state names').toBe(active[0]?.banId);
  expect(core.groups.disabled.get(G) ?? false, 'the group is disabled').toBe(active.length === 1);
}

const disable = (id: string, duration: number) => eventAt('group.disable', G, T0, { id, duration });
const enable = (id: string) => eventAt('group.enable', G, T0, { id });
const expire = (id: string, banId: string) => eventAt('ban.expire', G, T0, { id, banId });
const enforce = (id: string, banId: string) => eventAt('ban.enforce', G, T0, { id, banId });

describe('the loser of a concurrent write called Agora after the winner', () => {
  // Ban `ban-x` (600 s) is in force; the two events race for the group.
  test.each([
    [
      'an expiry loses to a longer disable',
      disable('d-long', 3600),
      expire('x1', 'ban-x'),
      { loser: 'unchanged', disabled: true },
    ],
    [
      'an expiry loses to a shorter disable',
      disable('d-short', 60),
      expire('x2', 'ban-x'),
      { loser: 'enabled', disabled: false },
    ],
    [
      'a longer disable loses to an expiry',
      expire('x3', 'ban-x'),
      disable('d-long2', 3600),
      { loser: 'disabled', disabled: true },
    ],
    [
      'an enable loses to a longer disable',
      disable('d-long3', 3600),
      enable('e1'),
      { loser: 'enabled', disabled: false },
    ],
    [
      'an enable loses to a shorter disable',
      disable('d-short2', 60),
      enable('e2'),
      { loser: 'enabled', disabled: false },
    ],
    [
      'a longer disable loses to an enable',
      enable('e3'),
      disable('d-long4', 3600),
      { loser: 'disabled', disabled: true },
    ],
    // The audit's repair of a bypassed ban and an appeal granted at the same moment.
    ['an enforce loses to an enable', enable('e4'), enforce('f1', 'ban-x'), { loser: 'unchanged', disabled: false }],
    ['an enable loses to an enforce', enforce('f2', 'ban-x'), enable('e5'), { loser: 'enabled', disabled: false }],
  ] as const)('%s: the group ends as the ledger says', async (_name, winner, loser, expected) => {
    // Prepare
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));

    // Act
    const outcomes = await loserCallsAfterWinner(core, winner, loser);

    // Assess
    expect(outcomes.loser.kind).toBe(expected.loser);
    expect(core.groups.disabled.get(G)).toBe(expected.disabled);
    await expectGroupAsLedgerSays(core);
  });

  test('the loser’s call came last: the group is disabled again while the winner’s ban is in force, and the ledger shows one more version', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));

    await loserCallsAfterWinner(core, disable('d-long', 3600), expire('x1', 'ban-x'));

    expect(core.groups.calls.map((entry) => entry.call)).toEqual(['disable', 'disable', 'enable', 'disable']);
    expect(await core.activeBans(G)).toMatchObject([{ banId: 'ban-d-long' }]);
    // x's ban, the winner's, and the loser's call again.
    expect((await core.ledger.getGroupState(G)).version).toBe(3);
  });
});

describe('an attempt that called Agora and then failed to write, not by a conflict', () => {
  /**
   * `winner` holds after its first Agora call; `loser` runs to its state write, lets `winner`
   * commit, then fails that write as a timeout would: it throws, and its call is not recorded.
   */
  async function loserTimesOutAfterWinner(
    core: CoreHarness,
    winner: ModerationEvent,
    loser: ModerationEvent,
  ): Promise<void> {
    const { winnerRun, release } = await winnerHeldAfterItsCall(core, winner);
    const loserLedger = Object.create(core.ledger) as Ledger;
    loserLedger.saveGroupState = async () => {
      release.resolve();
      await winnerRun;
      throw new Error('the state write timed out');
    };
    await expect(processEvent({ ...core.context, ledger: loserLedger }, loser)).rejects.toThrow('timed out');
    await winnerRun;
  }

  test.each([
    // ban-x is gone, so the expiry makes no call: the group must be disabled again, under d-long.
    ['an expiry', expire('x1', 'ban-x'), ['ban-d-long']],
    // An appeal lifts the ban in force, whichever it is: the redelivery enables, as its call did.
    ['an enable', enable('e1'), []],
  ] as const)(
    '%s redelivered after its enable outran a longer disable: the group ends as the ledger says',
    async (_name, loser, active) => {
      // Prepare: ban-x (600 s) in force; a longer disable wins, the loser's enable reaches the group after it.
      const core = new CoreHarness();
      await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));
      await loserTimesOutAfterWinner(core, disable('d-long', 3600), loser);
      expect(core.groups.disabled.get(G), 'the lost enable reached the group').toBe(false);

      // Act
      await processEvent(core.context, loser, {}, { redelivered: true });

      // Assess
      expect((await core.activeBans(G)).map((ban) => ban.banId)).toEqual(active);
      await expectGroupAsLedgerSays(core);
    },
  );

  test('a first delivery makes no such call: only a redelivery can follow a lost enable', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 3600 }));
    const before = core.groups.calls.length;

    await processEvent(core.context, expire('x9', 'ban-other'));

    expect(core.groups.calls.length).toBe(before);
  });
});

describe('repairs are made only where a call may have been lost', () => {
  test('a loser whose retry makes its own call makes no repair after it: one disable, not two', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));

    await loserCallsAfterWinner(core, expire('x3', 'ban-x'), disable('d-long2', 3600));

    // x's disable, the winner's enable, the loser's first disable, and its retry's own.
    expect(core.groups.calls.map((entry) => entry.call)).toEqual(['disable', 'enable', 'disable', 'disable']);
  });

  test('a redelivered expiry already processed still repairs a lost enable', async () => {
    const core = new CoreHarness();
    await core.process(eventAt('group.disable', G, T0, { id: 'x', duration: 600 }));
    const expiry = expire('x1', 'ban-x');
    await core.process(expiry);
    await core.process(disable('d-long', 3600));
    await core.groups.enable(G);

    const outcome = await processEvent(core.context, expiry, {}, { redelivered: true });

    expect(outcome.kind).toBe('duplicate');
    await expectGroupAsLedgerSays(core);
  });

  test('a processed marker written before digests were kept counts as the same event', async () => {
    const core = new CoreHarness();
    const event = disable('d1', 600);
    await core.ledger.markProcessed({
      eventId: 'd1',
      groupId: G,
      type: event.type,
      outcome: 'disabled',
      processedAt: new Date(T0).toISOString(),
    });

    await expect(processEvent(core.context, event)).resolves.toMatchObject({ kind: 'duplicate' });
  });
});
