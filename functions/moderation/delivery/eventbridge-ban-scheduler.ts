/**
 * Timed bans on EventBridge Scheduler: one one-time schedule per ban, in its own schedule group,
 * deleted by the service after it runs. Its target is the moderation FIFO queue with the
 * group's message group id, so the expiry is ordered with everything else the group receives.
 * The queue needs content-based deduplication, as Scheduler sets no deduplication id: the
 * schedule's input is the expiry's `eventBody`, whose SHA-256 the queue then deduplicates on
 * (Scheduler's own retries); an expiry that also reached the queue otherwise is a duplicate to
 * the handler's processed marker.
 *
 * An expiry already due (a redelivery that finishes a pending ban after its end, a ban of a
 * second or two) is sent to the queue at once, into the group's lane, as Scheduler would send
 * it. Scheduler's documentation says when a one-time schedule runs ("at the time and in the time
 * zone that you specify", with 60-second precision) and nothing of a time already past; a
 * schedule that is refused or never fires would leave the group disabled for good, so none is
 * created for one.
 */
import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { eventBody, expireEventFor, sendModerationEvents, type BanExpiry } from '../../events/index.js';
import type { CallOptions } from '../../agora/index.js';
import { sdkOptions } from '../../aws/index.js';
import type { BanScheduler } from './interpreter-dependencies.js';

export interface EventBridgeBanSchedulerOptions {
  groupName: string;
  /** ARN of the moderation FIFO queue. */
  queueArn: string;
  /** Role Scheduler assumes to send to the queue. */
  roleArn: string;
  /** Where Scheduler puts an expiry it could not deliver. */
  deadLetterArn?: string;
}

/** Where an expiry already due is sent: the moderation queue, as the function's own client reaches it. */
export interface DueExpiries {
  sqs: SQSClient;
  queueUrl: string;
  /** @default the system clock */
  clock?: () => Date;
}

/** Schedule names allow 64 characters of `[0-9a-zA-Z-_.]`; event ids allow more, so the name is a digest. */
export function scheduleNameFor(banId: string): string {
  return `ban-${createHash('sha256').update(banId).digest('hex').slice(0, 48)}`;
}

/** The expiry's time in whole seconds, rounded up: `at()` takes no milliseconds, and rounding down could name a second already past. */
const atSecond = (iso: string) => Math.ceil(Date.parse(iso) / 1000) * 1000;

/** `at()` takes a local time without zone or milliseconds; the zone is given as UTC. */
function atExpression(iso: string): string {
  return `at(${new Date(atSecond(iso)).toISOString().slice(0, 19)})`;
}

export function createScheduleInput(
  expiry: BanExpiry,
  options: EventBridgeBanSchedulerOptions,
): CreateScheduleCommandInput {
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
      Input: eventBody(expireEventFor(expiry)),
      SqsParameters: { MessageGroupId: expiry.groupId },
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      ...(options.deadLetterArn && { DeadLetterConfig: { Arn: options.deadLetterArn } }),
    },
  };
}

/**
 * An expiry this close is sent into the group's lane at once rather than scheduled: a one-time
 * schedule that is in the past by the time Scheduler takes it never fires. The ban then ends at
 * most this much early (the expiry lifts the ban it names, whatever the time).
 */
export const DUE_MARGIN_MS = 5_000;

export class EventBridgeBanScheduler implements BanScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeBanSchedulerOptions,
    private readonly due: DueExpiries,
  ) {}

  async scheduleExpiry(expiry: BanExpiry, call?: CallOptions): Promise<void> {
    const now = (this.due.clock ?? (() => new Date()))();
    // A schedule in the past, or one Scheduler might see only once it is, would never fire.
    if (Date.parse(expiry.at) <= now.getTime() + DUE_MARGIN_MS) return this.sendNow(expiry, call);
    try {
      await this.client.send(new CreateScheduleCommand(createScheduleInput(expiry, this.options)), sdkOptions(call));
    } catch (error) {
      // The schedule exists: an earlier delivery of the same event created it.
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  /** The expiry's event into the group's lane, deduplicated as the schedule's would be (a resend is dropped or found processed). */
  private async sendNow(expiry: BanExpiry, call?: CallOptions): Promise<void> {
    const report = await sendModerationEvents(this.due.sqs, this.due.queueUrl, [expireEventFor(expiry)], call ?? {});
    const [failed] = report.failed;
    if (failed) throw new Error(`could not send the expiry of ban ${expiry.banId}, already due: ${failed.reason}`);
  }
}
