import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { ModerationStack } from '../../../infra/moderation-stack.js';
import { BASE_CONFIG, synthStack } from './stack-helpers.js';
import { tempDir } from '../../helpers/temp-dir.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  ({ template } = synthStack());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('moderation queue', () => {
  test('FIFO with content deduplication, kept 4 days, a FIFO DLQ after 500 receives, visibility six times the function timeout, 256 KiB messages in both', () => {
    const [[dlqId]] = ofType('AWS::SQS::Queue').filter(([id]) => id.startsWith('QueueDeadLetters')) as [
      [string, Resource],
    ];
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      VisibilityTimeout: 360,
      MessageRetentionPeriod: 345_600,
      MaximumMessageSize: 262_144,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 500 },
    });
    expect(resources[dlqId]!.Properties).toEqual({
      FifoQueue: true,
      MaximumMessageSize: 262_144,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
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
      Environment: {
        Variables: Match.objectLike({
          AGORA_RATE_LIMIT: '20',
          MODERATION_POLICY: Match.stringLikeRegexp('"threshold"'),
        }),
      },
    });
  });

  test("the handler knows its retry window, the queue's retention and its receive limit, to park before SQS drops or redrives without a reason", () => {
    const moderationFn = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('ModerationHandler'))!;
    expect((moderationFn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      MODERATION_MAX_RECEIVE_COUNT: '500',
      RETRY_WINDOW_SECONDS: '86400',
      MODERATION_QUEUE_RETENTION_SECONDS: '345600',
    });
    const { template: patient } = synthStack({ moderation: { maxReceiveCount: 60, retryWindowSeconds: 7200 } });
    patient.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MODERATION_MAX_RECEIVE_COUNT: '60', RETRY_WINDOW_SECONDS: '7200' }),
      },
    });
  });
});

describe('functions', () => {
  test('Node.js 24 on ARM64, handler "index.handler", each file exporting that function', async () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomS3AutoDelete'));
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions)
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    // Static imports, one per function, so the test runner can resolve each file.
    const modules: Record<string, Record<string, unknown>> = {
      moderation: await import('../../../functions/moderation/delivery/handler.js'),
      audit: await import('../../../functions/audit/handler.js'),
      export: await import('../../../functions/export/handler.js'),
      preDelivery: await import('../../../functions/callbacks/pre-delivery-handler.js'),
      postDelivery: await import('../../../functions/callbacks/post-delivery-handler.js'),
    };
    for (const [name, module] of Object.entries(modules)) expect(typeof module.handler, name).toBe('function');
  });
});

describe('job roles and the bucket', () => {
  /** The S3 statements of a job function's role, resources as `<bucket>/<suffix>`. */
  const s3Statements = (functionPrefix: string) => {
    const [, policy] = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith(`${functionPrefix}RoleDefaultPolicy`))!;
    const statements = (
      policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement;
    const where = (resource: unknown) => {
      const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      return join ? `bucket${join[1][1] as string}` : 'bucket';
    };
    return statements
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')))
      .map((statement) => ({
        actions: [statement.Action].flat().sort(),
        resources: [statement.Resource].flat().map(where).sort(),
      }));
  };

  test('each job reads and writes its own runs only; the export reads user lists under inputs/ and nothing else', () => {
    expect(s3Statements('JobsAudit')).toEqual([
      { actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], resources: ['bucket/audit/*'] },
      { actions: ['s3:ListBucket'], resources: ['bucket'] },
    ]);
    expect(s3Statements('JobsExport')).toEqual([
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: ['bucket/export-groups/*', 'bucket/export-joined/*'],
      },
      { actions: ['s3:GetObject'], resources: ['bucket/inputs/*'] },
      { actions: ['s3:ListBucket'], resources: ['bucket'] },
    ]);
  });
});

describe('ledger, bucket, secret', () => {
  test('the ledger is on demand with point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });

  test('the run bucket is private, encrypted, versioned, expiring, logged and TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })]),
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: Match.stringLikeRegexp('^OutputsAccessLogs') },
        LogFilePrefix: 'runs/',
      },
    });
    for (const [, policy] of ofType('AWS::S3::BucketPolicy')) {
      expect(policy.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      });
    }
  });

  test('runs expire after the retention, old versions after 7 days, and the delete markers left behind after them', () => {
    const [, runs] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('OutputsRuns'))!;
    expect(runs.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
        { ExpiredObjectDeleteMarker: true, Status: 'Enabled' },
      ],
    });
  });

  test('access logs arrive under the log bucket policy, from the runs bucket of this account only; ACLs are off', () => {
    const [logsId, logs] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('OutputsAccessLogs'))!;
    expect(logs.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(logs.Properties.AccessControl).toBeUndefined();
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(
      ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logsId }),
    )!;
    const runsId = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('OutputsRuns'))![0];
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual({
      Action: 's3:PutObject',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Condition: {
        ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [runsId, 'Arn'] } },
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      },
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, '/runs/*']] },
    });
  });

  test("empty secrets are created when none is given: the Agora credentials, and the callback rules' secrets apart", () => {
    expect(
      ofType('AWS::SecretsManager::Secret')
        .map(([id]) => id.replace(/[A-F0-9]{8}$/, ''))
        .sort(),
    ).toEqual(['AgoraCredentials', 'CallbackSecretRuleSecrets']);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: '{}',
      Description: Match.stringLikeRegexp('appCertificate.*put-secret-value'),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: '{}',
      Description: Match.stringLikeRegexp('callbackSecret.*put-secret-value'),
    });
  });
});

