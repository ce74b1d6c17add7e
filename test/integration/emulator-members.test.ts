/**
 * The emulator's member, mute, admin and recall endpoints over real HTTP, and the chat that
 * honours them: plain requests for the wire (envelopes, errors, limits), the client for the calls
 * as a caller makes them, `/_emulator/messages` for who may speak.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraChatClient } from '../../functions/agora/index.js';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';
import { clientFor, startEmulatorWithClient } from '../helpers/emulator-client.js';

let emulator: Emulator;
let client: AgoraChatClient;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ emulator, client, stop } = await startEmulatorWithClient({ org: 'acme', app: 'chat' }));
});
afterAll(() => stop());
afterEach(() => {
  emulator.faults.clear();
  emulator.rateLimits.set(false);
});

/** A group owned by `owner`, with admin `adam` and members `ann`, `bob`, `cy`. */
const newGroup = () =>
  emulator.store.insert({ name: 'g', owner: 'olga', members: ['adam', 'ann', 'bob', 'cy'], admins: ['adam'] }).id;

async function call(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${emulator.appToken}` };
  if (body !== undefined || method === 'POST') headers['content-type'] = 'application/json';
  const response = await fetch(`${emulator.baseUrl}/acme/chat${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
async function say(groupId: string, from: string, text = 'hi') {
  const response = await fetch(`${emulator.baseUrl}/_emulator/messages`, {
    method: 'POST',
    body: JSON.stringify({ groupId, from, text }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
async function listed(groupId: string) {
  const response = await fetch(`${emulator.baseUrl}/_emulator/groups/${groupId}/messages`);
  return ((await response.json()) as { messages: { msgId: string; from: string; state: string }[] }).messages;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mute', () => {
  it('answers in the envelope, one line per user with the mute’s end, and the mute list shows it', async () => {
    const group = newGroup();
    const before = Date.now();
    const { status, body } = await call('POST', `/chatgroups/${group}/mute`, {
      usernames: ['ann'],
      mute_duration: 86_400_000,
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      action: 'post',
      organization: 'acme',
      applicationName: 'chat',
      entities: [],
      data: [{ result: true, user: 'ann', expire: expect.any(Number) }],
    });
    const expire = (body.data as { expire: number }[])[0]!.expire;
    expect(expire).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(expire).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect((await call('GET', `/chatgroups/${group}/mute`)).body.data).toEqual([{ expire, user: 'ann' }]);
  });

  it('a muted member is refused until the mute ends by itself; the others speak', async () => {
    const group = newGroup();
    const muted = await client.members.mute(group, ['ann'], 400);
    expect(muted).toEqual({ succeeded: [{ user: 'ann', expiresAt: expect.any(Number) }], failed: [] });

    expect(await say(group, 'ann')).toEqual({
      status: 403,
      body: { status: 'refused', reason: 'sender muted', error: 'forbidden_op', error_description: 'sender muted' },
    });
    expect((await say(group, 'bob')).body).toMatchObject({ status: 'delivered' });
    await sleep(muted.succeeded[0]!.expiresAt! - Date.now() + 50);
    expect((await say(group, 'ann')).body).toMatchObject({ status: 'delivered' });
    expect(await client.members.muted(group)).toEqual([]);
  });

  it('unmute lifts a mute before its time; -1 mutes for good and 0 unmutes, as Easemob reads them', async () => {
    const group = newGroup();
    await call('POST', `/chatgroups/${group}/mute`, { usernames: ['ann', 'bob'], mute_duration: -1 });
    expect(await client.members.muted(group)).toEqual([
      { user: 'ann', expiresAt: 'permanent' },
      { user: 'bob', expiresAt: 'permanent' },
    ]);
    await call('POST', `/chatgroups/${group}/mute`, { usernames: ['bob'], mute_duration: 0 });
    expect(await client.members.unmute(group, ['ann'])).toEqual({ succeeded: [{ user: 'ann' }], failed: [] });
    expect(await client.members.muted(group)).toEqual([]);
    expect((await say(group, 'ann')).body).toMatchObject({ status: 'delivered' });
  });

  it('a permanent mute from the client holds', async () => {
    const group = newGroup();
    await client.members.mute(group, ['ann'], 'permanent');
    expect((await say(group, 'ann')).body).toMatchObject({ reason: 'sender muted' });
  });

  it('refuses the owner with 403, names non-members in a 403, and takes at most 60 users', async () => {
    const group = newGroup();
    expect(
      await call('POST', `/chatgroups/${group}/mute`, { usernames: ['olga', 'ann'], mute_duration: 1000 }),
    ).toMatchObject({
      status: 403,
      body: { error: 'forbidden_op', error_description: 'forbidden operation on group owner!' },
    });
    expect(
      await call('POST', `/chatgroups/${group}/mute`, { usernames: ['ann', 'zed', 'yan'], mute_duration: 1000 }),
    ).toMatchObject({
      status: 403,
      body: { error: 'forbidden_op', error_description: 'users [zed, yan] are not members of this group!' },
    });
    const many = Array.from({ length: 61 }, (_, i) => `u${i}`);
    expect(await call('POST', `/chatgroups/${group}/mute`, { usernames: many, mute_duration: 1000 })).toMatchObject({
      status: 400,
      body: { error: 'invalid_parameter', error_description: 'userNames size is more than max limit : 60' },
    });
    expect((await call('POST', `/chatgroups/${group}/mute`, { usernames: ['ann'], mute_duration: 1.5 })).status).toBe(
      400,
    );
    expect((await call('DELETE', `/chatgroups/${group}/mute/${many.join(',')}`)).body.error_description).toBe(
      'removeMute member size more than max limit : 60',
    );
    expect(
      await call('POST', `/chatgroups/200000000000000999/mute`, { usernames: ['ann'], mute_duration: 1000 }),
    ).toMatchObject({
      status: 404,
      body: { error: 'resource_not_found', error_description: 'grpID 200000000000000999 does not exist!' },
    });
  });

  it('the client mutes the members of a mixed batch and reports the others, and the owner is its 403', async () => {
    const group = newGroup();
    expect(await client.members.mute(group, ['ann', 'zed', 'bob'], 60_000)).toEqual({
      succeeded: [
        { user: 'ann', expiresAt: expect.any(Number) },
        { user: 'bob', expiresAt: expect.any(Number) },
      ],
      failed: [{ user: 'zed', reason: 'users [zed] are not members of this group!' }],
    });
    await expect(client.members.mute(group, ['olga'], 60_000)).rejects.toMatchObject({
      name: 'ForbiddenError',
      status: 403,
      description: 'forbidden operation on group owner!',
    });
  });
});

describe('mute all', () => {
  it('mutes every member but the owner and the admins until unmuted; the mute list stays as it was', async () => {
    const group = newGroup();
    await client.members.mute(group, ['adam'], 60_000);
    expect((await call('POST', `/chatgroups/${group}/ban`)).body).toMatchObject({ data: { mute: true } });

    expect((await say(group, 'ann')).body).toEqual({
      status: 'refused',
      reason: 'group muted',
      error: 'forbidden_op',
      error_description: 'group muted',
    });
    expect((await say(group, 'olga')).body).toMatchObject({ status: 'delivered' });
    // An admin on the mute list stays muted: the allow list does not exempt from it.
    expect((await say(group, 'adam')).body).toMatchObject({ reason: 'sender muted' });
    await client.members.unmute(group, ['adam']);
    expect((await say(group, 'adam')).body).toMatchObject({ status: 'delivered' });

    await expect(client.groupMute.unmuteAll(group)).resolves.toEqual({ muted: false });
    expect((await say(group, 'ann')).body).toMatchObject({ status: 'delivered' });
    await expect(client.groupMute.muteAll(group)).resolves.toEqual({ muted: true });
    expect((await call('DELETE', `/chatgroups/${group}/ban`)).body).toMatchObject({
      action: 'delete',
      data: { mute: false },
    });
  });
});

describe('remove, block, unblock, admins', () => {
  it('a removed member is no longer a member and is refused', async () => {
    const group = newGroup();
    expect((await call('DELETE', `/chatgroups/${group}/users/ann`)).body).toMatchObject({
      data: { result: true, action: 'remove_member', user: 'ann', groupid: group },
    });
    expect((await say(group, 'ann')).body).toEqual({
      status: 'refused',
      reason: 'not a member',
      error: 'forbidden_op',
      error_description: 'not a member',
    });
    expect(emulator.store.get(group)!.members).toEqual(['adam', 'bob', 'cy']);
  });

  it('a batch removal answers user by user; a single non-member and a batch of non-members fail whole', async () => {
    const group = newGroup();
    expect((await call('DELETE', `/chatgroups/${group}/users/zed,bob`)).body.data).toEqual([
      { result: false, action: 'remove_member', reason: "user zed doesn't exist.", user: 'zed', groupid: group },
      { result: true, action: 'remove_member', user: 'bob', groupid: group },
    ]);
    expect(await call('DELETE', `/chatgroups/${group}/users/zed`)).toMatchObject({
      status: 403,
      body: { error_description: 'users [zed] are not members of this group!' },
    });
    expect((await call('DELETE', `/chatgroups/${group}/users/zed,yan`)).status).toBe(403);
    expect(await call('DELETE', `/chatgroups/${group}/users/olga,ann`)).toMatchObject({
      status: 403,
      body: { error_description: 'forbidden operation on group owner!' },
    });
    const many = Array.from({ length: 61 }, (_, i) => `u${i}`).join(',');
    expect((await call('DELETE', `/chatgroups/${group}/users/${many}`)).body.error_description).toBe(
      'kickMember: kickMembers number more than maxSize : 60',
    );
  });

  it('the client removes, and reports a former member as failed', async () => {
    const group = newGroup();
    expect(await client.members.remove(group, ['ann', 'zed'])).toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'zed', reason: "user zed doesn't exist." }],
    });
    expect(await client.members.remove(group, ['ann'])).toEqual({
      succeeded: [],
      failed: [{ user: 'ann', reason: 'users [ann] are not members of this group!' }],
    });
    await expect(client.members.remove(group, ['olga'])).rejects.toMatchObject({ status: 403 });
  });

  it('block takes members out and keeps them out until unblocked; the owner cannot be blocked', async () => {
    const group = newGroup();
    expect(await client.members.block(group, ['ann', 'zed'])).toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'zed', reason: `user: zed doesn't exist in group: ${group}` }],
    });
    expect((await call('POST', `/chatgroups/${group}/blocks/users/bob`)).body).toMatchObject({
      data: { result: true, action: 'add_blocks', user: 'bob', groupid: group },
    });
    expect((await call('GET', `/chatgroups/${group}/blocks/users`)).body).toMatchObject({
      data: ['ann', 'bob'],
      count: 2,
    });
    expect((await say(group, 'ann')).body).toMatchObject({ reason: 'not a member' });
    expect(await call('POST', `/chatgroups/${group}/blocks/users/olga`)).toMatchObject({
      status: 403,
      body: { error_description: 'forbidden operation on group owner!' },
    });
    expect(await call('POST', `/chatgroups/${group}/blocks/users/zed`)).toMatchObject({
      status: 403,
      body: { error_description: 'users [zed] are not members of this group!' },
    });
    await expect(client.members.block(group, ['olga'])).rejects.toMatchObject({ status: 403 });

    expect(await client.members.unblock(group, ['ann', 'cy'])).toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'cy', reason: `user cy is not in the blocklist of group ${group}` }],
    });
    expect(await client.members.unblock(group, ['ann'])).toEqual({
      succeeded: [],
      failed: [{ user: 'ann', reason: 'users [ann] are not members of this group!' }],
    });
    expect((await call('DELETE', `/chatgroups/${group}/blocks/users/bob`)).body).toMatchObject({
      data: { result: true, action: 'remove_blocks', user: 'bob' },
    });
    expect((await call('GET', `/chatgroups/${group}/blocks/users`)).body).toMatchObject({ data: [], count: 0 });
  });

  it('lists the admins; a removed admin is no longer one', async () => {
    const group = newGroup();
    expect(await client.admins.list(group)).toEqual(['adam']);
    expect((await call('GET', `/chatgroups/${group}/admin`)).body).toMatchObject({ data: ['adam'], count: 1 });
    await client.members.remove(group, ['adam']);
    expect(await client.admins.list(group)).toEqual([]);
  });
});

