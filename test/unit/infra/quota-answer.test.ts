/**
 * The numbers of GetAccountSettings' answer, checked before the deploy trusts them: a field that
 * is absent is named missing, one that holds what no quota can be is named with its value.
 */
import { describe, expect, test } from 'vitest';
import { concurrencyInAnswer } from '../../../infra/deploy/quota-answer.js';

const answer = (ConcurrentExecutions: unknown, UnreservedConcurrentExecutions: unknown = 10) =>
  concurrencyInAnswer({ ConcurrentExecutions, UnreservedConcurrentExecutions });

describe("the quota in Lambda's answer", () => {
  test('a real quota is taken as it is: a new account, an established one, one with reservations', () => {
    expect(answer(10)).toEqual({ concurrency: { limit: 10, unreserved: 10 } });
    expect(answer(1000, 960)).toEqual({ concurrency: { limit: 1000, unreserved: 960 } });
    expect(answer(1, 0)).toEqual({ concurrency: { limit: 1, unreserved: 0 } });
  });

  test('absent fields are named missing, each', () => {
    expect(concurrencyInAnswer(undefined)).toEqual({
      missing: ['AccountLimit.ConcurrentExecutions', 'AccountLimit.UnreservedConcurrentExecutions'],
    });
    expect(concurrencyInAnswer({ ConcurrentExecutions: 1000 })).toEqual({
      missing: ['AccountLimit.UnreservedConcurrentExecutions'],
    });
  });

  test.each([
    [0, 'AccountLimit.ConcurrentExecutions 0 is below 1'],
    [-1, 'AccountLimit.ConcurrentExecutions -1 is below 1'],
    [1000.5, 'AccountLimit.ConcurrentExecutions 1000.5 is not a whole number'],
    ['1000', 'AccountLimit.ConcurrentExecutions "1000" is text, not a number'],
    [true, 'AccountLimit.ConcurrentExecutions true is boolean, not a number'],
    [null, 'AccountLimit.ConcurrentExecutions null is object, not a number'],
    [1e21, 'AccountLimit.ConcurrentExecutions 1e+21 is beyond 2^53'],
    [2 ** 53, 'AccountLimit.ConcurrentExecutions 9007199254740992 is beyond 2^53'],
    [Number.NaN, 'AccountLimit.ConcurrentExecutions NaN is not a whole number'],
  ])('a quota of %j is impossible, named with its value', (limit, expected) => {
    const read = answer(limit);
    expect(read).toEqual({ impossible: expect.stringContaining(expected) });
  });

  test('the unreserved count must be a whole number from 0 to the quota', () => {
    expect(answer(1000, -1)).toEqual({
      impossible: expect.stringContaining('AccountLimit.UnreservedConcurrentExecutions -1 is below 0'),
    });
    expect(answer(1000, '960')).toEqual({
      impossible: expect.stringContaining('AccountLimit.UnreservedConcurrentExecutions "960" is text, not a number'),
    });
    expect(answer(1000, 1001)).toEqual({
      impossible:
        'AccountLimit.UnreservedConcurrentExecutions 1001 is more than AccountLimit.ConcurrentExecutions 1000',
    });
    expect(answer(2 ** 53 - 1, 2 ** 53 - 1)).toEqual({ concurrency: { limit: 2 ** 53 - 1, unreserved: 2 ** 53 - 1 } });
  });
});
