import { describe, expect, test } from 'vitest';
import {
  MAX_BAN_DURATIONS,
  MAX_BANNED_TERMS_BYTES,
  moderationConcurrency,
  parseDeploymentConfig,
} from '../../../infra/config.js';
import { configProblems } from '../../helpers/config-problems.js';
import { BASE_CONFIG } from './stack-helpers.js';

describe('parseDeploymentConfig', () => {
  test('fills in the documented defaults', () => {
    const config = parseDeploymentConfig({ agora: BASE_CONFIG.agora });
    expect(config).toMatchObject({
      stackName: 'AgoraGroupModeration',
      production: false,
      agora: { rateLimit: 100, joinedRateLimit: 50 },
      moderation: {
        perInstanceRate: 20,
        timeoutSeconds: 60,
        batchSize: 10,
        maxReceiveCount: 500,
        retryWindowSeconds: 86_400,
        policy: { threshold: { count: 5 }, dryRun: false },
      },
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
        moderation: {
          batchSize: 11,
          maxReceiveCount: 2,
          retryWindowSeconds: 345_600,
          policy: { threshold: { count: 0 } },
        },
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
        'groupmod.moderation.retryWindowSeconds',
        'groupmod.moderation.policy.threshold.count',
      ].sort(),
    );
  });

  test('the receive limit holds two retry windows, and a crashing record reaches the DLQ before the queue drops it', () => {
    const moderation = (settings: Record<string, number>) =>
      configProblems(() => parseDeploymentConfig({ agora: BASE_CONFIG.agora, moderation: settings }));
    // A day at the 15-minute backoff cap takes about 200 receives; a two-hour window 25.
    expect(moderation({ maxReceiveCount: 401 })).toEqual([
      "groupmod.moderation.maxReceiveCount: at least 402 to hold two retry windows of 86400 s at the 900 s backoff cap (an event's own, and one it waited through behind another of its group); or shorten groupmod.moderation.retryWindowSeconds",
    ]);
    expect(moderation({ maxReceiveCount: 50, retryWindowSeconds: 7_200 })).toEqual([]);
    // 500 receives of a record whose invocations fail take 500 × 6 × 120 s, more than the 4 days the queue keeps it.
    expect(moderation({ timeoutSeconds: 120 })).toEqual([
      'groupmod.moderation.maxReceiveCount: at most 480: a record whose invocations fail comes back every 720 s (6 × groupmod.moderation.timeoutSeconds), and the queue drops a message after 345600 s without moving it to the DLQ; a shorter groupmod.moderation.timeoutSeconds or retryWindowSeconds lets a smaller maxReceiveCount do',
    ]);
    expect(moderation({ timeoutSeconds: 120, maxReceiveCount: 480 })).toEqual([]);
    // A 15-minute timeout leaves 64 receives: room for two windows of two hours, not of a day.
    expect(moderation({ timeoutSeconds: 900 }).map((p) => p.split(': ')[1])).toEqual(['at most 64']);
    expect(moderation({ timeoutSeconds: 900, maxReceiveCount: 64 }).map((p) => p.split(': ')[1])).toEqual([
      "at least 402 to hold two retry windows of 86400 s at the 900 s backoff cap (an event's own, and one it waited through behind another of its group); or shorten groupmod.moderation.retryWindowSeconds",
    ]);
    expect(moderation({ timeoutSeconds: 900, maxReceiveCount: 64, retryWindowSeconds: 7_200 })).toEqual([]);
  });

  test("a secret's KMS key is accepted as a key ARN, and only for an existing secret", () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora-AbCdEf';
    const secretKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn, secretKeyArn } }).agora.secretKeyArn).toBe(
      secretKeyArn,
    );
    expect(configProblems(() => parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretKeyArn } }))).toEqual([
      "groupmod.agora.secretKeyArn: only with agora.secretArn: the secret the stack creates uses Secrets Manager's own key",
    ]);
    expect(
      configProblems(() =>
        parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn, secretKeyArn: 'alias/agora' } }),
      ),
    ).toEqual([
      'groupmod.agora.secretKeyArn: expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key id>',
    ]);
  });

  test('a secret is named by its complete ARN: a partial one would be granted and match no secret', () => {
    const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agora';
    expect(
      configProblems(() => parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn: partial } }))[0],
    ).toMatch(/^groupmod\.agora\.secretArn: expected the complete ARN of a Secrets Manager secret/);
    expect(
      configProblems(() =>
        parseDeploymentConfig({ ...BASE_CONFIG, callbacks: { secretArn: `${partial}/callbacks` } }),
      )[0],
    ).toMatch(/^groupmod\.callbacks\.secretArn: expected the complete ARN/);
    expect(
      parseDeploymentConfig({ agora: { ...BASE_CONFIG.agora, secretArn: `${partial}/prod-a1B2c3` } }).agora.secretArn,
    ).toBe(`${partial}/prod-a1B2c3`);
  });

  test('missing or unreadable context says how to give it', () => {
    expect(configProblems(() => parseDeploymentConfig(undefined))[0]).toMatch(
      /^groupmod: required context; set it in cdk.json/,
    );
    expect(configProblems(() => parseDeploymentConfig('{agora'))[0]).toMatch(/^groupmod: not JSON/);
  });

  describe.each([
    ['cron(0 3 * * ? *)', []],
    ['cron(0 3 ? * MON-FRI *)', []],
    ['cron(0/15 8-18 ? * 2-6 *)', []],
    ['cron(0 3 L * ? 2027)', []],
    ['cron(0 3 ? * 6#3 *)', []],
    [
      'cron(0 3 * * * *)',
      ['exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)'],
    ],
    [
      'cron(0 3 ? * ? *)',
      ['exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)'],
    ],
    ['cron(0 3 * * ?)', ['expected a Scheduler cron expression of six fields, such as cron(0 3 * * ? *)']],
    ['0 3 * * ? *', ['expected a Scheduler cron expression of six fields, such as cron(0 3 * * ? *)']],
    ['rate(1 day)', ['expected a Scheduler cron expression of six fields, such as cron(0 3 * * ? *)']],
    ['cron(0 3am * * ? *)', ['the hours field "3am" is not one Scheduler accepts']],
  ])('audit.schedule %s', (schedule, expected) => {
    test(expected.length ? 'is refused, saying why' : 'is accepted', () => {
      const problems = configProblems(() =>
        parseDeploymentConfig({ agora: BASE_CONFIG.agora, audit: { schedule }, exports: { schedule } }),
      );
      expect(problems).toEqual([
        ...expected.map((p) => `groupmod.audit.schedule: ${p}`),
        ...expected.map((p) => `groupmod.exports.schedule: ${p}`),
      ]);
    });
  });

  describe.each([
    ['UTC', undefined],
    ['Europe/Berlin', undefined],
    ['America/Argentina/Buenos_Aires', undefined],
    ['Asia/Kolkata', undefined],
    ['Europe/Kyiv', undefined],
    ['Europe/Berln', 'expected an IANA time zone name such as Europe/Berlin or UTC'],
    ['europe/berlin', 'expected an IANA time zone name such as Europe/Berlin or UTC; did you mean Europe/Berlin?'],
    ['+01:00', 'expected an IANA time zone name such as Europe/Berlin or UTC'],
    ['CET ', 'expected an IANA time zone name such as Europe/Berlin or UTC'],
    ['', 'expected an IANA time zone name such as Europe/Berlin or UTC'],
  ])('scheduleTimeZone %j', (scheduleTimeZone, expected) => {
    test(expected ? 'is refused' : 'is accepted', () => {
      expect(configProblems(() => parseDeploymentConfig({ agora: BASE_CONFIG.agora, scheduleTimeZone }))).toEqual(
        expected ? [`groupmod.scheduleTimeZone: ${expected}`] : [],
      );
    });
  });

  test('banned terms: no commas (they travel comma-separated), and a bounded total', () => {
    const read = (bannedTerms: string[]) =>
      configProblems(() => parseDeploymentConfig({ agora: BASE_CONFIG.agora, audit: { bannedTerms } }));
    expect(read(['spam', 'scam'])).toEqual([]);
    expect(read(['buy now', 'a,b'])).toEqual([
      'groupmod.audit.bannedTerms[1]: a term may not contain a comma: the audit function receives the terms comma-separated',
    ]);
    const atLimit = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(9, '0')}`)
      .join(',')
      .slice(0, MAX_BANNED_TERMS_BYTES - 2)
      .split(',');
    expect(Buffer.byteLength(JSON.stringify(atLimit.join(',')))).toBe(MAX_BANNED_TERMS_BYTES);
    expect(read(atLimit)).toEqual([]);
    expect(read([...atLimit, 'x'])).toEqual([
      `groupmod.audit.bannedTerms: at most ${MAX_BANNED_TERMS_BYTES} bytes comma-separated: the terms travel in the audit function's environment, 4 KB in all`,
    ]);
  });

  test(`ban durations: at most ${MAX_BAN_DURATIONS}`, () => {
    const read = (banDurations: unknown[]) =>
      configProblems(() =>
        parseDeploymentConfig({ agora: BASE_CONFIG.agora, moderation: { policy: { banDurations } } }),
      );
    expect(read(Array.from({ length: MAX_BAN_DURATIONS }, () => 'permanent'))).toEqual([]);
    expect(read(Array.from({ length: MAX_BAN_DURATIONS + 1 }, () => 60))).toEqual([
      `groupmod.moderation.policy.banDurations: at most ${MAX_BAN_DURATIONS} durations: the policy travels in the moderation function's environment, 4 KB in all`,
    ]);
  });
});
