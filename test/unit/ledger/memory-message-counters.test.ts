import { describe, expect, test } from 'vitest';
import { MemoryMessageCounters } from '../../../functions/ledger/memory-message-counters.js';
import { describeMessageCounters } from '../../helpers/message-counters-contract.js';

// A clock before every expiry in the contract's times.
const counters = new MemoryMessageCounters(() => 0);
describeMessageCounters('memory', () => counters);

describe('memory: expiry', () => {
  test('drops entries past their expiry, as TTL would', async () => {
    let now = 0;
    const expiring = new MemoryMessageCounters(() => now);
    await expiring.countGroupMessage(
      { groupId: '1', messageKey: 'm1', at: 1_000, expiresAt: 10 },
      { since: 0, limit: 10 },
    );
    now = 11;

    expect(
      await expiring.countGroupMessage(
        { groupId: '1', messageKey: 'm2', at: 2_000, expiresAt: 20 },
        { since: 0, limit: 10 },
      ),
    ).toEqual([2_000]);
    expect(expiring.messages.get('1')?.size).toBe(1);
  });
});
