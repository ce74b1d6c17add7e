/**
 * The local stack's scheduler for timed bans: a timer per ban that sends its `ban.expire` into
 * the moderation FIFO queue, in the group's message group, as EventBridge Scheduler does in AWS.
 * Schedules live in memory: they end with the process.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { expireEventFor, type BanExpiry } from '../../functions/events/index.js';
import type { BanScheduler } from '../../functions/moderation/index.js';

const RESEND_DELAY_MS = 1_000;

export class LocalBanScheduler implements BanScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly onError: (error: unknown, expiry: BanExpiry) => void = () => {},
  ) {}

  scheduleExpiry(expiry: BanExpiry): Promise<void> {
    if (!this.closed && !this.timers.has(expiry.banId)) this.arm(expiry, new Date(expiry.at).getTime() - Date.now());
    return Promise.resolve();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(expiry: BanExpiry, delayMs: number): void {
    const timer = setTimeout(() => void this.send(expiry), Math.max(0, delayMs));
    this.timers.set(expiry.banId, timer);
  }

  private async send(expiry: BanExpiry): Promise<void> {
    const event = expireEventFor(expiry);
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(event),
          MessageGroupId: expiry.groupId,
          MessageDeduplicationId: event.id,
        }),
      );
      this.timers.delete(expiry.banId);
    } catch (error) {
      // Like Scheduler's retry policy: keep trying while the stack runs.
      this.onError(error, expiry);
      if (!this.closed) this.arm(expiry, RESEND_DELAY_MS);
    }
  }
}
