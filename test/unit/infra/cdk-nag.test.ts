/**
 * The cdk-nag AwsSolutions pack over the whole stack: synthesis must pass, with every accepted
 * finding acknowledged with a reason. A deliberately bad resource shows the check can fail.
 */
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, test } from 'vitest';
import type { Environment } from 'aws-cdk-lib';
import { buildStack, DEPLOY_ENV } from './stack-helpers.js';

function checkedSynth(
  addToStack?: (stack: ReturnType<typeof buildStack>['stack']) => void,
  overrides: Record<string, unknown> = {},
  env?: Environment,
) {
  const { app, stack } = buildStack(overrides, 'Test', env);
  addToStack?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return () => app.synth();
}

/** A synth with every nag rule, the first one also loading the rules: slow on a busy machine. */
const NAG_SYNTH_TIMEOUT = 120_000;

/**
 * Both ways the stack is synthesized: without an environment (`npm run synth`) and bound to an
 * account and region (every `cdk deploy`), where ARNs that the suppressions name hold literal
 * values instead of pseudo parameters; also in the China partition, which cdk.json targets.
 */
const ENVIRONMENTS: [string, Environment | undefined][] = [
  ['environment-agnostic', undefined],
  ['for an account and region', DEPLOY_ENV],
  ['for an account in the China partition', { account: '210987654321', region: 'cn-north-1' }],
];

describe.each(ENVIRONMENTS)('cdk-nag AwsSolutions, %s', (_name, env) => {
  test(
    'the stack passes with the default settings',
    () => {
      expect(checkedSynth(undefined, {}, env)).not.toThrow();
    },
    NAG_SYNTH_TIMEOUT,
  );

  test(
    'the stack passes for production with an existing secret under its own key, and rules',
    () => {
      const existingSecret = {
        baseUrl: 'https://a41.chat.agora.io',
        org: 'o',
        app: 'a',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf',
        secretKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      };
      const callbacks = {
        rules: {
          rules: [
            { name: 'banned-terms', terms: ['casino'], reject: true },
            { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
          ],
        },
        secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:callbacks-AbCdEf',
        secretKeyArn: existingSecret.secretKeyArn,
      };
      expect(checkedSynth(undefined, { production: true, agora: existingSecret, callbacks }, env)).not.toThrow();
    },
    NAG_SYNTH_TIMEOUT,
  );
});

describe('cdk-nag AwsSolutions acknowledgements', () => {
  const acknowledgementsOf = (stack: ReturnType<typeof buildStack>['stack']) =>
    stack.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
      )
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([id]) => id.startsWith('AwsSolutions::'));

  test('every acknowledgement is for an exact finding and carries a written reason', () => {
    const acknowledgements = acknowledgementsOf(buildStack().stack);
    expect(acknowledgements.map(([id]) => id.replace(/[A-F0-9]{8}/g, 'ID')).sort()).toEqual(
      [
        'AwsSolutions::AwsSolutions-IAM5[Resource::<OutputsRunsID.Arn>/audit/*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::<OutputsRunsID.Arn>/export-groups/*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::<OutputsRunsID.Arn>/export-joined/*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::<OutputsRunsID.Arn>/inputs/*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::<JobsAuditID.Arn>:*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::<JobsExportID.Arn>:*]',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/Test-Moderation-TimedBans-ID/*]',
        'AwsSolutions::AwsSolutions-SMG4',
        'AwsSolutions::AwsSolutions-SMG4',
        'AwsSolutions::AwsSolutions-SQS3',
      ].sort(),
    );
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(60);
  });

  test("bound to an account and region, the schedules' grant is acknowledged with the literal ARN a deploy produces", () => {
    const ids = acknowledgementsOf(buildStack({}, 'Test', DEPLOY_ENV).stack).map(([id]) =>
      id.replace(/-[A-F0-9]{8}\//g, '-ID/'),
    );
    expect(ids).toContain(
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:scheduler:eu-west-1:210987654321:schedule/Test-Moderation-TimedBans-ID/*]',
    );
    expect(ids.filter((id) => id.includes('<AWS::'))).toEqual([]);
  });

  test('an unencrypted queue that allows plain HTTP fails synthesis, naming the rules', () => {
    const synth = checkedSynth((stack) => new Queue(stack, 'Careless'));
    let message = '';
    try {
      synth();
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/AwsSolutions-SQS3/);
    expect(message).toMatch(/AwsSolutions-SQS4/);
  });
});
