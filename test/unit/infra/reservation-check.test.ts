/**
 * The check before a deploy: whether the callbacks' reservations fit the account's concurrency
 * quota (Lambda keeps 100 unreserved), what cdk will be handed, and the quota it read taking the
 * place of `accountConcurrencyLimit` at synth.
 */
import { describe, expect, test } from 'vitest';
import {
  MEASURED_CONCURRENCY_LIMIT_CONTEXT,
  parseDeploymentConfig,
  UNRESERVED_MINIMUM,
} from '../../../infra/config.js';
import { groupmodContextOf, profileOf } from '../../../infra/deploy/deploy-arguments.js';
import { checkReservations, CONCURRENCY_QUOTA_CODE } from '../../../infra/deploy/reservation-check.js';
import { configProblems } from '../../helpers/config-problems.js';
import { BASE_CONFIG } from './stack-helpers.js';

const DEFAULTS = { preDelivery: 20, postDelivery: 20 };

describe('callbacks reservations against the quota', () => {
  test('a new account (quota 10) stops the deploy, naming the quota, the reservations and every way out', () => {
    const verdict = checkReservations({ limit: 10, unreserved: 10 }, DEFAULTS, 'eu-west-1');
    expect(verdict.proceed).toBe(false);
    if (verdict.proceed) return;
    expect(verdict.reserved).toBe(40);
    expect(verdict.message).toContain(
      "the account's Lambda concurrency quota in eu-west-1 is 10 (ConcurrentExecutions; 10 unreserved)",
    );
    expect(verdict.message).toContain(
      `Lambda keeps ${UNRESERVED_MINIMUM} of it unreserved, so functions may reserve 0 at most`,
    );
    expect(verdict.message).toContain(
      'the callbacks reserve 40 (callbacks.preDelivery.reservedConcurrency 20, callbacks.postDelivery.reservedConcurrency 20), which needs a quota of at least 140',
    );
    expect(verdict.message).toContain(
      `--service-code lambda --quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value 1000`,
    );
    expect(verdict.message).toMatch(
      /Deploy without reservations: set callbacks\.preDelivery\.reservedConcurrency and callbacks\.postDelivery\.reservedConcurrency to null/,
    );
    expect(verdict.message).toMatch(
      /a flood of callbacks can take every instance the account has, so moderation batches are throttled/,
    );
    // Nothing can be reserved at all: reserving less is no way out.
    expect(verdict.message).not.toContain('Reserve less');
  });

  test('between the bounds: a quota just short of 100 + the reservations stops, and says how much could be reserved', () => {
    const verdict = checkReservations({ limit: 139, unreserved: 139 }, DEFAULTS, 'eu-west-1');
    expect(verdict).toMatchObject({ proceed: false, reserved: 40 });
    expect(!verdict.proceed && verdict.message).toContain(
      'Reserve less: callbacks.preDelivery.reservedConcurrency and callbacks.postDelivery.reservedConcurrency together at most 39.',
    );
    expect(checkReservations({ limit: 140, unreserved: 140 }, DEFAULTS, 'eu-west-1')).toEqual({
      proceed: true,
      reserved: 40,
      notes: [],
    });
  });

  test('a quota above what the reservations need asks for the next usual step', () => {
    const verdict = checkReservations(
      { limit: 500, unreserved: 500 },
      { preDelivery: 500, postDelivery: null },
      'us-east-1',
    );
    expect(verdict.proceed).toBe(false);
    expect(!verdict.proceed && verdict.message).toContain('--desired-value 1000');
    expect(!verdict.proceed && verdict.message).toContain('callbacks.postDelivery.reservedConcurrency null');
  });

  test('an established account (quota 1000) proceeds; so does any account when nothing is reserved', () => {
    expect(checkReservations({ limit: 1000, unreserved: 1000 }, DEFAULTS, 'eu-west-1')).toEqual({
      proceed: true,
      reserved: 40,
      notes: [],
    });
    expect(
      checkReservations({ limit: 10, unreserved: 10 }, { preDelivery: null, postDelivery: null }, 'eu-west-1'),
    ).toEqual({ proceed: true, reserved: 0, notes: [] });
  });

  test("reservations held elsewhere in the account proceed with a warning: on a redeploy they are the stack's own", () => {
    const verdict = checkReservations({ limit: 150, unreserved: 110 }, DEFAULTS, 'eu-west-1');
    expect(verdict.proceed).toBe(true);
    expect(verdict.proceed && verdict.notes).toEqual([
      expect.stringContaining('functions of the account already reserve 40 of its 150; the callbacks reserve 40'),
    ]);
    expect(checkReservations({ limit: 1000, unreserved: 140 }, DEFAULTS, 'eu-west-1')).toEqual({
      proceed: true,
      reserved: 40,
      notes: [],
    });
  });
});

