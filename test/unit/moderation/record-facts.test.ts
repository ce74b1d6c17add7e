import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { recordFacts } from '../../../functions/moderation/delivery/record-facts.js';

describe('recordFacts', () => {
  it('reads a record as Lambda delivers it', () => {
    const record = {
      messageId: 'm1',
      body: '{}',
      attributes: { MessageGroupId: '42', ApproximateReceiveCount: '3', SentTimestamp: '1700000000000' },
    } as unknown as SQSRecord;
    expect(recordFacts(record)).toEqual({
      messageId: 'm1',
      body: '{}',
      groupId: '42',
      receiveCount: 3,
      sentAt: 1_700_000_000_000,
    });
  });

  it('reads a record without attributes or body without throwing', () => {
    expect(recordFacts({ messageId: 'm2' } as unknown as SQSRecord)).toEqual({
      messageId: 'm2',
      body: undefined,
      groupId: undefined,
      receiveCount: 1,
      sentAt: undefined,
    });
    expect(
      recordFacts({
        messageId: 'm3',
        body: 7,
        attributes: { ApproximateReceiveCount: 'many' },
      } as unknown as SQSRecord),
    ).toMatchObject({ body: undefined, receiveCount: 1 });
  });
});
