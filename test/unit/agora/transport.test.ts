/**
 * The transport on a scripted HTTP server in the test's process: what goes over the wire, how an
 * answer becomes data or an error, and the retry rules counted request by request. The clock the
 * transport reads for deadlines is frozen where a test depends on it; the waits are real.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AgoraApiError,
  AgoraChatClient,
  AgoraConnectionError,
  AgoraResponseValidationError,
  AgoraTimeoutError,
  AuthenticationError,
  RateLimitError,
  type AgoraChatClientOptions,
  type RetryEvent,
  type TokenProvider,
} from '../../../functions/agora/index.js';
import { AgoraAbortedError, BadRequestError, ServerError } from '../../../functions/agora/errors.js';
import { ok, ScriptedServer } from '../../helpers/scripted-server.js';

const GROUP = '100743775617286960';
const DISABLE_PATH = `/o/a/chatgroups/${GROUP}/disable`;
/** Retries that wait at most a millisecond unless the server sends `Retry-After`. */
const QUICK_RETRY = { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 5_000, factor: 1 };

let server: ScriptedServer;
const clients: AgoraChatClient[] = [];
/** Dispatchers a test made, closed after it. */
const agents: Agent[] = [];

// A server per test: a request a test abandoned cannot arrive late in the next one's count.
beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  await server.close();
});

/** A client of the scripted server with a static token, no rate limits and quick retries. */
function clientOf(options: Partial<AgoraChatClientOptions> = {}): AgoraChatClient {
  const client = new AgoraChatClient({
    baseUrl: server.url,
    org: 'o',
    app: 'a',
    credentials: { appToken: 'token-1' },
    rateLimits: false,
    retry: QUICK_RETRY,
    ...options,
  });
  clients.push(client);
  return client;
}

/** Runs `call` and returns what it rejected with. */
async function failure(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error;
}

