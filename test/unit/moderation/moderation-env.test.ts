import { describe, expect, test } from 'vitest';
import { moderationSettingsFromEnv } from '../../../functions/moderation/moderation-env.js';
import { configProblems } from '../../helpers/config-problems.js';

const base = {
  MODERATION_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/moderation-events.fifo',
  MODERATION_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/moderation-events-dlq.fifo',
  LEDGER_TABLE_NAME: 'moderation-ledger',
  BAN_SCHEDULE_GROUP: 'timed-bans',
  BAN_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  MODERATION_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:moderation-events.fifo',
};

const problems = (env: NodeJS.ProcessEnv, requireBanSchedule = true) => configProblems(() => moderationSettingsFromEnv(env, requireBanSchedule));

describe('moderationSettingsFromEnv', () => {
  test('defaults the policy and the retry backoff', () => {
    const settings = moderationSettingsFromEnv(base);
    expect(settings.policy).toMatchObject({ threshold: { count: 5, windowSeconds: 3600 }, dryRun: false });
    expect(settings.backoff).toEqual({ baseSeconds: 5, maxSeconds: 900 });
    expect(settings).toMatchObject({ maxReceiveCount: 8, clockSkewSeconds: 300 });
    expect(settings.banSchedule).toEqual({ groupName: 'timed-bans', roleArn: base.BAN_SCHEDULER_ROLE_ARN, queueArn: base.MODERATION_QUEUE_ARN });
  });

  test('reads the policy as JSON and lets MODERATION_DRY_RUN override its dryRun', () => {
    const settings = moderationSettingsFromEnv({ ...base, MODERATION_POLICY: '{"threshold":{"count":2},"dryRun":false}', MODERATION_DRY_RUN: 'true' });
    expect(settings.policy.threshold).toEqual({ count: 2, windowSeconds: 3600 });
    expect(settings.policy.dryRun).toBe(true);
  });

  test('names each bad variable, and each bad policy field under MODERATION_POLICY', () => {
    expect(problems({ ...base, LEDGER_TABLE_NAME: '', MODERATION_DRY_RUN: 'yes' }).map((p) => p.split(':')[0]).sort()).toEqual(['LEDGER_TABLE_NAME', 'MODERATION_DRY_RUN']);
    expect(problems({ ...base, MODERATION_POLICY: '{"threshold":{"count":0},"banDurations":[]}' }).map((p) => p.split(':')[0]).sort()).toEqual([
      'MODERATION_POLICY.banDurations',
      'MODERATION_POLICY.threshold.count',
    ]);
    expect(problems({ ...base, MODERATION_POLICY: '{threshold' })[0]).toMatch(/^MODERATION_POLICY: not JSON/);
    expect(problems({ ...base, RETRY_BASE_SECONDS: '60', RETRY_MAX_SECONDS: '10' })).toEqual(['RETRY_MAX_SECONDS: must be at least RETRY_BASE_SECONDS']);
  });

  test('reads the queue\'s receive limit and the tolerated clock skew, within their bounds', () => {
    expect(moderationSettingsFromEnv({ ...base, MODERATION_MAX_RECEIVE_COUNT: '5', EVENT_CLOCK_SKEW_SECONDS: '30' })).toMatchObject({ maxReceiveCount: 5, clockSkewSeconds: 30 });
    expect(problems({ ...base, MODERATION_MAX_RECEIVE_COUNT: '1', EVENT_CLOCK_SKEW_SECONDS: '-1' }).map((p) => p.split(':')[0]).sort()).toEqual([
      'EVENT_CLOCK_SKEW_SECONDS',
      'MODERATION_MAX_RECEIVE_COUNT',
    ]);
  });

  test('requires the EventBridge Scheduler settings unless told otherwise', () => {
    const { BAN_SCHEDULE_GROUP: _g, BAN_SCHEDULER_ROLE_ARN: _r, ...withoutScheduler } = base;
    expect(problems(withoutScheduler)).toEqual(['BAN_SCHEDULE_GROUP: required for timed bans', 'BAN_SCHEDULER_ROLE_ARN: required for timed bans']);
    expect(problems(withoutScheduler, false)).toEqual([]);
  });
});
