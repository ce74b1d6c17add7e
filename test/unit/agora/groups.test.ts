/**
 * The group endpoints on a scripted HTTP server: the request each method builds (method, path,
 * query, body in the service's wire names), how answers map back, and how paging ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AgoraChatClient,
  AgoraRequestValidationError,
  AgoraResponseValidationError,
  NotFoundError,
  type GroupsResource,
} from '../../../functions/agora/index.js';
import { collect } from '../../helpers/emulator-client.js';
import { ok, ScriptedServer, type SeenRequest } from '../../helpers/scripted-server.js';

const GROUP = '100743775617286960';

let server: ScriptedServer;
let client: AgoraChatClient;
let groups: GroupsResource;

beforeEach(async () => {
  server = await ScriptedServer.start();
  client = new AgoraChatClient({
    baseUrl: server.url,
    org: 'o',
    app: 'a',
    credentials: { appToken: 't' },
    rateLimits: false,
    retry: { maxAttempts: 1 },
  });
  groups = client.groups;
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const sent = () => server.requests.map((r) => `${r.method} ${r.url}`);
const bodyOf = (request: SeenRequest | undefined) => JSON.parse(request!.body) as unknown;

/** What get details answers for a group: the wire shape. */
const details = (id: string) => ({
  id,
  name: `group ${id}`,
  description: 'd',
  membersonly: false,
  allowinvites: false,
  maxusers: 200,
  owner: 'ann',
  created: 1,
  affiliations_count: 1,
  disabled: false,
  affiliations: [{ owner: 'ann' }],
  public: true,
});
const summary = (id: string) => ({
  groupid: id,
  groupname: `group ${id}`,
  owner: 'o#a_ann',
  affiliations: 1,
  type: 'group',
  last_modified: '1',
});
/** Answers get details with the groups asked for (ids in the path), leaving out those in `missing`. */
const detailsOfPath =
  (missing: string[] = []) =>
  (request: SeenRequest) =>
    ok(
      request.url
        .split('/')
        .at(-1)!
        .split(',')
        .filter((id) => !missing.includes(id))
        .map(details),
    );

describe('create', () => {
  it('sends every field under its wire name and returns the new id', async () => {
    server.answer(ok({ groupid: '42' }));
    const input = {
      name: 'team',
      description: 'd',
      owner: 'ann',
      public: false,
      members: ['bob'],
      maxUsers: 300,
      allowInvites: true,
      membersOnly: true,
      inviteNeedConfirm: false,
      custom: 'c',
    };

    await expect(groups.create(input)).resolves.toEqual({ groupId: '42' });

    expect(sent()).toEqual(['POST /o/a/chatgroups']);
    expect(bodyOf(server.requests[0])).toEqual({
      groupname: 'team',
      desc: 'd',
      public: false,
      owner: 'ann',
      members: ['bob'],
      maxusers: 300,
      allowinvites: true,
      membersonly: true,
      invite_need_confirm: false,
      custom: 'c',
    });
  });

  it('leaves out the optional fields not given', async () => {
    server.answer(ok({ groupid: '42' }));
    await groups.create({ name: 'team', description: 'd', owner: 'ann', public: true });
    expect(bodyOf(server.requests[0])).toEqual({ groupname: 'team', desc: 'd', public: true, owner: 'ann' });
  });

  it('refuses an answer without the new group’s id, naming data.groupid', async () => {
    server.answer(ok({}));
    const error = await groups
      .create({ name: 'team', description: 'd', owner: 'ann', public: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect(error).toMatchObject({ issues: 'data.groupid: required' });
  });

  it('refuses invalid input before sending anything', async () => {
    await expect(groups.create({ name: 'a/b', description: 'd', owner: 'ann', public: true })).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'name',
    });
    expect(server.requests).toEqual([]);
  });
});

