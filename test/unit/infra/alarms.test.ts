/**
 * Alarms reach a person: each alarm watches this stack's resources only, notifies the encrypted
 * alarm topic, and CloudWatch may publish to that topic and use its key, for these alarms only.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Template } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_METRICS_NAMESPACE } from '../../../functions/lambda/index.js';
import { MetricName, SERVICE_NAME } from '../../../functions/moderation/index.js';
import { buildStack, synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type AlarmProperties = {
  AlarmName: string;
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic: string;
  Period: number;
  Threshold: number;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
  AlarmDescription: string;
  /** Metric math instead of one metric. */
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: {
      Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
      Stat: string;
      Period: number;
    };
  }[];
};

let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const idOf = (prefix: string) => Object.keys(resources).find((id) => id.replace(/[A-F0-9]{8}$/, '') === prefix)!;
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as AlarmProperties);
const alarmArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudwatch:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:alarm:${name}`,
    ],
  ],
});

beforeAll(() => {
  ({ template } = synthStack());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

/**
 * `name: namespace metric [dimensions] statistic/period > threshold for n of n`, one line per
 * alarm; for metric math, `name: expression {id: namespace metric [dimensions] statistic/period, ...} > ...`.
 */
function summary(alarm: AlarmProperties): string {
  const comparison =
    { GreaterThanThreshold: '>', LessThanThreshold: '<' }[alarm.ComparisonOperator] ?? alarm.ComparisonOperator;
  if (alarm.Metrics) {
    const parts = alarm.Metrics.filter((m) => m.MetricStat).map(({ Id, MetricStat }) => {
      const { Metric: metric, Stat, Period } = MetricStat!;
      return `${Id}: ${metric.Namespace} ${metric.MetricName} [${metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')}] ${Stat}/${Period}s`;
    });
    const expression = alarm.Metrics.find((m) => m.Expression)!.Expression;
    return `${alarm.AlarmName}: ${expression} {${parts.join('; ')}} ${comparison} ${alarm.Threshold} for ${alarm.DatapointsToAlarm} of ${alarm.EvaluationPeriods}`;
  }
  const dimensions = (alarm.Dimensions ?? [])
    .map(
      (d) =>
        `${d.Name}=${typeof d.Value === 'string' ? d.Value : JSON.stringify(d.Value).replace(/[A-F0-9]{8}"/, '"')}`,
    )
    .join(',');
  return `${alarm.AlarmName}: ${alarm.Namespace} ${alarm.MetricName} [${dimensions}] ${alarm.Statistic}/${alarm.Period}s ${comparison} ${alarm.Threshold} for ${alarm.DatapointsToAlarm} of ${alarm.EvaluationPeriods}`;
}

