/**
 * Contract tests: the client against the emulator over real HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AgoraChatClient,
  AgoraConnectionError,
  AgoraRequestValidationError,
  AgoraTimeoutError,
  AuthenticationError,
  ForbiddenError,
  MintingTokenProvider,
  NotFoundError,
  RateLimitError,
  type RetryEvent,
} from '../../functions/agora/index.js';
import {
  AgoraAbortedError,
  BadRequestError,
  QuotaExhaustedError,
  RequestTimeoutError,
  ServerError,
} from '../../functions/agora/errors.js';
import { mintAppToken } from '../../functions/agora/mint-app-token.js';
import type { Emulator } from '../../local/emulator/index.js';
import { clientFor, collect, startEmulatorWithClient } from '../helpers/emulator-client.js';

let emulator: Emulator;
let client: AgoraChatClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, client, stop } = await startEmulatorWithClient());
});
afterAll(() => stop());
afterEach(() => {
  emulator.faults.clear();
  emulator.rateLimits.set(false);
  emulator.store.clear();
  emulator.resetStats();
});

const newGroup = (name = 'team chat') => ({
  name,
  description: 'a group',
  owner: 'alice',
  public: true,
  members: ['bob', 'carol'],
});

describe('every endpoint', () => {
  it('creates a group, mapping description to desc, and reads it back', async () => {
    // Act
    const { groupId } = await client.groups.create({
      ...newGroup(),
      maxUsers: 300,
      membersOnly: true,
      custom: 'tier=gold',
    });
    const details = await client.groups.get(groupId);

    // Assess
    expect(groupId).toMatch(/^\d{18}$/);
    expect(details).toEqual({
      id: groupId,
      name: 'team chat',
      description: 'a group',
      owner: 'alice',
      public: true,
      membersOnly: true,
      allowInvites: false,
      maxUsers: 300,
      memberCount: 3,
      created: expect.any(Number),
      disabled: false,
      mutedAll: false,
      custom: 'tier=gold',
      affiliations: [
        { role: 'member', username: 'bob' },
        { role: 'member', username: 'carol' },
        { role: 'owner', username: 'alice' },
      ],
    });
  });

  it('disables and enables a group', async () => {
    const { groupId } = await client.groups.create(newGroup());

    expect(await client.groups.disable(groupId)).toEqual({ disabled: true });
    expect(emulator.store.get(groupId)?.disabled).toBe(true);
    expect(await client.groups.enable(groupId)).toEqual({ disabled: false });
    expect(emulator.store.get(groupId)?.disabled).toBe(false);
  });

  it('modifies only the fields given, sending description under its own name', async () => {
    const { groupId } = await client.groups.create(newGroup());

    const changed = await client.groups.modify(groupId, {
      name: 'renamed',
      description: 'new text',
      allowInvites: true,
    });

    expect(changed).toEqual({ groupname: true, description: true, allowinvites: true });
    expect(emulator.store.get(groupId)).toMatchObject({
      name: 'renamed',
      description: 'new text',
      allowInvites: true,
      maxUsers: 200,
    });
  });

  it('deletes a group', async () => {
    const { groupId } = await client.groups.create(newGroup());

    expect(await client.groups.delete(groupId)).toEqual({ success: true, groupId });
    expect(emulator.store.get(groupId)).toBeUndefined();
  });

  it('lists every group across pages, following the cursor to the end', async () => {
    emulator.store.seed({ count: 253 });

    const pages = await collect(client.groups.listPages({ pageSize: 50 }));
    const groups = pages.flatMap((page) => page.groups);

    expect(pages.map((p) => p.groups.length)).toEqual([50, 50, 50, 50, 50, 3]);
    expect(pages.at(-1)?.cursor).toBeUndefined();
    expect(new Set(groups.map((g) => g.id)).size).toBe(253);
    expect(groups[0]).toMatchObject({
      name: 'group-0',
      owner: 'demo-org#demo-app_user0',
      ownerUsername: 'user0',
      memberCount: 3,
      type: 'group',
    });
    expect(emulator.stats.list?.[200]).toBe(6);
  });

  it('resumes listing from a saved cursor', async () => {
    emulator.store.seed({ count: 30 });
    const first = await client.groups.listPage({ pageSize: 10 });

    const rest = await collect(client.groups.list({ pageSize: 10, cursor: first.cursor! }));

    expect(rest.map((g) => g.name)).toEqual(Array.from({ length: 20 }, (_, i) => `group-${i + 10}`));
  });

  it('fetches details of any number of ids 100 a call, leaving out missing groups', async () => {
    const { first } = emulator.store.seed({ count: 250 });
    const ids = Array.from({ length: 250 }, (_, i) => (BigInt(first!) + BigInt(i)).toString());
    emulator.store.delete(ids[7]!);
    const missing = '299999999999999999';

    const details = await collect(client.groups.getMany([...ids, missing]));

    expect(details).toHaveLength(249);
    expect(details.map((d) => d.id)).toEqual(ids.filter((_, i) => i !== 7));
    expect(emulator.stats.get?.[200]).toBe(3);
  });

  it('yields nothing for a chunk of ids none of which exist', async () => {
    expect(await collect(client.groups.getMany(['299999999999999998', '299999999999999999']))).toEqual([]);
  });

  it('lists all joined groups although the service caps pages below the size asked', async () => {
    for (let i = 0; i < 45; i++) await client.groups.create({ ...newGroup(`g${i}`), owner: i % 2 ? 'alice' : 'dave' });

    const joined = await collect(client.groups.joined('bob', { pageSize: 1000 }));

    expect(joined).toHaveLength(45);
    expect(new Set(joined.map((g) => g.id)).size).toBe(45);
    // 20 + 20 + 5: the short third page ends the scan.
    expect(emulator.stats.joined?.[200]).toBe(3);
  });

  it('stops at an empty page when the last full page ends exactly', async () => {
    for (let i = 0; i < 40; i++) await client.groups.create(newGroup(`g${i}`));

    expect(await collect(client.groups.joined('carol', { pageSize: 20 }))).toHaveLength(40);
    expect(emulator.stats.joined?.[200]).toBe(3);
  });
});

describe('errors', () => {
  it('maps an unknown group to NotFoundError with status, code and path, and no token', async () => {
    const error = await client.groups.disable('299999999999999999').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: 'service_resource_not_found',
      path: '/demo-org/demo-app/chatgroups/299999999999999999/disable',
    });
    expect(JSON.stringify(error) + String(error)).not.toContain('007');
  });

  it('reports a missing group from get as NotFoundError with the full path', async () => {
    await expect(client.groups.get('299999999999999999')).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      path: '/demo-org/demo-app/chatgroups/299999999999999999',
    });
  });

  it('maps a wrong org or app to NotFoundError organization_application_not_found', async () => {
    const other = clientFor(emulator, { app: 'other-app' });
    await expect(other.groups.listPage()).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'organization_application_not_found',
    });
    await other.close();
  });

  it.each([
    [{ status: 400, error: 'invalid_parameter' }, BadRequestError],
    [{ status: 403, error: 'forbidden_op' }, ForbiddenError],
    [{ status: 429, error: 'resource_limited' }, QuotaExhaustedError],
  ])('maps %o to %o without retrying', async (fault, ErrorClass) => {
    emulator.faults.set({ sequence: [fault] });
    const { id: groupId } = emulator.store.insert({ name: 'g', owner: 'alice' });

    await expect(client.groups.disable(groupId)).rejects.toBeInstanceOf(ErrorClass);
    expect(emulator.stats.disable?.[fault.status]).toBe(1);
    expect(emulator.stats.disable?.[200]).toBeUndefined();
  });

  it('refuses a token from another app with AuthenticationError', async () => {
    const foreign = mintAppToken({ appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32), lifetimeSeconds: 600 });
    const other = clientFor(emulator, { credentials: { appToken: foreign } });

    await expect(other.groups.listPage()).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: 'auth_bad_access_token',
    });
    await other.close();
  });

  it('refuses an expired static token with AuthenticationError unauthorized', async () => {
    const expired = mintAppToken({
      appId: emulator.appId,
      appCertificate: emulator.appCertificate,
      lifetimeSeconds: 60,
      issuedAt: Date.now() / 1000 - 120,
    });
    const other = clientFor(emulator, { credentials: { appToken: expired } });

    const error = await other.groups.listPage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    await other.close();
  });

  it('raises a response validation error carrying the body when data is malformed', async () => {
    // A 2xx whose data lacks `disabled` cannot come from the emulator's API, so a bare server
    // stands in for a service that changed its answer.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end(JSON.stringify({ action: 'post', data: { disabledd: true } })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const odd = new AgoraChatClient({
      baseUrl: `http://127.0.0.1:${port}`,
      org: 'o',
      app: 'a',
      credentials: { appToken: 't' },
      rateLimits: false,
    });

    await expect(odd.groups.disable('123')).rejects.toMatchObject({
      name: 'AgoraResponseValidationError',
      body: { data: { disabledd: true } },
    });
    await odd.close();
    server.close();
  });

  it('rejects invalid input before sending anything', async () => {
    await expect(client.groups.create({ ...newGroup(), name: 'x'.repeat(129) })).rejects.toMatchObject({
      name: 'AgoraRequestValidationError',
      field: 'name',
    });
    await expect(client.groups.modify('123', { owner: 'eve' } as never)).rejects.toBeInstanceOf(
      AgoraRequestValidationError,
    );
    await expect(client.groups.disable('12a')).rejects.toMatchObject({ field: 'groupId' });
    await expect(client.groups.listPage({ pageSize: 101 })).rejects.toMatchObject({ field: 'pageSize' });
    expect(emulator.stats).toEqual({});
  });
});

describe('retries', () => {
  it('retries 429 reach_limit and 503 until success', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ sequence: [429, 503, 429] });
    const retries: RetryEvent[] = [];
    const retrying = clientFor(emulator, { onRetry: (event) => retries.push(event) });

    await expect(retrying.groups.disable(id)).resolves.toEqual({ disabled: true });
    expect(emulator.stats.disable).toEqual({ 429: 2, 503: 1, 200: 1 });
    expect(retries.map((r) => r.error.constructor)).toEqual([RateLimitError, ServerError, RateLimitError]);
    await retrying.close();
  });

  it('retries 408 and a dropped connection', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ sequence: [408, 'reset'] });
    const retries: RetryEvent[] = [];
    const retrying = clientFor(emulator, { onRetry: (event) => retries.push(event) });

    await expect(retrying.groups.enable(id)).resolves.toEqual({ disabled: false });
    expect(retries.map((r) => r.error.constructor)).toEqual([RequestTimeoutError, AgoraConnectionError]);
    await retrying.close();
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ errorRate: 1, rateStatus: 503 });
    const limited = clientFor(emulator, { retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2 } });

    await expect(limited.groups.disable(id)).rejects.toBeInstanceOf(ServerError);
    expect(emulator.stats.disable?.[503]).toBe(3);
    await limited.close();
  });

  it('does not resend a create that may have reached the service', async () => {
    emulator.faults.set({ sequence: [503] });

    await expect(client.groups.create(newGroup())).rejects.toBeInstanceOf(ServerError);
    expect(emulator.stats.create).toEqual({ 503: 1 });
  });

  it('resends a create refused for rate, which cannot have been applied', async () => {
    emulator.faults.set({ sequence: [429] });

    await client.groups.create(newGroup());
    expect(emulator.stats.create).toEqual({ 429: 1, 200: 1 });
    expect(emulator.store.size).toBe(1);
  });

  it('stops retrying at the deadline instead of waiting past it', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ errorRate: 1, rateStatus: 503 });
    const patient = clientFor(emulator, { retry: { maxAttempts: 100, minDelayMs: 200, maxDelayMs: 200, factor: 1 } });

    // Every wait is 0-200 ms; a 300 ms deadline leaves room for few attempts, never 100. It ends
    // with the last 503, or, when the deadline falls inside an attempt (a busy machine), with that
    // attempt's timeout: either way at the deadline, not after the retries.
    const failure = await patient.groups.disable(id, { deadline: Date.now() + 300 }).catch((error: unknown) => error);
    expect(failure instanceof ServerError || failure instanceof AgoraTimeoutError, String(failure)).toBe(true);
    expect(emulator.stats.disable?.[503]).toBeLessThan(100);
    await patient.close();
  });

  it('stops when the caller aborts, even between retries', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ sequence: [503] });
    const controller = new AbortController();
    // Waits of up to 5 s; the abort lands after the first failure, before the next attempt.
    const aborting = clientFor(emulator, {
      retry: { maxAttempts: 3, minDelayMs: 5_000, maxDelayMs: 5_000, factor: 1 },
      onRetry: () => controller.abort(),
    });

    // The failure that led to the wait says more than the abort, and nothing more is sent.
    await expect(aborting.groups.disable(id, { signal: controller.signal })).rejects.toBeInstanceOf(ServerError);
    expect(emulator.stats.disable).toEqual({ 503: 1 });
    await aborting.close();
  });

  it('stops when the caller aborts during an attempt', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ latencyMs: 2_000 });
    const controller = new AbortController();
    const retries: RetryEvent[] = [];
    const watched = clientFor(emulator, { onRetry: (event) => retries.push(event) });
    setTimeout(() => controller.abort(), 50);

    await expect(watched.groups.disable(id, { signal: controller.signal })).rejects.toBeInstanceOf(AgoraAbortedError);
    expect(retries).toEqual([]);
    await watched.close();
  });

  it('times an attempt out and retries it', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    emulator.faults.set({ latencyMs: 300 });
    const retries: RetryEvent[] = [];
    // The first attempt times out; the service answers the second at once.
    const impatient = clientFor(emulator, {
      timeouts: { attemptMs: 50 },
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 },
      onRetry: (event) => {
        retries.push(event);
        emulator.faults.clear();
      },
    });

    await expect(impatient.groups.disable(id)).resolves.toEqual({ disabled: true });
    expect(retries.map((r) => [r.attempt, r.error.constructor])).toEqual([[1, AgoraTimeoutError]]);
    expect(retries[0]!.error).toMatchObject({ timeoutMs: 50 });
    await impatient.close();
  });

  it('fails over a closed port as a connection error that was never sent', async () => {
    const closed = new AgoraChatClient({
      baseUrl: 'http://127.0.0.1:9',
      org: 'o',
      app: 'a',
      credentials: { appToken: 't' },
      rateLimits: false,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    });

    await expect(closed.groups.disable('123')).rejects.toMatchObject({ name: 'AgoraConnectionError', notSent: true });
    await closed.close();
  });
});

describe('transport', () => {
  it('sends through an injected dispatcher', async () => {
    const { Agent } = await import('undici');
    const seen: string[] = [];
    const dispatcher = new Agent().compose((dispatch) => (options, handler) => {
      seen.push(`${options.method} ${options.path}`);
      return dispatch(options, handler);
    });
    const injected = clientFor(emulator, { dispatcher });
    emulator.store.seed({ count: 1 });

    await injected.groups.listPage({ pageSize: 5 });

    expect(seen).toEqual(['GET /demo-org/demo-app/chatgroups?limit=5']);
    await dispatcher.close();
  });
});

describe('tokens', () => {
  it('mints a token the emulator accepts', async () => {
    emulator.store.seed({ count: 3 });
    expect((await client.groups.listPage()).groups).toHaveLength(3);
  });

  it('mints again once after a 401 and succeeds', async () => {
    // The provider's clock is the test's: the first token is minted 100 s ago with a 60 s life,
    // so the service refuses it while the provider, told it is 50 s ago, still trusts it.
    const realNow = Date.now();
    let clock = realNow - 100_000;
    const provider = new MintingTokenProvider({
      appId: emulator.appId,
      appCertificate: emulator.appCertificate,
      lifetimeSeconds: 60,
      refreshAfter: 1,
      now: () => clock,
    });
    clock = realNow - 50_000;
    const stale = await provider.getToken();
    const refreshing = clientFor(emulator, { credentials: { provider } });
    emulator.store.seed({ count: 1 });

    await expect(refreshing.groups.listPage()).resolves.toMatchObject({ groups: [{ name: 'group-0' }] });
    expect(emulator.stats.list).toEqual({ 401: 1, 200: 1 });
    expect(await provider.getToken()).not.toBe(stale);
    await refreshing.close();
  });

  it('does not loop on 401 when a static token is refused', async () => {
    const other = clientFor(emulator, { credentials: { appToken: 'not-a-token' } });

    await expect(other.groups.listPage()).rejects.toMatchObject({ code: 'auth_bad_access_token' });
    expect(emulator.stats.list).toEqual({ 401: 1 });
    await other.close();
  });
});

describe('client-side rate limit', () => {
  it('keeps a burst under the service limit: no 429 reaches the service', async () => {
    emulator.rateLimits.set({ default: 20 });
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    const throttled = clientFor(emulator, { rateLimits: { default: 20 }, retry: { maxAttempts: 1 } });

    await Promise.all(Array.from({ length: 40 }, () => throttled.groups.disable(id)));

    expect(emulator.stats.disable?.[200]).toBe(40);
    expect(emulator.stats.disable?.[429]).toBeUndefined();
    await throttled.close();
  });

  it('does not wait for a rate-limit slot past the call deadline', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    const slow = clientFor(emulator, { rateLimits: { disable: 0.5 } });
    await slow.groups.disable(id);

    // The next slot is 2 s away; the deadline is sooner.
    await expect(slow.groups.disable(id, { deadline: Date.now() + 50 })).rejects.toBeInstanceOf(AgoraAbortedError);
    expect(emulator.stats.disable).toEqual({ 200: 1 });
    await slow.close();
  });

  it('meets 429s from the service when unthrottled (the limit is real)', async () => {
    emulator.rateLimits.set({ default: 20 });
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });

    const unthrottled = clientFor(emulator, { retry: { maxAttempts: 1 } });

    await Promise.allSettled(Array.from({ length: 40 }, () => unthrottled.groups.disable(id)));

    expect(emulator.stats.disable?.[429]).toBeGreaterThan(0);
    await unthrottled.close();
  });
});
