/** Secrets Manager has no local stand-in here: the client is a fake that answers one secret. */
import { describe, expect, test } from 'vitest';
import { agoraClientOptionsFromEnvironment } from '../../../functions/shared/agora-secret.js';
import { ConfigError } from '../../../functions/shared/config-error.js';

const env = { AGORA_BASE_URL: 'https://a41.chat.agora.io', AGORA_ORG: 'org', AGORA_APP: 'app', AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora' };
const secrets = (SecretString: string) => ({ send: async () => ({ SecretString }) }) as never;

describe('agoraClientOptionsFromEnvironment', () => {
  test('takes App ID and certificate from the secret', async () => {
    const options = await agoraClientOptionsFromEnvironment(env, secrets(JSON.stringify({ appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) })));
    expect(options).toMatchObject({ org: 'org', app: 'app', credentials: { appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) } });
  });

  test('or a ready token', async () => {
    const options = await agoraClientOptionsFromEnvironment(env, secrets('{"appToken":"007abc"}'));
    expect(options.credentials).toEqual({ appToken: '007abc' });
  });

  test('an empty or malformed secret fails naming the variable and what to put in it', async () => {
    const error = await agoraClientOptionsFromEnvironment(env, secrets('{}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^AGORA_SECRET_ARN: the secret .* must hold JSON/);
  });

  test('without AGORA_SECRET_ARN the environment alone is used', async () => {
    const { AGORA_SECRET_ARN: _arn, ...plain } = env;
    const options = await agoraClientOptionsFromEnvironment({ ...plain, AGORA_APP_TOKEN: 'tok' }, { send: () => Promise.reject(new Error('not called')) } as never);
    expect(options.credentials).toEqual({ appToken: 'tok' });
  });
});
