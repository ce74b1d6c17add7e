/**
 * What the client says of itself: each error's name and message (callers and logs tell failures
 * apart by them), each group call's endpoint (its rate limit) and idempotence (whether it may be
 * sent again), and the messages of refused options.
 */
import { recordingTransport } from '../../helpers/recording-transport.js';
import { describe, expect, it } from 'vitest';
import * as agora from '../../../functions/agora/errors.js';
import { GroupsResource, MintingTokenProvider } from '../../../functions/agora/index.js';
import { mintAppToken } from '../../../functions/agora/mint-app-token.js';
import { resolveRetryPolicy } from '../../../functions/agora/retry-policy.js';

const api = { status: 400, code: 'bad', description: 'd', method: 'POST', path: '/p', body: {} };

describe('errors', () => {
  it.each([
    ['AgoraError', () => new agora.AgoraError('m')],
    ['AgoraRequestValidationError', () => new agora.AgoraRequestValidationError('name', 'too long')],
    ['AgoraResponseValidationError', () => new agora.AgoraResponseValidationError('GET', '/p', 'data: missing', {})],
    ['AgoraApiError', () => new agora.AgoraApiError(api)],
    ['BadRequestError', () => new agora.BadRequestError(api)],
    ['AuthenticationError', () => new agora.AuthenticationError({ ...api, status: 401 })],
    ['ForbiddenError', () => new agora.ForbiddenError({ ...api, status: 403 })],
    ['NotFoundError', () => new agora.NotFoundError({ ...api, status: 404 })],
    ['RequestTimeoutError', () => new agora.RequestTimeoutError({ ...api, status: 408 })],
    ['RateLimitError', () => new agora.RateLimitError({ ...api, status: 429 })],
    ['QuotaExhaustedError', () => new agora.QuotaExhaustedError({ ...api, status: 403 })],
    ['ServerError', () => new agora.ServerError({ ...api, status: 503 })],
    ['AgoraConnectionError', () => new agora.AgoraConnectionError('GET', '/p', true, { cause: new Error('x') })],
    ['AgoraTimeoutError', () => new agora.AgoraTimeoutError('GET', '/p', 50)],
    ['AgoraAbortedError', () => new agora.AgoraAbortedError('GET', '/p')],
  ])('%s is named so', (name, make) => {
    // Made in the test, not when the table is built, so that the class is the one under test.
    expect(make().name).toBe(name);
  });

  it('say what failed', () => {
    expect(new agora.AgoraResponseValidationError('GET', '/chatgroups', 'data[0].id: missing', {}).message).toBe(
      'unexpected response to GET /chatgroups: data[0].id: missing',
    );
    expect(new agora.AgoraTimeoutError('POST', '/chatgroups/1/disable', 50).message).toBe(
      'POST /chatgroups/1/disable: no response within 50 ms',
    );
    expect(new agora.AgoraAbortedError('POST', '/chatgroups/1/disable').message).toBe(
      'POST /chatgroups/1/disable: aborted by the caller',
    );
    expect(new agora.AgoraApiError({ ...api, code: '' }).message).toBe('POST /p failed: 400: d');
  });

  it('a connection failure names its cause, with the cause’s code when it has one', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(new agora.AgoraConnectionError('GET', '/p', true, { cause: refused }).message).toBe(
      'GET /p: connection failed: ECONNREFUSED connect ECONNREFUSED',
    );
    expect(new agora.AgoraConnectionError('GET', '/p', true, { cause: new Error('socket hang up') }).message).toBe(
      'GET /p: connection failed: socket hang up',
    );
    expect(new agora.AgoraConnectionError('GET', '/p', true, { cause: 'reset' }).message).toBe(
      'GET /p: connection failed: reset',
    );
  });
});

