import type { Context } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { lazyHandler } from '../../../functions/lambda/index.js';

const context = {} as Context;

describe('lazyHandler', () => {
  test('a build that failed is built again on the next invocation, which then succeeds', async () => {
    // Prepare: the first build fails as a throttled GetSecretValue would.
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds += 1;
      if (builds === 1) throw new Error('ThrottlingException: Rate exceeded');
      return async (event: string) => `handled ${event}`;
    });

    // Act, Assess
    await expect(handler('first', context)).rejects.toThrow(/Rate exceeded/);
    await expect(handler('second', context)).resolves.toBe('handled second');
    await expect(handler('third', context)).resolves.toBe('handled third');
    expect(builds).toBe(2);
  });

  test('invocations that arrive while the build runs share it', async () => {
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return async (event: number) => event * 2;
    });

    expect(await Promise.all([handler(1, context), handler(2, context), handler(3, context)])).toEqual([2, 4, 6]);
    expect(builds).toBe(1);
  });
});