describe('disable, enable, modify, delete', () => {
  it('disable and enable post to the group’s own paths', async () => {
    server.answer(ok({ disabled: true }), ok({ disabled: false }));

    expect(await groups.disable(GROUP)).toEqual({ disabled: true });
    expect(await groups.enable(GROUP)).toEqual({ disabled: false });

    expect(sent()).toEqual([`POST /o/a/chatgroups/${GROUP}/disable`, `POST /o/a/chatgroups/${GROUP}/enable`]);
  });

  it.each([
    ['disable', (g: GroupsResource) => g.disable('12a')],
    ['enable', (g: GroupsResource) => g.enable('')],
    ['get', (g: GroupsResource) => g.get('1 2')],
    ['modify', (g: GroupsResource) => g.modify('x', { name: 'n' })],
    ['delete', (g: GroupsResource) => g.delete('-1')],
  ])('%s refuses a group id that is not digits, naming groupId, and sends nothing', async (_method, call) => {
    await expect(call(groups)).rejects.toMatchObject({ name: 'AgoraRequestValidationError', field: 'groupId' });
    expect(server.requests).toEqual([]);
  });

  it('modify sends each field given under its wire name', async () => {
    server.answer(
      ok({ groupname: true, description: true, maxusers: true, membersonly: true, allowinvites: true, custom: true }),
      ok({ custom: true }),
    );

    const changed = await groups.modify(GROUP, {
      name: 'n',
      description: 'd',
      maxUsers: 10,
      membersOnly: true,
      allowInvites: false,
      custom: 'c',
    });
    await groups.modify(GROUP, { custom: 'only' });

    expect(changed).toEqual({
      groupname: true,
      description: true,
      maxusers: true,
      membersonly: true,
      allowinvites: true,
      custom: true,
    });
    expect(sent()).toEqual([`PUT /o/a/chatgroups/${GROUP}`, `PUT /o/a/chatgroups/${GROUP}`]);
    expect(bodyOf(server.requests[0])).toEqual({
      groupname: 'n',
      description: 'd',
      maxusers: 10,
      membersonly: true,
      allowinvites: false,
      custom: 'c',
    });
    expect(bodyOf(server.requests[1])).toEqual({ custom: 'only' });
  });

  it('modify refuses a change of nothing, and names a bad field by its own name, sending nothing', async () => {
    await expect(groups.modify(GROUP, {})).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'input',
      message: expect.stringContaining('must set at least one of name'),
    });
    await expect(groups.modify(GROUP, { maxUsers: 0 })).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'maxUsers',
    });
    expect(server.requests).toEqual([]);
  });

  it('delete sends DELETE to the group and maps the answer', async () => {
    server.answer(ok({ success: true, groupid: GROUP }));
    await expect(groups.delete(GROUP)).resolves.toEqual({ success: true, groupId: GROUP });
    expect(sent()).toEqual([`DELETE /o/a/chatgroups/${GROUP}`]);
  });

  it('delete refuses an answer without its success and group id, naming both', async () => {
    server.answer(ok({}));
    const error = await groups.delete(GROUP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect(error).toMatchObject({ issues: 'data.success: required; data.groupid: required' });
  });
});

