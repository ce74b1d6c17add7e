/**
 * The local stack's scheduler for timed bans: a timer per ban that sends its `ban.expire` into
 * the moderation FIFO queue, in the group's message group, as EventBridge Scheduler does in AWS.
 * Schedules live in memory: they end with the process.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventMessage, expireEventFor, type BanExpiry } from '../../functions/events/index.js';
import type { BanScheduler } from '../../functions/moderation/index.js';

const RESEND_DELAY_MS = 1_000;
/** The longest delay `setTimeout` keeps (about 24.8 days); a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class LocalBanScheduler implements BanScheduler {
  private readonly timers = new Map<string, { expiry: BanExpiry; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly onError: (error: unknown, expiry: BanExpiry) => void = () => {},
  ) {}

  scheduleExpiry(expiry: BanExpiry): Promise<void> {
    if (!this.closed && !this.timers.has(expiry.banId)) this.arm(expiry);
    return Promise.resolve();
  }

  /** Expiries scheduled and not yet sent. */
  pending(): BanExpiry[] {
    return [...this.timers.values()].map(({ expiry }) => expiry);
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Waits until the expiry is due, in steps no timer can overflow, then sends it. */
  private arm(expiry: BanExpiry, notBeforeMs = 0): void {
    const delayMs = Math.max(notBeforeMs, new Date(expiry.at).getTime() - Date.now());
    const timer =
      delayMs > MAX_TIMER_MS
        ? setTimeout(() => this.arm(expiry), MAX_TIMER_MS)
        : setTimeout(() => void this.send(expiry), delayMs);
    this.timers.set(expiry.banId, { expiry, timer });
  }

  private async send(expiry: BanExpiry): Promise<void> {
    try {
      // The body and deduplication id of every producer: what Scheduler's content-based deduplication gives.
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, ...eventMessage(expireEventFor(expiry)) }));
      this.timers.delete(expiry.banId);
    } catch (error) {
      // Like Scheduler's retry policy: keep trying while the stack runs.
      this.onError(error, expiry);
      if (!this.closed) this.arm(expiry, RESEND_DELAY_MS);
    }
  }
}
