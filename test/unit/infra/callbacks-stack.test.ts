/** The callbacks ingress in the stack: exact values of its functions, URLs, permissions, alarms and outputs. */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { configProblems } from '../../helpers/config-problems.js';
import { BASE_CONFIG, synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
const RULES = { rules: [{ name: 'banned-terms', terms: ['casino'], reject: true }, { name: 'flood', flood: { messages: 30, windowSeconds: 10 } }], dryRun: false };
let template: Template;
let resources: Record<string, Resource>;
const fn = (prefix: string) => Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))!;

beforeAll(() => {
  ({ template } = synthStack({ callbacks: { rules: RULES, postDelivery: { reservedConcurrency: 50 } } }));
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('callbacks functions', () => {
  test('one function per endpoint, reserved concurrency, the settings in the environment', () => {
    const [, pre] = fn('CallbacksPreDelivery');
    const [, post] = fn('CallbacksPostDelivery');
    expect(pre.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x', MemorySize: 1024, Timeout: 5, ReservedConcurrentExecutions: 20 });
    expect(post.Properties).toMatchObject({ Handler: 'index.handler', MemorySize: 512, Timeout: 15, ReservedConcurrentExecutions: 50 });
    const common = {
      MODERATION_RULES: JSON.stringify({ rules: [{ name: 'banned-terms', reject: true, terms: ['casino'] }, { name: 'flood', reject: false, flood: { messages: 30, windowSeconds: 10 } }], dryRun: false }),
      CALLBACK_TOLERANCE_SECONDS: '300',
      CALLBACK_MAX_BODY_BYTES: '65536',
      CALLBACK_ON_ERROR: 'pass',
      DEADLINE_MARGIN_SECONDS: '1',
      AGORA_SECRET_ARN: { Ref: expect.stringMatching(/^AgoraCredentials/) },
      MODERATION_QUEUE_URL: { Ref: expect.stringMatching(/^QueueEvents/) },
    };
    expect((pre.Properties.Environment as { Variables: object }).Variables).toMatchObject({ ...common, POWERTOOLS_SERVICE_NAME: 'callbacks-pre-delivery' });
    expect((post.Properties.Environment as { Variables: object }).Variables).toMatchObject({ ...common, POWERTOOLS_SERVICE_NAME: 'callbacks-post-delivery', LEDGER_TABLE_NAME: { Ref: expect.stringMatching(/^LedgerTable/) } });
    expect((pre.Properties.Environment as { Variables: object }).Variables).not.toHaveProperty('LEDGER_TABLE_NAME');
  });

  test('each has a public function URL (auth NONE, buffered): the callback signature is the authentication', () => {
    const urls = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    expect(urls.map((url) => url.Properties.AuthType)).toEqual(['NONE', 'NONE']);
    expect(urls.every((url) => url.Properties.InvokeMode === undefined)).toBe(true);
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => r.Properties);
    for (const prefix of ['CallbacksPreDelivery', 'CallbacksPostDelivery']) {
      const [id] = fn(prefix);
      const mine = permissions.filter((p) => JSON.stringify(p.FunctionName).includes(id));
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }),
          expect.objectContaining({ Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }),
        ]),
      );
    }
  });

  test('each may do exactly what its handler does', () => {
    const actionsOf = (prefix: string) =>
      Object.entries(resources)
        .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(prefix))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat()))
        .sort();
    const queueAndSecret = ['secretsmanager:GetSecretValue', 'sqs:SendMessage'];
    expect(actionsOf('CallbacksPreDeliveryRole')).toEqual(queueAndSecret.sort());
    expect(actionsOf('CallbacksPostDeliveryRole')).toEqual([...queueAndSecret, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort());
  });

  test('the stack outputs both URLs for Agora Console', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(outputs.PreDeliveryCallbackUrl).toEqual({ Value: { 'Fn::GetAtt': [expect.stringMatching(/^CallbacksPreDeliveryFunctionUrl/), 'FunctionUrl'] }, Description: 'Agora Console: the URL of the pre-delivery callback rule' });
    expect(outputs.PostDeliveryCallbackUrl).toEqual({ Value: { 'Fn::GetAtt': [expect.stringMatching(/^CallbacksPostDeliveryFunctionUrl/), 'FunctionUrl'] }, Description: 'Agora Console: the URL of the post-delivery callback rule' });
  });
});

describe('callbacks monitoring', () => {
  test('alarms: signature failures of both endpoints, 5xx of each URL per minute, pre-delivery latency', () => {
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties as Record<string, unknown>);
    const signatures = alarms.find((a) => String(a.AlarmDescription).startsWith('callbacks refused for a bad signature'))!;
    expect(signatures).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanThreshold', Metrics: expect.arrayContaining([expect.objectContaining({ Expression: 'FILL(pre, 0) + FILL(post, 0)' })]) });
    const metricNames = (signatures.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }[]).flatMap((m) => (m.MetricStat ? [`${m.MetricStat.Metric.MetricName}/${m.MetricStat.Metric.Dimensions[0]!.Value}`] : []));
    expect(metricNames.sort()).toEqual(['SignatureFailures/callbacks-post-delivery', 'SignatureFailures/callbacks-pre-delivery']);
    expect(alarms.filter((a) => a.MetricName === 'Url5xxCount').map((a) => [a.Period, a.Statistic, a.Threshold])).toEqual([[60, 'Sum', 10], [60, 'Sum', 10]]);
    expect(alarms.find((a) => a.MetricName === 'UrlRequestLatency')).toMatchObject({ Period: 300, Statistic: 'Average', Threshold: 100, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn('CallbacksPreDelivery')[0] } }] });
  });

  test('the dashboard has the callbacks, rule hits per rule, and verdict widgets', () => {
    const [, dashboard] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Dashboard')!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Callbacks', 'Rule hits', 'Pre-delivery verdicts']) expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    for (const rule of ['banned-terms', 'flood']) expect(body).toContain(`\\"rule\\",\\"${rule}\\"`);
  });
});

describe('callbacks settings', () => {
  test('defaults: no rules, 5 minutes of tolerance, 64 KiB, pass on error, 20 instances each, a 100 ms latency alarm', () => {
    expect(parseDeploymentConfig({ agora: BASE_CONFIG.agora }).callbacks).toEqual({
      rules: { rules: [], dryRun: false },
      toleranceSeconds: 300,
      maxBodyBytes: 65_536,
      onError: 'pass',
      preDelivery: { reservedConcurrency: 20, latencyAlarmMs: 100 },
      postDelivery: { reservedConcurrency: 20 },
    });
  });

  test('an invalid rule fails synthesis, named under groupmod.callbacks', () => {
    const problems = configProblems(() =>
      parseDeploymentConfig({ agora: BASE_CONFIG.agora, callbacks: { rules: { rules: [{ name: 'links', pattern: '(' }] }, onError: 'drop', preDelivery: { reservedConcurrency: 0 } } }),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['groupmod.callbacks.onError', 'groupmod.callbacks.preDelivery.reservedConcurrency', 'groupmod.callbacks.rules.rules[0].pattern']);
  });
});
