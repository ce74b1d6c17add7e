import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  ({ template } = synthStack());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('moderation queue', () => {
  test('FIFO with content deduplication, a FIFO DLQ after 8 receives, visibility six times the function timeout', () => {
    const [[dlqId]] = ofType('AWS::SQS::Queue').filter(([, r]) => r.Properties.QueueName === 'moderation-events-dlq.fifo') as [[string, Resource]];
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'moderation-events.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 8 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'moderation-events-dlq.fifo', FifoQueue: true, MessageRetentionPeriod: 1_209_600 });
    const moderationFn = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('ModerationHandler'))!;
    expect(moderationFn[1].Properties.Timeout).toBe(60);
  });

  test('every queue refuses requests without TLS', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    const policies = ofType('AWS::SQS::QueuePolicy');
    for (const queue of queues) {
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Queues).includes(queue));
      expect(policy, queue).toBeDefined();
      expect(JSON.stringify(policy![1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  test('the event source reports batch item failures, batches of 10, at most 5 at once (100/s ÷ 20/s)', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueEvents'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ AGORA_RATE_LIMIT: '20', MODERATION_POLICY: Match.stringLikeRegexp('"threshold"') }) },
    });
  });
});

describe('functions', () => {
  test('Node.js 24 on ARM64, handler "index.handler", each file exporting that function', async () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomS3AutoDelete'));
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    for (const file of ['moderation/handler.js', 'audit/handler.js', 'export/handler.js', 'callbacks/pre-delivery-handler.js', 'callbacks/post-delivery-handler.js']) {
      const module = (await import(`../../../functions/${file}`)) as Record<string, unknown>;
      expect(typeof module.handler, file).toBe('function');
    }
  });

  test('no IAM statement grants a wildcard action, and wildcard resources are only the acknowledged ones', () => {
    const statements = [...ofType('AWS::IAM::Policy').flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: object[] }).Statement),
      ...ofType('AWS::IAM::Role').flatMap(([, r]) => ((r.Properties.Policies as { PolicyDocument: { Statement: object[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement))];
    expect(statements.length).toBeGreaterThan(10);
    const wildcardResources = new Set<string>();
    for (const statement of statements as { Action: string | string[]; Resource: unknown }[]) {
      const actions = [statement.Action].flat();
      expect(actions.filter((action) => action.includes('*')), JSON.stringify(statement)).toEqual([]);
      for (const resource of [statement.Resource].flat()) {
        const text = JSON.stringify(resource);
        if (text.includes('*')) wildcardResources.add(text.replace(/[A-F0-9]{8}/g, 'ID'));
      }
    }
    const join = (...parts: unknown[]) => JSON.stringify({ 'Fn::Join': ['', parts] });
    expect([...wildcardResources].sort()).toEqual(
      [
        join({ 'Fn::GetAtt': ['JobsAuditID', 'Arn'] }, ':*'),
        join({ 'Fn::GetAtt': ['JobsExportID', 'Arn'] }, ':*'),
        join({ 'Fn::GetAtt': ['OutputsRunsID', 'Arn'] }, '/*'),
        join('arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/Test-Moderation-TimedBans-ID/*'),
      ].sort(),
    );
  });

  test('the moderation function may do exactly what its handler does', () => {
    const [, policy] = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith('ModerationHandlerRoleDefaultPolicy'))!;
    const actions = (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage',
      ].sort(),
    );
  });
});

describe('ledger, bucket, secret', () => {
  test('the ledger is on demand with point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    });
  });

  test('the run bucket is private, encrypted, versioned, expiring, logged and TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })]) },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^OutputsAccessLogs') }, LogFilePrefix: 'runs/' },
    });
    for (const [, policy] of ofType('AWS::S3::BucketPolicy')) {
      expect(policy.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      });
    }
  });

  test('an empty secret is created when none is given', () => {
    expect(ofType('AWS::SecretsManager::Secret')).toHaveLength(1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: '{}', Description: Match.stringLikeRegexp('put-secret-value') });
  });
});

describe('schedules and alarms', () => {
  test('audit and export run on their cron in the configured time zone, retried, with a DLQ', () => {
    for (const expression of ['cron(0 3 * * ? *)', 'cron(0 5 * * ? *)']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: Match.anyValue() } }),
      });
    }
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  test('alarms: the three DLQs, the oldest event, errors and throttles of each function, schedule failures, the callbacks; all to the topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as { MetricName: string; Threshold: number; AlarmActions: unknown[] });
    expect(alarms.map((a) => `${a.MetricName}>${a.Threshold}`).sort()).toEqual(
      [
        'ApproximateNumberOfMessagesVisible>0', 'ApproximateNumberOfMessagesVisible>0', 'ApproximateNumberOfMessagesVisible>0', 'ApproximateAgeOfOldestMessage>900',
        'Errors>0', 'Errors>0', 'Errors>0', 'Errors>0', 'Errors>0', 'Throttles>0', 'Throttles>0', 'Throttles>0', 'Throttles>0', 'Throttles>0',
        'TargetErrorCount>0', 'InvocationDroppedCount>0',
        'undefined>10', 'Url5xxCount>10', 'Url5xxCount>10', 'UrlRequestLatency>100',
      ].sort(),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarms/) }]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('configuration', () => {
  test('the free plan: 10 calls/s give the minimum concurrency of 2 at 5 calls/s each', () => {
    const { template: free } = synthStack({ agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a', rateLimit: 10 } });
    free.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
    free.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ AGORA_RATE_LIMIT: '5', MODERATION_QUEUE_URL: Match.anyValue() }) } });
  });

  test('production keeps data: table deletion protection and retained resources; an existing secret is used as is', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf';
    const { template: prod } = synthStack({ production: true, agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a', secretArn } });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
    prod.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    prod.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    prod.resourceCountIs('AWS::SecretsManager::Secret', 0);
    prod.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ AGORA_SECRET_ARN: secretArn }) } });
  });
});
