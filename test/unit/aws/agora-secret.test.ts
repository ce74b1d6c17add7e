/** Secrets Manager has no local stand-in here: the client is a fake that answers the secret's current value. */
import { AccessToken2 } from 'agora-token/src/AccessToken2.js';
import { describe, expect, test } from 'vitest';
import type { TokenProvider } from '../../../functions/agora/index.js';
import { agoraClientOptionsFromEnvironment, SECRET_REREAD_INTERVAL_MS, SecretTokenProvider } from '../../../functions/aws/index.js';
import { ConfigError } from '../../../functions/config/index.js';

const env = { AGORA_BASE_URL: 'https://a41.chat.agora.io', AGORA_ORG: 'org', AGORA_APP: 'app', AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora' };
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

const providerOf = async (options: Awaited<ReturnType<typeof agoraClientOptionsFromEnvironment>>): Promise<TokenProvider> => {
  if (!('provider' in options.credentials)) throw new Error('expected credentials from a token provider');
  return options.credentials.provider;
};

describe('agoraClientOptionsFromEnvironment', () => {
  test('mints tokens from the App ID and certificate in the secret', async () => {
    const options = await agoraClientOptionsFromEnvironment(env, secret(idAndCertificate('a'.repeat(32))) as never);
    expect(options).toMatchObject({ baseUrl: 'https://a41.chat.agora.io', org: 'org', app: 'app' });
    expect(appIdOf(await (await providerOf(options)).getToken())).toBe('a'.repeat(32));
  });

  test('or uses the ready token in it', async () => {
    const options = await agoraClientOptionsFromEnvironment(env, secret('{"appToken":"007abc"}') as never);
    expect(await (await providerOf(options)).getToken()).toBe('007abc');
  });

  test('an empty or malformed secret fails naming the variable and what to put in it', async () => {
    const error = await agoraClientOptionsFromEnvironment(env, secret('{}') as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^AGORA_SECRET_ARN: the secret .* must hold JSON/);
  });

  test('the other settings are still checked, naming each bad variable', async () => {
    const error = await agoraClientOptionsFromEnvironment({ ...env, AGORA_BASE_URL: 'ftp://x', AGORA_ORG: '' }, secret('{"appToken":"t"}') as never).catch((e: unknown) => e);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['AGORA_BASE_URL', 'AGORA_ORG']);
  });

  test('without AGORA_SECRET_ARN the environment alone is used', async () => {
    const { AGORA_SECRET_ARN: _arn, ...plain } = env;
    const options = await agoraClientOptionsFromEnvironment({ ...plain, AGORA_APP_TOKEN: 'tok' }, { send: () => Promise.reject(new Error('not called')) } as never);
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

  test('a secret that cannot be read again leaves the credentials as they were', async () => {
    let clock = 0;
    const provider = new SecretTokenProvider({ appToken: 'old' }, () => Promise.reject(new Error('AccessDenied')), () => clock);
    clock += SECRET_REREAD_INTERVAL_MS;
    expect(await provider.refresh('old')).toBe(false);
    expect(await provider.getToken()).toBe('old');
  });

});
