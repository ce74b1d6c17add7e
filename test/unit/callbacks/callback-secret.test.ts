import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, test } from 'vitest';
import {
  callbackSecretSourceFromEnvironment,
  callbackSecretsFromEnvironment,
} from '../../../functions/callbacks/callback-secret.js';
import { handlePostDelivery } from '../../../functions/callbacks/post-delivery.js';
import { callbackDependencies, messageCallback, post } from '../../helpers/callbacks.js';
import { ConfigError } from '../../../functions/config/index.js';

const storing = (secretString: string) => ({
  asked: [] as unknown[],
  secretString,
  async send(command: GetSecretValueCommand) {
    this.asked.push(command.input.SecretId);
    return { SecretString: this.secretString, $metadata: {} };
  },
});

describe('callback secrets', () => {
  test('from AGORA_CALLBACK_SECRET, several separated by commas', async () => {
    expect(await callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET: 'one, two' }, storing('{}') as never)).toEqual(
      ['one', 'two'],
    );
  });

  test("from the callbacks' own secret: callbackSecret as a string or a list", async () => {
    const store = storing('{"callbackSecret":["pre","post"]}');
    expect(
      await callbackSecretsFromEnvironment(
        { AGORA_CALLBACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:cb' },
        store as never,
      ),
    ).toEqual(['pre', 'post']);
    expect(store.asked).toEqual(['arn:aws:secretsmanager:eu-west-1:1:secret:cb']);
    expect(
      await callbackSecretsFromEnvironment(
        { AGORA_CALLBACK_SECRET_ARN: 'arn:x' },
        storing('{"callbackSecret":"only"}') as never,
      ),
    ).toEqual(['only']);
  });

  test("never from the Agora credentials' secret", async () => {
    const store = storing('{"appId":"x","callbackSecret":"in-the-wrong-place"}');
    await expect(
      callbackSecretsFromEnvironment(
        { AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora' },
        store as never,
      ),
    ).rejects.toThrow(/AGORA_CALLBACK_SECRET_ARN/);
    expect(store.asked).toEqual([]);
  });

  test('says where to put it when there is none', async () => {
    await expect(callbackSecretsFromEnvironment({}, storing('{}') as never)).rejects.toThrow(ConfigError);
    await expect(
      callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET_ARN: 'arn:x' }, storing('{}') as never),
    ).rejects.toThrow(/AGORA_CALLBACK_SECRET_ARN: the secret arn:x needs "callbackSecret"/);
  });
});

describe('callback secrets read again after a signature that matches none', () => {
  const ARN = { AGORA_CALLBACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:cb' };

  async function source(secretString = '{"callbackSecret":"old"}') {
    let now = 0;
    const store = storing(secretString);
    const secrets = await callbackSecretSourceFromEnvironment(ARN, store as never, () => now);
    return { store, secrets, advance: (ms: number) => (now += ms) };
  }

  test('at most once a minute, then the secrets as they are now', async () => {
    const { store, secrets, advance } = await source();
    store.secretString = '{"callbackSecret":["old","new"]}';

    expect(await secrets.reread()).toBe(false);
    advance(59_999);
    expect(await secrets.reread()).toBe(false);
    expect(store.asked).toHaveLength(1);

    advance(1);
    expect(await secrets.reread()).toBe(true);
    expect(secrets.current).toEqual(['old', 'new']);
    expect(store.asked).toHaveLength(2);
    expect(await secrets.reread()).toBe(false);
  });

  test('concurrent failures share one read; an unchanged or unreadable secret changes nothing', async () => {
    const { store, secrets, advance } = await source();
    advance(60_000);
    expect(await Promise.all([secrets.reread(), secrets.reread(), secrets.reread()])).toEqual([false, false, false]);
    expect(store.asked).toHaveLength(2);

    advance(60_000);
    store.secretString = '{}';
    expect(await secrets.reread()).toBe(false);
    expect(secrets.current).toEqual(['old']);
  });

  test('a caller stops waiting at its own signal', async () => {
    let now = 0;
    const hanging = {
      send: () =>
        hanging.calls++ === 0 ? Promise.resolve({ SecretString: '{"callbackSecret":"old"}' }) : new Promise(() => {}),
      calls: 0,
    };
    const secrets = await callbackSecretSourceFromEnvironment(ARN, hanging as never, () => now);
    now = 60_000;
    expect(await secrets.reread({ signal: AbortSignal.timeout(20) })).toBe(false);
  });

  test('AGORA_CALLBACK_SECRET is never read again', async () => {
    const store = storing('{}');
    const secrets = await callbackSecretSourceFromEnvironment(
      { AGORA_CALLBACK_SECRET: 'one' },
      store as never,
      () => 1e12,
    );
    expect(await secrets.reread()).toBe(false);
    expect(store.asked).toEqual([]);
  });

  test('an endpoint takes a callback signed with a secret added after it started, reading the secret once', async () => {
    // Prepare: an endpoint started with the old secret; the new one is stored a minute later.
    const { store, secrets, advance } = await source();
    const deps = callbackDependencies({ rereadSecrets: (call) => secrets.reread(call) });
    deps.verification = {
      ...deps.verification,
      get secrets() {
        return secrets.current;
      },
    };
    store.secretString = '{"callbackSecret":["old","new"]}';
    advance(60_000);

    // Act
    const first = await handlePostDelivery(deps, post(messageCallback({ text: 'hello' }, 'new')));
    const forged = await handlePostDelivery(deps, post(messageCallback({ text: 'hello' }, 'wrong')));

    // Assess
    expect(first).toEqual({ status: 200, body: { ok: true, violations: 0 } });
    expect(forged.status).toBe(401);
    expect(store.asked).toHaveLength(2);
  });
});
