/** The deadline rule every handler shares: work stops one margin before the Lambda's end. */
import { once } from 'node:events';
import type { Context } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { invocationOf, lambdaHandler, type Invocation } from '../../../functions/lambda/handler.js';
import { createTelemetry } from '../../../functions/lambda/telemetry.js';

const contextWith = (remainingMs: number) =>
  ({ getRemainingTimeInMillis: () => remainingMs, functionName: 'test', awsRequestId: 'req-1' }) as Context;

describe('invocationOf', () => {
  test('the deadline is the margin before the end; the signal fires then, the final signal at the end', async () => {
    const started = Date.now();
    const invocation = invocationOf(contextWith(600), 500, started);
    expect(invocation.deadline).toBe(started + 100);
    expect(invocation.signal.aborted).toBe(false);
    await once(invocation.signal, 'abort');
    expect(invocation.finalSignal.aborted).toBe(false);
    await once(invocation.finalSignal, 'abort');
    expect(Date.now() - started).toBeGreaterThanOrEqual(595);
  });

  test('less time left than the margin: the signal has fired already', () => {
    const invocation = invocationOf(contextWith(1_000), 3_000, 5_000);
    expect(invocation.deadline).toBe(5_000);
  });

  test("a wave's calls may all wait on the invocation's signals at once, without Node's listener warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const invocation = invocationOf(contextWith(60_000), 1_000);
      const listeners = Array.from({ length: 100 }, () => () => {});
      for (const signal of [invocation.signal, invocation.finalSignal])
        for (const listener of listeners) signal.addEventListener('abort', listener);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('without a Lambda clock there is no deadline', () => {
    const invocation = invocationOf({} as Context, 3_000);
    expect(invocation.deadline).toBe(Infinity);
    expect(invocation.signal.aborted).toBe(false);
  });
});

describe('lambdaHandler', () => {
  test('hands the handler its invocation and returns what it returns, past its own deadline too', async () => {
    const seen: Invocation[] = [];
    const telemetry = createTelemetry({ serviceName: 'test', logLevel: 'SILENT' });
    const handler = lambdaHandler(
      async (event: { n: number }, invocation) => {
        seen.push(invocation);
        telemetry.metrics.addMetric('Handled', 'Count', 1);
        await new Promise((resolve) => setTimeout(resolve, 30));
        return { doubled: event.n * 2, abortedBeforeReturning: invocation.signal.aborted };
      },
      { ...telemetry, deadlineMarginMs: 990 },
    );
    // 1,000 ms left and a 990 ms margin: the deadline passes while the handler works.
    expect(await handler({ n: 21 }, contextWith(1_000))).toEqual({ doubled: 42, abortedBeforeReturning: true });
    expect(seen[0]!.context.awsRequestId).toBe('req-1');
  });
});
