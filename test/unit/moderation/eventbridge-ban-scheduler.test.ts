/**
 * The EventBridge adapter has no local stand-in, so its request is checked as data: the
 * schedule that `CreateSchedule` would receive, or, for an expiry already due, the message the
 * moderation queue would receive.
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, test } from 'vitest';
import {
  deduplicationIdFor,
  eventBody,
  expireEventFor,
  moderationEventSchema,
  type BanExpiry,
} from '../../../functions/events/index.js';
import {
  createScheduleInput,
  DUE_MARGIN_MS,
  EventBridgeBanScheduler,
  scheduleNameFor,
} from '../../../functions/moderation/delivery/eventbridge-ban-scheduler.js';

const options = {
  groupName: 'timed-bans',
  queueArn: 'arn:aws:sqs:eu-west-1:1:moderation-events.fifo',
  roleArn: 'arn:aws:iam::1:role/s',
};
const expiry = { banId: `ban-${'x'.repeat(120)}`, groupId: '200000000000000001', at: '2026-11-25T21:30:15.250+01:00' };

describe('createScheduleInput', () => {
  test('a one-time schedule in UTC that deletes itself and sends ban.expire into the group’s lane', () => {
    const input = createScheduleInput(expiry, options);
    expect(input).toMatchObject({
      GroupName: 'timed-bans',
      // Rounded up to the whole second: at() takes none, and rounding down would name a time before the ban's end.
      ScheduleExpression: 'at(2026-11-25T20:30:16)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: options.queueArn, RoleArn: options.roleArn, SqsParameters: { MessageGroupId: expiry.groupId } },
    });
    expect(input.Target!.Input).toBe(eventBody(expireEventFor(expiry)));
  });

  test('a whole second stays as it is', () => {
    expect(createScheduleInput({ ...expiry, at: '2026-11-25T20:30:15.000Z' }, options).ScheduleExpression).toBe(
      'at(2026-11-25T20:30:15)',
    );
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

describe('EventBridgeBanScheduler', () => {
  const NOW = Date.parse('2026-11-25T20:30:15.000Z');
  /** The adapter on recording clients: what it asked Scheduler and SQS for. */
  function adapter() {
    const requests: { service: 'scheduler' | 'sqs'; command: string; input: Record<string, unknown> }[] = [];
    const recorder = (service: 'scheduler' | 'sqs', answer: (input: Record<string, unknown>) => unknown) => ({
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        requests.push({ service, command: command.constructor.name, input: command.input });
        return answer(command.input);
      },
    });
    const scheduler = recorder('scheduler', () => ({}));
    const sqs = recorder('sqs', (input) => ({
      Successful: (input.Entries as { Id: string }[]).map(({ Id }) => ({ Id, MessageId: `m-${Id}` })),
    }));
    const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/1/moderation-events.fifo';
    const banScheduler = new EventBridgeBanScheduler(scheduler as unknown as SchedulerClient, options, {
      sqs: sqs as unknown as SQSClient,
      queueUrl,
      clock: () => new Date(NOW),
    });
    return { banScheduler, requests, queueUrl };
  }
  const at = (offsetMs: number): BanExpiry => ({ ...expiry, at: new Date(NOW + offsetMs).toISOString() });

  test('an expiry still to come gets its one-time schedule, and nothing is sent', async () => {
    const { banScheduler, requests } = adapter();
    await banScheduler.scheduleExpiry(at(DUE_MARGIN_MS + 1));
    expect(requests.map(({ service, command }) => [service, command])).toEqual([
      ['scheduler', 'CreateScheduleCommand'],
    ]);
  });

  test.each([
    ['whose end has passed (a redelivery finishing a pending ban after its end)', -3_600_000],
    ['ending this very moment', 0],
    ['ending within the margin, as a schedule Scheduler might see only once it has passed', DUE_MARGIN_MS],
  ])(
    'an expiry %s is sent to the queue now, into the group’s lane, as Scheduler would send it; no schedule is made',
    async (_label, offsetMs) => {
      const { banScheduler, requests, queueUrl } = adapter();
      const due = at(offsetMs);

      await banScheduler.scheduleExpiry(due);

      expect(requests.map(({ service, command }) => [service, command])).toEqual([['sqs', 'SendMessageBatchCommand']]);
      const [entry] = requests[0]!.input.Entries as {
        MessageBody: string;
        MessageGroupId: string;
        MessageDeduplicationId: string;
      }[];
      expect(requests[0]!.input.QueueUrl).toBe(queueUrl);
      expect(entry!.MessageBody).toBe(createScheduleInput(due, options).Target!.Input);
      expect(entry).toMatchObject({
        MessageGroupId: due.groupId,
        MessageDeduplicationId: deduplicationIdFor(expireEventFor(due)),
      });
    },
  );
});
