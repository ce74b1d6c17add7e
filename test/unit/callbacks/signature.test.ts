import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { callbackSignature, signatureMatches } from '../../../functions/callbacks/signature.js';

describe('callback signature', () => {
  test('is the lowercase hex MD5 of callId + secret + timestamp', () => {
    // MD5("org#app_1" + "s3cret" + "1764230400000"), computed independently.
    const expected = createHash('md5').update('org#app_1s3cret1764230400000').digest('hex');
    expect(callbackSignature('org#app_1', 's3cret', '1764230400000')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
  });

  test('matches under any of the configured secrets, in either letter case', () => {
    const fields = { callId: 'org#app_1', timestamp: '1764230400000' };
    const security = callbackSignature(fields.callId, 'second', fields.timestamp);
    expect(signatureMatches(security, fields, ['first', 'second'])).toBe(true);
    expect(signatureMatches(security.toUpperCase(), fields, ['second'])).toBe(true);
    expect(signatureMatches(security, fields, ['first'])).toBe(false);
    expect(signatureMatches(security, fields, [])).toBe(false);
    expect(signatureMatches('not hex at all', fields, ['second'])).toBe(false);
  });

  test('any change to a signed field, or another secret, breaks it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.string({ minLength: 1 }),
        (callId, secret, timestamp, otherSecret) => {
          const fields = { callId, timestamp: String(timestamp) };
          const security = callbackSignature(callId, secret, fields.timestamp);
          return (
            signatureMatches(security, fields, [secret]) &&
            !signatureMatches(security, { callId: `${callId}x`, timestamp: fields.timestamp }, [secret]) &&
            !signatureMatches(security, { callId, timestamp: String(timestamp + 1) }, [secret]) &&
            (otherSecret === secret || !signatureMatches(security, fields, [otherSecret]))
          );
        },
      ),
    );
  });
});