describe('alarms', () => {
  test('each watches this stack: its queues, functions, schedule groups and the pipeline metrics with the dimension the handler emits', () => {
    const queue = (id: string) => `QueueName={"Fn::GetAtt":["${id}","QueueName"]}`;
    const fn = (id: string) => `FunctionName={"Ref":"${id}"}`;
    expect(alarms().map(summary).sort()).toEqual(
      [
        `Test-ModerationEventsDeadLetters: AWS/SQS ApproximateNumberOfMessagesVisible [${queue('QueueDeadLetters')}] Maximum/300s > 0 for 1 of 1`,
        `Test-BanExpiriesDeadLetters: AWS/SQS ApproximateNumberOfMessagesVisible [${queue('ModerationBanExpiryDeadLetters')}] Maximum/300s > 0 for 1 of 1`,
        `Test-JobsDeadLetters: AWS/SQS ApproximateNumberOfMessagesVisible [${queue('JobsDeadLetters')}] Maximum/300s > 0 for 1 of 1`,
        `Test-OldestEvent: AWS/SQS ApproximateAgeOfOldestMessage [${queue('QueueEvents')}] Maximum/300s > 900 for 1 of 1`,
        `Test-ModerationHandlerErrors: AWS/Lambda Errors [${fn('ModerationHandler')}] Sum/300s > 0 for 1 of 1`,
        `Test-ModerationHandlerThrottles: AWS/Lambda Throttles [${fn('ModerationHandler')}] Sum/300s > 0 for 1 of 1`,
        `Test-JobsAuditErrors: AWS/Lambda Errors [${fn('JobsAudit')}] Sum/300s > 0 for 1 of 1`,
        `Test-JobsAuditThrottles: AWS/Lambda Throttles [${fn('JobsAudit')}] Sum/300s > 0 for 1 of 1`,
        `Test-JobsExportErrors: AWS/Lambda Errors [${fn('JobsExport')}] Sum/300s > 0 for 1 of 1`,
        `Test-JobsExportThrottles: AWS/Lambda Throttles [${fn('JobsExport')}] Sum/300s > 0 for 1 of 1`,
        'Test-JobSchedulesTargetErrors: AWS/Scheduler TargetErrorCount [ScheduleGroup=Test-Jobs-Schedules-5E8235B2] Sum/300s > 0 for 1 of 1',
        'Test-BanSchedulesTargetErrors: AWS/Scheduler TargetErrorCount [ScheduleGroup=Test-Moderation-TimedBans-7D4264A7] Sum/300s > 0 for 1 of 1',
        'Test-BanExpiriesDropped: AWS/Scheduler InvocationDroppedCount [ScheduleGroup=Test-Moderation-TimedBans-7D4264A7] Sum/300s > 0 for 1 of 1',
        'Test-EventsRejected: AgoraGroupModeration EventsRejected [service=moderation] Sum/300s > 10 for 1 of 1',
        'Test-RateLimitSustained: AgoraGroupModeration RateLimited [service=moderation] Sum/300s > 0 for 3 of 3',
        'Test-RedrivenWithoutReason: AgoraGroupModeration RedrivenWithoutReason [service=moderation] Sum/300s > 0 for 1 of 1',
        `Test-CallbacksPreDeliveryErrors: AWS/Lambda Errors [${fn('CallbacksPreDelivery')}] Sum/300s > 0 for 1 of 1`,
        `Test-CallbacksPreDeliveryThrottles: AWS/Lambda Throttles [${fn('CallbacksPreDelivery')}] Sum/60s > 30 for 1 of 1`,
        `Test-CallbacksPostDeliveryErrors: AWS/Lambda Errors [${fn('CallbacksPostDelivery')}] Sum/300s > 0 for 1 of 1`,
        `Test-CallbacksPostDeliveryThrottles: AWS/Lambda Throttles [${fn('CallbacksPostDelivery')}] Sum/60s > 30 for 1 of 1`,
        'Test-CallbackSignatureFailures: FILL(pre, 0) + FILL(post, 0) {pre: AgoraGroupModeration SignatureFailures [service=callbacks-pre-delivery] Sum/300s; post: AgoraGroupModeration SignatureFailures [service=callbacks-post-delivery] Sum/300s} > 10 for 1 of 1',
        'Test-CallbackReplays: FILL(pre, 0) + FILL(post, 0) {pre: AgoraGroupModeration ReplaysRefused [service=callbacks-pre-delivery] Sum/300s; post: AgoraGroupModeration ReplaysRefused [service=callbacks-post-delivery] Sum/300s} > 0 for 1 of 1',
        'Test-PreDeliveryClaimFailures: AgoraGroupModeration ClaimFailures [service=callbacks-pre-delivery] Sum/300s > 10 for 1 of 1',
        'Test-PostDeliveryFailures: AgoraGroupModeration CallbacksFailed [service=callbacks-post-delivery] Sum/300s > 0 for 1 of 1',
        `Test-PreDeliveryUrl5xx: AWS/Lambda Url5xxCount [${fn('CallbacksPreDelivery')}] Sum/60s > 10 for 1 of 1`,
        `Test-PostDeliveryUrl5xx: AWS/Lambda Url5xxCount [${fn('CallbacksPostDelivery')}] Sum/60s > 10 for 1 of 1`,
        `Test-PreDeliveryLatency: AWS/Lambda UrlRequestLatency [${fn('CallbacksPreDelivery')}] Average/300s > 100 for 1 of 1`,
        ...['pre', 'post'].map(
          (endpoint) =>
            `Test-${endpoint === 'pre' ? 'Pre' : 'Post'}DeliveryCallbacksSilent: received - FILL(refused, 0) ` +
            `{received: AgoraGroupModeration CallbacksReceived [service=callbacks-${endpoint}-delivery] Sum/3600s; ` +
            `refused: AgoraGroupModeration CallbacksRefused [service=callbacks-${endpoint}-delivery] Sum/3600s} < 1 for 1 of 1`,
        ),
      ].sort(),
    );
    for (const alarm of alarms().filter((a) => !a.AlarmName.endsWith('CallbacksSilent'))) {
      expect(alarm, alarm.AlarmName).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  test('callbacks that stop arriving alarm: fewer verified callbacks than the floor in a period, a period without data breaching', () => {
    const silent = alarms().filter((a) => a.AlarmName.endsWith('CallbacksSilent'));
    expect(silent.map((a) => a.AlarmName).sort()).toEqual([
      'Test-PostDeliveryCallbacksSilent',
      'Test-PreDeliveryCallbacksSilent',
    ]);
    for (const alarm of silent) {
      expect(alarm).toMatchObject({
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'breaching',
      });
      expect(alarm.Metrics!.find((m) => m.Expression)).toMatchObject({
        Expression: 'received - FILL(refused, 0)',
        ReturnData: true,
      });
      expect(alarm.AlarmDescription).toMatch(
        /In Agora Console \(Chat > Features > Callback\) check the rule: is it enabled \(Agora switches a rule off after 90 failures in 30 s\)/,
      );
    }
  });

  test('the silence alarms are tuned per endpoint, or switched off with null', () => {
    const tuned = (overrides: Record<string, unknown>) =>
      synthStack(overrides).template.toJSON().Resources as Record<string, Resource>;
    const silentOf = (resourcesOf: Record<string, Resource>) =>
      Object.values(resourcesOf)
        .filter(
          (r) => r.Type === 'AWS::CloudWatch::Alarm' && String(r.Properties.AlarmName).endsWith('CallbacksSilent'),
        )
        .map((r) => r.Properties as AlarmProperties);

    const custom = silentOf(
      tuned({
        callbacks: {
          preDelivery: { silenceAlarm: { periodMinutes: 5, minimum: 20 } },
          postDelivery: { silenceAlarm: null },
        },
      }),
    );
    expect(custom.map(summary)).toEqual([
      'Test-PreDeliveryCallbacksSilent: received - FILL(refused, 0) {received: AgoraGroupModeration CallbacksReceived [service=callbacks-pre-delivery] Sum/300s; ' +
        'refused: AgoraGroupModeration CallbacksRefused [service=callbacks-pre-delivery] Sum/300s} < 20 for 1 of 1',
    ]);
    expect(custom[0]!.AlarmDescription).toMatch(/^fewer than 20 verified pre-delivery callbacks in 5 minutes/);
    const off = tuned({ callbacks: { preDelivery: { silenceAlarm: null }, postDelivery: { silenceAlarm: null } } });
    expect(silentOf(off)).toEqual([]);
    expect(Object.values(off).filter((r) => r.Type === 'AWS::CloudWatch::Alarm')).toHaveLength(alarms().length - 2);
  });

  test("the pipeline alarms' namespace and dimension are what Powertools emits for the moderation service", () => {
    const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: DEFAULT_METRICS_NAMESPACE });
    metrics.addMetric(MetricName.RateLimited, MetricUnit.Count, 1);
    const emf = metrics.serializeMetrics();
    expect(emf._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'AgoraGroupModeration',
        Dimensions: [['service']],
        Metrics: [{ Name: 'RateLimited', Unit: 'Count' }],
      },
    ]);
    expect(emf).toMatchObject({ service: 'moderation' });
  });

  test('the schedule group dimensions name the groups this stack creates', () => {
    const groupNames = ofType('AWS::Scheduler::ScheduleGroup').map(([, g]) => g.Properties.Name);
    const dimensions = alarms().flatMap((a) =>
      (a.Dimensions ?? []).filter((d) => d.Name === 'ScheduleGroup').map((d) => d.Value),
    );
    expect(dimensions).toHaveLength(3);
    for (const value of dimensions) expect(groupNames).toContain(value);
  });

  test('every alarm notifies the alarm topic, which mails alarmEmail', () => {
    const topicId = idOf('MonitoringAlarmsTopic');
    for (const alarm of alarms()) expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@acme.test',
      TopicArn: { Ref: topicId },
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('without alarmEmail there is no subscription', () => {
    synthStack({ alarmEmail: undefined }).template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('the alarm topic', () => {
  const fromTheseAlarms = () => ({
    ArnLike: { 'aws:SourceArn': alarms().map((a) => alarmArn(a.AlarmName)) },
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  });

  test('is encrypted with its own key, which rotates', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [idOf('MonitoringAlarmsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, PendingWindowInDays: 7 });
  });

  test('its policy refuses plain HTTP and lets CloudWatch publish, from this account, for the stack alarms only', () => {
    const topicId = idOf('MonitoringAlarmsTopic');
    const [, policy] = ofType('AWS::SNS::TopicPolicy').find(
      ([, p]) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]),
    )!;
    expect(fromTheseAlarms().ArnLike['aws:SourceArn']).toHaveLength(29);
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Sid: 'AllowPublishThroughSSLOnly',
        Action: 'sns:Publish',
        Effect: 'Deny',
        Principal: '*',
        Resource: { Ref: topicId },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: '1',
        Action: 'sns:Publish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: { Ref: topicId },
        Condition: fromTheseAlarms(),
      },
    ]);
  });

  test("its key's policy lets CloudWatch encrypt for these alarms too, beside the account's own administration", () => {
    const [, key] = ofType('AWS::KMS::Key').find(([id]) => id.startsWith('MonitoringAlarmsKey'))!;
    expect((key.Properties.KeyPolicy as { Statement: unknown[] }).Statement).toEqual([
      {
        Action: 'kms:*',
        Effect: 'Allow',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
        },
        Resource: '*',
      },
      {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: '*',
        Condition: fromTheseAlarms(),
      },
    ]);
  });

  test('refuses an alarm without a literal name, which it could not allow by ARN', () => {
    const { stack } = buildStack();
    const unnamed = new Alarm(stack, 'Unnamed', {
      metric: new Metric({ namespace: 'N', metricName: 'M' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    expect(() => stack.monitoring.alarmTopic.addAlarm(unnamed)).toThrow(
      'Test/Unnamed: an alarm on the alarm topic needs a literal alarmName',
    );
  });
});
