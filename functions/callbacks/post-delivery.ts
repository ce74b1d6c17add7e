/**
 * A post-delivery callback: verify it, run the content rules over its text and the counting
 * rules over the shared counters, and queue one `violation.reported` per rule hit. When any rule
 * is set, every message callback first claims its `callId` with its content (see
 * claim-callback.ts), one-to-one messages included (a replay could name a group): a replay with
 * other content gets 409 and records nothing. It answers 200 only once the events are in the
 * queue; when the claims, the counters or the queue fail it answers 503, so that Agora sends the
 * callback once more, which claims, counts and reports the same way.
 */
import { sendModerationEvents } from '../events/index.js';
import type { Abortable } from '../aws/index.js';
import { contentHits, normalizeText, type RuleHit } from '../rules/index.js';
import { callIdOf, type CallbackRequest, type ChatMessage } from './read-callback.js';
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import { claimOrRetryLater } from './claim-callback.js';
import { countingHits } from './count-messages.js';
import { receiveCallback } from './receive-callback.js';
import { CallbackMetric, count, countRuleHit } from './telemetry.js';
import { violationEvent } from './violations.js';

type GroupMessage = ChatMessage & { groupId: string };

async function hitsOf(deps: CallbackDependencies, message: GroupMessage, call: Abortable): Promise<RuleHit[]> {
  const normalized = message.text === undefined ? undefined : normalizeText(message.text);
  const content = normalized === undefined ? [] : contentHits(deps.rules, normalized, message.text);
  const counting = deps.counters ? await countingHits(deps.counters, deps.rules, message, normalized, call) : [];
  return [...content, ...counting];
}

/**
 * The answer to a post-delivery callback, whatever happens inside. Agora sends a callback that
 * got a 5xx once more and then drops it, with whatever it would have reported: every 5xx is
 * logged with its `callId` and counted (`CallbacksFailed`, alarmed on), and a failure that escapes
 * the steps below answers 503 as theirs do.
 */
export async function handlePostDelivery(
  deps: CallbackDependencies,
  request: CallbackRequest,
  call: Abortable = {},
): Promise<CallbackResponse> {
  let response: CallbackResponse;
  try {
    response = await answerPostDelivery(deps, request, call);
  } catch (error) {
    deps.logger.error('post-delivery callback failed; answering 503 so that Agora retries', {
      callId: callIdOf(request),
      error: error as Error,
    });
    response = { status: 503, body: { error: 'internal error; retry' } };
  }
  if (response.status >= 500) count(deps.metrics, CallbackMetric.Failed);
  return response;
}

async function answerPostDelivery(
  deps: CallbackDependencies,
  request: CallbackRequest,
  call: Abortable,
): Promise<CallbackResponse> {
  const received = await receiveCallback(deps, request, { ok: true }, call);
  if ('answer' in received) return received.answer;
  const { message } = received;
  const unclaimed = await claimOrRetryLater(
    deps,
    message,
    'the callback',
    { callId: message.callId, messageId: message.messageId, groupId: message.groupId },
    call,
  );
  if (unclaimed) return unclaimed;
  if (!message.groupId) {
    // One-to-one messages: no group to moderate.
    count(deps.metrics, CallbackMetric.Ignored);
    return { status: 200, body: { ok: true } };
  }
  const groupMessage = message as GroupMessage;
  const logKeys = {
    callId: message.callId,
    messageId: message.messageId,
    groupId: message.groupId,
    from: message.from,
  };

  let hits: RuleHit[];
  try {
    hits = await hitsOf(deps, groupMessage, call);
  } catch (error) {
    deps.logger.error('could not count the message; answering 503 so that Agora retries', {
      ...logKeys,
      error: error as Error,
    });
    count(deps.metrics, CallbackMetric.QueueFailures);
    return { status: 503, body: { error: 'counting failed; retry' } };
  }
  if (hits.length === 0) return { status: 200, body: { ok: true, violations: 0 } };

  for (const hit of hits) countRuleHit(deps.metrics, hit.rule.name);
  const events = hits.map((hit) => violationEvent(hit, groupMessage, deps.rules.version));
  const summary = hits.map((hit) => ({ rule: hit.rule.name, why: hit.why }));
  if (deps.rules.dryRun) {
    deps.logger.info('rules matched (dry run: nothing sent)', {
      ...logKeys,
      hits: summary,
      eventIds: events.map((event) => event.id),
    });
    return { status: 200, body: { ok: true, violations: 0, dryRun: true } };
  }
  try {
    const report = await sendModerationEvents(deps.queue.sqs, deps.queue.queueUrl, events, call);
    if (report.failed.length > 0)
      throw new Error(
        `the queue refused ${report.failed.map((failure) => `${failure.id} (${failure.reason})`).join(', ')}`,
      );
  } catch (error) {
    deps.logger.error('could not queue the violations; answering 503 so that Agora retries', {
      ...logKeys,
      hits: summary,
      error: error as Error,
    });
    count(deps.metrics, CallbackMetric.QueueFailures);
    return { status: 503, body: { error: 'queue unavailable; retry' } };
  }
  count(deps.metrics, CallbackMetric.ViolationsSent, events.length);
  deps.logger.info('violations reported', { ...logKeys, hits: summary, eventIds: events.map((event) => event.id) });
  return { status: 200, body: { ok: true, violations: events.length } };
}
