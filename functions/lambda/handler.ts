/**
 * The one shape of every Lambda handler here: middy with Powertools' `injectLambdaContext` (the
 * request id and cold start on every log line) and `logMetrics` (EMF flushed after each
 * invocation), and one deadline rule: the `Invocation`'s `signal` aborts `deadlineMarginMs` before
 * the Lambda's end and goes into every outbound call; `finalSignal`, at the end, is for reporting
 * in the margin. See docs/architecture.md#deadline.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { setMaxListeners } from 'node:events';
import type { Telemetry } from './telemetry.js';

export interface Invocation {
  /** Aborts at `deadline`: pass it to every outbound call. */
  signal: AbortSignal;
  /** Epoch milliseconds at which work stops (`Infinity` without a Lambda context's clock). */
  deadline: number;
  /** Aborts at the invocation's end: for the reporting done after the deadline. */
  finalSignal: AbortSignal;
  context: Context;
}

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export interface HandlerOptions extends Telemetry {
  /** How long before the Lambda's end work stops. */
  deadlineMarginMs: number;
}

const NEVER = new AbortController().signal;

/** The invocation's deadline and signals, from the time the context says is left. */
export function invocationOf(context: Context, deadlineMarginMs: number, now = Date.now()): Invocation {
  const remaining =
    typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  if (remaining === undefined) return { signal: NEVER, deadline: Infinity, finalSignal: NEVER, context };
  const untilDeadline = Math.max(0, remaining - deadlineMarginMs);
  const signal = AbortSignal.timeout(untilDeadline);
  const finalSignal = AbortSignal.timeout(Math.max(0, remaining));
  // Every call of the invocation listens to these, and a wave's calls wait at the rate limiter
  // side by side, each with its listener (removed when it is sent): as many listeners as calls in
  // flight is the design, not a leak, and Node's warning past 10 would only fill the logs.
  setMaxListeners(0, signal, finalSignal);
  return { signal, deadline: now + untilDeadline, finalSignal, context };
}

/** Wraps `handle` in the common middleware and hands it its `Invocation`. */
export function lambdaHandler<E, R>(
  handle: (event: E, invocation: Invocation) => Promise<R>,
  options: HandlerOptions,
): LambdaHandler<E, R> {
  // middy's own early timeout is off: the signal above is the one deadline, and a handler that
  // stops at it still returns its own result (a partial batch response, a checkpoint).
  return middy((event: E, context: Context) => handle(event, invocationOf(context, options.deadlineMarginMs)), {
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(logMetrics(options.metrics)) as unknown as LambdaHandler<E, R>;
}
