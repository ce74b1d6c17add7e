import { describe, expect, test } from 'vitest';
import { moderationSettingsFromEnv } from '../../../functions/moderation/delivery/moderation-env.js';
import { configProblems } from '../../helpers/config-problems.js';

const base = {
  MODERATION_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/moderation-events.fifo',
  MODERATION_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/moderation-events-dlq.fifo',
  LEDGER_TABLE_NAME: 'moderation-ledger',
  BAN_SCHEDULE_GROUP: 'timed-bans',
  BAN_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  MODERATION_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:moderation-events.fifo',
};

const problems = (env: NodeJS.ProcessEnv, requireBanSchedule = true) =>
  configProblems(() => moderationSettingsFromEnv(env, requireBanSchedule));

describe('moderationSettingsFromEnv', () => {
  test('defaults the policy, the retry backoff and the retry budget', () => {
    const settings = moderationSettingsFromEnv(base);
    expect(settings.policy).toMatchObject({ threshold: { count: 5, windowSeconds: 3600 }, dryRun: false });
    expect(settings.backoff).toEqual({ baseSeconds: 5, maxSeconds: 900 });
    // A day of an event's own failures, within the queue's four days; the receive limit only a last net.
    expect(settings).toMatchObject({
      maxReceiveCount: 500,
      budget: { windowSeconds: 86_400, queueRetentionSeconds: 345_600 },
      clockSkewSeconds: 300,
    });
    expect(settings.banSchedule).toEqual({
      groupName: 'timed-bans',
      roleArn: base.BAN_SCHEDULER_ROLE_ARN,
      queueArn: base.MODERATION_QUEUE_ARN,
    });
  });

  test('reads the policy as JSON and lets MODERATION_DRY_RUN override its dryRun', () => {
    const settings = moderationSettingsFromEnv({
      ...base,
      MODERATION_POLICY: '{"threshold":{"count":2},"dryRun":false}',
      MODERATION_DRY_RUN: 'true',
    });
    expect(settings.policy.threshold).toEqual({ count: 2, windowSeconds: 3600 });
    expect(settings.policy.dryRun).toBe(true);
  });

  test('names each bad variable, and each bad policy field under MODERATION_POLICY', () => {
    expect(
      problems({ ...base, LEDGER_TABLE_NAME: '', MODERATION_DRY_RUN: 'yes' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['LEDGER_TABLE_NAME', 'MODERATION_DRY_RUN']);
    expect(
      problems({ ...base, MODERATION_POLICY: '{"threshold":{"count":0},"banDurations":[]}' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['MODERATION_POLICY.banDurations', 'MODERATION_POLICY.threshold.count']);
    expect(problems({ ...base, MODERATION_POLICY: '{threshold' })[0]).toMatch(/^MODERATION_POLICY: not JSON/);
    expect(problems({ ...base, RETRY_BASE_SECONDS: '60', RETRY_MAX_SECONDS: '10' })).toEqual([
      'RETRY_MAX_SECONDS: must be at least RETRY_BASE_SECONDS',
    ]);
  });

  test("reads the queue's receive limit and the tolerated clock skew, within their bounds", () => {
    expect(
      moderationSettingsFromEnv({
        ...base,
        MODERATION_MAX_RECEIVE_COUNT: '60',
        RETRY_WINDOW_SECONDS: '7200',
        EVENT_CLOCK_SKEW_SECONDS: '30',
      }),
    ).toMatchObject({ maxReceiveCount: 60, clockSkewSeconds: 30 });
    expect(
      problems({ ...base, MODERATION_MAX_RECEIVE_COUNT: '1', EVENT_CLOCK_SKEW_SECONDS: '-1' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['EVENT_CLOCK_SKEW_SECONDS', 'MODERATION_MAX_RECEIVE_COUNT']);
  });

  test('reads the retry window, which must end an hour before the queue drops a message', () => {
    expect(
      moderationSettingsFromEnv({ ...base, RETRY_WINDOW_SECONDS: '3600', MODERATION_QUEUE_RETENTION_SECONDS: '7200' })
        .budget,
    ).toEqual({ windowSeconds: 3600, queueRetentionSeconds: 7200 });
    expect(problems({ ...base, RETRY_WINDOW_SECONDS: '345600' })).toEqual([
      "RETRY_WINDOW_SECONDS: must end at least 3600 s before the queue's retention (MODERATION_QUEUE_RETENTION_SECONDS, 345600)",
    ]);
    expect(problems({ ...base, RETRY_WINDOW_SECONDS: '59' }).map((p) => p.split(':')[0])).toEqual([
      'RETRY_WINDOW_SECONDS',
    ]);
  });

  test('the receive limit must hold two retry windows at the backoff, or the last net would park an event that waited behind another', () => {
    // A day at the 15-minute cap takes about 200 receives: twice that, and the net one short of the limit.
    expect(problems({ ...base, MODERATION_MAX_RECEIVE_COUNT: '401' })).toEqual([
      "MODERATION_MAX_RECEIVE_COUNT: must be at least 402 to hold two retry windows (RETRY_WINDOW_SECONDS 86400 at RETRY_MAX_SECONDS 900), an event's own and one it waited through behind another of its group; or shorten RETRY_WINDOW_SECONDS",
    ]);
    expect(moderationSettingsFromEnv({ ...base, MODERATION_MAX_RECEIVE_COUNT: '402' }).maxReceiveCount).toBe(402);
    // A shorter backoff cap takes more receives for the same window.
    expect(problems({ ...base, RETRY_MAX_SECONDS: '300' }).map((p) => p.split(':')[0])).toEqual([
      'MODERATION_MAX_RECEIVE_COUNT',
    ]);
    expect(problems({ ...base, RETRY_MAX_SECONDS: '300', RETRY_WINDOW_SECONDS: '21600' })).toEqual([]);
  });

  test('requires the EventBridge Scheduler settings unless told otherwise', () => {
    const { BAN_SCHEDULE_GROUP: _g, BAN_SCHEDULER_ROLE_ARN: _r, ...withoutScheduler } = base;
    expect(problems(withoutScheduler)).toEqual([
      'BAN_SCHEDULE_GROUP: required for timed bans',
      'BAN_SCHEDULER_ROLE_ARN: required for timed bans',
    ]);
    expect(problems(withoutScheduler, false)).toEqual([]);
  });
});
