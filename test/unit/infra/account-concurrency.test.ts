/**
 * Small accounts: some start with a Lambda concurrency quota of 10, which moderation (5), the two
 * continuation mappings (2 + 2) and the scheduled runs can exhaust. Synth says so.
 */
import { describe, expect, test } from 'vitest';
import { concurrencyWarning } from '../../../infra/account-concurrency.js';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { BASE_CONFIG, buildStack, stackWarnings } from './stack-helpers.js';

const WARNING_FOR_10 =
  'the functions may run 11 instances at once (moderation 5, audit and export continuations 4, scheduled runs 2), ' +
  'more than groupmod.accountConcurrencyLimit (10): throttled moderation batches go back to the queue and use up receive counts until they land in the DLQ. ' +
  'Ask AWS to raise the Lambda concurrency quota, or lower the moderation concurrency (agora.rateLimit ÷ moderation.perInstanceRate, at least 2).';

describe('accountConcurrencyLimit', () => {
  test("defaults to Lambda's default quota, 1000", () => {
    expect(parseDeploymentConfig({ agora: BASE_CONFIG.agora }).accountConcurrencyLimit).toBe(1000);
  });

  test('a limit of 10 with the default settings: synth warns on the stack, with the sum and its parts', () => {
    const { stack } = buildStack({ accountConcurrencyLimit: 10 });
    expect(stackWarnings(stack)).toEqual([`${WARNING_FOR_10} [ack: groupmod:accountConcurrency]`]);
  });

  test('no warning when the functions fit: 11 of 11, or the free plan (2 + 4 + 2) in 10', () => {
    for (const overrides of [{ accountConcurrencyLimit: 11 }, { accountConcurrencyLimit: 10, agora: { ...BASE_CONFIG.agora, rateLimit: 10 } }]) {
      const { stack } = buildStack(overrides);
      expect(stackWarnings(stack)).toEqual([]);
    }
  });

  test('the warning is the sum of its parts against the limit', () => {
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2 }, 10)).toBe(WARNING_FOR_10);
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2 }, 11)).toBeUndefined();
  });
});
