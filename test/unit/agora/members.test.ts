/**
 * The member, mute-all, admin and recall calls on a scripted HTTP server: the request each builds
 * (method, path, body in the service's wire names), how each vendor's answer maps back, the
 * per-user results of batches, the refusals the service words in 403s, and the retry rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingTransport } from '../../helpers/recording-transport.js';
import { AgoraChatClient, ForbiddenError, RateLimitError, type RetryEvent } from '../../../functions/agora/index.js';
import {
  AgoraRequestValidationError,
  AgoraResponseValidationError,
  BadRequestError,
  ServerError,
} from '../../../functions/agora/errors.js';
import { MEMBER_BATCH_LIMIT, PERMANENT_MUTE_MS } from '../../../functions/agora/member-inputs.js';
import { MISSING_FROM_ANSWER } from '../../../functions/agora/batch-results.js';
import { AdminsResource } from '../../../functions/agora/admins.js';
import { GroupMuteResource } from '../../../functions/agora/group-mute.js';
import { MembersResource } from '../../../functions/agora/members.js';
import { MessagesResource } from '../../../functions/agora/messages.js';
import { ok, ScriptedServer, type SeenRequest } from '../../helpers/scripted-server.js';

const GROUP = '100743775617286960';
const MSG = '1028442084794698104';

let server: ScriptedServer;
let client: AgoraChatClient;
const retries: RetryEvent[] = [];

beforeEach(async () => {
  server = await ScriptedServer.start();
  retries.length = 0;
  client = new AgoraChatClient({
    baseUrl: server.url,
    org: 'o',
    app: 'a',
    credentials: { appToken: 't' },
    rateLimits: false,
    retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 5 },
    onRetry: (event) => retries.push(event),
  });
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const sent = () => server.requests.map((r) => `${r.method} ${r.url}`);
const bodyOf = (request: SeenRequest | undefined) => JSON.parse(request!.body) as unknown;
const forbidden = (description: string) => ({
  status: 403,
  body: { error: 'forbidden_op', exception: 'EasemobForbiddenOpException', error_description: description },
});
const line = (user: string, result = true, extra: Record<string, unknown> = {}) => ({ result, user, ...extra });
const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('mute', () => {
  it('posts the users and the duration in milliseconds, and reports when each mute ends', async () => {
    server.answer(ok([line('ann', true, { expire: 1489158589481 }), line('bob', true, { expire: '1489158589482' })]));

    await expect(client.members.mute(GROUP, ['ann', 'bob'], 86_400_000)).resolves.toEqual({
      succeeded: [
        { user: 'ann', expiresAt: 1489158589481 },
        { user: 'bob', expiresAt: 1489158589482 },
      ],
      failed: [],
    });
    expect(sent()).toEqual([`POST /o/a/chatgroups/${GROUP}/mute`]);
    expect(bodyOf(server.requests[0])).toEqual({ usernames: ['ann', 'bob'], mute_duration: 86_400_000 });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends a permanent mute as a century, which both readings of the documents take as a duration', async () => {
    server.answer(ok([line('ann')]));
    await expect(client.members.mute(GROUP, ['ann'], 'permanent')).resolves.toStrictEqual({
      succeeded: [{ user: 'ann' }],
      failed: [],
    });
    expect(bodyOf(server.requests[0])).toEqual({ usernames: ['ann'], mute_duration: 3_153_600_000_000 });
    expect(PERMANENT_MUTE_MS).toBe(3_153_600_000_000);
  });

  it('reports users the service did not mute, and users its answer leaves out, as failed', async () => {
    server.answer(ok([line('ann'), line('bob', false, { reason: 'busy' }), line('cy', false), line('zed')]));
    await expect(client.members.mute(GROUP, ['ann', 'bob', 'cy', 'dan'], 1000)).resolves.toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [
        { user: 'bob', reason: 'busy' },
        { user: 'cy', reason: 'refused by the service' },
        { user: 'dan', reason: MISSING_FROM_ANSWER },
      ],
    });
  });

  it('takes the first line when the answer names a user twice', async () => {
    server.answer(ok([line('ann', false, { reason: 'first' }), line('ann', true)]));
    await expect(client.members.mute(GROUP, ['ann'], 1000)).resolves.toEqual({
      succeeded: [],
      failed: [{ user: 'ann', reason: 'first' }],
    });
  });

  it('when the service refuses the call for non-members, reports them and mutes the others in a second call', async () => {
    server.answer(forbidden('users [bob, cy] are not members of this group!'), ok([line('ann'), line('dan')]));

    await expect(client.members.mute(GROUP, ['ann', 'bob', 'cy', 'dan'], 1000)).resolves.toEqual({
      succeeded: [{ user: 'ann' }, { user: 'dan' }],
      failed: [
        { user: 'bob', reason: 'users [bob, cy] are not members of this group!' },
        { user: 'cy', reason: 'users [bob, cy] are not members of this group!' },
      ],
    });
    expect(server.requests.map(bodyOf)).toEqual([
      { usernames: ['ann', 'bob', 'cy', 'dan'], mute_duration: 1000 },
      { usernames: ['ann', 'dan'], mute_duration: 1000 },
    ]);
    expect(retries).toEqual([]);
  });

  it('reads Agora’s wording of non-members too, and sends nothing more when none is left', async () => {
    server.answer(forbidden('Users bob are not members of this group!'));
    await expect(client.members.mute(GROUP, ['bob'], 1000)).resolves.toEqual({
      succeeded: [],
      failed: [{ user: 'bob', reason: 'Users bob are not members of this group!' }],
    });
    expect(server.requests).toHaveLength(1);
  });

  it('carries the failures of the first call into the result of the second', async () => {
    server.answer(forbidden('users [bob] are not members of this group!'), ok([line('ann', false, { reason: 'x' })]));
    await expect(client.members.mute(GROUP, ['ann', 'bob'], 1000)).resolves.toEqual({
      succeeded: [],
      failed: [
        { user: 'bob', reason: 'users [bob] are not members of this group!' },
        { user: 'ann', reason: 'x' },
      ],
    });
  });

  it.each([
    ['the owner', 'forbidden operation on group owner!'],
    ['non-members not asked for', 'users [zed] are not members of this group!'],
    ['an empty list', 'users [] are not members of this group!'],
  ])('throws the 403 when it names %s', async (_case, description) => {
    server.answer(forbidden(description));
    const error = await client.members.mute(GROUP, ['ann'], 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, description });
    expect(server.requests).toHaveLength(1);
  });

  it('does not read a 400 naming non-members as a refusal of some users', async () => {
    server.answer({
      status: 400,
      body: { error: 'invalid_parameter', error_description: 'users [ann] are not members of this group!' },
    });
    await expect(client.members.mute(GROUP, ['ann'], 1000)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('retries 429 reach_limit and 5xx, as every call', async () => {
    server.answer({ status: 429, body: { error: 'reach_limit' } }, { status: 503 }, ok([line('ann')]));
    await expect(client.members.mute(GROUP, ['ann'], 1000)).resolves.toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [],
    });
    expect(retries.map((r) => [r.endpoint, r.error.constructor])).toEqual([
      ['mute', RateLimitError],
      ['mute', ServerError],
    ]);
  });

  it.each([
    ['no user', [], 1000, 'usernames', `must hold 1 to ${MEMBER_BATCH_LIMIT} users`],
    ['61 users', users(61), 1000, 'usernames', 'must hold 1 to 60 users'],
    ['a user twice', ['ann', 'ann'], 1000, 'usernames', 'must not name a user twice'],
    ['an uppercase user', ['Ann'], 1000, 'usernames[0]', 'may contain only lowercase a-z, 0-9, "_", "-" and "."'],
    [
      'zero milliseconds',
      ['ann'],
      0,
      'duration',
      `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`,
    ],
    [
      '-1 milliseconds',
      ['ann'],
      -1,
      'duration',
      `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`,
    ],
    [
      'a text',
      ['ann'],
      'forever',
      'duration',
      `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`,
    ],
    [
      'more than a century',
      ['ann'],
      PERMANENT_MUTE_MS + 1,
      'duration',
      `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`,
    ],
    [
      'a fraction of a millisecond',
      ['ann'],
      1.5,
      'duration',
      `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`,
    ],
  ])('refuses %s before sending', async (_case, list, duration, field, message) => {
    const error = await client.members.mute(GROUP, list, duration as number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgoraRequestValidationError);
    expect(error).toMatchObject({ field, message: `invalid ${field}: ${message}` });
    expect(server.requests).toEqual([]);
  });

  it('takes 60 users, 1 ms and a century', async () => {
    server.fallback = ok([]);
    await client.members.mute(GROUP, users(60), 1);
    await client.members.mute(GROUP, ['ann'], PERMANENT_MUTE_MS);
    expect(server.requests.map((r) => (bodyOf(r) as { mute_duration: number }).mute_duration)).toEqual([
      1,
      PERMANENT_MUTE_MS,
    ]);
  });

  it('refuses a group id that is not digits', async () => {
    await expect(client.members.mute('g1', ['ann'], 1000)).rejects.toMatchObject({ field: 'groupId' });
    expect(server.requests).toEqual([]);
  });
});

describe('unmute, remove, block, unblock', () => {
  it('unmute deletes the users from the mute list in one comma-separated path', async () => {
    server.answer(ok([line('ann'), line('bob')]));
    await expect(client.members.unmute(GROUP, ['ann', 'bob'])).resolves.toEqual({
      succeeded: [{ user: 'ann' }, { user: 'bob' }],
      failed: [],
    });
    expect(sent()).toEqual([`DELETE /o/a/chatgroups/${GROUP}/mute/ann,bob`]);
    expect(server.requests[0]!.body).toBe('');
  });

  it('unmute reads Easemob’s user typed as an array', async () => {
    server.answer(ok([{ result: true, user: ['ann', 'bob'] }]));
    await expect(client.members.unmute(GROUP, ['ann', 'bob'])).resolves.toEqual({
      succeeded: [{ user: 'ann' }, { user: 'bob' }],
      failed: [],
    });
  });

  it('remove reads the batch answer user by user, with the reasons of failures', async () => {
    server.answer(
      ok([
        { result: false, action: 'remove_member', reason: "user bob doesn't exist.", user: 'bob', groupid: GROUP },
        { result: true, action: 'remove_member', user: 'ann', groupid: GROUP },
      ]),
    );
    await expect(client.members.remove(GROUP, ['ann', 'bob'])).resolves.toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'bob', reason: "user bob doesn't exist." }],
    });
    expect(sent()).toEqual([`DELETE /o/a/chatgroups/${GROUP}/users/ann,bob`]);
  });

  it('remove reads the single form’s answer, an object', async () => {
    server.answer(ok({ result: true, action: 'remove_member', user: 'ann', groupid: GROUP }));
    await expect(client.members.remove(GROUP, ['ann'])).resolves.toEqual({ succeeded: [{ user: 'ann' }], failed: [] });
    expect(sent()).toEqual([`DELETE /o/a/chatgroups/${GROUP}/users/ann`]);
  });

  it('remove of the owner is the service’s 403, thrown', async () => {
    server.answer(forbidden('forbidden operation on group owner!'));
    await expect(client.members.remove(GROUP, ['ann'])).rejects.toMatchObject({ name: 'ForbiddenError', status: 403 });
  });

  it('remove of a single non-member is a failed line, not an error', async () => {
    server.answer(forbidden('users [bob] are not members of this group!'));
    await expect(client.members.remove(GROUP, ['bob'])).resolves.toEqual({
      succeeded: [],
      failed: [{ user: 'bob', reason: 'users [bob] are not members of this group!' }],
    });
  });

  it('block posts the users in the body', async () => {
    server.answer(
      ok([
        line('ann', true, { action: 'add_blocks' }),
        line('bob', false, { reason: `user: bob doesn't exist in group: ${GROUP}` }),
      ]),
    );
    await expect(client.members.block(GROUP, ['ann', 'bob'])).resolves.toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'bob', reason: `user: bob doesn't exist in group: ${GROUP}` }],
    });
    expect(sent()).toEqual([`POST /o/a/chatgroups/${GROUP}/blocks/users`]);
    expect(bodyOf(server.requests[0])).toEqual({ usernames: ['ann', 'bob'] });
  });

  it('unblock deletes from the block list, encoding each user', async () => {
    server.answer(ok({ result: true, action: 'remove_blocks', user: 'a.b', groupid: GROUP }));
    await expect(client.members.unblock(GROUP, ['a.b'])).resolves.toEqual({ succeeded: [{ user: 'a.b' }], failed: [] });
    expect(sent()).toEqual([`DELETE /o/a/chatgroups/${GROUP}/blocks/users/a.b`]);
  });

  it.each([
    ['unmute', (u: string[]) => client.members.unmute(GROUP, u)],
    ['remove', (u: string[]) => client.members.remove(GROUP, u)],
    ['block', (u: string[]) => client.members.block(GROUP, u)],
    ['unblock', (u: string[]) => client.members.unblock(GROUP, u)],
  ])('%s takes at most 60 users and a valid group id', async (_name, call) => {
    await expect(call(users(61))).rejects.toMatchObject({
      field: 'usernames',
      message: 'invalid usernames: must hold 1 to 60 users',
    });
    await expect(call(['a/b'])).rejects.toMatchObject({ field: 'usernames[0]' });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['unmute', () => client.members.unmute('x', ['a'])],
    ['remove', () => client.members.remove('x', ['a'])],
    ['block', () => client.members.block('x', ['a'])],
    ['unblock', () => client.members.unblock('x', ['a'])],
    ['muted', () => client.members.muted('x')],
    ['muteAll', () => client.groupMute.muteAll('x')],
    ['unmuteAll', () => client.groupMute.unmuteAll('x')],
    ['admins', () => client.admins.list('x')],
  ])('%s refuses a group id that is not digits', async (_name, call) => {
    await expect(call()).rejects.toMatchObject({ name: 'AgoraRequestValidationError', field: 'groupId' });
    expect(server.requests).toEqual([]);
  });

  it('non-members of unblock (off the block list) are reported and the rest sent again', async () => {
    server.answer(forbidden('users [bob] are not members of this group!'), ok([line('ann')]));
    await expect(client.members.unblock(GROUP, ['ann', 'bob'])).resolves.toEqual({
      succeeded: [{ user: 'ann' }],
      failed: [{ user: 'bob', reason: 'users [bob] are not members of this group!' }],
    });
    expect(sent()).toEqual([
      `DELETE /o/a/chatgroups/${GROUP}/blocks/users/ann,bob`,
      `DELETE /o/a/chatgroups/${GROUP}/blocks/users/ann`,
    ]);
  });

  it('refuses an answer whose lines have no result', async () => {
    server.answer(ok([{ user: 'ann' }]));
    await expect(client.members.remove(GROUP, ['ann'])).rejects.toMatchObject({
      name: 'AgoraResponseValidationError',
      issues: 'data[0].result: required',
    });
  });
});

describe('the mute list, mute all, admins', () => {
  it('lists the muted with the end of each mute, -1 and millisecond strings read', async () => {
    server.answer(
      ok([
        { expire: 1489158589481, user: 'ann' },
        { expire: -1, user: 'bob' },
        { expire: '-1', user: 'cy' },
        { expire: '5', user: 'dan' },
      ]),
    );
    await expect(client.members.muted(GROUP)).resolves.toEqual([
      { user: 'ann', expiresAt: 1489158589481 },
      { user: 'bob', expiresAt: 'permanent' },
      { user: 'cy', expiresAt: 'permanent' },
      { user: 'dan', expiresAt: 5 },
    ]);
    expect(sent()).toEqual([`GET /o/a/chatgroups/${GROUP}/mute`]);
  });

  it('mute all posts to /ban with no body; unmute all deletes it', async () => {
    server.answer(ok({ mute: true }), ok({ mute: false }));
    await expect(client.groupMute.muteAll(GROUP)).resolves.toEqual({ muted: true });
    await expect(client.groupMute.unmuteAll(GROUP)).resolves.toEqual({ muted: false });
    expect(sent()).toEqual([`POST /o/a/chatgroups/${GROUP}/ban`, `DELETE /o/a/chatgroups/${GROUP}/ban`]);
    expect(server.requests[0]!.body).toBe('');
  });

  it.each([
    ['muteAll', { result: true }, { muted: true }],
    ['muteAll', { result: false }, { muted: false }],
    ['unmuteAll', { result: true }, { muted: false }],
    ['unmuteAll', { result: false }, { muted: true }],
    ['unmuteAll', { mute: true }, { muted: true }],
  ] as const)('%s reads the `result` field the other table names: %j', async (method, data, expected) => {
    server.answer(ok(data));
    await expect(client.groupMute[method](GROUP)).resolves.toEqual(expected);
  });

  it('mute all refuses an answer with neither field', async () => {
    server.answer(ok({}));
    await expect(client.groupMute.muteAll(GROUP)).rejects.toBeInstanceOf(AgoraResponseValidationError);
  });

  it('lists the admins', async () => {
    server.answer(ok(['ann', 'bob'], { count: 2 }));
    await expect(client.admins.list(GROUP)).resolves.toEqual(['ann', 'bob']);
    expect(sent()).toEqual([`GET /o/a/chatgroups/${GROUP}/admin`]);
  });
});

describe('recall', () => {
  const recalledData = { recalled: 'yes', chattype: 'groupchat', from: 'admin', to: GROUP, msg_id: MSG };

  it('posts the message, the group as recipient and force false, and reports the recall', async () => {
    server.answer(ok(recalledData));
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toEqual({
      msgId: MSG,
      recalled: true,
    });
    expect(sent()).toEqual(['POST /o/a/messages/msg_recall']);
    expect(bodyOf(server.requests[0])).toEqual({ msg_id: MSG, to: GROUP, chat_type: 'groupchat', force: false });
  });

  it('sends from and force when given', async () => {
    server.answer(ok(recalledData));
    await client.messages.recall({ groupId: GROUP, msgId: MSG, from: 'ann', force: true });
    expect(bodyOf(server.requests[0])).toEqual({
      msg_id: MSG,
      to: GROUP,
      chat_type: 'groupchat',
      force: true,
      from: 'ann',
    });
  });

  it.each([
    [403, 'exceed recall time limit', 'too-late'],
    [403, 'not_found msg', 'not-found'],
    [400, "can't find msg to", 'no-recipient'],
    [403, 'something else', 'failed'],
  ])('reads Easemob’s %i message_recall_error "%s" as %s', async (status, description, reason) => {
    server.answer({ status, body: { error: 'message_recall_error', error_description: description } });
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toEqual({
      msgId: MSG,
      recalled: false,
      reason,
      description,
    });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['exceed call time limit', 'too-late'],
    ['not_found msg', 'not-found'],
    ["can't find message to", 'no-recipient'],
    ['internal error', 'failed'],
  ])('reads Agora’s body {"msgs": [...]} "%s" as %s, on a 200', async (description, reason) => {
    server.answer({ status: 200, body: { msgs: [{ msg_id: MSG, recalled: description }] } });
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toEqual({
      msgId: MSG,
      recalled: false,
      reason,
      description,
    });
  });

  it('reads Agora’s body on an error status too', async () => {
    server.answer({ status: 403, body: { msgs: [{ msg_id: MSG, recalled: 'exceed call time limit' }] } });
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toMatchObject({
      recalled: false,
      reason: 'too-late',
    });
  });

  it('a msgs line that says yes is a recall', async () => {
    server.answer({ status: 200, body: { msgs: [{ msg_id: MSG, recalled: 'yes' }] } });
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toEqual({
      msgId: MSG,
      recalled: true,
    });
  });

  it('throws what is not about the message: a missing field, the service not switched on, a bare 403', async () => {
    server.answer(
      { status: 400, body: { error: 'message_recall_error', error_description: "param force can't be empty" } },
      forbidden('message recall service is unopened'),
      { status: 403, body: { msgs: [] } },
    );
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).rejects.toMatchObject({
      name: 'ForbiddenError',
      description: 'message recall service is unopened',
    });
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('retries 429 and 5xx, then reads the answer', async () => {
    server.answer(
      { status: 429, body: { error: 'reach_limit' } },
      { status: 500, body: { error: '', error_description: 'internal error' } },
      ok(recalledData),
    );
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).resolves.toEqual({
      msgId: MSG,
      recalled: true,
    });
    expect(retries.map((r) => r.endpoint)).toEqual(['recall', 'recall']);
  });

  it('refuses a 200 that is neither a recall nor a failure, naming the body', async () => {
    server.answer(ok({ recalled: 'no' }));
    await expect(client.messages.recall({ groupId: GROUP, msgId: MSG })).rejects.toMatchObject({
      name: 'AgoraResponseValidationError',
      issues: expect.stringMatching(/^body/),
    });
  });

  it.each([
    [{ groupId: GROUP, msgId: '12a' }, 'msgId'],
    [{ groupId: GROUP, msgId: '1'.repeat(33) }, 'msgId'],
    [{ groupId: 'g', msgId: MSG }, 'groupId'],
    [{ groupId: GROUP, msgId: MSG, from: 'Ann' }, 'from'],
    [{ groupId: GROUP, msgId: MSG, to: GROUP }, 'input'],
  ])('refuses %j before sending, naming %s', async (input, field) => {
    await expect(client.messages.recall(input as never)).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field,
    });
    expect(server.requests).toEqual([]);
  });
});

describe('endpoints and idempotence', () => {
  /** The transport answers with `data` (the whole body for recall). */
  const recording = recordingTransport;
  const items = [{ user: 'ann', result: true }];

  it.each([
    [
      'mute',
      (t: never) => new MembersResource(t).mute(GROUP, ['ann'], 1000),
      { endpoint: 'mute', method: 'POST' },
      items,
    ],
    [
      'unmute',
      (t: never) => new MembersResource(t).unmute(GROUP, ['ann']),
      { endpoint: 'unmute', method: 'DELETE' },
      items,
    ],
    ['muted', (t: never) => new MembersResource(t).muted(GROUP), { endpoint: 'muted', method: 'GET' }, []],
    [
      'remove',
      (t: never) => new MembersResource(t).remove(GROUP, ['ann']),
      { endpoint: 'remove', method: 'DELETE' },
      items,
    ],
    ['block', (t: never) => new MembersResource(t).block(GROUP, ['ann']), { endpoint: 'block', method: 'POST' }, items],
    [
      'unblock',
      (t: never) => new MembersResource(t).unblock(GROUP, ['ann']),
      { endpoint: 'unblock', method: 'DELETE' },
      items,
    ],
    [
      'muteAll',
      (t: never) => new GroupMuteResource(t).muteAll(GROUP),
      { endpoint: 'muteAll', method: 'POST' },
      { muted: true },
    ],
    [
      'unmuteAll',
      (t: never) => new GroupMuteResource(t).unmuteAll(GROUP),
      { endpoint: 'unmuteAll', method: 'DELETE' },
      { muted: false },
    ],
    ['admins', (t: never) => new AdminsResource(t).list(GROUP), { endpoint: 'admins', method: 'GET' }, []],
    [
      'recall',
      (t: never) => new MessagesResource(t).recall({ groupId: GROUP, msgId: MSG }),
      { endpoint: 'recall', method: 'POST' },
      { recalled: true },
    ],
  ] as const)('%s goes to its own endpoint and may be sent again', async (_name, call, expected, data) => {
    const { transport, specs } = recording(data);
    await call(transport);
    expect(specs).toEqual([{ ...expected, idempotent: true }]);
  });
});
