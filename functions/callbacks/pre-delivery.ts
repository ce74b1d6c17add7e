/**
 * A pre-delivery callback: Agora waits for the verdict before it delivers the message (200 ms by
 * default, then its fallback, pass unless set otherwise). The verdict is computed in memory with
 * no network call. A rejected message gets no post-delivery callback, so its rule hits are
 * reported from here: the report waits at most `reportTimeoutMs` for the queue, and the verdict
 * goes out either way. On an internal error the verdict is the configured fallback, logged.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sendModerationEvents } from '../events/index.js';
import type { Abortable } from '../aws/index.js';
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import { OnError } from './callbacks-env.js';
import type { CallbackRequest, ChatMessage } from './read-callback.js';
import { receiveCallback } from './receive-callback.js';
import { CallbackMetric, count, countRuleHit } from './telemetry.js';
import { INTERNAL_ERROR_CODE, judge, PASS, type Judgement } from './verdict.js';
import { violationEvent } from './violations.js';

function judgeSafely(deps: CallbackDependencies, message: ChatMessage): Judgement {
  try {
    return judge(deps.rules, message.text);
  } catch (error) {
    count(deps.metrics, CallbackMetric.VerdictErrors);
    deps.logger.error('verdict failed; answering the fallback', { callId: message.callId, onError: deps.onError, error: error as Error });
    return { verdict: deps.onError === OnError.Reject ? { valid: false, code: INTERNAL_ERROR_CODE } : PASS, hits: [] };
  }
}

/**
 * Queues the hits of a rejected group message, waiting at most `reportTimeoutMs`: the send is
 * aborted then, and the wait ends then even if a client does not honour the abort.
 */
async function reportRejection(deps: CallbackDependencies, message: ChatMessage & { groupId: string }, judgement: Judgement, call: Abortable): Promise<void> {
  const events = judgement.hits.map((hit) => violationEvent(hit, message));
  const budget = AbortSignal.timeout(deps.reportTimeoutMs);
  const signal = AbortSignal.any([budget, ...(call.signal ? [call.signal] : [])]);
  const outOfTime = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`not queued within ${deps.reportTimeoutMs} ms`)), { once: true }));
  try {
    const report = await Promise.race([sendModerationEvents(deps.queue.sqs, deps.queue.queueUrl, events, { signal }), outOfTime]);
    if (report.failed.length > 0) throw new Error(`the queue refused ${report.failed.map((failure) => failure.id).join(', ')}`);
    count(deps.metrics, CallbackMetric.ViolationsSent, events.length);
  } catch (error) {
    count(deps.metrics, CallbackMetric.QueueFailures);
    deps.logger.warn('rejected message not confirmed as reported in time', { callId: message.callId, groupId: message.groupId, eventIds: events.map((event) => event.id), error: error as Error });
  }
}

export async function handlePreDelivery(deps: CallbackDependencies, request: CallbackRequest, call: Abortable = {}): Promise<CallbackResponse> {
  const started = performance.now();
  const received = receiveCallback(deps, request, PASS);
  if ('answer' in received) return received.answer;
  const { message } = received;

  const judgement = judgeSafely(deps, message);
  const { verdict } = judgement;
  deps.metrics.addMetric(CallbackMetric.VerdictLatency, MetricUnit.Milliseconds, performance.now() - started);
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
  if (!verdict.valid && message.groupId && judgement.hits.length > 0) await reportRejection(deps, { ...message, groupId: message.groupId }, judgement, call);
  return { status: 200, body: verdict };
}
