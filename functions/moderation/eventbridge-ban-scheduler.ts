/**
 * Timed bans on EventBridge Scheduler: one one-time schedule per ban, in its own schedule group,
 * deleted by the service after it runs. Its target is the moderation FIFO queue with the
 * group's message group id, so the expiry is ordered with everything else the group receives.
 * The queue needs content-based deduplication, as Scheduler sets no deduplication id.
 */
import { createHash } from 'node:crypto';
import { ConflictException, CreateScheduleCommand, type CreateScheduleCommandInput, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { expireEventFor, type BanExpiry } from '../events/index.js';
import { sdkOptions, type Abortable } from '../aws/index.js';
import type { BanScheduler } from './ban-scheduler.js';

export interface EventBridgeBanSchedulerOptions {
  groupName: string;
  /** ARN of the moderation FIFO queue. */
  queueArn: string;
  /** Role Scheduler assumes to send to the queue. */
  roleArn: string;
  /** Where Scheduler puts an expiry it could not deliver. */
  deadLetterArn?: string;
}

/** Schedule names allow 64 characters of `[0-9a-zA-Z-_.]`; event ids allow more, so the name is a digest. */
export function scheduleNameFor(banId: string): string {
  return `ban-${createHash('sha256').update(banId).digest('hex').slice(0, 48)}`;
}

/** `at()` takes a local time without zone or milliseconds; the zone is given as UTC. */
function atExpression(iso: string): string {
  return `at(${new Date(iso).toISOString().slice(0, 19)})`;
}

export function createScheduleInput(expiry: BanExpiry, options: EventBridgeBanSchedulerOptions): CreateScheduleCommandInput {
  return {
    Name: scheduleNameFor(expiry.banId),
    GroupName: options.groupName,
    Description: `ends ban ${expiry.banId} of group ${expiry.groupId}`.slice(0, 512),
    ScheduleExpression: atExpression(expiry.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: options.queueArn,
      RoleArn: options.roleArn,
      Input: JSON.stringify(expireEventFor(expiry)),
      SqsParameters: { MessageGroupId: expiry.groupId },
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      ...(options.deadLetterArn && { DeadLetterConfig: { Arn: options.deadLetterArn } }),
    },
  };
}

export class EventBridgeBanScheduler implements BanScheduler {
  constructor(private readonly client: SchedulerClient, private readonly options: EventBridgeBanSchedulerOptions) {}

  async scheduleExpiry(expiry: BanExpiry, call?: Abortable): Promise<void> {
    try {
      await this.client.send(new CreateScheduleCommand(createScheduleInput(expiry, this.options)), sdkOptions(call));
    } catch (error) {
      // The schedule exists: an earlier delivery of the same event created it.
      if (!(error instanceof ConflictException)) throw error;
    }
  }
}
