/**
 * The DLQ message for a record that is parked, built so that SQS always accepts it: characters
 * SQS refuses escaped, body and attributes within `PARKED_MESSAGE_LIMIT_BYTES` (a body too large
 * is cut, and the attributes say so). See docs/architecture.md#parking.
 */
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

export const ParkKind = {
  /** The body is not a valid moderation event. */
  InvalidEvent: 'invalid-event',
  /** A valid event no retry can carry out: unknown group, 4xx, spent quota. */
  PermanentFailure: 'permanent-failure',
  /** A failure that might have passed, still there after the handler's last retry. */
  RetriesExhausted: 'retries-exhausted',
} as const;
export type ParkKind = (typeof ParkKind)[keyof typeof ParkKind];

/** Message attributes on a parked message, for operators and redrive tooling. */
export const ParkAttribute = {
  Kind: 'failure-kind',
  Reason: 'failure-reason',
  SourceMessageId: 'source-message-id',
  ReceiveCount: 'receive-count',
  ParkedAt: 'parked-at',
  /** UTF-8 size of the original body. */
  BodyBytes: 'body-bytes',
  /** SHA-256 (hex) of the original body. */
  BodySha256: 'body-sha256',
  /** `true` when the parked body is the original's first bytes only. */
  BodyTruncated: 'body-truncated',
} as const;

/**
 * The most a parked message weighs, body and attributes counted as SQS counts them: 1 KiB short
 * of the 256 KiB both of this system's queues state (a margin on how the size is counted), and
 * within what any SQS queue can be set to accept.
 */
export const PARKED_MESSAGE_LIMIT_BYTES = 261_120;
/** Characters of `failure-reason`; longer reasons are cut (the log line keeps them whole). */
export const MAX_REASON_LENGTH = 2_000;
/** SQS refuses an empty body. */
export const EMPTY_BODY_PLACEHOLDER = '(no body)';

// What SQS accepts in bodies and attribute values: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
const OUTSIDE_SQS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` with every character SQS refuses (control characters, lone surrogates, U+FFFE/FFFF) written as `\uXXXX`. */
export function sqsSafe(text: string): string {
  return text.replace(OUTSIDE_SQS, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** At most `max` UTF-16 units of `text`, never ending in half a surrogate pair. */
function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const high = text.charCodeAt(max - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/** At most `max` bytes of `text` in UTF-8, cut at a character boundary. */
function cutBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, max);
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/** How SQS weighs attributes against its size limit: name, data type and value, in bytes. */
function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, value]) =>
      sum + Buffer.byteLength(name) + Buffer.byteLength(value.DataType!) + Buffer.byteLength(value.StringValue ?? ''),
    0,
  );
}

export interface ParkRequest {
  body: string | undefined;
  kind: ParkKind;
  reason: string;
  sourceMessageId: string;
  receiveCount: number;
  parkedAt: Date;
}

export interface ParkedMessage {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

export function parkedMessage(request: ParkRequest): ParkedMessage {
  const original = request.body ?? '';
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  const number = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });
  const attributes: Record<string, MessageAttributeValue> = {
    [ParkAttribute.Kind]: text(request.kind),
    [ParkAttribute.Reason]: text(cutChars(sqsSafe(request.reason), MAX_REASON_LENGTH) || '(no reason given)'),
    [ParkAttribute.SourceMessageId]: text(sqsSafe(request.sourceMessageId) || '(none)'),
    [ParkAttribute.ReceiveCount]: number(request.receiveCount),
    [ParkAttribute.ParkedAt]: text(request.parkedAt.toISOString()),
    [ParkAttribute.BodyBytes]: number(Buffer.byteLength(original)),
    [ParkAttribute.BodySha256]: text(createHash('sha256').update(original).digest('hex')),
    // Measured with the longer of the two values, so the budget below holds either way.
    [ParkAttribute.BodyTruncated]: text('false'),
  };
  const safeBody = sqsSafe(original) || EMPTY_BODY_PLACEHOLDER;
  const budget = PARKED_MESSAGE_LIMIT_BYTES - attributeBytes(attributes);
  if (Buffer.byteLength(safeBody) <= budget) return { body: safeBody, attributes };
  return {
    body: cutBytes(safeBody, budget),
    attributes: { ...attributes, [ParkAttribute.BodyTruncated]: text('true') },
  };
}
