/**
 * Agora Chat's callback signature: `security` is the lowercase hex MD5 of
 * `callId + secret + timestamp` (plain concatenation, the timestamp as the body's own digits).
 * It is the only authentication a callback has (Agora cannot sign with AWS credentials and
 * documents no sender IP range). It covers those three fields, not the rest of the body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const MD5_HEX = /^[0-9a-f]{32}$/;

export function callbackSignature(callId: string, secret: string, timestamp: string): string {
  return createHash('md5').update(`${callId}${secret}${timestamp}`, 'utf8').digest('hex');
}

/**
 * Whether `security` is the signature of the fields under one of `secrets` (each Agora Console
 * rule has its own), compared in constant time. Every secret is tried, so the time taken does
 * not tell which one matched either.
 */
export function signatureMatches(
  security: string,
  fields: { callId: string; timestamp: string },
  secrets: readonly string[],
): boolean {
  const given = security.toLowerCase();
  if (!MD5_HEX.test(given)) return false;
  const givenBytes = Buffer.from(given, 'utf8');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(callbackSignature(fields.callId, secret, fields.timestamp), 'utf8');
    if (timingSafeEqual(expected, givenBytes)) matched = true;
  }
  return matched;
}
