/** The callbacks ingress in the stack: exact values of its functions, URLs, permissions, alarms and outputs. */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { RULE_LIMITS } from '../../../functions/rules/index.js';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { configProblems } from '../../helpers/config-problems.js';
import { permissionsOf } from './iam-helpers.js';
import { BASE_CONFIG, synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino'], reject: true },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
  ],
  dryRun: false,
};
let template: Template;
let resources: Record<string, Resource>;
const fn = (prefix: string) =>
  Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))!;

beforeAll(() => {
  ({ template } = synthStack({ callbacks: { rules: RULES, postDelivery: { reservedConcurrency: 50 } } }));
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('callbacks functions', () => {
  test('one function per endpoint, reserved concurrency, the settings in the environment', () => {
    const [, pre] = fn('CallbacksPreDelivery');
    const [, post] = fn('CallbacksPostDelivery');
    expect(pre.Properties).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      MemorySize: 1024,
      Timeout: 5,
      ReservedConcurrentExecutions: 20,
    });
    expect(post.Properties).toMatchObject({
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 15,
      ReservedConcurrentExecutions: 50,
    });
    const common = {
      // The rules are in the code (rules.json, copied in after bundling), not the environment.
      MODERATION_RULES_FILE: 'rules.json',
      CALLBACK_TOLERANCE_SECONDS: '300',
      CALLBACK_MAX_BODY_BYTES: '65536',
      CALLBACK_ON_ERROR: 'pass',
      DEADLINE_MARGIN_SECONDS: '1',
      AGORA_CALLBACK_SECRET_ARN: { Ref: expect.stringMatching(/^CallbackSecretRuleSecrets/) },
      MODERATION_QUEUE_URL: { Ref: expect.stringMatching(/^QueueEvents/) },
    };
    const ledger = { LEDGER_TABLE_NAME: { Ref: expect.stringMatching(/^LedgerTable/) } };
    expect((pre.Properties.Environment as { Variables: object }).Variables).toMatchObject({
      ...common,
      ...ledger,
      POWERTOOLS_SERVICE_NAME: 'callbacks-pre-delivery',
    });
    expect((post.Properties.Environment as { Variables: object }).Variables).toMatchObject({
      ...common,
      ...ledger,
      POWERTOOLS_SERVICE_NAME: 'callbacks-post-delivery',
    });
    for (const f of [pre, post])
      expect((f.Properties.Environment as { Variables: object }).Variables).not.toHaveProperty('AGORA_SECRET_ARN');
    for (const f of [pre, post])
      expect((f.Properties.Environment as { Variables: object }).Variables).not.toHaveProperty('MODERATION_RULES');
  });

  test('each has a public function URL (auth NONE, buffered): the callback signature is the authentication', () => {
    const urls = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    expect(urls.map((url) => url.Properties.AuthType)).toEqual(['NONE', 'NONE']);
    expect(urls.every((url) => url.Properties.InvokeMode === undefined)).toBe(true);
    const permissions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Permission')
      .map((r) => r.Properties);
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

  const CALLBACK_ITEMS =
    '{"ForAllValues:StringLike":{"dynamodb:LeadingKeys":["CALL#*","MESSAGEKEY#*","MESSAGES#*","SENDERS#*","REPORTED#*"]}}';
  test('each may do exactly what its handler does: its logs, the queue, the callback secret (never the Agora credentials), the claims and counters', () => {
    const LOGS = (fn: string) => [`logs:CreateLogStream ${fn}Logs.Arn`, `logs:PutLogEvents ${fn}Logs.Arn`];
    expect(permissionsOf(template, 'CallbacksPreDeliveryRole')).toEqual(
      [
        // The callId claims only: puts of `CALL#` items.
        'dynamodb:PutItem LedgerTable.Arn {"ForAllValues:StringLike":{"dynamodb:LeadingKeys":["CALL#*"]}}',
        ...LOGS('CallbacksPreDelivery'),
        'secretsmanager:GetSecretValue CallbackSecretRuleSecrets',
        'sqs:SendMessage QueueEvents.Arn',
      ].sort(),
    );
    expect(permissionsOf(template, 'CallbacksPostDeliveryRole')).toEqual(
      [
        // The claims and the counters' items only: never a ban, a group's state or a processed marker.
        ...['PutItem', 'Query', 'UpdateItem'].map((action) => `dynamodb:${action} LedgerTable.Arn ${CALLBACK_ITEMS}`),
        ...LOGS('CallbacksPostDelivery'),
        'secretsmanager:GetSecretValue CallbackSecretRuleSecrets',
        'sqs:SendMessage QueueEvents.Arn',
      ].sort(),
    );
  });

  test('the callback secret is created empty, apart from the Agora credentials, and its ARN is an output', () => {
    const secrets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets.map(([id]) => id.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
      'AgoraCredentials',
      'CallbackSecretRuleSecrets',
    ]);
    const [id, secret] = secrets.find(([candidate]) => candidate.startsWith('CallbackSecret'))!;
    expect(secret.Properties).toMatchObject({
      SecretString: '{}',
      Description: expect.stringMatching(/callbackSecret.*put-secret-value/),
    });
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(outputs.CallbackSecretArn).toEqual({
      Value: { Ref: id },
      Description: 'put the secrets of the Agora Console callback rules here (callbackSecret)',
    });
  });

  describe('with an existing callback secret under a customer-managed key', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:callbacks-AbCdEf';
    const secretKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    let variant: Template;
    beforeAll(() => {
      ({ template: variant } = synthStack({ callbacks: { rules: RULES, secretArn, secretKeyArn } }));
    });

    test('only the callbacks functions may read it and decrypt with its key, through Secrets Manager only', () => {
      const viaSecretsManager = JSON.stringify({
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
        },
      });
      for (const role of ['CallbacksPreDeliveryRole', 'CallbacksPostDeliveryRole']) {
        expect(
          permissionsOf(variant, role).filter((p) => /^(secretsmanager|kms):/.test(p)),
          role,
        ).toEqual([`kms:Decrypt ${secretKeyArn} ${viaSecretsManager}`, `secretsmanager:GetSecretValue ${secretArn}`]);
      }
      for (const role of ['ModerationHandlerRole', 'JobsAuditRole', 'JobsExportRole']) {
        expect(
          permissionsOf(variant, role).filter((p) => /^(secretsmanager|kms):/.test(p)),
          role,
        ).toEqual(['secretsmanager:GetSecretValue AgoraCredentials']);
      }
      expect(
        Object.values(variant.toJSON().Resources as Record<string, Resource>).filter(
          (r) => r.Type === 'AWS::SecretsManager::Secret',
        ),
      ).toHaveLength(1);
    });
  });

  test('the stack outputs both URLs for Agora Console', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(outputs.PreDeliveryCallbackUrl).toEqual({
      Value: { 'Fn::GetAtt': [expect.stringMatching(/^CallbacksPreDeliveryFunctionUrl/), 'FunctionUrl'] },
      Description: 'Agora Console: the URL of the pre-delivery callback rule',
    });
    expect(outputs.PostDeliveryCallbackUrl).toEqual({
      Value: { 'Fn::GetAtt': [expect.stringMatching(/^CallbacksPostDeliveryFunctionUrl/), 'FunctionUrl'] },
      Description: 'Agora Console: the URL of the post-delivery callback rule',
    });
  });
});