describe('what cdk is handed', () => {
  const cdkJson = { groupmod: { agora: { org: 'from-cdk-json' } } };

  test("the groupmod settings: the last -c / --context on the command line, else cdk.json's", () => {
    expect(groupmodContextOf([], cdkJson)).toEqual(cdkJson.groupmod);
    expect(groupmodContextOf(['--require-approval', 'never'], undefined)).toBeUndefined();
    expect(groupmodContextOf(['-c', 'groupmod={"a":1}'], cdkJson)).toBe('{"a":1}');
    expect(
      groupmodContextOf(['--context', 'other=1', '--context=groupmod={"b":2}', '-c', 'x=groupmod='], cdkJson),
    ).toBe('{"b":2}');
    expect(groupmodContextOf(['-c', 'groupmod={"a":1}', '-c', 'groupmod={"a":2}'], cdkJson)).toBe('{"a":2}');
    expect(groupmodContextOf(['-c', 'groupmod:allowPlaceholders=true'], cdkJson)).toEqual(cdkJson.groupmod);
  });

  test('the profile, in both spellings', () => {
    expect(profileOf(['--profile', 'prod', '--all'])).toBe('prod');
    expect(profileOf(['--profile=staging'])).toBe('staging');
    expect(profileOf(['-c', 'profile=x'])).toBeUndefined();
  });
});

describe('the measured quota at synth', () => {
  test('takes the place of accountConcurrencyLimit, so the reservations are refused against the real quota', () => {
    expect(
      parseDeploymentConfig({ ...BASE_CONFIG, accountConcurrencyLimit: 5000 }, '1000').accountConcurrencyLimit,
    ).toBe(1000);
    expect(parseDeploymentConfig(JSON.stringify(BASE_CONFIG), 250).accountConcurrencyLimit).toBe(250);
    expect(parseDeploymentConfig(BASE_CONFIG).accountConcurrencyLimit).toBe(1000);
  });

  test('a refusal names the measured quota as the source, not the setting npm run deploy replaced', () => {
    expect(
      configProblems(() => parseDeploymentConfig({ ...BASE_CONFIG, accountConcurrencyLimit: 5000 }, '10')),
    ).toEqual([
      'groupmod.callbacks.preDelivery.reservedConcurrency, groupmod.callbacks.postDelivery.reservedConcurrency: together 40, ' +
        "but Lambda keeps 100 of the account's concurrency unreserved and the account's Lambda concurrency quota, as read from the account " +
        '(groupmod:accountConcurrencyLimit), is 10: the deploy would fail. ' +
        'Ask AWS for a higher quota (Service Quotas, AWS Lambda, "Concurrent executions") and deploy again once it is raised, ' +
        'or lower the reservations (null reserves none)',
    ]);
    // Without a measurement the setting is the source, and the message says to set it.
    expect(configProblems(() => parseDeploymentConfig({ ...BASE_CONFIG, accountConcurrencyLimit: 10 }))).toEqual([
      expect.stringContaining(
        'groupmod.accountConcurrencyLimit is 10: the deploy would fail. Ask AWS for a higher quota and set accountConcurrencyLimit to it',
      ),
    ]);
  });

  test.each(['0', 'ten', '12.5', ''])('refuses %j, naming the context key', (value) => {
    expect(configProblems(() => parseDeploymentConfig(BASE_CONFIG, value))).toEqual([
      expect.stringContaining(`${MEASURED_CONCURRENCY_LIMIT_CONTEXT}: expected the account's Lambda concurrency quota`),
    ]);
  });
});
