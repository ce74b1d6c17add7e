import { describe, expect, test } from 'vitest';
import { moderationConcurrency, parseDeploymentConfig } from '../../../infra/config.js';
import { configProblems } from '../../helpers/config-problems.js';
import { BASE_CONFIG } from './stack-helpers.js';

describe('parseDeploymentConfig', () => {
  test('fills in the documented defaults', () => {
    const config = parseDeploymentConfig({ agora: BASE_CONFIG.agora });
    expect(config).toMatchObject({
      stackName: 'AgoraGroupModeration',
      production: false,
      agora: { rateLimit: 100, joinedRateLimit: 50 },
      moderation: { perInstanceRate: 20, timeoutSeconds: 60, batchSize: 10, maxReceiveCount: 8, policy: { threshold: { count: 5 }, dryRun: false } },
      audit: { schedule: 'cron(0 3 * * ? *)', nearCapacity: 0.9, repair: false },
      exports: { schedule: 'cron(0 5 * * ? *)' },
      scheduleTimeZone: 'UTC',
      outputRetentionDays: 90,
    });
    expect(moderationConcurrency(config)).toEqual({ maxConcurrency: 5, perInstanceRate: 20 });
  });

  test('accepts the context as JSON text, as -c gives it', () => {
    expect(parseDeploymentConfig(JSON.stringify({ agora: BASE_CONFIG.agora, production: true })).production).toBe(true);
  });

  test('names every invalid setting', () => {
    const problems = configProblems(() =>
      parseDeploymentConfig({
        agora: { baseUrl: 'http://a41.chat.agora.io', org: '', app: 'a' },
        moderation: { batchSize: 11, maxReceiveCount: 2, policy: { threshold: { count: 0 } } },
        audit: { schedule: '0 3 * * *' },
        alarmEmail: 'not-an-address',
        colour: 'blue',
      }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'groupmod',
        'groupmod.agora.baseUrl',
        'groupmod.agora.org',
        'groupmod.alarmEmail',
        'groupmod.audit.schedule',
        'groupmod.moderation.batchSize',
        'groupmod.moderation.maxReceiveCount',
        'groupmod.moderation.policy.threshold.count',
      ].sort(),
    );
  });

  test("a secret's KMS key is accepted as a key ARN, and only for an existing secret", () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf';
    const secretKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn, secretKeyArn } }).agora.secretKeyArn).toBe(secretKeyArn);
    expect(configProblems(() => parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretKeyArn } }))).toEqual([
      "groupmod.agora.secretKeyArn: only with agora.secretArn: the secret the stack creates uses Secrets Manager's own key",
    ]);
    expect(configProblems(() => parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn, secretKeyArn: 'alias/agora' } }))).toEqual([
      'groupmod.agora.secretKeyArn: expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key id>',
    ]);
  });

  test('missing or unreadable context says how to give it', () => {
    expect(configProblems(() => parseDeploymentConfig(undefined))[0]).toMatch(/^groupmod: required context; set it in cdk.json/);
    expect(configProblems(() => parseDeploymentConfig('{agora'))[0]).toMatch(/^groupmod: not JSON/);
  });
});