describe('rule sets of the documented size', () => {
  test('the largest rule set the schema takes (50 rules of 2,000 terms of 200 characters) synthesizes: the rules are not in the environment', () => {
    const term = (rule: number, index: number) =>
      `${String.fromCharCode(97 + (rule % 26))}${rule}t${index}`.padEnd(RULE_LIMITS.termLength, 'x');
    const rules = Array.from({ length: RULE_LIMITS.rules }, (_, rule) => ({
      name: `rule-${rule}`,
      terms: Array.from({ length: RULE_LIMITS.terms }, (_, index) => term(rule, index)),
    }));
    expect(JSON.stringify(rules).length).toBeGreaterThan(20_000_000);

    const { template: largest } = synthStack({ callbacks: { rules: { rules } } });

    for (const [id, f] of Object.entries(largest.toJSON().Resources as Record<string, Resource>).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('Callbacks'),
    )) {
      const variables = (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.MODERATION_RULES_FILE, id).toBe('rules.json');
      expect(JSON.stringify(variables).length, id).toBeLessThan(2_000);
    }
  }, 120_000);
});

describe('pre-delivery provisioned concurrency', () => {
  const urlOutput = (t: Template) =>
    (t.toJSON().Outputs as Record<string, { Value: unknown }>).PreDeliveryCallbackUrl!.Value;
  const ofType = (t: Template, type: string) =>
    Object.entries(t.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
  const only = (t: Template, type: string, prefix: string): [string, Resource] => {
    const found = ofType(t, type).filter(([id]) => id.startsWith(prefix));
    expect(found, `${type} ${prefix}*`).toHaveLength(1);
    return found[0]!;
  };

  test("none by default: no alias, and the URL (the output) is the function's own", () => {
    expect(ofType(template, 'AWS::Lambda::Alias')).toEqual([]);
    expect(ofType(template, 'AWS::Lambda::Version')).toEqual([]);
    const [urlId, url] = only(template, 'AWS::Lambda::Url', 'CallbacksPreDelivery');
    expect(url.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fn('CallbacksPreDelivery')[0], 'Arn'] },
    });
    expect(urlOutput(template)).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
  });

  test('when set: the alias "live" holds it, on a published version, and the URL Agora calls is the alias\'s', () => {
    const { template: provisioned } = synthStack({ callbacks: { preDelivery: { provisionedConcurrency: 4 } } });
    const [preId] = ofType(provisioned, 'AWS::Lambda::Function').find(([id]) => id.startsWith('CallbacksPreDelivery'))!;
    const aliases = ofType(provisioned, 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(1);
    const [aliasId, alias] = aliases[0]!;
    const [versionId, version] = only(provisioned, 'AWS::Lambda::Version', 'CallbacksPreDelivery');
    expect(version.Properties).toMatchObject({ FunctionName: { Ref: preId } });
    expect(alias.Properties).toEqual({
      Name: 'live',
      FunctionName: { Ref: preId },
      FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 4 },
    });
    const [urlId, url] = only(provisioned, 'AWS::Lambda::Url', 'CallbacksPreDelivery');
    expect(url.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [preId, 'Arn'] },
      Qualifier: 'live',
    });
    // The alias exists before its URL: CloudFormation creates the URL of an existing qualifier.
    expect((provisioned.toJSON().Resources as Record<string, { DependsOn?: string[] }>)[urlId]!.DependsOn).toContain(
      aliasId,
    );
    expect(urlOutput(provisioned)).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
    // The post-delivery function keeps its own URL, unqualified.
    const [, post] = only(provisioned, 'AWS::Lambda::Url', 'CallbacksPostDelivery');
    expect(post.Properties).not.toHaveProperty('Qualifier');
  });

  test('0 is none; more than the reserved concurrency is refused, naming the setting', () => {
    const { template: zero } = synthStack({ callbacks: { preDelivery: { provisionedConcurrency: 0 } } });
    expect(ofType(zero, 'AWS::Lambda::Alias')).toEqual([]);
    expect(
      configProblems(() =>
        parseDeploymentConfig({
          agora: BASE_CONFIG.agora,
          callbacks: { preDelivery: { reservedConcurrency: 5, provisionedConcurrency: 6 } },
        }),
      ),
    ).toEqual([
      "groupmod.callbacks.preDelivery.provisionedConcurrency: at most reservedConcurrency: Lambda refuses more provisioned concurrency than a function's reserved concurrency",
    ]);
    expect(
      configProblems(() =>
        parseDeploymentConfig({
          agora: BASE_CONFIG.agora,
          callbacks: { preDelivery: { reservedConcurrency: null, provisionedConcurrency: 6 } },
        }),
      ),
    ).toEqual([]);
  });
});

