/**
 * Every action a role is granted is one its code (or its event source mapping) calls, and every
 * call the code makes is granted: the calls are listed per function below, from functions/.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { permissionsOf } from './iam-helpers.js';
import { synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = synthStack());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const LOGS = (fn: string) => [`logs:CreateLogStream ${fn}Logs.Arn`, `logs:PutLogEvents ${fn}Logs.Arn`];
/** Lambda's SQS poller: receive, delete, and read the queue's attributes. */
const POLLER = (queue: string) => [
  `sqs:DeleteMessage ${queue}.Arn`,
  `sqs:GetQueueAttributes ${queue}.Arn`,
  `sqs:ReceiveMessage ${queue}.Arn`,
];
/** S3OutputStore: Upload (PutObject, multipart parts, abort), GetObject, ListObjectsV2. */
/** Read, write and abort on the runs under each prefix; listing on the bucket (key names only, and 404 rather than 403 for a missing key). */
const RUNS = (...prefixes: string[]) => [
  ...prefixes.flatMap((prefix) =>
    ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'].map(
      (action) => `${action} OutputsRuns.Arn/${prefix}/*`,
    ),
  ),
  's3:ListBucket OutputsRuns.Arn',
];

describe('function roles', () => {
  test('moderation: the ledger (Get, Put, Update, Query), its queue (poller, visibility backoff, expiries already due), the DLQ (parking), the secret, timed-ban schedules', () => {
    expect(permissionsOf(template, 'ModerationHandlerRole')).toEqual(
      [
        'dynamodb:GetItem LedgerTable.Arn',
        'dynamodb:PutItem LedgerTable.Arn',
        'dynamodb:Query LedgerTable.Arn',
        'dynamodb:UpdateItem LedgerTable.Arn',
        'iam:PassRole ModerationSchedulerRole.Arn {"StringEquals":{"iam:PassedToService":"scheduler.amazonaws.com"}}',
        ...LOGS('ModerationHandler'),
        'scheduler:CreateSchedule arn:AWS::Partition:scheduler:AWS::Region:AWS::AccountId:schedule/Test-Moderation-TimedBans-7D4264A7/*',
        'secretsmanager:GetSecretValue AgoraCredentials',
        'sqs:ChangeMessageVisibility QueueEvents.Arn',
        ...POLLER('QueueEvents'),
        'sqs:SendMessage QueueDeadLetters.Arn',
        'sqs:SendMessage QueueEvents.Arn',
      ].sort(),
    );
  });

  test('audit: the ledger scan, its own runs, its continuation queue (poller and sends), the secret, the jobs DLQ (failed runs)', () => {
    expect(permissionsOf(template, 'JobsAuditRole')).toEqual(
      [
        'dynamodb:Scan LedgerTable.Arn',
        ...LOGS('JobsAudit'),
        ...RUNS('audit'),
        'secretsmanager:GetSecretValue AgoraCredentials',
        ...POLLER('JobsauditContinuations'),
        'sqs:SendMessage JobsauditContinuations.Arn',
        'sqs:SendMessage JobsDeadLetters.Arn',
      ].sort(),
    );
  });

  test('export: its own runs and the user lists under inputs/ (read only), its continuation queue, the secret, the jobs DLQ; no ledger', () => {
    expect(permissionsOf(template, 'JobsExportRole')).toEqual(
      [
        ...LOGS('JobsExport'),
        ...RUNS('export-groups', 'export-joined'),
        's3:GetObject OutputsRuns.Arn/inputs/*',
        'secretsmanager:GetSecretValue AgoraCredentials',
        ...POLLER('JobsexportContinuations'),
        'sqs:SendMessage JobsexportContinuations.Arn',
        'sqs:SendMessage JobsDeadLetters.Arn',
      ].sort(),
    );
  });

  describe('with repair on and an existing secret under a customer-managed key', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf';
    const secretKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    let variant: Template;
    beforeAll(() => {
      ({ template: variant } = synthStack({
        agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a', secretArn, secretKeyArn },
        audit: { repair: true },
      }));
    });

    test('the audit also sends to the moderation queue (repair), which it does not without repair', () => {
      expect(permissionsOf(variant, 'JobsAuditRole')).toContain('sqs:SendMessage QueueEvents.Arn');
      expect(permissionsOf(template, 'JobsAuditRole')).not.toContain('sqs:SendMessage QueueEvents.Arn');
    });

    test('every function may GetSecretValue on that secret and kms:Decrypt with its key, through Secrets Manager only', () => {
      const viaSecretsManager = JSON.stringify({
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
        },
      });
      for (const role of ['ModerationHandlerRole', 'JobsAuditRole', 'JobsExportRole']) {
        const permissions = permissionsOf(variant, role);
        expect(
          permissions.filter((p) => /^(secretsmanager|kms):/.test(p)),
          role,
        ).toEqual([`kms:Decrypt ${secretKeyArn} ${viaSecretsManager}`, `secretsmanager:GetSecretValue ${secretArn}`]);
      }
    });
  });

  test("the callback rules' secret is read by the callbacks functions only, and the Agora credentials never by them", () => {
    const roles = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id]) => id.replace(/[A-F0-9]{8}$/, ''));
    const readersOf = (secret: string) =>
      roles.filter((role) => permissionsOf(template, role).includes(`secretsmanager:GetSecretValue ${secret}`)).sort();
    expect(readersOf('CallbackSecretRuleSecrets')).toEqual(['CallbacksPostDeliveryRole', 'CallbacksPreDeliveryRole']);
    expect(readersOf('AgoraCredentials')).toEqual(['JobsAuditRole', 'JobsExportRole', 'ModerationHandlerRole']);
  });

  test('no kms:Decrypt without a key setting', () => {
    for (const role of ['ModerationHandlerRole', 'JobsAuditRole', 'JobsExportRole'])
      expect(permissionsOf(template, role).filter((p) => p.startsWith('kms:'))).toEqual([]);
  });
});

