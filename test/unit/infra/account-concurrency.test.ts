/**
 * Small accounts: some start with a Lambda concurrency quota of 10, which moderation (5), the two
 * continuation mappings (2 + 2) and the scheduled runs can exhaust. Synth says so. Reserving
 * concurrency (the callbacks') needs 100 unreserved left over: synth refuses what a deploy would.
 */
import { describe, expect, test } from 'vitest';
import { concurrencyWarning } from '../../../infra/account-concurrency.js';
import { ConfigError } from '../../../functions/config/index.js';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { BASE_CONFIG, buildStack, stackWarnings, synthStack } from './stack-helpers.js';

const WARNING_FOR_10 =
  'the functions may run 11 instances at once (moderation 5, audit and export continuations 4, scheduled runs 2), ' +
  'more than groupmod.accountConcurrencyLimit (10): throttled moderation batches go back to the queue and use up receive counts until they land in the DLQ. ' +
  'Ask AWS to raise the Lambda concurrency quota, or lower the moderation concurrency (agora.rateLimit ÷ moderation.perInstanceRate, at least 2).';

/** A small account reserves nothing for the callbacks: their functions share its pool. */
const UNRESERVED = {
  callbacks: { preDelivery: { reservedConcurrency: null }, postDelivery: { reservedConcurrency: null } },
};

describe('accountConcurrencyLimit', () => {
  test("defaults to Lambda's default quota, 1000", () => {
    expect(parseDeploymentConfig({ agora: BASE_CONFIG.agora }).accountConcurrencyLimit).toBe(1000);
  });

  test('a limit of 10 with the default settings: synth warns on the stack, with the sum and its parts', () => {
    const { stack } = buildStack({ accountConcurrencyLimit: 10, ...UNRESERVED });
    expect(stackWarnings(stack)).toEqual([`${WARNING_FOR_10} [ack: groupmod:accountConcurrency]`]);
  });

  test('no warning when the functions fit: 11 of 11, or the free plan (2 + 4 + 2) in 10', () => {
    for (const overrides of [
      { accountConcurrencyLimit: 11, ...UNRESERVED },
      { accountConcurrencyLimit: 10, ...UNRESERVED, agora: { ...BASE_CONFIG.agora, rateLimit: 10 } },
    ]) {
      const { stack } = buildStack(overrides);
      expect(stackWarnings(stack)).toEqual([]);
    }
  });

  test('the warning is the sum of its parts against the limit', () => {
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2, reserved: 0 }, 10)).toBe(
      WARNING_FOR_10,
    );
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2, reserved: 0 }, 11)).toBeUndefined();
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2, reserved: 40 }, 50)).toContain(
      'more than groupmod.accountConcurrencyLimit (50) less the 40 reserved for the callbacks:',
    );
    expect(concurrencyWarning({ moderation: 5, continuations: 4, scheduledRuns: 2, reserved: 40 }, 51)).toBeUndefined();
  });

  test("reservations that would leave less than Lambda's 100 unreserved fail synth, naming both settings", () => {
    const error = (() => {
      try {
        parseDeploymentConfig({ agora: BASE_CONFIG.agora, accountConcurrencyLimit: 139 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'groupmod.callbacks.preDelivery.reservedConcurrency, groupmod.callbacks.postDelivery.reservedConcurrency: together 40, ' +
        "but Lambda keeps 100 of the account's concurrency unreserved and groupmod.accountConcurrencyLimit is 139: the deploy would fail. " +
        'Ask AWS for a higher quota and set accountConcurrencyLimit to it, or lower the reservations (null reserves none)',
    ]);
    expect(
      parseDeploymentConfig({ agora: BASE_CONFIG.agora, accountConcurrencyLimit: 140 }).callbacks.preDelivery
        .reservedConcurrency,
    ).toBe(20);
    expect(
      parseDeploymentConfig({ agora: BASE_CONFIG.agora, accountConcurrencyLimit: 10, ...UNRESERVED }).callbacks
        .postDelivery.reservedConcurrency,
    ).toBeNull();
  });

  test('a function without a reservation gets no ReservedConcurrentExecutions', () => {
    const { template } = synthStack({ accountConcurrencyLimit: 10, ...UNRESERVED });
    const functions = Object.entries(
      template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(functions.filter(([, r]) => 'ReservedConcurrentExecutions' in r.Properties)).toEqual([]);
  });
});
