/**
 * Sanctions end to end through the interpreter: the real Agora client against the emulator over
 * HTTP, the DynamoDB ledger on dynalite. What the emulator then lets members say, its mute list,
 * its calls counted by endpoint, and the ledger's sanctions are checked after each event.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { AgoraChatClient } from '../../functions/agora/index.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, expireEventFor, type ModerationEvent } from '../../functions/events/index.js';
import { DynamoDbLedger, type Ledger } from '../../functions/ledger/index.js';
import { agoraModeration, policySchema } from '../../functions/moderation/index.js';
import { processEvent } from '../../functions/moderation/delivery/process-event.js';
import type { InterpreterDependencies } from '../../functions/moderation/delivery/interpreter-dependencies.js';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';
import { clientFor, startEmulatorWithClient } from '../helpers/emulator-client.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { eventAt, RecordingScheduler } from '../helpers/moderation-core.js';

const TABLE = 'sanctions-ledger';
const dynamo = ledgerTableOnDynalite(TABLE);

let emulator: Emulator;
let client: AgoraChatClient;
let ledger: Ledger;
let scheduler: RecordingScheduler;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ emulator, client, stop } = await startEmulatorWithClient({ org: 'acme', app: 'chat' }));
});
afterAll(() => stop());
beforeEach(() => {
  ledger = new DynamoDbLedger(dynamo(), TABLE);
  scheduler = new RecordingScheduler();
  emulator.resetStats();
});

function deps(
  agora: AgoraChatClient = client,
  overrides: Partial<InterpreterDependencies> = {},
): InterpreterDependencies {
  return {
    groups: agora.groups,
    moderation: agoraModeration(agora),
    ledger,
    scheduler,
    policy: policySchema.parse({}),
    clock: () => new Date(),
    clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
    ...overrides,
  };
}
const now = () => Date.now();
const process = (event: ModerationEvent, ctx = deps()) => processEvent(ctx, event);

/** A group owned by `olga`, with admin `adam` and the given members. */
const newGroup = (members: string[] = ['ann', 'bob', 'cy'], on = emulator) =>
  on.store.insert({ name: 'g', owner: 'olga', members: ['adam', ...members], admins: ['adam'] }).id;

async function say(groupId: string, from: string, on = emulator) {
  const response = await fetch(`${on.baseUrl}/_emulator/messages`, {
    method: 'POST',
    body: JSON.stringify({ groupId, from, text: 'hi' }),
  });
  return (await response.json()) as { status: string; reason?: string; msgId?: string };
}
async function messages(groupId: string, on = emulator) {
  const response = await fetch(`${on.baseUrl}/_emulator/groups/${groupId}/messages`);
  return ((await response.json()) as { messages: { msgId: string; from: string; state: string }[] }).messages;
}
const statusOf = async (groupId: string) =>
  Object.fromEntries(
    (await ledger.listSanctions(groupId)).map((s) => [`${s.kind}:${s.target}`, [s.status, s.resolution?.reason]]),
  );

