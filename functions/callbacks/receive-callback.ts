/**
 * The first step of both endpoints: read and verify the request, meter it, and answer at once
 * what is refused or of no interest. Refusals record nothing but a metric and a log line.
 */
import { readCallback, type CallbackRequest, type ChatMessage } from './read-callback.js';
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import { CallbackMetric, count } from './telemetry.js';

export type Received = { message: ChatMessage } | { answer: CallbackResponse };

/**
 * @param ignoredAnswer the body a verified callback of no interest gets (post-delivery: any; pre-delivery: a pass).
 */
export function receiveCallback(deps: CallbackDependencies, request: CallbackRequest, ignoredAnswer: Record<string, unknown>): Received {
  const { metrics, logger } = deps;
  count(metrics, CallbackMetric.Received);
  const reading = readCallback(request, { ...deps.verification, now: deps.clock() });
  if (reading.outcome === 'message') return { message: reading.message };
  if (reading.outcome === 'ignored') {
    count(metrics, CallbackMetric.Ignored);
    logger.debug('callback of a kind the rules do not read', { kind: reading.kind, callId: reading.callId });
    return { answer: { status: 200, body: ignoredAnswer } };
  }
  const { refusal } = reading;
  count(metrics, CallbackMetric.Refused);
  if (refusal.status === 401) count(metrics, CallbackMetric.SignatureFailures);
  logger.warn('callback refused', { status: refusal.status, refusal: refusal.kind, reason: refusal.reason });
  return { answer: { status: refusal.status, body: { error: refusal.reason } } };
}
