/**
 * What ties a verified callback to its content, since Agora's signature covers only `callId`,
 * the secret and `timestamp`:
 *
 * - `messageDigest`: a digest of the fields that decide what the callback records (the group,
 *   the sender, the message id and the bodies). A `callId` is accepted with one digest only (see
 *   claim-callback.ts): Agora's retry repeats the body, and a `chat_offline` copy under the same
 *   `callId` says the same about the message, while a replay with another group, message or text
 *   does not. `eventType` and the rest of the envelope are left out for that reason.
 * - `messageIdOfCallId`: the message id a `callId` of the Easemob form `{appKey}_{message id}`
 *   names, which the body's `msg_id` must then match: under that form the signature covers the
 *   message id too.
 */
import { createHash } from 'node:crypto';
import { sortedKeys } from '../validation/index.js';

/** A message id as Agora Chat writes it: digits, at most 20 (a 64-bit number); a UUID never is. */
const MESSAGE_ID_SUFFIX = /_(\d{1,20})$/;

export function messageIdOfCallId(callId: string): string | undefined {
  return MESSAGE_ID_SUFFIX.exec(callId)?.[1];
}

interface DigestedContent {
  groupId: string | undefined;
  from: string;
  messageKey: string;
  /** The bodies as the callback carries them (text, image URLs, custom fields, ...). */
  bodies: readonly unknown[];
}

/**
 * The digest an ignored callback (a group operation, a receipt, ...) claims its `callId` with:
 * no message's digest can equal it (those digest a JSON array), so its signature cannot be
 * replayed as a message.
 */
export function ignoredDigest(kind: string): string {
  return createHash('sha256').update(`ignored\0${kind}`, 'utf8').digest('hex');
}

/** SHA-256 hex of the content, as canonical JSON: the same content always gives the same digest. */
export function messageDigest(content: DigestedContent): string {
  const canonical = JSON.stringify([
    content.groupId ?? null,
    content.from,
    content.messageKey,
    content.bodies.map(sortedKeys),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
