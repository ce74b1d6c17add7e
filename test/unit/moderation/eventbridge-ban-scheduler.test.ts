/**
 * The EventBridge adapter has no local stand-in, so its request is checked as data: the
 * schedule that `CreateSchedule` would receive.
 */
import { describe, expect, test } from 'vitest';
import { expireEventFor, moderationEventSchema } from '../../../functions/events/index.js';
import { createScheduleInput, scheduleNameFor } from '../../../functions/moderation/eventbridge-ban-scheduler.js';

const options = { groupName: 'timed-bans', queueArn: 'arn:aws:sqs:eu-west-1:1:moderation-events.fifo', roleArn: 'arn:aws:iam::1:role/s' };
const expiry = { banId: `ban-${'x'.repeat(120)}`, groupId: '200000000000000001', at: '2026-11-25T21:30:15.250+01:00' };

describe('createScheduleInput', () => {
  test('a one-time schedule in UTC that deletes itself and sends ban.expire into the group’s lane', () => {
    const input = createScheduleInput(expiry, options);
    expect(input).toMatchObject({
      GroupName: 'timed-bans',
      ScheduleExpression: 'at(2026-11-25T20:30:15)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: options.queueArn, RoleArn: options.roleArn, SqsParameters: { MessageGroupId: expiry.groupId } },
    });
    expect(JSON.parse(input.Target!.Input!)).toEqual(expireEventFor(expiry));
  });

  test('the event it sends is a valid ban.expire for that ban', () => {
    const parsed = moderationEventSchema.parse(JSON.parse(createScheduleInput(expiry, options).Target!.Input!));
    expect(parsed).toMatchObject({ type: 'ban.expire', banId: expiry.banId, groupId: expiry.groupId });
  });

  test('names fit Scheduler’s 64-character rule and differ per ban', () => {
    const name = scheduleNameFor(expiry.banId);
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
    expect(scheduleNameFor(`${expiry.banId}y`)).not.toBe(name);
  });
});
