import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, Metric, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { CALLBACK_SERVICE, CallbackEndpoint, CallbackMetric } from '../../functions/callbacks/index.js';
import { DEFAULT_METRICS_NAMESPACE } from '../../functions/lambda/index.js';
import type { Monitoring } from './monitoring.js';

export interface SilenceAlarmSettings {
  periodMinutes: number;
  /** Verified callbacks a period must hold at least. */
  minimum: number;
}

const NAMES = {
  [CallbackEndpoint.PreDelivery]: 'PreDelivery',
  [CallbackEndpoint.PostDelivery]: 'PostDelivery',
} as const;

/**
 * An alarm, `<stack>-<Endpoint>CallbacksSilent`, for an endpoint Agora has stopped calling: when
 * a rule fails 90 times in 30 s Agora switches it off, and callbacks lost meanwhile are not sent
 * again; a rule removed, disabled or pointed at another URL in the Console sends nothing either.
 * Every other alarm treats a period without data as fine, so none of them sees that silence.
 *
 * It counts verified callbacks, received less refused: anyone can reach a function URL, and
 * requests with no valid signature (a scanner, a probe) must not pass for Agora's traffic. The
 * count has no data when nothing arrived at all, and a missing period breaches.
 *
 * Made by the stack's alarm helper like every alarm (name, topic); in `scope`, the callbacks'
 * monitoring, so that its logical id stays the one a deployed stack holds.
 */
export function callbacksSilenceAlarm(
  scope: Construct,
  endpoint: CallbackEndpoint,
  settings: SilenceAlarmSettings,
  monitoring: Monitoring,
): Alarm {
  const name = NAMES[endpoint];
  const period = Duration.minutes(settings.periodMinutes);
  const metric = (metricName: string) =>
    new Metric({
      namespace: DEFAULT_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: CALLBACK_SERVICE[endpoint] },
      statistic: 'Sum',
      period,
    });
  // Refusals filled with 0, received not: a period with no request at all stays without data.
  const verified = new MathExpression({
    expression: 'received - FILL(refused, 0)',
    usingMetrics: { received: metric(CallbackMetric.Received), refused: metric(CallbackMetric.Refused) },
    period,
    label: `${endpoint} callbacks verified`,
  });
  return monitoring.alarm(`${name}CallbacksSilent`, verified, {
    scope,
    threshold: settings.minimum,
    comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
    missingData: TreatMissingData.BREACHING,
    description:
      `fewer than ${settings.minimum} verified ${endpoint} callbacks in ${settings.periodMinutes} minutes: Agora has stopped calling. ` +
      'In Agora Console (Chat > Features > Callback) check the rule: is it enabled (Agora switches a rule off after 90 failures in 30 s), ' +
      `does its URL match output ${name}CallbackUrl and its secret callbackSecret; then this function's 5xx, throttle and error alarms and its log. ` +
      `A quiet app may be silent this long: set callbacks.${name === 'PreDelivery' ? 'preDelivery' : 'postDelivery'}.silenceAlarm (or null)`,
  });
}
