/** Secrets Manager has no local stand-in here: the client is a fake that answers the secret's current value. */
import { AccessToken2 } from 'agora-token/src/AccessToken2.js';
import { describe, expect, test } from 'vitest';
import type { TokenProvider } from '../../../functions/agora/index.js';
import { agoraClientOptionsWithSecret } from '../../../functions/aws/index.js';
import { SECRET_REREAD_INTERVAL_MS } from '../../../functions/aws/rereadable-secret.js';
import { SecretTokenProvider } from '../../../functions/aws/agora-secret.js';
import { ConfigError } from '../../../functions/config/index.js';

const env = {
  AGORA_BASE_URL: 'https://a41.chat.agora.io',
  AGORA_ORG: 'org',
  AGORA_APP: 'app',
  AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora',
};
const idAndCertificate = (appId: string, appCertificate = 'b'.repeat(32)) => JSON.stringify({ appId, appCertificate });

/** A secret whose value can change, counting its reads. */
function secret(initial: string) {
  const fake = { value: initial, reads: 0, send: async () => (fake.reads++, { SecretString: fake.value }) };
  return fake;
}

const appIdOf = (token: string) => {
  const parsed = new AccessToken2();
  parsed.from_string(token);
  return String(parsed.appId);
};

const providerOf = async (
  options: Awaited<ReturnType<typeof agoraClientOptionsWithSecret>>,
): Promise<TokenProvider> => {
  if (!('provider' in options.credentials)) throw new Error('expected credentials from a token provider');
  return options.credentials.provider;
};

describe('agoraClientOptionsWithSecret', () => {
  test('mints tokens from the App ID and certificate in the secret', async () => {
    const options = await agoraClientOptionsWithSecret(env, secret(idAndCertificate('a'.repeat(32))) as never);
    expect(options).toMatchObject({ baseUrl: 'https://a41.chat.agora.io', org: 'org', app: 'app' });
    expect(appIdOf(await (await providerOf(options)).getToken())).toBe('a'.repeat(32));
  });

  test('or uses the ready token in it', async () => {
    const options = await agoraClientOptionsWithSecret(env, secret('{"appToken":"007abc"}') as never);
    expect(await (await providerOf(options)).getToken()).toBe('007abc');
  });

  test('an empty or malformed secret fails naming the variable and what to put in it', async () => {
    const error = await agoraClientOptionsWithSecret(env, secret('{}') as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^AGORA_SECRET_ARN: the secret .* must hold JSON/);
  });

  test('the other settings are still checked, naming each bad variable', async () => {
    const error = await agoraClientOptionsWithSecret(
      { ...env, AGORA_BASE_URL: 'ftp://x', AGORA_ORG: '' },
      secret('{"appToken":"t"}') as never,
    ).catch((e: unknown) => e);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['AGORA_BASE_URL', 'AGORA_ORG']);
  });

  test('without AGORA_SECRET_ARN the environment alone is used', async () => {
    const { AGORA_SECRET_ARN: _arn, ...plain } = env;
    const options = await agoraClientOptionsWithSecret({ ...plain, AGORA_APP_TOKEN: 'tok' }, {
      send: () => Promise.reject(new Error('not called')),
    } as never);
    expect(options.credentials).toEqual({ appToken: 'tok' });
  });
});

describe('SecretTokenProvider', () => {
  test('after a refused token it reads the secret again, at most once a minute, and uses changed credentials', async () => {
    // Prepare
    let clock = 1_000_000;
    const store = secret(idAndCertificate('a'.repeat(32)));
    const read = async () => JSON.parse((await store.send()).SecretString) as { appId: string; appCertificate: string };
    const provider = new SecretTokenProvider(await read(), read, () => clock);
    const first = await provider.getToken();
    store.value = idAndCertificate('c'.repeat(32));

    // Act, Assess: within the minute the secret is not read again; the token is minted anew.
    expect(await provider.refresh(first)).toBe(true);
    expect(store.reads).toBe(1);
    expect(appIdOf(await provider.getToken())).toBe('a'.repeat(32));

    clock += SECRET_REREAD_INTERVAL_MS;
    expect(await provider.refresh(await provider.getToken())).toBe(true);
    expect(store.reads).toBe(2);
    expect(appIdOf(await provider.getToken())).toBe('c'.repeat(32));
  });

  test("after a refused token it reads the secret with the call's signal, and a stalled read ends at that deadline", async () => {
    // Prepare: the first read answers; any later one stalls until its abort signal fires.
    let clock = 0;
    const signals: (AbortSignal | undefined)[] = [];
    const stalling = {
      reads: 0,
      async send(_command: unknown, options?: { abortSignal?: AbortSignal }) {
        stalling.reads += 1;
        if (stalling.reads === 1) return { SecretString: '{"appToken":"old"}' };
        signals.push(options?.abortSignal);
        return new Promise((_, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      },
    };
    const options = await agoraClientOptionsWithSecret(env, stalling as never, () => clock);
    const provider = await providerOf(options);
    clock += SECRET_REREAD_INTERVAL_MS;
    const deadline = new AbortController();

    // Act
    const refreshing = provider.refresh('old', { signal: deadline.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    deadline.abort();

    // Assess: the read got the signal, and the refresh ends with the old credentials kept.
    expect(await refreshing).toBe(false);
    expect(signals).toEqual([expect.any(AbortSignal)]);
    expect(await provider.getToken()).toBe('old');
  }, 5_000);

  test('a caller stops waiting for a read another caller started when its own deadline comes', async () => {
    let clock = 0;
    const provider = new SecretTokenProvider(
      { appToken: 'old' },
      () => new Promise(() => {}),
      () => clock,
    );
    clock += SECRET_REREAD_INTERVAL_MS;
    void provider.refresh('old');
    // A minute later the first read still has not returned: the next refusal waits for it.
    clock += SECRET_REREAD_INTERVAL_MS;

    expect(await provider.refresh('old', { signal: AbortSignal.timeout(20) })).toBe(false);
  }, 5_000);

  test('a secret that cannot be read again leaves the credentials as they were', async () => {
    let clock = 0;
    const provider = new SecretTokenProvider(
      { appToken: 'old' },
      () => Promise.reject(new Error('AccessDenied')),
      () => clock,
    );
    clock += SECRET_REREAD_INTERVAL_MS;
    expect(await provider.refresh('old')).toBe(false);
    expect(await provider.getToken()).toBe('old');
  });
});
