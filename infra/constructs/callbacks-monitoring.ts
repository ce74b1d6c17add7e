import { Duration } from 'aws-cdk-lib';
import { GraphWidget, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { CALLBACK_SERVICE, CallbackEndpoint, CallbackMetric } from '../../functions/callbacks/index.js';
import { DEFAULT_METRICS_NAMESPACE } from '../../functions/lambda/index.js';
import { callbacksSilenceAlarm, type SilenceAlarmSettings } from './callbacks-silence-alarm.js';
import type { Monitoring } from './monitoring.js';

/** Throttled callbacks a minute the alarm tolerates: far below Agora's 90 failures in 30 s. */
const THROTTLES_PER_MINUTE = 30;

export interface CallbacksMonitoringProps {
  monitoring: Monitoring;
  preDelivery: NodejsFunction;
  postDelivery: NodejsFunction;
  /** The rules deployed, for a line each in the rule hits widget. */
  ruleNames: string[];
  latencyAlarmMs: number;
  /** The alarm on each endpoint's silence; `null` for none. */
  silenceAlarms: Record<CallbackEndpoint, SilenceAlarmSettings | null>;
}

/**
 * Alarms and dashboard widgets of the callbacks ingress, on the stack's topic and dashboard:
 * signature failures (a wrong secret in the Console, or someone probing the URLs), replays of
 * captured callbacks, pre-delivery claims not confirmed in time, 5xx answers (Agora switches a
 * rule off after 90 failures in 30 s: the alarm fires far below that), pre-delivery latency
 * against Agora's 200 ms default timeout, and an endpoint Agora has stopped calling.
 */
export class CallbacksMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: CallbacksMonitoringProps) {
    super(scope, id);
    const { monitoring } = props;
    const app = (service: string, metricName: string, statistic = 'Sum', dimensions: Record<string, string> = {}) =>
      new Metric({
        namespace: DEFAULT_METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service, ...dimensions },
        statistic,
        period: Duration.minutes(5),
      });
    const pre = CALLBACK_SERVICE['pre-delivery'];
    const post = CALLBACK_SERVICE['post-delivery'];
    const url = (fn: NodejsFunction, metricName: string, statistic: string, period = Duration.minutes(5)) =>
      fn.metric(metricName, { statistic, period });

    monitoring.alarm(
      'CallbackSignatureFailures',
      new MathExpression({
        expression: 'FILL(pre, 0) + FILL(post, 0)',
        usingMetrics: {
          pre: app(pre, CallbackMetric.SignatureFailures),
          post: app(post, CallbackMetric.SignatureFailures),
        },
        period: Duration.minutes(5),
        label: 'signature failures',
      }),
      {
        threshold: 10,
        description:
          'callbacks refused for a bad signature or a stale timestamp: check the secret in Agora Console against callbackSecret, and the senders',
      },
    );
    monitoring.alarm(
      'CallbackReplays',
      new MathExpression({
        expression: 'FILL(pre, 0) + FILL(post, 0)',
        usingMetrics: { pre: app(pre, CallbackMetric.ReplaysRefused), post: app(post, CallbackMetric.ReplaysRefused) },
        period: Duration.minutes(5),
        label: 'replays refused',
      }),
      {
        threshold: 0,
        description:
          'a validly signed callback was sent again with other content (409): someone holds captured callbacks; find where they leak (logs, proxies) and rotate the rule secret in Agora Console and callbackSecret',
      },
    );
    // Post-delivery answers a failed claim 503 (the 5xx alarm below); pre-delivery answers its
    // verdict and leaves a rejection unreported, which only this metric shows.
    monitoring.alarm('PreDeliveryClaimFailures', app(pre, CallbackMetric.ClaimFailures), {
      threshold: 10,
      description:
        "pre-delivery callbacks not claimed in the ledger within the report budget (100 ms): their rejections went unreported; check the ledger table's throttles and latency",
    });
    // Agora sends a post-delivery callback that got a 5xx once more, then drops it with the hits it
    // carried: one such answer may be a report lost, which the 5xx-rate alarm below would not show.
    monitoring.alarm('PostDeliveryFailures', app(post, CallbackMetric.Failed), {
      threshold: 0,
      description:
        'post-delivery callbacks answered 5xx: Agora retries each once and then drops it, unreported; find their callId in the post-delivery log ("post-delivery callback failed", "could not queue", "could not count") and check the queue and the ledger table',
    });
    for (const [name, fn] of [
      ['PreDelivery', props.preDelivery],
      ['PostDelivery', props.postDelivery],
    ] as const) {
      monitoring.alarm(`${name}Url5xx`, url(fn, 'Url5xxCount', 'Sum', Duration.minutes(1)), {
        threshold: 10,
        description: `${name} callbacks answered 5xx: Agora switches a rule off after 90 failures in 30 s`,
      });
      // Throttling is how reserved concurrency bounds a flood, so a few throttles are the design
      // working; Agora counts each throttled callback (429) as a failure, though, and switches the
      // rule off after 90 in 30 s: alarm well before that.
      monitoring.alarm(
        `Callbacks${name}Throttles`,
        fn.metricThrottles({ period: Duration.minutes(1), statistic: 'Sum' }),
        {
          threshold: THROTTLES_PER_MINUTE,
          description: `${name} callbacks throttled over ${THROTTLES_PER_MINUTE} times a minute: raise callbacks.${name === 'PreDelivery' ? 'preDelivery' : 'postDelivery'}.reservedConcurrency before Agora switches the rule off (90 failures in 30 s)`,
        },
      );
    }
    monitoring.alarm('PreDeliveryLatency', url(props.preDelivery, 'UrlRequestLatency', 'Average'), {
      threshold: props.latencyAlarmMs,
      description: `pre-delivery answers take over ${props.latencyAlarmMs} ms on average: Agora applies its fallback after the rule's timeout (200 ms by default)`,
    });

    for (const endpoint of Object.values(CallbackEndpoint)) {
      const settings = props.silenceAlarms[endpoint];
      if (settings) callbacksSilenceAlarm(this, endpoint, settings, monitoring);
    }

    monitoring.dashboard.addWidgets(
      new GraphWidget({
        title: 'Callbacks',
        left: [pre, post].flatMap((service) =>
          [CallbackMetric.Received, CallbackMetric.Refused, CallbackMetric.Ignored].map((metric) =>
            app(service, metric).with({ label: `${service} ${metric}` }),
          ),
        ),
        right: [
          url(props.preDelivery, 'Url5xxCount', 'Sum'),
          url(props.postDelivery, 'Url5xxCount', 'Sum'),
          app(post, CallbackMetric.QueueFailures),
          ...[pre, post].flatMap((service) =>
            [CallbackMetric.ReplaysRefused, CallbackMetric.ClaimFailures].map((metric) =>
              app(service, metric).with({ label: `${service} ${metric}` }),
            ),
          ),
        ],
      }),
      new GraphWidget({
        title: 'Rule hits',
        left: props.ruleNames.flatMap((rule) =>
          [pre, post].map((service) =>
            app(service, CallbackMetric.RuleHits, 'Sum', { rule }).with({ label: `${rule} (${service})` }),
          ),
        ),
        right: [app(pre, CallbackMetric.ViolationsSent), app(post, CallbackMetric.ViolationsSent)],
      }),
    );
    monitoring.dashboard.addWidgets(
      new GraphWidget({
        title: 'Pre-delivery verdicts',
        left: [
          app(pre, CallbackMetric.MessagesPassed),
          app(pre, CallbackMetric.MessagesRejected),
          app(pre, CallbackMetric.VerdictErrors),
        ],
        right: [
          app(pre, CallbackMetric.VerdictLatency, 'p99'),
          url(props.preDelivery, 'UrlRequestLatency', 'Average'),
          url(props.preDelivery, 'UrlRequestLatency', 'Maximum'),
        ],
      }),
    );
  }
}
