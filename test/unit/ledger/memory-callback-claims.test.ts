import { describe, expect, test } from 'vitest';
import { MemoryCallbackClaims } from '../../../functions/ledger/memory-callback-claims.js';
import { describeCallbackClaims } from '../../helpers/callback-claims-contract.js';

// A clock before every expiry in the contract.
const claims = new MemoryCallbackClaims(() => 0);
describeCallbackClaims('memory', () => claims);

describe('memory: expiry', () => {
  test('a claim past its expiry is gone, as TTL would remove it', async () => {
    let now = 0;
    const expiring = new MemoryCallbackClaims(() => now);
    await expiring.claimCallback({ callId: 'c', digest: 'a', expiresAt: 10 });
    now = 11;

    expect(await expiring.claimCallback({ callId: 'c', digest: 'b', expiresAt: 20 })).toBe('claimed');
  });
});