describe('details', () => {
  it('get returns the group', async () => {
    server.answer(ok([details(GROUP)]));
    await expect(groups.get(GROUP)).resolves.toMatchObject({ id: GROUP, owner: 'ann', memberCount: 1 });
    expect(sent()).toEqual([`GET /o/a/chatgroups/${GROUP}`]);
  });

  it('get reads each affiliation as owner or member, and a missing custom field as empty', async () => {
    server.answer(ok([{ ...details(GROUP), affiliations: [{ owner: 'ann' }, { member: 'bob' }] }]));
    await expect(groups.get(GROUP)).resolves.toMatchObject({
      custom: '',
      affiliations: [
        { role: 'owner', username: 'ann' },
        { role: 'member', username: 'bob' },
      ],
    });
  });

  it.each([
    [true, { mutedAll: true }],
    [false, { mutedAll: false }],
    ['true', {}],
    [1, {}],
  ])(
    "get reads Easemob's undocumented mute field %j as the group's mute, and any other type as absent",
    async (mute, read) => {
      server.answer(ok([{ ...details(GROUP), mute }]));
      const group = await groups.get(GROUP);
      expect(group).toMatchObject({ id: GROUP, ...read });
      if (!('mutedAll' in read)) expect(group).not.toHaveProperty('mutedAll');
    },
  );

  it.each(['x1', '1x'])(
    'get refuses a creation time %j that is not all digits, naming data[0].created',
    async (created) => {
      server.answer(ok([{ ...details(GROUP), created }]));
      const error = await groups.get(GROUP).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgoraResponseValidationError);
      expect((error as AgoraResponseValidationError).issues).toMatch(/^data\[0\]\.created: /);
    },
  );

  it('get refuses an affiliation that is neither owner nor member', async () => {
    server.answer(ok([{ ...details(GROUP), affiliations: [{ owner: 'ann' }, { guest: 'eve' }] }]));
    await expect(groups.get(GROUP)).rejects.toBeInstanceOf(AgoraResponseValidationError);
  });

  it('get reports an empty answer as the group not existing', async () => {
    server.answer(ok([]));
    const error = await groups.get(GROUP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: 'service_resource_not_found',
      description: `group ${GROUP} does not exist`,
      method: 'GET',
      path: `/chatgroups/${GROUP}`,
      body: [],
    });
  });

  it('getMany asks 100 ids a call, in order, from any iterable', async () => {
    server.fallback = detailsOfPath();
    const ids = Array.from({ length: 250 }, (_, i) => String(1000 + i));
    async function* fromStream() {
      yield* ids;
    }

    const found = await collect(groups.getMany(fromStream()));

    expect(found.map((g) => g.id)).toEqual(ids);
    expect(server.requests.map((r) => r.url.split('/').at(-1)!.split(',').length)).toEqual([100, 100, 50]);
  });

  it('getMany of exactly 100 ids makes one call, and of none makes no call', async () => {
    server.fallback = detailsOfPath();
    await collect(groups.getMany(Array.from({ length: 100 }, (_, i) => String(1000 + i))));
    await collect(groups.getMany([]));
    expect(server.requests).toHaveLength(1);
  });

  it('getChunk leaves out groups that do not exist', async () => {
    server.fallback = detailsOfPath(['2']);
    expect((await groups.getChunk(['1', '2', '3'])).map((g) => g.id)).toEqual(['1', '3']);
    expect(sent()).toEqual(['GET /o/a/chatgroups/1,2,3']);
  });

  it('getChunk reads the 404 of a chunk none of whose groups exist as an empty list', async () => {
    server.answer({ status: 404, body: { error: 'service_resource_not_found' } });
    await expect(groups.getChunk(['1', '2'])).resolves.toEqual([]);
  });

  it('getChunk still fails on another 404, such as a wrong app', async () => {
    server.answer({ status: 404, body: { error: 'organization_application_not_found' } });
    await expect(groups.getChunk(['1'])).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'organization_application_not_found',
    });
  });

  it.each([0, 101])('getChunk refuses %i ids', async (count) => {
    const ids = Array.from({ length: count }, (_, i) => String(i + 1));
    await expect(groups.getChunk(ids)).rejects.toThrow(new RangeError(`getChunk takes 1 to 100 ids, got ${count}`));
    expect(server.requests).toEqual([]);
  });

  it('getChunk names the bad id by its index', async () => {
    await expect(groups.getChunk(['1', 'x'])).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'groupIds[1]',
    });
  });
});