describe('recall', () => {
  it('marks a recalled message; a second recall finds nothing', async () => {
    const group = newGroup();
    const { body } = await say(group, 'ann', 'scam');
    const msgId = body.msgId as string;
    await say(group, 'bob', 'hello');

    const recalled = await call('POST', '/messages/msg_recall', {
      msg_id: msgId,
      to: group,
      chat_type: 'groupchat',
      force: false,
    });
    expect(recalled).toMatchObject({
      status: 200,
      body: { data: { recalled: 'yes', chattype: 'groupchat', from: 'admin', to: group, msg_id: msgId } },
    });
    expect(await listed(group)).toEqual([
      { msgId, from: 'ann', timestamp: expect.any(Number), state: 'recalled' },
      { msgId: expect.any(String), from: 'bob', timestamp: expect.any(Number), state: 'delivered' },
    ]);
    await expect(client.messages.recall({ groupId: group, msgId })).resolves.toEqual({
      msgId,
      recalled: false,
      reason: 'not-found',
      description: 'not_found msg',
    });
  });

  it('answers Easemob’s errors: missing fields, an unknown recipient, an unknown message', async () => {
    const group = newGroup();
    expect(await call('POST', '/messages/msg_recall', { to: group, chat_type: 'groupchat' })).toMatchObject({
      status: 400,
      body: { error: 'message_recall_error', error_description: "param msg_id can't be empty" },
    });
    expect(
      await call('POST', '/messages/recall', { msg_id: '1', to: '200000000000000999', chat_type: 'groupchat' }),
    ).toMatchObject({ status: 400, body: { error_description: "can't find msg to" } });
    expect(
      await call('POST', '/messages/msg_recall', { msg_id: '1', to: group, chat_type: 'groupchat' }),
    ).toMatchObject({ status: 403, body: { error_description: 'not_found msg' } });
  });

  it('the client recalls through the emulator', async () => {
    const group = newGroup();
    const msgId = (await say(group, 'ann')).body.msgId as string;
    await expect(client.messages.recall({ groupId: group, msgId })).resolves.toEqual({ msgId, recalled: true });
    expect((await listed(group))[0]!.state).toBe('recalled');
  });
});

