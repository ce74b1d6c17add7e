/**
 * Credentials from Secrets Manager against the emulator: a client built while the secret held the
 * wrong credentials works once the secret is corrected, without a new client. Secrets Manager has
 * no local stand-in here: the client is a fake that answers the secret's current value.
 */
import { describe, expect, test } from 'vitest';
import { AgoraChatClient } from '../../functions/agora/index.js';
import { agoraClientOptionsWithSecret } from '../../functions/aws/index.js';
import { SECRET_REREAD_INTERVAL_MS } from '../../functions/aws/rereadable-secret.js';
import { SecretTokenProvider } from '../../functions/aws/agora-secret.js';
import { startEmulator } from '../../local/emulator/index.js';

const idAndCertificate = (appId: string, appCertificate: string) => JSON.stringify({ appId, appCertificate });

function secret(initial: string) {
  const fake = { value: initial, reads: 0, send: async () => (fake.reads++, { SecretString: fake.value }) };
  return fake;
}

describe('credentials from the secret', () => {
  test('a function built with wrong credentials works once the secret is corrected, without a rebuild', async () => {
    // Prepare: the emulator knows the demo app; the secret first holds another app's credentials.
    const emulator = await startEmulator();
    try {
      const group = emulator.store.insert({ name: 'g', owner: 'ann' }).id;
      let clock = 0;
      const store = secret(idAndCertificate('d'.repeat(32), 'e'.repeat(32)));
      const read = async () =>
        JSON.parse((await store.send()).SecretString) as { appId: string; appCertificate: string };
      const client = new AgoraChatClient({
        baseUrl: emulator.baseUrl,
        org: emulator.org,
        app: emulator.app,
        credentials: { provider: new SecretTokenProvider(await read(), read, () => clock) },
        retry: { maxAttempts: 1 },
      });

      // Act, Assess
      await expect(client.groups.disable(group)).rejects.toMatchObject({ name: 'AuthenticationError' });
      store.value = idAndCertificate(emulator.appId, emulator.appCertificate);
      clock += SECRET_REREAD_INTERVAL_MS;
      await client.groups.disable(group);
      expect(emulator.store.get(group)!.disabled).toBe(true);
      await client.close();
    } finally {
      await emulator.close();
    }
  });

  test('a call refused with a 401 ends at its deadline when reading the secret again stalls', async () => {
    // Prepare: the secret first holds another app's credentials; reading it again stalls until aborted.
    const emulator = await startEmulator();
    try {
      const group = emulator.store.insert({ name: 'g', owner: 'ann' }).id;
      let clock = 0;
      let reads = 0;
      const stalling = {
        async send(_command: unknown, options?: { abortSignal?: AbortSignal }) {
          reads += 1;
          if (reads === 1) return { SecretString: idAndCertificate('d'.repeat(32), 'e'.repeat(32)) };
          return new Promise((_, reject) =>
            options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      };
      const env = {
        AGORA_BASE_URL: emulator.baseUrl,
        AGORA_ORG: emulator.org,
        AGORA_APP: emulator.app,
        AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora',
      };
      const client = new AgoraChatClient({
        ...(await agoraClientOptionsWithSecret(env, stalling as never, () => clock)),
        retry: { maxAttempts: 1 },
      });
      clock += SECRET_REREAD_INTERVAL_MS;

      // Act, Assess: the test's own timeout is what a read without the call's signal would break.
      await expect(client.groups.disable(group, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({
        name: expect.stringMatching(/AuthenticationError|AgoraAbortedError/),
      });
      expect(reads).toBe(2);
      expect(emulator.store.get(group)!.disabled).toBe(false);
      await client.close();
    } finally {
      await emulator.close();
    }
  }, 10_000);
});