describe('members', () => {
  test('a mute spares the owner and the admin, skips a former member with that reason, mutes the rest until its end, and a redelivery sends nothing again', async () => {
    const group = newGroup();
    const event = eventAt('member.mute', group, now(), { users: ['olga', 'adam', 'ann', 'bob', 'zed'], duration: 600 });
    const before = Date.now();

    expect(await process(event)).toMatchObject({
      kind: 'sanctioned',
      action: 'mute',
      sent: 3,
      skipped: [{ target: 'olga' }, { target: 'adam' }],
    });

    const muted = await client.members.muted(group);
    expect(muted.map((m) => m.user).sort()).toEqual(['ann', 'bob']);
    expect(await statusOf(group)).toEqual({
      'mute:olga': ['skipped', "the group's owner is never muted, removed or blocked"],
      'mute:adam': ['skipped', 'an admin of the group is never muted, removed or blocked'],
      'mute:ann': ['applied', undefined],
      'mute:bob': ['applied', undefined],
      'mute:zed': ['skipped', expect.stringMatching(/^no longer a member of the group \(.*not (a )?member/)],
    });
    const [ann] = await ledger.listSanctions(group).then((all) => all.filter((s) => s.target === 'ann'));
    expect(Date.parse(ann!.until!)).toBeGreaterThanOrEqual(before + 600_000);
    expect(await say(group, 'ann')).toMatchObject({ status: 'refused', reason: 'sender muted' });
    expect((await say(group, 'cy')).status).not.toBe('refused');
    expect((await say(group, 'adam')).status).not.toBe('refused');

    const calls = emulator.stats.mute?.[200] ?? 0;
    expect(await process(event)).toMatchObject({ kind: 'duplicate' });
    expect(emulator.stats.mute?.[200] ?? 0).toBe(calls);
  });

  test('an attempt that failed after its call (the marker not written) is finished by its redelivery without a second call', async () => {
    const group = newGroup();
    const event = eventAt('member.remove', group, now(), { users: ['ann', 'bob'] });
    const failingMarker = Object.assign(Object.create(ledger) as Ledger, {
      markProcessed: () => Promise.reject(new Error('ledger unavailable')),
    });
    await expect(process(event, deps(client, { ledger: failingMarker }))).rejects.toThrow('ledger unavailable');
    const removes = emulator.stats.remove?.[200];
    expect(removes).toBe(1);

    expect(await process(event)).toMatchObject({ kind: 'sanctioned', sent: 0, settled: 2 });
    expect(emulator.stats.remove?.[200]).toBe(removes);
    expect(await say(group, 'ann')).toMatchObject({ status: 'refused', reason: 'not a member' });
    expect(await statusOf(group)).toEqual({
      'remove:ann': ['applied', undefined],
      'remove:bob': ['applied', undefined],
    });
  });

  test('a wave of 130 senders is muted in three calls of at most 60, and unmuted likewise', async () => {
    const users = Array.from({ length: 130 }, (_, i) => `w${i}`);
    const group = newGroup(users);
    await process(eventAt('member.mute', group, now(), { users, duration: 'permanent' }));
    expect(emulator.stats.mute?.[200]).toBe(3);
    expect((await client.members.muted(group)).length).toBe(130);

    await process(eventAt('member.unmute', group, now(), { users }));
    expect(emulator.stats.unmute?.[200]).toBe(3);
    expect(await client.members.muted(group)).toEqual([]);
  });

  test('block keeps a member out, unblock lets them back in to join; the admin is never blocked', async () => {
    const group = newGroup();
    await process(eventAt('member.block', group, now(), { users: ['ann', 'adam'] }));
    expect((await say(group, 'ann')).status).toBe('refused');
    expect(await statusOf(group)).toMatchObject({
      'block:ann': ['applied', undefined],
      'block:adam': ['skipped', expect.stringContaining('admin')],
    });

    await process(eventAt('member.unblock', group, now(), { users: ['ann'] }));
    expect(await statusOf(group)).toMatchObject({ 'unblock:ann': ['applied', undefined] });
  });
});

describe('the group', () => {
  test('a timed mute-all silences members but not the owner, schedules its own unmute, and that unmute lets them speak again', async () => {
    const group = newGroup();
    const mute = eventAt('group.mute_all', group, now(), { id: `raid-${group}`, duration: 900 });
    expect(await process(mute)).toMatchObject({ kind: 'sanctioned', action: 'mute-all', sent: 1 });
    expect(await say(group, 'ann')).toMatchObject({ status: 'refused', reason: 'group muted' });
    expect((await say(group, 'olga')).status).not.toBe('refused');
    expect(await ledger.getGroupState(group)).toMatchObject({ groupMute: { muteId: `mute-all-raid-${group}` } });

    const expiry = scheduler.expiries.get(`mute-all-raid-${group}`)!;
    expect(expiry).toMatchObject({ groupId: group, ends: 'group-mute' });
    expect(Date.parse(expiry.at) - Date.now()).toBeGreaterThan(890_000);

    // An unmute naming another mute changes nothing; the scheduled one lifts it.
    expect(await process(eventAt('group.unmute_all', group, now(), { muteId: 'mute-all-other' }))).toMatchObject({
      kind: 'unchanged',
    });
    expect(await say(group, 'ann')).toMatchObject({ reason: 'group muted' });
    expect(await process({ ...expireEventFor(expiry), time: new Date().toISOString() })).toMatchObject({
      kind: 'sanctioned',
      action: 'unmute-all',
      sent: 1,
    });
    expect((await say(group, 'ann')).status).not.toBe('refused');
    expect((await ledger.getGroupState(group)).groupMute).toBeUndefined();
    expect(await statusOf(group)).toMatchObject({
      [`mute-all:${group}`]: ['applied', undefined],
      [`unmute-all:${group}`]: ['applied', undefined],
    });
  });
});

describe('recall', () => {
  test('a message is recalled and recorded with its sender', async () => {
    const group = newGroup();
    const { msgId } = await say(group, 'ann');
    await process(eventAt('message.recall', group, now(), { messageId: msgId, sender: 'ann' }));
    expect((await messages(group)).find((m) => m.msgId === msgId)?.state).toBe('recalled');
    expect((await ledger.listSanctions(group))[0]).toMatchObject({
      kind: 'recall',
      target: msgId,
      member: 'ann',
      status: 'applied',
    });
  });

  test.each(['http', 'body'] as const)(
    'past the window (failures answered as %s) it is recorded too late, and not retried',
    async (recallFailures) => {
      const late = await startEmulator({ org: 'acme', app: 'chat', chat: { recallWindowMs: 1 }, recallFailures });
      const lateClient = clientFor(late);
      try {
        const group = newGroup(['ann'], late);
        const { msgId } = await say(group, 'ann', late);
        await new Promise((resolve) => setTimeout(resolve, 10));
        const event = eventAt('message.recall', group, now(), { messageId: msgId, sender: 'ann' });
        const ctx = deps(lateClient);

        expect(await process(event, ctx)).toMatchObject({ kind: 'sanctioned', action: 'recall', sent: 1 });
        // This emulator's group ids repeat the first one's: only this message's sanction is looked at.
        expect((await statusOf(group))[`recall:${msgId}`]).toEqual([
          'too-late',
          expect.stringMatching(/^past the recall window: .*exceed/i),
        ]);
        expect(late.stats.recall?.[recallFailures === 'http' ? 403 : 200]).toBe(1);
        expect((await messages(group, late))[0]?.state).toBe('delivered');
      } finally {
        await lateClient.close();
        await late.close();
      }
    },
  );
});
