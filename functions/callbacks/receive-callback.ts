/**
 * The first step of both endpoints: read and verify the request, meter it, and answer at once
 * what is refused or of no interest. Refusals record nothing but a metric and a log line; a
 * verified callback of no interest claims its `callId` first where claims are needed (see
 * claim-callback.ts), so that its signature cannot be replayed as a message.
 */
import type { Abortable } from '../aws/index.js';
import { claimOrRetryLater } from './claim-callback.js';
import { ignoredDigest } from './callback-identity.js';
import { readCallback, type CallbackRequest, type ChatMessage } from './read-callback.js';
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import { CallbackMetric, count } from './telemetry.js';

export type Received = { message: ChatMessage } | { answer: CallbackResponse };

/**
 * A signature that matches none of the secrets makes the secrets be read again (at most once a
 * minute, see callback-secret.ts), and the request read once more when they changed: a secret
 * set in the Console and the secret after the instance started is taken at once.
 * @param ignoredAnswer the body a verified callback of no interest gets (post-delivery: any; pre-delivery: a pass).
 */
export async function receiveCallback(
  deps: CallbackDependencies,
  request: CallbackRequest,
  ignoredAnswer: Record<string, unknown>,
  call: Abortable = {},
): Promise<Received> {
  const { metrics, logger } = deps;
  count(metrics, CallbackMetric.Received);
  const read = () => readCallback(request, { ...deps.verification, now: deps.clock() });
  let reading = read();
  if (
    reading.outcome === 'refused' &&
    reading.refusal.unmatched &&
    deps.rereadSecrets &&
    (await deps.rereadSecrets(call))
  ) {
    logger.info('callback secrets read again after a signature that matched none; checking the callback again');
    reading = read();
  }
  if (reading.outcome === 'message') return { message: reading.message };
  if (reading.outcome === 'ignored') {
    count(metrics, CallbackMetric.Ignored);
    logger.debug('callback of a kind the rules do not read', { kind: reading.kind, callId: reading.callId });
    const claim = { callId: reading.callId, at: reading.at, digest: ignoredDigest(reading.kind) };
    const unclaimed = await claimOrRetryLater(
      deps,
      claim,
      'an ignored callback',
      { kind: reading.kind, callId: reading.callId },
      call,
    );
    if (unclaimed) return { answer: unclaimed };
    return { answer: { status: 200, body: ignoredAnswer } };
  }
  const { refusal } = reading;
  count(metrics, CallbackMetric.Refused);
  if (refusal.status === 401) count(metrics, CallbackMetric.SignatureFailures);
  logger.warn('callback refused', { status: refusal.status, refusal: refusal.kind, reason: refusal.reason });
  return { answer: { status: refusal.status, body: { error: refusal.reason } } };
}