describe('the recall window, and Agora’s failure body', () => {
  let windowed: Emulator;
  let windowedClient: AgoraChatClient;
  beforeAll(async () => {
    windowed = await startEmulator({ chat: { recallWindowMs: 100 }, recallFailures: 'body' });
    windowedClient = clientFor(windowed);
  });
  afterAll(async () => {
    await windowedClient.close();
    await windowed.close();
  });

  it('past the window a recall is too late, unless forced; failures come as {"msgs": [...]}', async () => {
    const group = windowed.store.insert({ name: 'g', owner: 'olga', members: ['ann'] }).id;
    const first = await windowed.chat.send({ groupId: group, from: 'ann', text: 'a' });
    const second = await windowed.chat.send({ groupId: group, from: 'ann', text: 'b' });
    await sleep(150);
    const [a, b] = [first, second].map((m) => (m as { msgId: string }).msgId) as [string, string];

    const raw = await fetch(`${windowed.baseUrl}/${windowed.org}/${windowed.app}/messages/msg_recall`, {
      method: 'POST',
      headers: { authorization: `Bearer ${windowed.appToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ msg_id: a, to: group, chat_type: 'groupchat' }),
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ msgs: [{ msg_id: a, recalled: 'exceed call time limit' }] });
    await expect(windowedClient.messages.recall({ groupId: group, msgId: a })).resolves.toEqual({
      msgId: a,
      recalled: false,
      reason: 'too-late',
      description: 'exceed call time limit',
    });
    await expect(windowedClient.messages.recall({ groupId: group, msgId: b, force: true })).resolves.toEqual({
      msgId: b,
      recalled: true,
    });
    expect(windowed.chat.listed(group).map((m) => m.state)).toEqual(['delivered', 'recalled']);
  });
});

describe('who may speak', () => {
  it('refuses a non-member, and a group that does not exist as before', async () => {
    const group = newGroup();
    expect(await say(group, 'zed')).toEqual({
      status: 403,
      body: { status: 'refused', reason: 'not a member', error: 'forbidden_op', error_description: 'not a member' },
    });
    expect((await say(group, 'olga')).body).toMatchObject({ status: 'delivered' });
    expect((await say('200000000000000999', 'ann')).status).toBe(404);
    expect(await listed(group)).toEqual([
      { msgId: expect.any(String), from: 'olga', timestamp: expect.any(Number), state: 'delivered' },
    ]);
    expect((await fetch(`${emulator.baseUrl}/_emulator/groups/200000000000000999/messages`)).status).toBe(404);
    expect((await fetch(`${emulator.baseUrl}/_emulator/groups/${group}/other`)).status).toBe(404);
  });

  it('delivers non-members’ messages when told to, for traffic from made-up senders', async () => {
    const open = await startEmulator({ chat: { nonMembers: 'deliver' } });
    try {
      const group = open.store.seed({ count: 1 }).first!;
      expect(await open.chat.send({ groupId: group, from: 'anyone', text: 'x' })).toMatchObject({
        status: 'delivered',
      });
    } finally {
      await open.close();
    }
  });
});

describe('limits, retries and prefixes', () => {
  it('limits each new endpoint on its own and the client retries its 429s', async () => {
    const group = newGroup();
    emulator.rateLimits.set({ mute: 2 });
    emulator.resetStats();
    const patient = clientFor(emulator, { retry: { maxAttempts: 10, minDelayMs: 200, maxDelayMs: 600 } });
    try {
      const mutes = ['ann', 'bob', 'cy', 'adam'].map((user) => patient.members.mute(group, [user], 60_000));
      const results = await Promise.all([...mutes, patient.admins.list(group)]);
      expect(results.at(-1)).toEqual(['adam']);
    } finally {
      await patient.close();
    }
    expect(emulator.stats.mute?.[429]).toBeGreaterThan(0);
    expect(emulator.stats.mute?.[200]).toBe(4);
    expect(emulator.stats.admins).toEqual({ 200: 1 });
  });

  it('answers under the app-id prefix as under org/app', async () => {
    const group = newGroup();
    const response = await fetch(`${emulator.baseUrl}/app-id/${emulator.appId}/chatgroups/${group}/admin`, {
      headers: { authorization: `Bearer ${emulator.appToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: ['adam'] });
    expect(
      (
        await fetch(`${emulator.baseUrl}/app-id/other/chatgroups/${group}/admin`, {
          headers: { authorization: `Bearer ${emulator.appToken}` },
        })
      ).status,
    ).toBe(404);
  });

  it('injected faults reach the new endpoints', async () => {
    const group = newGroup();
    emulator.faults.set({ sequence: [503], endpoints: ['recall'] });
    const msgId = (await say(group, 'ann')).body.msgId as string;
    await expect(client.messages.recall({ groupId: group, msgId })).resolves.toEqual({ msgId, recalled: true });
  });
});
