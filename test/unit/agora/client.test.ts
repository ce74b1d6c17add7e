/**
 * Constructing the client: a typo or an impossible option fails at construction, naming itself,
 * and each kind of credentials ends up as the token sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgoraChatClient, type AgoraChatClientOptions } from '../../../functions/agora/index.js';
import { DEFAULT_RETRY_POLICY } from '../../../functions/agora/retry-policy.js';
import { DEFAULT_TIMEOUTS } from '../../../functions/agora/transport.js';
import { ScriptedServer } from '../../helpers/scripted-server.js';

const base = {
  baseUrl: 'https://a41.chat.agora.io',
  org: 'o',
  app: 'a',
  credentials: { appToken: 't' },
} satisfies AgoraChatClientOptions;
const construct = (options: Record<string, unknown>) => () =>
  new AgoraChatClient({ ...base, ...options } as AgoraChatClientOptions);

describe('options', () => {
  it.each([
    [{ retries: 3 }, TypeError, 'unknown client option "retries"'],
    [
      { timeouts: { connect: 5 } },
      TypeError,
      'unknown timeout "connect"; expected one of connectMs, headersMs, bodyMs, attemptMs, keepAliveMs',
    ],
    [
      { baseUrl: 'a41.chat.agora.io' },
      TypeError,
      'baseUrl "a41.chat.agora.io" is not a URL; expected e.g. https://a41.chat.agora.io',
    ],
    [{ baseUrl: 'ftp://a41.chat.agora.io' }, TypeError, 'baseUrl must be http(s), got ftp:'],
    [{ org: '' }, TypeError, 'org and app are required'],
    [{ app: '' }, TypeError, 'org and app are required'],
    [{ credentials: { appToken: '' } }, TypeError, 'credentials.appToken is empty'],
    [{ retry: { maxAttempts: 0 } }, RangeError, 'retry.maxAttempts must be an integer ≥ 1'],
    [{ rateLimits: { disable: 0 } }, RangeError, 'ratePerSecond must be positive'],
  ])('refuses %o', (options, ErrorClass, message) => {
    expect(construct(options)).toThrow(ErrorClass);
    expect(construct(options)).toThrow(message);
  });

  it('accepts http and https base URLs and every documented timeout', () => {
    expect(construct({ baseUrl: 'http://127.0.0.1:8080', timeouts: { ...DEFAULT_TIMEOUTS } })).not.toThrow();
    expect(construct({ baseUrl: 'https://a41.chat.agora.io/' })).not.toThrow();
  });

  it('documents its defaults', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({
      connectMs: 5_000,
      headersMs: 10_000,
      bodyMs: 10_000,
      attemptMs: 15_000,
      keepAliveMs: 30_000,
    });
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, minDelayMs: 200, maxDelayMs: 10_000, factor: 2 });
  });
});

describe('credentials', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await ScriptedServer.start();
  });
  afterEach(() => server.close());

  async function tokenSentWith(credentials: AgoraChatClientOptions['credentials']): Promise<string> {
    const client = new AgoraChatClient({ baseUrl: server.url, org: 'o', app: 'a', credentials, rateLimits: false });
    await client.groups.disable('1');
    await client.close();
    return server.requests.at(-1)!.headers.authorization!;
  }

  it('an app token is sent as it is', async () => {
    expect(await tokenSentWith({ appToken: 'ready-made' })).toBe('Bearer ready-made');
  });

  it('an app id and certificate mint an AccessToken2 app token', async () => {
    expect(await tokenSentWith({ appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) })).toMatch(
      /^Bearer 007[A-Za-z0-9+/=]+$/,
    );
  });

  it('malformed minting credentials fail at construction', () => {
    expect(construct({ credentials: { appId: 'a'.repeat(32), appCertificate: 'short' } })).toThrow(/appCertificate/);
  });

  it('a provider is asked for every token', async () => {
    let calls = 0;
    const provider = { getToken: async () => `token-${(calls += 1)}`, refresh: async () => false };
    expect(await tokenSentWith({ provider })).toBe('Bearer token-1');
  });
});