describe('schedules', () => {
  test("audit and export run on their cron in the configured time zone, in the stack's own schedule group (created first), retried, with a DLQ", () => {
    const [groupId] = ofType('AWS::Scheduler::ScheduleGroup').find(([id]) => id.startsWith('JobsSchedules'))!;
    for (const expression of ['cron(0 3 * * ? *)', 'cron(0 5 * * ? *)']) {
      template.hasResource('AWS::Scheduler::Schedule', {
        DependsOn: [groupId],
        Properties: Match.objectLike({ ScheduleExpression: expression }),
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        GroupName: 'Test-Jobs-Schedules-5E8235B2',
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
    expect(
      ofType('AWS::Scheduler::ScheduleGroup')
        .map(([, g]) => g.Properties.Name)
        .sort(),
    ).toEqual(['Test-Jobs-Schedules-5E8235B2', 'Test-Moderation-TimedBans-7D4264A7']);
  });

  test('the roles the schedules invoke the functions with are assumed by Scheduler for the jobs schedule group only', () => {
    const [groupId] = ofType('AWS::Scheduler::ScheduleGroup').find(([id]) => id.startsWith('JobsSchedules'))!;
    const roles = ofType('AWS::IAM::Role').filter(([id]) => id.startsWith('SchedulerRoleForTarget'));
    expect(roles).toHaveLength(2);
    for (const [, role] of roles) {
      expect((role.Properties.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': { Ref: 'AWS::AccountId' },
              'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] },
            },
          },
        },
      ]);
    }
  });

  test('a scheduled run that throws is retried once by Lambda, then sent to the jobs DLQ, where failed invocations and continuations also end', () => {
    const [dlqId] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('JobsDeadLetters'))!;
    const dlqArn = { 'Fn::GetAtt': [dlqId, 'Arn'] };
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties);
    expect(configs.map((c) => (c.FunctionName as { Ref: string }).Ref.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
      'JobsAudit',
      'JobsExport',
    ]);
    for (const config of configs)
      expect(config).toEqual({
        FunctionName: config.FunctionName,
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: dlqArn } },
      });
    for (const [, schedule] of ofType('AWS::Scheduler::Schedule'))
      expect((schedule.Properties.Target as { DeadLetterConfig: unknown }).DeadLetterConfig).toEqual({ Arn: dlqArn });
    const continuations = ofType('AWS::SQS::Queue').filter(([id]) => /^Jobs(audit|export)Continuations/.test(id));
    expect(continuations.map(([id]) => id.replace(/[A-F0-9]{8}$/, ''))).toEqual([
      'JobsauditContinuations',
      'JobsexportContinuations',
    ]);
    for (const [, queue] of continuations)
      expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 });
  });
});

describe('configuration', () => {
  test('the free plan: 10 calls/s give the minimum concurrency of 2 at 5 calls/s each', () => {
    const { template: free } = synthStack({
      agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a', rateLimit: 10 },
    });
    free.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    free.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AGORA_RATE_LIMIT: '5', MODERATION_QUEUE_URL: Match.anyValue() }) },
    });
  });

  test('production keeps data: table deletion protection and retained resources; existing secrets are used as they are', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf';
    const callbackSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:callbacks-AbCdEf';
    const { template: prod } = synthStack({
      production: true,
      agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a', secretArn },
      callbacks: { secretArn: callbackSecretArn },
    });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    prod.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    prod.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    prod.resourceCountIs('AWS::SecretsManager::Secret', 0);
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AGORA_SECRET_ARN: secretArn }) },
    });
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AGORA_CALLBACK_SECRET_ARN: callbackSecretArn }) },
    });
  });

  test('production retains the secrets the stack creates', () => {
    const { template: prod } = synthStack({ production: true });
    expect(
      Object.values(prod.findResources('AWS::SecretsManager::Secret')).map((secret) => secret.DeletionPolicy),
    ).toEqual(['Retain', 'Retain']);
  });
});

describe('without the feature flags of cdk.json', () => {
  test('the stack still synthesizes, and the log bucket still takes logs by policy', () => {
    const app = new App({ outdir: tempDir('cdk-out'), context: { 'aws:cdk:bundling-stacks': [] } });
    const bare = Template.fromStack(new ModerationStack(app, 'Bare', parseDeploymentConfig(BASE_CONFIG)));
    bare.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    bare.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' } }),
        ]),
      },
    });
  });
});