describe('group calls', () => {
  function recording(data: unknown) {
    const { transport, specs } = recordingTransport(data);
    return { groups: new GroupsResource(transport), specs };
  }
  const GROUP = '100743775617286960';

  it.each([
    [
      'create',
      (g: GroupsResource) => g.create({ name: 'n', description: 'd', public: true, owner: 'ann' }),
      { endpoint: 'create', method: 'POST', idempotent: false },
      { groupid: GROUP },
    ],
    [
      'disable',
      (g: GroupsResource) => g.disable(GROUP),
      { endpoint: 'disable', method: 'POST', idempotent: true },
      { disabled: true },
    ],
    [
      'enable',
      (g: GroupsResource) => g.enable(GROUP),
      { endpoint: 'enable', method: 'POST', idempotent: true },
      { disabled: false },
    ],
    [
      'get',
      (g: GroupsResource) => g.get(GROUP).catch(() => undefined),
      { endpoint: 'get', method: 'GET', idempotent: true },
      [],
    ],
    [
      'modify',
      (g: GroupsResource) => g.modify(GROUP, { name: 'm' }),
      { endpoint: 'modify', method: 'PUT', idempotent: true },
      { groupname: true },
    ],
    [
      'delete',
      (g: GroupsResource) => g.delete(GROUP),
      { endpoint: 'delete', method: 'DELETE', idempotent: true },
      { success: true, groupid: GROUP },
    ],
    ['listPage', (g: GroupsResource) => g.listPage(), { endpoint: 'list', method: 'GET', idempotent: true }, []],
    [
      'joinedPage',
      (g: GroupsResource) => g.joinedPage('ann', 1),
      { endpoint: 'joined', method: 'GET', idempotent: true },
      [],
    ],
  ] as const)(
    '%s goes to its endpoint, sent again only when repeating it is harmless',
    async (_name, call, expected, data) => {
      const { groups, specs } = recording(data);
      await call(groups).catch(() => undefined);
      expect(specs).toEqual([expected]);
    },
  );
});

describe('refused options', () => {
  it('retry options', () => {
    expect(() => resolveRetryPolicy({ retries: 3 } as never)).toThrow(
      new TypeError('unknown retry option "retries"; expected one of maxAttempts, minDelayMs, maxDelayMs, factor'),
    );
    expect(() => resolveRetryPolicy({ minDelayMs: -1 })).toThrow(
      new RangeError('retry delays must satisfy 0 ≤ minDelayMs ≤ maxDelayMs'),
    );
    expect(() => resolveRetryPolicy({ minDelayMs: 200, maxDelayMs: 100 })).toThrow(
      new RangeError('retry delays must satisfy 0 ≤ minDelayMs ≤ maxDelayMs'),
    );
    expect(() => resolveRetryPolicy({ factor: 0.5 })).toThrow(new RangeError('retry.factor must be ≥ 1'));
    expect(resolveRetryPolicy({ minDelayMs: 0, maxDelayMs: 0 })).toMatchObject({ minDelayMs: 0, maxDelayMs: 0 });
    expect(resolveRetryPolicy({ minDelayMs: 100, maxDelayMs: 100 })).toMatchObject({
      minDelayMs: 100,
      maxDelayMs: 100,
    });
  });

  const credentials = { appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) };

  it('token refresh share: in (0, 1]', () => {
    for (const refreshAfter of [0, -0.5, 1.01, Number.NaN]) {
      expect(() => new MintingTokenProvider({ ...credentials, refreshAfter }), String(refreshAfter)).toThrow(
        new RangeError('refreshAfter must be in (0, 1]'),
      );
    }
    for (const refreshAfter of [0.01, 0.75, 1])
      expect(() => new MintingTokenProvider({ ...credentials, refreshAfter })).not.toThrow();
  });

  it('token credentials and lifetime', () => {
    expect(() => mintAppToken({ ...credentials, appId: 'x', lifetimeSeconds: 60 })).toThrow(
      'invalid appId: must be 32 hexadecimal digits',
    );
    expect(() => mintAppToken({ ...credentials, appCertificate: 'x', lifetimeSeconds: 60 })).toThrow(
      'invalid appCertificate: must be 32 hexadecimal digits',
    );
    expect(() => mintAppToken({ ...credentials, lifetimeSeconds: 0 })).toThrow(
      'invalid lifetimeSeconds: must be an integer from 1 to 86400',
    );
    expect(mintAppToken({ ...credentials, lifetimeSeconds: 1 })).toEqual(expect.any(String));
  });
});
