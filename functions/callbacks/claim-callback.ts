/**
 * Each `callId` is accepted with one content only. Agora's signature covers `callId`, the secret
 * and `timestamp`, not the message: a captured signed callback could be sent again, inside the
 * freshness tolerance, with another group, sender or text, e.g. to report someone else. So where
 * an endpoint's rules can record anything, every message callback it reads claims its `callId`
 * with the digest of its content before anything else, whatever the rules then find: a benign
 * callback must hold its `callId` too, or its signature could be replayed with content that
 * matches. Agora's own retry, or a copy that says the same about the message, claims again and
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
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import { MAX_TOLERANCE_SECONDS } from './callbacks-env.js';
import { RefusalKind, type ChatMessage } from './read-callback.js';
import type { CompiledRuleSet } from './rule-set.js';
import { CallbackEndpoint, CallbackMetric, count } from './telemetry.js';

/** Claims outlive the longest tolerance by this much: clock skew between the function and DynamoDB's TTL. */
export const CLAIM_MARGIN_SECONDS = 3_600;

/** Epoch seconds after which no copy of a callback stamped `at` can be fresh under any tolerance. */
export const claimExpiry = (at: number): number => Math.ceil(at / 1000) + MAX_TOLERANCE_SECONDS + CLAIM_MARGIN_SECONDS;

/**
 * Whether an endpoint's rules can record anything, so that it claims every message callback:
 * after delivery any rule (a content hit or a count); before it a rejecting rule (its report).
 */
export function claimsNeeded(endpoint: CallbackEndpoint, rules: Pick<CompiledRuleSet, 'content' | 'flood' | 'repeat'>): boolean {
  if (endpoint === CallbackEndpoint.PostDelivery) return rules.content.length + rules.flood.length + rules.repeat.length > 0;
  return rules.content.some((content) => content.rule.reject);
}

/** The answer to a replay: 409, nothing recorded. */
export const REPLAY_ANSWER: CallbackResponse = { status: 409, body: { error: 'this callId was already received with other content' } };

/**
 * Claims the message's callback; undefined when it may go on, the 409 answer when it is a replay.
 * @throws when there is no claim store or it fails: nothing may be recorded unclaimed.
 */
export async function claimCallback(deps: CallbackDependencies, message: ChatMessage, call: Abortable): Promise<CallbackResponse | undefined> {
  if (!deps.claims) throw new Error('no claim store: set LEDGER_TABLE_NAME');
  const outcome = await deps.claims.claimCallback({ callId: message.callId, digest: message.digest, expiresAt: claimExpiry(message.at) }, call);
  if (outcome !== ClaimOutcome.Conflict) return undefined;
  count(deps.metrics, CallbackMetric.Refused);
  count(deps.metrics, CallbackMetric.ReplaysRefused);
  deps.logger.warn('callback refused: its callId was accepted before with other content (a captured signature replayed)', {
    status: 409,
    refusal: RefusalKind.Replay,
    callId: message.callId,
    messageId: message.messageId,
    groupId: message.groupId,
    from: message.from,
  });
  return REPLAY_ANSWER;
}
