/**
 * The emulator's wire behaviour, checked with plain HTTP requests rather than the client, so
 * that the client's own assumptions are not what is tested.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ org: 'acme', app: 'chat' });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.store.clear();
  emulator.faults.clear();
  emulator.rateLimits.set(false);
});

async function call(
  method: string,
  path: string,
  options: { body?: string; token?: string | null; contentType?: string | null } = {},
) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token === undefined ? emulator.appToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null && options.body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: options.body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('envelope and errors', () => {
  it('answers in the documented envelope', async () => {
    const { status, body } = await call('POST', '/acme/chat/chatgroups', {
      body: JSON.stringify({ groupname: 'g', desc: 'd', public: true, owner: 'alice' }),
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      action: 'post',
      applicationName: 'chat',
      organization: 'acme',
      entities: [],
      data: { groupid: expect.stringMatching(/^\d{18}$/) },
    });
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['application', 'uri', 'timestamp', 'duration']));
  });

  it('answers failures with the documented error body', async () => {
    const { status, body } = await call('POST', '/acme/chat/chatgroups/200000000000000001/disable', { body: '' });

    expect(status).toBe(404);
    expect(Object.keys(body).sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
    expect(body.error).toBe('service_resource_not_found');
  });

  it.each([
    ['no token', null, 'unauthorized'],
    ['a malformed token', 'garbage', 'auth_bad_access_token'],
  ])('answers 401 to %s', async (_label, token, error) => {
    const { status, body } = await call('GET', '/acme/chat/chatgroups', { token });
    expect(status).toBe(401);
    expect(body.error).toBe(error);
  });

  it('answers 404 organization_application_not_found for another org or app', async () => {
    expect((await call('GET', '/acme/other/chatgroups')).body.error).toBe('organization_application_not_found');
  });

  it('answers 415 without Content-Type: application/json, and 400 json_parse on bad JSON', async () => {
    const body = JSON.stringify({ groupname: 'g', desc: 'd', public: true, owner: 'alice' });
    expect(await call('POST', '/acme/chat/chatgroups', { body, contentType: 'text/plain' })).toMatchObject({
      status: 415,
      body: { error: 'web_application' },
    });
    expect(await call('POST', '/acme/chat/chatgroups', { body: '{"groupname":' })).toMatchObject({
      status: 400,
      body: { error: 'json_parse' },
    });
  });

  it('answers 400 invalid_parameter to a modify of any field but the six', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    const { status, body } = await call('PUT', `/acme/chat/chatgroups/${id}`, {
      body: JSON.stringify({ groupname: 'x', public: false }),
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_parameter');
    expect(emulator.store.get(id)?.name).toBe('g');
  });

  it('answers 429 reach_limit over the per-endpoint limit, other endpoints unaffected', async () => {
    // 2/s with a bucket of 2: ten calls get at most 2 + 2 per second elapsed through, so even a
    // machine slowed to 3 s for the loop still sees at least two refusals.
    emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.rateLimits.set({ default: 2 });
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await call('GET', '/acme/chat/chatgroups')).status);

    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/acme/chat/users/alice/joined_chatgroups')).status).toBe(200);
  });
});

describe('lists', () => {
  it('lists 10 groups by default, with count, params and cursor', async () => {
    emulator.store.seed({ count: 12 });
    const { body } = await call('GET', '/acme/chat/chatgroups');

    expect(body.count).toBe(10);
    expect(body.cursor).toEqual(expect.any(String));
    expect((body.data as unknown[])[0]).toEqual({
      owner: 'acme#chat_user0',
      groupid: '200000000000000001',
      affiliations: 3,
      type: 'group',
      last_modified: expect.stringMatching(/^\d+$/),
      groupname: 'group-0',
    });
  });

  it('rejects a list limit above 100', async () => {
    expect((await call('GET', '/acme/chat/chatgroups?limit=101')).status).toBe(400);
  });

  it('answers 404 service_resource_not_found for the joined groups of a user that does not exist', async () => {
    emulator.store.seed({ count: 10, users: 5 });
    emulator.store.insert({ name: 'g', owner: 'alice' });

    expect((await call('GET', '/acme/chat/users/user4/joined_chatgroups')).status).toBe(200);
    expect((await call('GET', '/acme/chat/users/alice/joined_chatgroups')).status).toBe(200);
    const { status, body } = await call('GET', '/acme/chat/users/user5/joined_chatgroups');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      error: 'service_resource_not_found',
      error_description: 'username user5 does not exist',
    });
  });

  it('caps joined-group pages at 20 whatever size is asked', async () => {
    emulator.store.seed({ count: 100, users: 2 });
    const { body } = await call('GET', '/acme/chat/users/user0/joined_chatgroups?pagesize=1000&pagenum=1');
    expect(body.count).toBe(20);
    expect(body.params).toEqual({ pagesize: ['1000'], pagenum: ['1'] });
  });

  it('takes the delete path with the double slash the reference shows', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    expect((await call('DELETE', `//acme/chat/chatgroups/${id}`)).body.data).toEqual({ success: true, groupid: id });
  });
});

describe('control plane', () => {
  it('seeds, injects faults and reports stats over HTTP', async () => {
    const seeded = await call('POST', '/_emulator/seed', { body: JSON.stringify({ count: 1_000_000 }), token: null });
    await call('PUT', '/_emulator/faults', { body: JSON.stringify({ sequence: [503] }), token: null });
    await call('DELETE', '/_emulator/stats', { token: null });

    expect(seeded.body).toMatchObject({ seeded: 1_000_000, total: 1_000_000 });
    expect((await call('GET', '/acme/chat/chatgroups?limit=1')).status).toBe(503);
    expect((await call('GET', '/acme/chat/chatgroups?limit=1')).status).toBe(200);
    expect((await call('GET', '/_emulator/stats', { token: null })).body).toEqual({ list: { 200: 1, 503: 1 } });
  });
});