describe('list all', () => {
  it('a page asks 100 groups by default, and returns the cursor when there is one', async () => {
    server.answer(ok([summary('1')], { cursor: 'c2' }));
    await expect(groups.listPage()).resolves.toEqual({ groups: [expect.objectContaining({ id: '1' })], cursor: 'c2' });
    expect(sent()).toEqual(['GET /o/a/chatgroups?limit=100']);
  });

  it('a listed owner without the org and app prefix is its own user id', async () => {
    server.answer(ok([{ ...summary('1'), owner: 'ann' }, summary('2')]));
    expect((await groups.listPage()).groups.map((group) => group.ownerUsername)).toEqual(['ann', 'ann']);
  });

  it.each([
    ['a prefix before the org', '#o#a_ann'],
    ['a second line', 'o#a_ann\nbob'],
  ])(
    'a listed owner with %s is not wholly {org}#{app}_{user}: it is kept as listed, no part taken for the user id',
    async (_case, owner) => {
      server.answer(ok([{ ...summary('1'), owner }]));
      expect((await groups.listPage()).groups.map((group) => group.ownerUsername)).toEqual([owner]);
    },
  );

  it.each(['x1', '1x'])(
    'a page refuses a modification time %j that is not all digits, naming data[0].last_modified',
    async (lastModified) => {
      server.answer(ok([{ ...summary('1'), last_modified: lastModified }]));
      const error = await groups.listPage().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgoraResponseValidationError);
      expect((error as AgoraResponseValidationError).issues).toMatch(/^data\[0\]\.last_modified: /);
    },
  );

  it('a page whose groups break the schema names every problem', async () => {
    server.answer(ok([{ groupid: 1 }]));
    const error = await groups.listPage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect((error as AgoraResponseValidationError).issues).toMatch(/^data\[0\]\.groupid: .+; data\[0\]\.groupname: /);
  });

  it('a page without a cursor is the last', async () => {
    server.answer(ok([summary('1')]));
    expect(await groups.listPage({ pageSize: 1, cursor: 'c2' })).toEqual({
      groups: [expect.objectContaining({ id: '1' })],
    });
    expect(sent()).toEqual(['GET /o/a/chatgroups?limit=1&cursor=c2']);
  });

  it.each([0, 101, 1.5])('refuses page size %s', async (pageSize) => {
    await expect(groups.listPage({ pageSize })).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'pageSize',
    });
  });

  it('list follows the cursor from where it is told to start until a page has none', async () => {
    server.answer(ok([summary('1'), summary('2')], { cursor: 'c2' }), ok([summary('3')], { cursor: 'c3' }), ok([]));

    const found = await collect(groups.list({ pageSize: 2, cursor: 'c1' }));

    expect(found.map((g) => g.id)).toEqual(['1', '2', '3']);
    expect(sent()).toEqual([
      'GET /o/a/chatgroups?limit=2&cursor=c1',
      'GET /o/a/chatgroups?limit=2&cursor=c2',
      'GET /o/a/chatgroups?limit=2&cursor=c3',
    ]);
  });

  it('listPages yields each page as it comes', async () => {
    server.answer(ok([summary('1')], { cursor: 'c2' }), ok([summary('2')]));
    const pages = await collect(groups.listPages());
    expect(pages.map((page) => [page.groups.length, page.cursor])).toEqual([
      [1, 'c2'],
      [1, undefined],
    ]);
  });
});

describe('joined groups', () => {
  const joined = (count: number, from = 0) =>
    ok(Array.from({ length: count }, (_, i) => ({ groupid: String(from + i + 1), groupname: 'g' })));

  it('a page asks by user, size and number', async () => {
    server.answer(joined(2), joined(0));
    await expect(groups.joinedPage('ann', 3, { pageSize: 2 })).resolves.toEqual([
      { id: '1', name: 'g' },
      { id: '2', name: 'g' },
    ]);
    await groups.joinedPage('bob', 1);
    expect(sent()).toEqual([
      'GET /o/a/users/ann/joined_chatgroups?pagesize=2&pagenum=3',
      'GET /o/a/users/bob/joined_chatgroups?pagesize=100&pagenum=1',
    ]);
  });

  it.each([
    ['a username with capitals', () => groups.joinedPage('Ann', 1), 'username'],
    ['page number 0', () => groups.joinedPage('ann', 0), 'pageNum'],
    ['page size 1001', () => groups.joinedPage('ann', 1, { pageSize: 1001 }), 'pageSize'],
  ])('refuses %s', async (_case, call, field) => {
    await expect(call()).rejects.toBeInstanceOf(AgoraRequestValidationError);
    await expect(call()).rejects.toMatchObject({ field });
    expect(server.requests).toEqual([]);
  });

  it('pages on while pages are as long as the longest seen, though shorter than asked, and stops at a shorter one', async () => {
    server.answer(joined(50), joined(50, 50), joined(10, 100));

    const found = await collect(groups.joined('ann'));

    expect(found).toHaveLength(110);
    expect(sent().map((line) => line.split('pagenum=')[1])).toEqual(['1', '2', '3']);
  });

  it('stops at an empty page when the last full page ends exactly', async () => {
    server.answer(joined(2), joined(2, 2), joined(0));
    expect(await collect(groups.joined('ann', { pageSize: 2 }))).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('a page refuses a group without its id and name, naming both', async () => {
    server.answer(ok([{}]));
    const error = await groups.joinedPage('ann', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect(error).toMatchObject({ issues: 'data[0].groupid: required; data[0].groupname: required' });
  });

  it('a user in no group: one empty page', async () => {
    server.answer(joined(0));
    expect(await collect(groups.joined('ann'))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});
