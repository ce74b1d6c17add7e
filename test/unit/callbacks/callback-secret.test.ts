import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, test } from 'vitest';
import { callbackSecretsFromEnvironment } from '../../../functions/callbacks/callback-secret.js';
import { ConfigError } from '../../../functions/config/index.js';

const storing = (secretString: string) => ({
  asked: [] as unknown[],
  async send(command: GetSecretValueCommand) {
    this.asked.push(command.input.SecretId);
    return { SecretString: secretString, $metadata: {} };
  },
});

describe('callback secrets', () => {
  test('from AGORA_CALLBACK_SECRET, several separated by commas', async () => {
    expect(await callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET: 'one, two' }, storing('{}') as never)).toEqual(['one', 'two']);
  });

  test('from the callbacks\' own secret: callbackSecret as a string or a list', async () => {
    const store = storing('{"callbackSecret":["pre","post"]}');
    expect(await callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:cb' }, store as never)).toEqual(['pre', 'post']);
    expect(store.asked).toEqual(['arn:aws:secretsmanager:eu-west-1:1:secret:cb']);
    expect(await callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET_ARN: 'arn:x' }, storing('{"callbackSecret":"only"}') as never)).toEqual(['only']);
  });

  test('never from the Agora credentials\' secret', async () => {
    const store = storing('{"appId":"x","callbackSecret":"in-the-wrong-place"}');
    await expect(callbackSecretsFromEnvironment({ AGORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:agora' }, store as never)).rejects.toThrow(/AGORA_CALLBACK_SECRET_ARN/);
    expect(store.asked).toEqual([]);
  });

  test('says where to put it when there is none', async () => {
    await expect(callbackSecretsFromEnvironment({}, storing('{}') as never)).rejects.toThrow(ConfigError);
    await expect(callbackSecretsFromEnvironment({ AGORA_CALLBACK_SECRET_ARN: 'arn:x' }, storing('{}') as never)).rejects.toThrow(/AGORA_CALLBACK_SECRET_ARN: the secret arn:x needs "callbackSecret"/);
  });
});