/** Freezes the clock the transport reads (`Date.now`), leaving timers real. */
function freezeClock(at = Date.parse('2026-11-25T10:00:00.000Z')): number {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  return at;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('what goes over the wire', () => {
  it('a POST without a body: the path under org and app, the token, JSON accepted', async () => {
    await clientOf({ baseUrl: `${server.url}//` }).groups.disable(GROUP);

    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', url: DISABLE_PATH, body: '' });
    expect(sent!.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer token-1',
      'content-type': 'application/json',
    });
  });

  it('org and app are encoded into the path', async () => {
    await clientOf({ org: 'my org', app: 'app/1' }).groups.disable(GROUP);

    expect(server.requests[0]!.url).toBe(`/my%20org/app%2F1/chatgroups/${GROUP}/disable`);
  });

  it('a PUT sends its body as JSON; a GET and a DELETE send no content type', async () => {
    server.answer(ok({ groupname: true }), ok([]), ok({ success: true, groupid: GROUP }));
    const client = clientOf();

    await client.groups.modify(GROUP, { name: 'renamed' });
    await client.groups.getChunk([GROUP]);
    await client.groups.delete(GROUP);

    const [put, get, remove] = server.requests;
    expect(put).toMatchObject({
      method: 'PUT',
      body: '{"groupname":"renamed"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(get!.method).toBe('GET');
    expect(get!.headers['content-type']).toBeUndefined();
    expect(remove!.method).toBe('DELETE');
    expect(remove!.headers['content-type']).toBeUndefined();
  });

  it('a query leaves out parameters without a value, and an empty query adds no "?"', async () => {
    server.answer(ok([]), ok([]));
    const client = clientOf();

    await client.groups.listPage({ pageSize: 5 });
    await client.groups.listPage({ pageSize: 5, cursor: 'c 1' });

    expect(server.requests.map((r) => r.url)).toEqual([
      '/o/a/chatgroups?limit=5',
      '/o/a/chatgroups?limit=5&cursor=c+1',
    ]);
  });
});

describe('answers', () => {
  it.each([200, 201, 299])('a %i with the envelope is data', async (status) => {
    server.answer({ status, body: { data: { disabled: true } } });
    await expect(clientOf().groups.disable(GROUP)).resolves.toEqual({ disabled: true });
  });

  it('the envelope’s cursor comes with the data, and only when there is one', async () => {
    const summary = {
      groupid: '1',
      groupname: 'g',
      owner: 'o#a_u',
      affiliations: 1,
      type: 'group',
      last_modified: '1',
    };
    server.answer(ok([summary], { cursor: 'next' }), ok([summary], { cursor: '' }));
    const client = clientOf();

    expect(await client.groups.listPage()).toMatchObject({ cursor: 'next' });
    expect(Object.keys(await client.groups.listPage())).toEqual(['groups']);
  });

  it('an error carries the status, the body’s code and description, the method and the path, never the token', async () => {
    server.answer({ status: 400, body: { error: 'invalid_parameter', error_description: 'bad group id' } });

    const error = await failure(clientOf().groups.disable(GROUP));

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_parameter',
      description: 'bad group id',
      method: 'POST',
      path: DISABLE_PATH,
      body: { error: 'invalid_parameter', error_description: 'bad group id' },
    });
    expect(error.message).not.toContain('token-1');
  });

  it.each([
    ['a non-JSON body is the description, cut at 200 characters', 'x'.repeat(300), 'x'.repeat(200), 'x'.repeat(300)],
    ['an empty body leaves the status as the description', '', 'HTTP 502', ''],
    ['a JSON body without the fields says so by the status', '{"fault":1}', '{"fault":1}', { fault: 1 }],
  ])('%s', async (_case, body, description, kept) => {
    server.answer({ status: 502, body });
    const error = await failure(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP));
    expect(error).toMatchObject({ name: 'ServerError', code: '', description, body: kept });
  });

  it('a status outside 2xx that no class names is an AgoraApiError', async () => {
    server.answer({ status: 300, body: { error: 'moved' } });
    const error = await failure(clientOf().groups.disable(GROUP));
    expect(error.constructor).toBe(AgoraApiError);
    expect(error).toMatchObject({ status: 300, code: 'moved' });
  });

  it.each([
    ['seconds', '7', 7],
    ['the first of two headers', ['7', '9'], 7],
    ['a date', new Date(Date.parse('2026-11-25T10:00:03.000Z')).toUTCString(), 3],
    ['a date already past', new Date(Date.parse('2026-11-25T09:00:00.000Z')).toUTCString(), 0],
  ])('Retry-After as %s', async (_case, header, seconds) => {
    freezeClock();
    server.answer({ status: 429, body: { error: 'reach_limit' }, headers: { 'retry-after': header } });
    const error = await failure(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(seconds);
  });

  it.each([
    ['no header', undefined],
    ['an unreadable one', 'soon'],
    ['an empty one', ''],
  ])('Retry-After with %s is left out', async (_case, header) => {
    server.answer({
      status: 429,
      body: { error: 'reach_limit' },
      ...(header !== undefined && { headers: { 'retry-after': header } }),
    });
    const error = await failure(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBeUndefined();
  });

  it.each([
    ['not JSON', 'OK', 'OK'],
    ['JSON but not an object', '[1,2]', [1, 2]],
  ])('a 2xx whose body is %s is a response validation error carrying the body', async (_case, body, kept) => {
    server.answer({ status: 200, body });
    const error = await failure(clientOf().groups.disable(GROUP));
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect(error).toMatchObject({
      method: 'POST',
      path: DISABLE_PATH,
      issues: 'body is not a JSON object envelope',
      body: kept,
    });
  });

  it.each([
    ['action', 1],
    ['uri', 1],
    ['timestamp', '1542361730243'],
    ['duration', '0'],
    ['cursor', 5],
    ['count', '1'],
  ])(
    'a 2xx whose envelope has a mistyped %s (%j) is a response validation error carrying the body',
    async (field, value) => {
      const body = { data: { disabled: true }, [field]: value };
      server.answer({ status: 200, body });
      const error = await failure(clientOf().groups.disable(GROUP));
      expect(error).toBeInstanceOf(AgoraResponseValidationError);
      expect(error).toMatchObject({
        method: 'POST',
        path: DISABLE_PATH,
        issues: 'body is not a JSON object envelope',
        body,
      });
    },
  );

  it('a 2xx whose data breaks the schema names the field under data', async () => {
    server.answer(ok({ disabled: 'yes' }));
    const error = await failure(clientOf().groups.disable(GROUP));
    expect(error).toBeInstanceOf(AgoraResponseValidationError);
    expect((error as AgoraResponseValidationError).issues).toMatch(/^data\.disabled: /);
    expect((error as AgoraResponseValidationError).body).toEqual({ action: 'post', data: { disabled: 'yes' } });
  });
});

describe('retries, counted', () => {
  it('retries 503 and 429 reach_limit until an attempt succeeds, reporting each retry', async () => {
    server.answer({ status: 503 }, { status: 429, body: { error: 'reach_limit' } });
    const retries: RetryEvent[] = [];

    await expect(clientOf({ onRetry: (event) => retries.push(event) }).groups.disable(GROUP)).resolves.toEqual({
      disabled: true,
    });

    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => [r.attempt, r.error.constructor, r.endpoint, r.method, r.path])).toEqual([
      [1, ServerError, 'disable', 'POST', DISABLE_PATH],
      [2, RateLimitError, 'disable', 'POST', DISABLE_PATH],
    ]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    server.answer({ status: 503 }, { status: 503 }, { status: 502 });

    const error = await failure(clientOf({ retry: { ...QUICK_RETRY, maxAttempts: 3 } }).groups.disable(GROUP));

    expect(error).toMatchObject({ name: 'ServerError', status: 502 });
    expect(server.requests).toHaveLength(3);
  });

  it('maxAttempts 1 sends once', async () => {
    server.answer({ status: 503 });
    await expect(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('never resends what cannot succeed: a 400 or a quota refusal', async () => {
    server.answer(
      { status: 400, body: { error: 'invalid_parameter' } },
      { status: 429, body: { error: 'resource_limited' } },
    );
    const client = clientOf();

    await expect(client.groups.disable(GROUP)).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.groups.disable(GROUP)).rejects.toMatchObject({ name: 'QuotaExhaustedError' });
    expect(server.requests).toHaveLength(2);
  });

  it('does not resend a create that may have reached the service', async () => {
    server.answer({ status: 503 });
    const create = clientOf().groups.create({ name: 'g', description: 'd', owner: 'ann', public: true });
    await expect(create).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('resends a create refused for rate, which cannot have been applied', async () => {
    server.answer({ status: 429, body: { error: 'reach_limit' } }, ok({ groupid: '42' }));
    const create = clientOf().groups.create({ name: 'g', description: 'd', owner: 'ann', public: true });
    await expect(create).resolves.toEqual({ groupId: '42' });
    expect(server.requests).toHaveLength(2);
  });

  it('waits what Retry-After asks, capped at maxDelayMs', async () => {
    server.answer(
      { status: 429, body: { error: 'reach_limit' }, headers: { 'retry-after': '0' } },
      { status: 429, body: { error: 'reach_limit' }, headers: { 'retry-after': '60' } },
    );
    const retries: RetryEvent[] = [];

    await clientOf({
      retry: { ...QUICK_RETRY, maxDelayMs: 20 },
      onRetry: (event) => retries.push(event),
    }).groups.disable(GROUP);

    expect(retries.map((r) => r.delayMs)).toEqual([0, 20]);
  });

  it('times an attempt out and retries it', async () => {
    server.answer('hang');
    const retries: RetryEvent[] = [];

    const result = clientOf({ timeouts: { attemptMs: 50 }, onRetry: (event) => retries.push(event) }).groups.disable(
      GROUP,
    );

    await expect(result).resolves.toEqual({ disabled: true });
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(AgoraTimeoutError);
    expect(retries[0]!.error).toMatchObject({ timeoutMs: 50, method: 'POST', path: DISABLE_PATH });
  });

  it('reads a response whose headers do not come in time as a timeout, even within the attempt', async () => {
    // undici checks these timeouts about once a second: the answer comes well after that.
    server.answer({ status: 200, body: { data: { disabled: true } }, delayMs: 3_000 });
    const error = await failure(
      clientOf({ timeouts: { headersMs: 30, attemptMs: 10_000 }, retry: { maxAttempts: 1 } }).groups.disable(GROUP),
    );
    expect(error).toBeInstanceOf(AgoraTimeoutError);
    expect(error.cause).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('a port nobody listens on is a connection that was never made: even a create is sent again', async () => {
    const retries: RetryEvent[] = [];
    const client = clientOf({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { ...QUICK_RETRY, maxAttempts: 2 },
      onRetry: (event) => retries.push(event),
    });

    const error = await failure(client.groups.create({ name: 'g', description: 'd', owner: 'ann', public: true }));

    expect(error).toBeInstanceOf(AgoraConnectionError);
    expect(error).toMatchObject({ notSent: true, method: 'POST', path: '/o/a/chatgroups' });
    expect(error.message).toMatch(/connection failed: ECONNREFUSED/);
    expect(retries).toHaveLength(1);
  });

  it('a connection dropped after the request went out may have reached the service: a create is not sent again', async () => {
    server.answer('reset');
    const error = await failure(clientOf().groups.create({ name: 'g', description: 'd', owner: 'ann', public: true }));
    expect(error).toMatchObject({ name: 'AgoraConnectionError', notSent: false });
    expect(server.requests).toHaveLength(1);
  });

  /** A dispatcher that fails every request with `error`, as one wrapping another's failures does. */
  function failingDispatcher(error: Error) {
    const agent = new Agent();
    agents.push(agent);
    return agent.compose(() => () => {
      throw error;
    });
  }
  const wrapped = (code: string) =>
    new Error('request failed', { cause: Object.assign(new Error(`failed: ${code}`), { code }) });

  it('a connection code that comes only in the cause is read there: a refused connection is sent again, even a create', async () => {
    const retries: RetryEvent[] = [];
    const client = clientOf({
      dispatcher: failingDispatcher(wrapped('ECONNREFUSED')),
      retry: { ...QUICK_RETRY, maxAttempts: 2 },
      onRetry: (event) => retries.push(event),
    });

    const error = await failure(client.groups.create({ name: 'g', description: 'd', owner: 'ann', public: true }));

    expect(error).toBeInstanceOf(AgoraConnectionError);
    expect(error).toMatchObject({ notSent: true });
    expect(retries).toHaveLength(1);
  });

  it('a timeout code that comes only in the cause is a timeout', async () => {
    const client = clientOf({
      dispatcher: failingDispatcher(wrapped('UND_ERR_HEADERS_TIMEOUT')),
      retry: { maxAttempts: 1 },
    });
    const error = await failure(client.groups.disable(GROUP));
    expect(error).toBeInstanceOf(AgoraTimeoutError);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH'])(
    'a failure coded %s is a connection never made: a create is sent again',
    async (code) => {
      const retries: RetryEvent[] = [];
      const client = clientOf({
        dispatcher: failingDispatcher(wrapped(code)),
        retry: { ...QUICK_RETRY, maxAttempts: 2 },
        onRetry: (event) => retries.push(event),
      });

      const error = await failure(client.groups.create({ name: 'g', description: 'd', owner: 'ann', public: true }));

      expect(error).toBeInstanceOf(AgoraConnectionError);
      expect(error).toMatchObject({ notSent: true });
      expect(retries).toHaveLength(1);
    },
  );

  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])(
    'a failure coded %s is a timeout of the attempt',
    async (code) => {
      const client = clientOf({
        dispatcher: failingDispatcher(wrapped(code)),
        retry: { maxAttempts: 1 },
        timeouts: { attemptMs: 10_000 },
      });
      const error = await failure(client.groups.disable(GROUP));
      expect(error).toBeInstanceOf(AgoraTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 10_000 });
    },
  );

  it.each([
    ['another code', wrapped('ECONNRESET')],
    ['no code at all', new Error('request failed')],
  ])(
    'a failure with %s may have reached the service: not a timeout, and a create is not sent again',
    async (_case, cause) => {
      const retries: RetryEvent[] = [];
      const client = clientOf({
        dispatcher: failingDispatcher(cause),
        retry: { ...QUICK_RETRY, maxAttempts: 2 },
        onRetry: (event) => retries.push(event),
      });

      const error = await failure(client.groups.create({ name: 'g', description: 'd', owner: 'ann', public: true }));

      expect(error).toBeInstanceOf(AgoraConnectionError);
      expect(error).toMatchObject({ notSent: false });
      expect(retries).toEqual([]);
    },
  );

  it('a dropped connection of an idempotent call is retried', async () => {
    server.answer('reset');
    await expect(clientOf().groups.disable(GROUP)).resolves.toEqual({ disabled: true });
    expect(server.requests).toHaveLength(2);
  });
});

describe('the caller’s signal and deadline', () => {
  it('a signal aborted before the call sends nothing', async () => {
    const reason = new Error('deadline near');
    const error = await failure(clientOf().groups.disable(GROUP, { signal: AbortSignal.abort(reason) }));
    expect(error).toBeInstanceOf(AgoraAbortedError);
    expect(error).toMatchObject({ method: 'POST', path: DISABLE_PATH, cause: reason });
    expect(server.requests).toHaveLength(0);
  });

  it('an abort during an attempt ends the call as aborted, not as a timeout or a failure to retry', async () => {
    server.answer('hang');
    const controller = new AbortController();
    const retries: RetryEvent[] = [];
    const call = clientOf({ onRetry: (event) => retries.push(event) }).groups.disable(GROUP, {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));

    controller.abort();

    const error = await failure(call);
    expect(error).toBeInstanceOf(AgoraAbortedError);
    // What the abort interrupted is kept as the cause.
    expect((error as Error).cause).toMatchObject({ name: 'AbortError' });
    expect(retries).toEqual([]);
  });

  it('the signal is observed between retries: an abort during the wait ends it with the failure that led there', async () => {
    // The server asks for a 2 s wait: a wait blind to the signal would send a second request
    // after it and fail differently (aborted before the attempt) or succeed.
    server.answer({ status: 503, headers: { 'retry-after': '2' } });
    const controller = new AbortController();
    const client = clientOf({ onRetry: () => void setTimeout(() => controller.abort(new Error('deadline near')), 10) });

    const error = await failure(client.groups.disable(GROUP, { signal: controller.signal }));

    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('an attempt gets no longer than the time left before the deadline', async () => {
    const now = freezeClock();
    server.answer('hang');
    const error = await failure(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP, { deadline: now + 80 }));
    expect(error).toMatchObject({ name: 'AgoraTimeoutError', timeoutMs: 80 });
  });

  it('a caller’s signal does not replace the attempt timeout: an attempt that hangs still times out', async () => {
    server.answer('hang');
    const started = Date.now();
    // undici's own headers timeout is further away than the test's: only the attempt's can end it.
    const call = clientOf({
      timeouts: { attemptMs: 50, headersMs: 120_000 },
      retry: { maxAttempts: 1 },
    }).groups.disable(GROUP, { signal: new AbortController().signal });

    const error = await failure(call);

    expect(error).toMatchObject({ name: 'AgoraTimeoutError', timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the attempt timeout applies when the deadline is further away', async () => {
    const now = freezeClock();
    server.answer('hang');
    const error = await failure(
      clientOf({ timeouts: { attemptMs: 40 }, retry: { maxAttempts: 1 } }).groups.disable(GROUP, {
        deadline: now + 60_000,
      }),
    );
    expect(error).toMatchObject({ name: 'AgoraTimeoutError', timeoutMs: 40 });
  });

  it('a deadline already past still gives an attempt 1 ms, never a negative timeout', async () => {
    const now = freezeClock();
    server.answer('hang');
    const error = await failure(clientOf({ retry: { maxAttempts: 1 } }).groups.disable(GROUP, { deadline: now - 10 }));
    expect(error).toMatchObject({ name: 'AgoraTimeoutError', timeoutMs: 1 });
  });

  it('no retry is waited for when the wait would reach the deadline', async () => {
    const now = freezeClock();
    server.answer({ status: 503, headers: { 'retry-after': '1' } });
    const retries: RetryEvent[] = [];

    const error = await failure(
      clientOf({ onRetry: (event) => retries.push(event) }).groups.disable(GROUP, { deadline: now + 1_000 }),
    );

    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('a retry whose wait ends before the deadline is taken', async () => {
    const now = freezeClock();
    server.answer({ status: 503, headers: { 'retry-after': '0' } });
    await expect(clientOf().groups.disable(GROUP, { deadline: now + 1_000 })).resolves.toEqual({ disabled: true });
    expect(server.requests).toHaveLength(2);
  });

  it('the wait for a rate-limit slot ends at the deadline, and nothing is sent', async () => {
    const now = freezeClock();
    const client = clientOf({ rateLimits: { disable: 0.5 } });
    await client.groups.disable(GROUP);

    // The next slot is 2 s away; the deadline is sooner.
    const error = await failure(client.groups.disable(GROUP, { deadline: now + 30 }));

    expect(error).toBeInstanceOf(AgoraAbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it('the wait for a rate-limit slot ends when the signal aborts', async () => {
    const client = clientOf({ rateLimits: { disable: 0.5 } });
    await client.groups.disable(GROUP);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 20);

    const error = await failure(client.groups.disable(GROUP, { signal: controller.signal }));

    expect(error).toBeInstanceOf(AgoraAbortedError);
    expect(error.cause).toEqual(new Error('stop'));
    expect(server.requests).toHaveLength(1);
  });
});

describe('tokens', () => {
  /** A provider that hands out `token-1`, then `token-2` once told the first was refused. */
  function rotatingProvider(replaces = true) {
    let current = 'token-1';
    const refused: string[] = [];
    const provider: TokenProvider = {
      getToken: async () => current,
      refresh: async (token) => {
        refused.push(token);
        if (replaces) current = 'token-2';
        return replaces;
      },
    };
    return { provider, refused };
  }

  it('a refused token is replaced once, and that resend is not counted as a retry', async () => {
    // Two attempts: the 401's resend must not use up the second, which the 503 needs.
    server.answer({ status: 401, body: { error: 'unauthorized' } }, { status: 503 });
    const { provider, refused } = rotatingProvider();
    const retries: RetryEvent[] = [];

    const result = clientOf({
      credentials: { provider },
      retry: { ...QUICK_RETRY, maxAttempts: 2 },
      onRetry: (event) => retries.push(event),
    }).groups.disable(GROUP);

    await expect(result).resolves.toEqual({ disabled: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
    expect(refused).toEqual(['token-1']);
    expect(retries.map((r) => [r.attempt, r.error.name])).toEqual([[1, 'ServerError']]);
  });

  it('a token refused again after its replacement fails the call', async () => {
    server.answer({ status: 401, body: { error: 'unauthorized' } }, { status: 401, body: { error: 'unauthorized' } });
    const { provider, refused } = rotatingProvider();

    await expect(clientOf({ credentials: { provider } }).groups.disable(GROUP)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(server.requests).toHaveLength(2);
    expect(refused).toEqual(['token-1']);
  });

  /** A provider whose refresh keeps the signal it is given and offers no replacement. */
  function watchedProvider() {
    const signals: (AbortSignal | undefined)[] = [];
    const provider: TokenProvider = {
      getToken: async () => 'token-1',
      refresh: async (_token, options) => {
        signals.push(options?.signal);
        return false;
      },
    };
    return { provider, signals };
  }

  it('a refresh runs under the call’s signal: aborting the call aborts what the refresh waits for', async () => {
    server.answer({ status: 401, body: { error: 'unauthorized' } });
    const { provider, signals } = watchedProvider();
    const controller = new AbortController();

    await failure(clientOf({ credentials: { provider } }).groups.disable(GROUP, { signal: controller.signal }));

    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    controller.abort(new Error('stop'));
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toEqual(new Error('stop'));
  });

  it('a refresh runs under the call’s deadline', async () => {
    server.answer({ status: 401, body: { error: 'unauthorized' } });
    const { provider, signals } = watchedProvider();

    await failure(clientOf({ credentials: { provider } }).groups.disable(GROUP, { deadline: Date.now() + 1_000 }));

    expect(signals[0]!.aborted).toBe(false);
    await vi.waitFor(() => expect(signals[0]!.aborted).toBe(true), { timeout: 10_000 });
  });

  it('without a replacement the 401 is final', async () => {
    server.answer({ status: 401, body: { error: 'unauthorized' } });
    const { provider } = rotatingProvider(false);

    await expect(clientOf({ credentials: { provider } }).groups.disable(GROUP)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('connections', () => {
  it('sends through an injected dispatcher, which close leaves open', async () => {
    const seen: string[] = [];
    const agent = new Agent();
    const dispatcher = agent.compose((dispatch) => (options, handler) => {
      seen.push(`${options.method} ${options.path}`);
      return dispatch(options, handler);
    });
    const client = clientOf({ dispatcher });

    await client.groups.disable(GROUP);
    await client.close();

    expect(seen).toEqual([`POST ${DISABLE_PATH}`]);
    const after = await request(`${server.url}/still-open`, { dispatcher });
    expect(after.statusCode).toBe(200);
    await after.body.text();
    await agent.close();
  });

  it('the client’s own connections close after keepAliveMs idle: a later call connects again', async () => {
    // Node's server announces its keep-alive (`Keep-Alive: timeout=5`), which undici follows over
    // its own setting: this one announces none and never closes an idle connection itself.
    const answering = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ action: 'post', data: { disabled: true } }));
      });
    });
    answering.keepAliveTimeout = 0;
    let connections = 0;
    answering.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(answering.address() as AddressInfo).port}`;
    const idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    try {
      const kept = clientOf({ baseUrl, timeouts: { keepAliveMs: 30_000 } });
      await kept.groups.disable(GROUP);
      await idleFor(300);
      await kept.groups.disable(GROUP);
      expect(connections).toBe(1);

      const closed = clientOf({ baseUrl, timeouts: { keepAliveMs: 50 } });
      await closed.groups.disable(GROUP);
      await idleFor(300);
      await closed.groups.disable(GROUP);
      expect(connections).toBe(3);
    } finally {
      answering.closeAllConnections();
      await new Promise<void>((resolve) => answering.close(() => resolve()));
    }
  });

  it('close ends the client’s own connections: a later call cannot connect', async () => {
    const client = new AgoraChatClient({
      baseUrl: server.url,
      org: 'o',
      app: 'a',
      credentials: { appToken: 't' },
      rateLimits: false,
      retry: { maxAttempts: 1 },
    });
    await client.groups.disable(GROUP);
    await client.close();

    const error = await failure(client.groups.disable(GROUP));
    expect(error).toBeInstanceOf(AgoraConnectionError);
    expect(error.message).toMatch(/connection failed: UND_ERR_DESTROYED/);
  });
});
