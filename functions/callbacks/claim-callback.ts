/**
 * Each `callId` is accepted with one content only. Agora's signature covers `callId`, the secret
 * and `timestamp`, not the message: a captured signed callback could be sent again, inside the
 * freshness tolerance, with another group, sender or text, e.g. to report someone else. So where
 * the rules can record anything, every verified callback claims its `callId` before anything
 * else, whatever the rules then find, at either endpoint: a benign message, a callback the rules
 * ignore (a group operation, a receipt) and a pre-delivery callback that passes must hold their
 * `callId` too, or their signatures could be replayed, to either endpoint (both share the rules
 * and the secrets), as a message that matches. A message claims with the digest of its content,
 * an ignored callback with one of its kind that no message can have. Agora's own retry, or a copy that says the same about the message, claims again and
 * goes on; the same `callId` with other content is refused with 409 Conflict and counted in
 * `ReplaysRefused`. (409 rather than 401: the signature is valid, the request conflicts with one
 * already accepted, and the signature-failure alarm keeps meaning a wrong secret or probing.)
 *
 * A claim outlives the longest freshness tolerance the settings allow, not just the current
 * one, so raising the tolerance later (to take Agora's resent callbacks) does not reopen the
 * callbacks whose claims would have expired.
 */
import { ClaimOutcome } from '../ledger/index.js';
import type { Abortable } from '../aws/index.js';
import { claimsNeeded, type CallbackDependencies, type CallbackResponse } from './callback-dependencies.js';
import { MAX_TOLERANCE_SECONDS } from './callbacks-env.js';
import { RefusalKind, type ChatMessage } from './read-callback.js';
import { CallbackMetric, count } from './telemetry.js';

/** Claims outlive the longest tolerance by this much: clock skew between the function and DynamoDB's TTL. */
const CLAIM_MARGIN_SECONDS = 3_600;

/** Epoch seconds after which no copy of a callback stamped `at` can be fresh under any tolerance. */
const claimExpiry = (at: number): number => Math.ceil(at / 1000) + MAX_TOLERANCE_SECONDS + CLAIM_MARGIN_SECONDS;

/** What a claim needs of a callback, and what its log line names: a message's fields, or an ignored callback's id and time. */
type ClaimedCallback = Pick<ChatMessage, 'callId' | 'digest' | 'at'> &
  Partial<Pick<ChatMessage, 'messageId' | 'groupId' | 'from'>>;

/** The answer to a replay: 409, nothing recorded. */
const REPLAY_ANSWER: CallbackResponse = {
  status: 409,
  body: { error: 'this callId was already received with other content' },
};

/**
 * Claims the callback; undefined when it may go on, the 409 answer when it is a replay.
 * @throws when there is no claim store or it fails: nothing may be recorded unclaimed.
 */
export async function claimCallback(
  deps: CallbackDependencies,
  message: ClaimedCallback,
  call: Abortable,
): Promise<CallbackResponse | undefined> {
  if (!deps.claims) throw new Error('no claim store: set LEDGER_TABLE_NAME');
  const outcome = await deps.claims.claimCallback(
    { callId: message.callId, digest: message.digest, expiresAt: claimExpiry(message.at) },
    call,
  );
  if (outcome !== ClaimOutcome.Conflict) return undefined;
  count(deps.metrics, CallbackMetric.Refused);
  count(deps.metrics, CallbackMetric.ReplaysRefused);
  deps.logger.warn(
    'callback refused: its callId was accepted before with other content (a captured signature replayed)',
    {
      status: 409,
      refusal: RefusalKind.Replay,
      callId: message.callId,
      messageId: message.messageId,
      groupId: message.groupId,
      from: message.from,
    },
  );
  return REPLAY_ANSWER;
}

/**
 * For an endpoint whose failure Agora retries: claims the callback when the rules need claims.
 * Undefined when it may go on; the 409 answer to a replay; a 503 when the claim could not be made,
 * since nothing may be recorded unclaimed.
 * @param what what is claimed, for the log line (`the callback`, `an ignored callback`).
 * @param logKeys what the log line names besides.
 */
export async function claimOrRetryLater(
  deps: CallbackDependencies,
  message: ClaimedCallback,
  what: string,
  logKeys: Record<string, unknown>,
  call: Abortable,
): Promise<CallbackResponse | undefined> {
  if (!claimsNeeded(deps.rules)) return undefined;
  try {
    return await claimCallback(deps, message, call);
  } catch (error) {
    count(deps.metrics, CallbackMetric.ClaimFailures);
    deps.logger.error(`could not claim ${what}; answering 503 so that Agora retries`, {
      ...logKeys,
      error: error as Error,
    });
    return { status: 503, body: { error: 'claim failed; retry' } };
  }
}
