/**
 * The producer side: validates moderation events as the handler will (the same schema, limits and
 * time rule) and sends them to the FIFO queue in batches, each in its group's message group
 * (ordering per chat group) with a deduplication id derived from the event's id and content
 * (`eventMessage`): a resend of the same event within SQS's 5-minute window is dropped by the
 * queue, later by the ledger; an id reused for another event reaches the handler, which parks it.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { CallOptions } from '../agora/index.js';
import { sdkOptions } from '../aws/index.js';
import { eventMessage } from './deduplication.js';
import { checkModerationEvent, type EventClock, type ModerationEvent } from './schema.js';

const SQS_BATCH_LIMIT = 10;
const SQS_BATCH_BYTES = 262_144;

/** Some events are not valid; none was sent. */
export class InvalidEventsError extends Error {
  override name = 'InvalidEventsError';
  constructor(readonly problems: { index: number; reason: string }[]) {
    super(
      `${problems.length} invalid event(s):\n  ${problems.map((p) => `#${p.index + 1}: ${p.reason}`).join('\n  ')}`,
    );
  }
}

export interface SentEvent {
  id: string;
  groupId: string;
  type: string;
  /** The id SQS gave the queue message (not the chat message's `messageId` some events carry). */
  queueMessageId: string;
}

export interface SendReport {
  sent: SentEvent[];
  /** Events SQS refused after every attempt, with its reason. */
  failed: { id: string; groupId: string; reason: string }[];
}

export interface SendOptions extends CallOptions {
  /** Attempts per entry that SQS reports as failed without the sender's fault. @default 3 */
  maxAttempts?: number;
  /** How far ahead of this machine's clock an event may be dated, in seconds. @default 300 */
  clockSkewSeconds?: number;
  /** Called after each batch, for progress displays. */
  onBatch?: (report: SendReport) => void;
}

/**
 * Checks every event before anything is sent, against `clock` (default: now, 300 s of skew).
 * @throws {InvalidEventsError}
 */
export function validateEvents(events: unknown[], clock: EventClock = { now: new Date() }): ModerationEvent[] {
  const problems: { index: number; reason: string }[] = [];
  const valid: ModerationEvent[] = [];
  events.forEach((candidate, index) => {
    const checked = checkModerationEvent(candidate, clock);
    if (checked.ok) valid.push(checked.event);
    else problems.push({ index, reason: checked.reason });
  });
  if (problems.length > 0) throw new InvalidEventsError(problems);
  return valid;
}

function entryFor(event: ModerationEvent, index: number): SendMessageBatchRequestEntry {
  return { Id: String(index), ...eventMessage(event) };
}

/** Splits entries into SQS batches: at most 10 entries and 256 KiB each. */
function* batches(entries: SendMessageBatchRequestEntry[]): Generator<SendMessageBatchRequestEntry[]> {
  let batch: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody!);
    if (batch.length === SQS_BATCH_LIMIT || (batch.length > 0 && bytes + size > SQS_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Validates all events, then sends them in order. Entries SQS fails on its side are resent;
 * entries it refuses as the sender's fault are reported in `failed`.
 * @throws {InvalidEventsError} before sending anything, if any event is invalid.
 */
export async function sendModerationEvents(
  sqs: SQSClient,
  queueUrl: string,
  events: unknown[],
  options: SendOptions = {},
): Promise<SendReport> {
  const valid = validateEvents(events, {
    now: new Date(),
    ...(options.clockSkewSeconds !== undefined && { clockSkewSeconds: options.clockSkewSeconds }),
  });
  const report: SendReport = { sent: [], failed: [] };
  for (const batch of batches(valid.map(entryFor))) {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
        sdkOptions(options),
      );
      const lastAttempt = attempt >= (options.maxAttempts ?? 3);
      // Only the entries of this request count: an answer naming another id is ignored.
      const unanswered = new Map(pending.map((entry) => [entry.Id!, entry]));
      for (const ok of result.Successful ?? []) {
        if (!unanswered.delete(ok.Id!)) continue;
        const event = valid[Number(ok.Id)]!;
        report.sent.push({ id: event.id, groupId: event.groupId, type: event.type, queueMessageId: ok.MessageId! });
      }
      const retry: SendMessageBatchRequestEntry[] = [];
      for (const failure of result.Failed ?? []) {
        const entry = unanswered.get(failure.Id!);
        if (!entry) continue;
        unanswered.delete(failure.Id!);
        const event = valid[Number(failure.Id)]!;
        if (!failure.SenderFault && !lastAttempt) retry.push(entry);
        else
          report.failed.push({
            id: event.id,
            groupId: event.groupId,
            reason: `${failure.Code}: ${failure.Message ?? ''}`.trim(),
          });
      }
      // An entry SQS answered neither way may or may not be on the queue: sent again (its
      // deduplication id drops a second copy), and reported as failed when it stays unconfirmed.
      for (const [id, entry] of unanswered) {
        const event = valid[Number(id)]!;
        if (!lastAttempt) retry.push(entry);
        else
          report.failed.push({
            id: event.id,
            groupId: event.groupId,
            reason: 'SQS confirmed neither that it took the event nor that it refused it',
          });
      }
      pending = retry;
    }
    options.onBatch?.(report);
  }
  return report;
}
