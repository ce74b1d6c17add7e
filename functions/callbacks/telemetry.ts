/**
 * Metric names the callbacks endpoints emit (CloudWatch EMF). Each endpoint has its own
 * `service` dimension; `RuleHits` is also emitted per rule, with a `rule` dimension.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

export const CallbackEndpoint = { PreDelivery: 'pre-delivery', PostDelivery: 'post-delivery' } as const;
export type CallbackEndpoint = (typeof CallbackEndpoint)[keyof typeof CallbackEndpoint];

/** The `service` dimension of each endpoint's logs and metrics. */
export const CALLBACK_SERVICE: Record<CallbackEndpoint, string> = {
  'pre-delivery': 'callbacks-pre-delivery',
  'post-delivery': 'callbacks-post-delivery',
};

export const CallbackMetric = {
  /** Every request, whatever became of it. */
  Received: 'CallbacksReceived',
  /** Refused with a 4xx: too large, not JSON, wrong types, bad signature, stale, replayed. */
  Refused: 'CallbacksRefused',
  /** 401s: a signature that does not match, or a timestamp outside the tolerance. */
  SignatureFailures: 'SignatureFailures',
  /** 409s: a validly signed `callId` sent again with other content, i.e. a captured signature replayed. */
  ReplaysRefused: 'ReplaysRefused',
  /** Verified callbacks of a kind the rules do not read (logins, receipts, group operations, ...). */
  Ignored: 'CallbacksIgnored',
  /** Rules matched (also per rule, dimension `rule`). */
  RuleHits: 'RuleHits',
  /** `violation.reported` events in the queue. */
  ViolationsSent: 'ViolationsSent',
  /** Post-delivery: the queue or the counters failed, answered 5xx for Agora to retry. Pre-delivery: a report not confirmed in time. */
  QueueFailures: 'QueueFailures',
  /**
   * A `callId` claim not confirmed (the ledger failed or, pre-delivery, took longer than the
   * report budget). Post-delivery answers 503 for Agora to retry; pre-delivery answers its
   * verdict and reports nothing.
   */
  ClaimFailures: 'ClaimFailures',
  /** Post-delivery callbacks answered 5xx: Agora sends each once more, then drops it unreported. */
  Failed: 'CallbacksFailed',
  MessagesRejected: 'MessagesRejected',
  MessagesPassed: 'MessagesPassed',
  /** Pre-delivery verdicts that failed inside and took the configured fallback. */
  VerdictErrors: 'VerdictErrors',
  /** Pre-delivery: from the request to the verdict, in the handler, ms. */
  VerdictLatency: 'VerdictLatency',
} as const;

export const count = (metrics: Metrics, name: string, value = 1) => metrics.addMetric(name, MetricUnit.Count, value);

/** `RuleHits` in total and for the rule on its own (a dimension of its own needs its own metric set). */
export function countRuleHit(metrics: Metrics, rule: string): void {
  count(metrics, CallbackMetric.RuleHits);
  const single = metrics.singleMetric();
  single.addDimension('rule', rule);
  single.addMetric(CallbackMetric.RuleHits, MetricUnit.Count, 1);
}
