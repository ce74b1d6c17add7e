/**
 * From an HTTP request to a verified chat message, in the order that keeps untrusted input from
 * costing anything: the method, the size (before parsing), JSON, the signature and its freshness
 * (before any field but the signed ones is read), then the message's own fields, and, for a
 * `callId` that names its message, that it names this one. Each refusal carries its status and a
 * reason safe to send back (never the secret, never the expected signature).
 *
 * The message comes with the digest of its content: the endpoints claim its `callId` with it
 * before recording anything (see claim-callback.ts), since the signature does not cover it.
 */
import { groupIdSchema } from '../agora/index.js';
import { issueLines } from '../validation/index.js';
import { messageDigest, messageIdOfCallId } from './callback-identity.js';
import { messageCallbackSchema, messageKindOf, signedFieldsSchema } from './callback-schema.js';
import { signatureMatches } from './signature.js';

export interface CallbackRequest {
  method: string;
  /** The body as UTF-8 text. */
  body: string;
}

/** Why a request was refused, as a metric dimension and a log key. */
export const RefusalKind = {
  Method: 'method',
  TooLarge: 'too-large',
  NotJson: 'not-json',
  Signature: 'signature',
  Stale: 'stale',
  Invalid: 'invalid',
  /** A `callId` already accepted with other content (refused by the endpoints, 409). */
  Replay: 'replay',
} as const;
export type RefusalKind = (typeof RefusalKind)[keyof typeof RefusalKind];

export interface Refusal {
  status: 400 | 401 | 405 | 409 | 413;
  kind: RefusalKind;
  reason: string;
  /** A well-formed signature that matched none of the secrets: a newer secret might match it. */
  unmatched?: true;
}

/** A chat message from a verified callback: what the rules and the counters need. */
export interface ChatMessage {
  callId: string;
  /**
   * The message id; without one in the body, the one a callId of the form `{appKey}_{message id}`
   * names, else the callback id: what makes a message count once.
   */
  messageKey: string;
  messageId?: string;
  eventType?: string;
  chatType: 'chat' | 'groupchat';
  /** The group of a group message: `group_id`, or a digit-string `to` when that is missing. */
  groupId?: string;
  from: string;
  /** When the chat server got the message (the callback's `timestamp`), epoch milliseconds. */
  at: number;
  /** The text of the `txt` bodies, joined by new lines; undefined when there is none. */
  text?: string;
  /** Every body's type, `txt` included. */
  bodyTypes: string[];
  /** What the callback says about its message, digested (see callback-identity.ts). */
  digest: string;
}

export type CallbackReading =
  | { outcome: 'refused'; refusal: Refusal }
  | { outcome: 'ignored'; kind: string; callId: string; at: number }
  | { outcome: 'message'; message: ChatMessage };

export interface ReadOptions {
  /** The secrets of the Agora Console rules that call this endpoint. */
  secrets: readonly string[];
  maxBodyBytes: number;
  /** How far the signed timestamp may be from `now`, either way. */
  toleranceMs: number;
  now: number;
}

const refuse = (status: Refusal['status'], kind: RefusalKind, reason: string): CallbackReading => ({
  outcome: 'refused',
  refusal: { status, kind, reason },
});

/**
 * How deep a callback's JSON may nest. Agora's bodies nest a few levels (a custom message's
 * `customExts`, an `ext` object): a body past this is refused before anything walks it, since
 * the digest below walks the bodies recursively.
 */
export const MAX_NESTING_DEPTH = 64;

/** Whether `value` nests arrays and objects deeper than `max` levels, found without recursion. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (!next || typeof next !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(next)) if (child && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}

/** The `callId` of a request, for the log line of a failure; undefined when it has none. */
export function callIdOf(request: CallbackRequest): string | undefined {
  try {
    const { callId } = JSON.parse(request.body) as { callId?: unknown };
    return typeof callId === 'string' ? callId.slice(0, 512) : undefined;
  } catch {
    return undefined;
  }
}

export function readCallback(request: CallbackRequest, options: ReadOptions): CallbackReading {
  if (request.method !== 'POST')
    return refuse(405, RefusalKind.Method, `expected POST, got ${request.method.slice(0, 16)}`);
  const bytes = Buffer.byteLength(request.body, 'utf8');
  if (bytes > options.maxBodyBytes)
    return refuse(413, RefusalKind.TooLarge, `body of ${bytes} bytes is over the limit of ${options.maxBodyBytes}`);

  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return refuse(400, RefusalKind.NotJson, 'body is not JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return refuse(400, RefusalKind.NotJson, 'body is not a JSON object');
  if (nestsDeeperThan(body, MAX_NESTING_DEPTH))
    return refuse(400, RefusalKind.Invalid, `body nests deeper than ${MAX_NESTING_DEPTH} levels`);

  const signed = signedFieldsSchema.safeParse(body);
  if (!signed.success)
    return refuse(401, RefusalKind.Signature, `no valid signature fields: ${issueLines(signed.error).join('; ')}`);
  const { callId, security } = signed.data;
  const timestamp = String(signed.data.timestamp);
  if (!signatureMatches(security, { callId, timestamp }, options.secrets))
    return {
      outcome: 'refused',
      refusal: { status: 401, kind: RefusalKind.Signature, reason: 'signature does not match', unmatched: true },
    };
  const at = Number(timestamp);
  if (Math.abs(options.now - at) > options.toleranceMs) {
    return refuse(
      401,
      RefusalKind.Stale,
      `timestamp ${timestamp} is more than ${options.toleranceMs / 1000} s from the server's time`,
    );
  }

  const kind = messageKindOf(body as Record<string, unknown>);
  if (!kind.message) return { outcome: 'ignored', kind: kind.kind, callId, at };
  const parsed = messageCallbackSchema.safeParse(body);
  if (!parsed.success)
    return refuse(400, RefusalKind.Invalid, issueLines(parsed.error, { whole: '(body)' }).join('; '));

  const fields = parsed.data;
  const named = messageIdOfCallId(callId);
  if (named !== undefined && fields.msg_id !== undefined && named !== fields.msg_id) {
    return refuse(
      401,
      RefusalKind.Signature,
      `callId names message ${named}, but msg_id is ${fields.msg_id.slice(0, 32)}`,
    );
  }
  const texts = fields.payload.bodies.filter((b) => b.type === 'txt').map((b) => b.msg!);
  const groupId =
    fields.chat_type === 'groupchat'
      ? (fields.group_id ?? (groupIdSchema.safeParse(fields.to).success ? fields.to : undefined))
      : undefined;
  // Without msg_id, the id a callId of the Easemob form names, so that the callbacks of one message agree.
  const messageKey = fields.msg_id ?? named ?? callId;
  return {
    outcome: 'message',
    message: {
      callId,
      messageKey,
      ...(fields.msg_id && { messageId: fields.msg_id }),
      ...(fields.eventType && { eventType: fields.eventType }),
      chatType: fields.chat_type,
      ...(groupId && { groupId }),
      from: fields.from,
      at,
      ...(texts.length > 0 && { text: texts.join('\n') }),
      bodyTypes: fields.payload.bodies.map((b) => b.type),
      digest: messageDigest({ groupId, from: fields.from, messageKey, bodies: fields.payload.bodies }),
    },
  };
}