describe('callbacks monitoring', () => {
  test('alarms: signature failures of both endpoints, 5xx of each URL per minute, pre-delivery latency', () => {
    const alarms = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties as Record<string, unknown>);
    const signatures = alarms.find((a) =>
      String(a.AlarmDescription).startsWith('callbacks refused for a bad signature'),
    )!;
    expect(signatures).toMatchObject({
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: expect.arrayContaining([expect.objectContaining({ Expression: 'FILL(pre, 0) + FILL(post, 0)' })]),
    });
    const metricNames = (
      signatures.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }[]
    ).flatMap((m) =>
      m.MetricStat ? [`${m.MetricStat.Metric.MetricName}/${m.MetricStat.Metric.Dimensions[0]!.Value}`] : [],
    );
    expect(metricNames.sort()).toEqual([
      'SignatureFailures/callbacks-post-delivery',
      'SignatureFailures/callbacks-pre-delivery',
    ]);
    expect(
      alarms.filter((a) => a.MetricName === 'Url5xxCount').map((a) => [a.Period, a.Statistic, a.Threshold]),
    ).toEqual([
      [60, 'Sum', 10],
      [60, 'Sum', 10],
    ]);
    expect(alarms.find((a) => a.MetricName === 'UrlRequestLatency')).toMatchObject({
      Period: 300,
      Statistic: 'Average',
      Threshold: 100,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn('CallbacksPreDelivery')[0] } }],
    });
  });

  test('the dashboard has the callbacks, rule hits per rule, and verdict widgets', () => {
    const [, dashboard] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Dashboard')!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Callbacks', 'Rule hits', 'Pre-delivery verdicts'])
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
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
      preDelivery: {
        reservedConcurrency: 20,
        latencyAlarmMs: 100,
        provisionedConcurrency: 0,
        silenceAlarm: { periodMinutes: 60, minimum: 1 },
      },
      postDelivery: { reservedConcurrency: 20, silenceAlarm: { periodMinutes: 60, minimum: 1 } },
    });
  });

  test('an invalid rule fails synthesis, named under groupmod.callbacks', () => {
    const problems = configProblems(() =>
      parseDeploymentConfig({
        agora: BASE_CONFIG.agora,
        callbacks: {
          rules: { rules: [{ name: 'links', pattern: '(' }] },
          onError: 'drop',
          preDelivery: { reservedConcurrency: 0 },
          secretArn: 'arn:aws:s3:::x',
        },
      }),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'groupmod.callbacks.onError',
      'groupmod.callbacks.preDelivery.reservedConcurrency',
      'groupmod.callbacks.rules.rules[0].pattern',
      'groupmod.callbacks.secretArn',
    ]);
  });

  test('a key for the callback secret only with an existing secret', () => {
    const secretKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(
      configProblems(() => parseDeploymentConfig({ agora: BASE_CONFIG.agora, callbacks: { secretKeyArn } })),
    ).toEqual([
      "groupmod.callbacks.secretKeyArn: only with callbacks.secretArn: the secret the stack creates uses Secrets Manager's own key",
    ]);
  });
});
