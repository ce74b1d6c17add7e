/**
 * A pre-delivery callback: Agora waits for the verdict before it delivers the message (200 ms by
 * default, then its fallback, pass unless set otherwise). The verdict is computed in memory. A
 * rejected message gets no post-delivery callback, so its rule hits are reported from here, and
 * whenever the rules can record anything every callback claims its `callId` (see
 * claim-callback.ts), a passing one too: the claim starts before the verdict is computed, and a
 * replay with other content gets 409 and reports nothing. The claim and the report share one
 * budget, `reportTimeoutMs`; the verdict goes out when it runs out. A claim not confirmed in time
 * leaves the verdict as it is but reports nothing: an unclaimed report could be a forgery's. On
 * an internal error the verdict is the configured fallback, logged.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sendModerationEvents } from '../events/index.js';
import type { Abortable } from '../aws/index.js';
import { judge, PASS, type Judgement } from '../rules/index.js';
import { claimsNeeded, type CallbackDependencies, type CallbackResponse } from './callback-dependencies.js';
import { OnError } from './callbacks-env.js';
import { claimCallback } from './claim-callback.js';
import { callIdOf, type CallbackRequest, type ChatMessage } from './read-callback.js';
import { receiveCallback } from './receive-callback.js';
import { CallbackMetric, count, countRuleHit } from './telemetry.js';
import { violationEvent } from './violations.js';

/** The `code` of a rejection by the `reject` fallback after an internal error. */
export const INTERNAL_ERROR_CODE = 'internal-error';

/** How a claim ended: the callback may go on (`claimed`), is a replay (`refused`), or is unconfirmed (`failed`). */
type Claim = { claimed: true } | { claimed: false; refused: CallbackResponse } | { claimed: false; failed: Error };

function judgeSafely(deps: CallbackDependencies, message: ChatMessage): Judgement {
  try {
    return judge(deps.rules, message.text);
  } catch (error) {
    count(deps.metrics, CallbackMetric.VerdictErrors);
    deps.logger.error('verdict failed; answering the fallback', {
      callId: message.callId,
      onError: deps.onError,
      error: error as Error,
    });
    return { verdict: deps.onError === OnError.Reject ? { valid: false, code: INTERNAL_ERROR_CODE } : PASS, hits: [] };
  }
}

/**
 * `work` given the budget's signal, or a rejection once the budget runs out, even if the work
 * does not honour the abort.
 */
function withinBudget<T>(
  deps: CallbackDependencies,
  budget: AbortSignal,
  what: string,
  work: (call: Abortable) => Promise<T>,
): Promise<T> {
  const outOfTime = new Promise<never>((_, reject) => {
    const expire = () => reject(new Error(`${what} not confirmed within ${deps.reportTimeoutMs} ms`));
    if (budget.aborted) expire();
    else budget.addEventListener('abort', expire, { once: true });
  });
  return Promise.race([work({ signal: budget }), outOfTime]);
}

/** Starts the claim; the promise never rejects. */
function startClaim(deps: CallbackDependencies, message: ChatMessage, budget: AbortSignal): Promise<Claim> {
  return withinBudget(deps, budget, 'claim', (call) => claimCallback(deps, message, call)).then(
    (refused): Claim => (refused ? { claimed: false, refused } : { claimed: true }),
    (error: unknown): Claim => ({ claimed: false, failed: error as Error }),
  );
}

/** Queues the hits of a rejected group message within what is left of the budget. */
async function reportRejection(
  deps: CallbackDependencies,
  message: ChatMessage & { groupId: string },
  judgement: Judgement,
  budget: AbortSignal,
): Promise<void> {
  const events = judgement.hits.map((hit) => violationEvent(hit, message, deps.rules.version));
  try {
    const report = await withinBudget(deps, budget, 'report', (call) =>
      sendModerationEvents(deps.queue.sqs, deps.queue.queueUrl, events, call),
    );
    if (report.failed.length > 0)
      throw new Error(`the queue refused ${report.failed.map((failure) => failure.id).join(', ')}`);
    count(deps.metrics, CallbackMetric.ViolationsSent, events.length);
  } catch (error) {
    count(deps.metrics, CallbackMetric.QueueFailures);
    deps.logger.warn('rejected message not confirmed as reported in time', {
      callId: message.callId,
      groupId: message.groupId,
      eventIds: events.map((event) => event.id),
      error: error as Error,
    });
  }
}

/**
 * The verdict of a pre-delivery callback, whatever happens inside: a failure that escapes the
 * steps above (a bug, a body no step foresaw) answers the configured fallback, as a failed
 * verdict does, so `onError: reject` fails closed for it too; Agora would apply its own fallback
 * (delivery, by default) to a 5xx.
 */
export async function handlePreDelivery(
  deps: CallbackDependencies,
  request: CallbackRequest,
  call: Abortable = {},
): Promise<CallbackResponse> {
  try {
    return await answerPreDelivery(deps, request, call);
  } catch (error) {
    count(deps.metrics, CallbackMetric.VerdictErrors);
    deps.logger.error('pre-delivery callback failed; answering the fallback', {
      callId: callIdOf(request),
      onError: deps.onError,
      error: error as Error,
    });
    return { status: 200, body: deps.onError === OnError.Reject ? { valid: false, code: INTERNAL_ERROR_CODE } : PASS };
  }
}

async function answerPreDelivery(
  deps: CallbackDependencies,
  request: CallbackRequest,
  call: Abortable,
): Promise<CallbackResponse> {
  const started = performance.now();
  const received = await receiveCallback(deps, request, PASS, call);
  if ('answer' in received) return received.answer;
  const { message } = received;

  const budget = AbortSignal.any([AbortSignal.timeout(deps.reportTimeoutMs), ...(call.signal ? [call.signal] : [])]);
  const claiming = claimsNeeded(deps.rules) ? startClaim(deps, message, budget) : undefined;
  const judgement = judgeSafely(deps, message);
  const { verdict } = judgement;
  const claim = await claiming;
  // When the verdict can go out: after the claim, which it waits for.
  deps.metrics.addMetric(CallbackMetric.VerdictLatency, MetricUnit.Milliseconds, performance.now() - started);
  // A replay is refused before its hits and verdict are counted: it is not a message.
  if (claim && 'refused' in claim) return claim.refused;
  if (claim && 'failed' in claim) {
    count(deps.metrics, CallbackMetric.ClaimFailures);
    deps.logger.warn('callback not claimed in time: answering its verdict, reporting nothing', {
      callId: message.callId,
      groupId: message.groupId,
      valid: verdict.valid,
      error: claim.failed,
    });
  }

  for (const hit of judgement.hits) countRuleHit(deps.metrics, hit.rule.name);
  count(deps.metrics, verdict.valid ? CallbackMetric.MessagesPassed : CallbackMetric.MessagesRejected);
  if (judgement.rejectedBy) {
    deps.logger.info(deps.rules.dryRun ? 'message would be rejected (dry run)' : 'message rejected', {
      callId: message.callId,
      messageId: message.messageId,
      groupId: message.groupId,
      from: message.from,
      rule: judgement.rejectedBy,
      hits: judgement.hits.map((hit) => ({ rule: hit.rule.name, why: hit.why })),
    });
  }
  if (!verdict.valid && message.groupId && judgement.hits.length > 0 && claim?.claimed) {
    await reportRejection(deps, { ...message, groupId: message.groupId }, judgement, budget);
  }
  return { status: 200, body: verdict };
}