describe('the ban scheduler role', () => {
  test('sends to the moderation queue and the ban-expiry DLQ, nothing else', () => {
    expect(permissionsOf(template, 'ModerationSchedulerRole')).toEqual([
      'sqs:SendMessage ModerationBanExpiryDeadLetters.Arn',
      'sqs:SendMessage QueueEvents.Arn',
    ]);
  });

  test('is assumed by Scheduler for this account and the ban schedule group only', () => {
    const [roleId] = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith('ModerationSchedulerRole'),
    )!;
    const groupId = Object.keys(resources).find((id) => id.startsWith('ModerationTimedBans'))!;
    expect(resources[roleId]!.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
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
      ],
    });
  });
});

describe('every policy', () => {
  test('no IAM statement grants a wildcard action, and wildcard resources are only the acknowledged ones', () => {
    const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
    const statements = [
      ...ofType('AWS::IAM::Policy').flatMap((p) => (p.Properties.PolicyDocument as { Statement: object[] }).Statement),
      ...ofType('AWS::IAM::Role').flatMap((r) =>
        ((r.Properties.Policies as { PolicyDocument: { Statement: object[] } }[] | undefined) ?? []).flatMap(
          (p) => p.PolicyDocument.Statement,
        ),
      ),
    ];
    expect(statements.length).toBeGreaterThan(10);
    const wildcardResources = new Set<string>();
    for (const statement of statements as { Action: string | string[]; Resource: unknown }[]) {
      const actions = [statement.Action].flat();
      expect(
        actions.filter((action) => action.includes('*')),
        JSON.stringify(statement),
      ).toEqual([]);
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
        ...['audit', 'export-groups', 'export-joined', 'inputs'].map((prefix) =>
          join({ 'Fn::GetAtt': ['OutputsRunsID', 'Arn'] }, `/${prefix}/*`),
        ),
        join(
          'arn:',
          { Ref: 'AWS::Partition' },
          ':scheduler:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':schedule/Test-Moderation-TimedBans-ID/*',
        ),
      ].sort(),
    );
  });

  test('each function is created after its role policy, so its event source mapping and on-failure destination find their permissions', () => {
    const template_ = template.toJSON() as { Resources: Record<string, { Type: string; DependsOn?: string[] }> };
    for (const fn of ['ModerationHandler', 'JobsAudit', 'JobsExport']) {
      const [, resource] = Object.entries(template_.Resources).find(
        ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.replace(/[A-F0-9]{8}$/, '') === fn,
      )!;
      expect(
        resource.DependsOn?.some((id) => id.startsWith(`${fn}RoleDefaultPolicy`)),
        fn,
      ).toBe(true);
    }
  });
});
