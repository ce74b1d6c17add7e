import { describe, expect, test } from 'vitest';
import { callbackDependenciesFromEnv } from '../../../functions/callbacks/callback-dependencies.js';
import { ConfigError } from '../../../functions/config/index.js';

const ENV = {
  MODERATION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/moderation-events.fifo',
  AGORA_CALLBACK_SECRET: 'one,two',
  AWS_REGION: 'eu-west-1',
};
const rules = (...list: object[]) => JSON.stringify({ rules: list });
const REJECTING = { name: 'banned-terms', terms: ['casino'], reject: true };
const REPORTING = { name: 'scam-links', pattern: 'http' };

describe('the callbacks wiring', () => {
  test.each([
    ['post-delivery', 'a rule that reports', rules(REPORTING), true],
    ['post-delivery', 'no rules', rules(), false],
    ['pre-delivery', 'a rule that rejects', rules(REJECTING), true],
    // Rules and secrets are shared: a callId left unclaimed before delivery could be replayed after it.
    ['pre-delivery', 'no rule that rejects', rules(REPORTING), true],
    ['pre-delivery', 'no rules', rules(), false],
  ] as const)('%s with %s: claims callbacks, %s', async (endpoint, _rules, moderationRules, claiming) => {
    const deps = await callbackDependenciesFromEnv(endpoint, {
      ...ENV,
      MODERATION_RULES: moderationRules,
      LEDGER_TABLE_NAME: 'ledger',
    });
    expect(deps.claims !== undefined).toBe(claiming);
  });

  test('rules that can record something need the ledger table, for the claims', async () => {
    const missing = callbackDependenciesFromEnv('pre-delivery', { ...ENV, MODERATION_RULES: rules(REJECTING) });
    await expect(missing).rejects.toThrow(ConfigError);
    await expect(missing).rejects.toThrow(
      /LEDGER_TABLE_NAME: required: the pre-delivery endpoint claims each callback/,
    );
    await expect(
      callbackDependenciesFromEnv('pre-delivery', { ...ENV, MODERATION_RULES: rules() }),
    ).resolves.toBeDefined();
  });

  test('the secrets of AGORA_CALLBACK_SECRET, never read again', async () => {
    const deps = await callbackDependenciesFromEnv('post-delivery', ENV);
    expect(deps.verification.secrets).toEqual(['one', 'two']);
    expect(await deps.rereadSecrets!({})).toBe(false);
  });
});
