import type { Context } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { lazyHandler, preparedHandler } from '../../../functions/lambda/index.js';

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

describe('preparedHandler', () => {
  test('builds at once, before any invocation, and the invocations use that build', async () => {
    let builds = 0;
    const prepared = preparedHandler(async () => {
      builds += 1;
      return async (event: string) => `handled ${event}`;
    });
    await prepared.ready;
    expect(builds).toBe(1);

    await expect(prepared.handler('first', context)).resolves.toBe('handled first');
    expect(builds).toBe(1);
  });

  test('a failed preparation is reported and settles ready; the first invocation builds again and fails with its error', async () => {
    const reported: unknown[] = [];
    let builds = 0;
    const prepared = preparedHandler(
      async () => {
        builds += 1;
        if (builds <= 2)
          throw new Error(`AGORA_CALLBACK_SECRET_ARN: the secret needs "callbackSecret" (build ${builds})`);
        return async (event: string) => `handled ${event}`;
      },
      (error) => reported.push(error),
    );

    await expect(prepared.ready).resolves.toBeUndefined();
    expect(reported.map((error) => (error as Error).message)).toEqual([
      'AGORA_CALLBACK_SECRET_ARN: the secret needs "callbackSecret" (build 1)',
    ]);
    await expect(prepared.handler('first', context)).rejects.toThrow('(build 2)');
    await expect(prepared.handler('second', context)).resolves.toBe('handled second');
    expect(reported).toHaveLength(1);
  });
});
