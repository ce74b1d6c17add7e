/** The DynamoDB message counters against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { DynamoDbMessageCounters } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeMessageCounters } from '../helpers/message-counters-contract.js';

const client = ledgerTableOnDynalite('counters-test');
const counters = () => new DynamoDbMessageCounters(client(), 'counters-test');

describeMessageCounters('dynamodb', counters);

/** The items each Query of the client read (its ScannedCount), as DynamoDB reports them. */
function scannedByQueries(dynamodb: DynamoDBClient): number[] {
  const scanned: number[] = [];
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'QueryCommand')
        scanned.push((result.output as { ScannedCount?: number }).ScannedCount ?? 0);
      return result;
    },
    { step: 'initialize', name: 'countScanned' },
  );
  return scanned;
}

test('a repeat read starts at its window: senders of the text before it are not read', async () => {
  // Prepare: 1,500 members sent the text an hour before the window; 3 send it inside.
  const T = 1_764_230_400_000;
  const entry = (groupId: string, textKey: string, sender: string, at: number) => ({
    groupId,
    textKey,
    sender,
    at,
    expiresAt: Math.floor(T / 1000) + 7_200,
  });
  const [common, fresh] = [randomUUID(), randomUUID()];
  const seeding = counters();
  for (let i = 0; i < 1_500; i++)
    await seeding.countTextSender(entry('g1', common, `early${i}`, T - 3_600_000 + i), { since: T, enough: 5 });
  for (const [i, sender] of ['a', 'b'].entries()) {
    await seeding.countTextSender(entry('g1', common, sender, T + i), { since: T - 1, enough: 5 });
    await seeding.countTextSender(entry('g1', fresh, sender, T + i), { since: T - 1, enough: 5 });
  }
  const dynamodb = client();
  const scanned = scannedByQueries(dynamodb);
  const measured = new DynamoDbMessageCounters(dynamodb, 'counters-test');

  // Act: a third sender of each text, the window starting just before the first of the three.
  const commonTimes = await measured.countTextSender(entry('g1', common, 'c', T + 10), { since: T - 1, enough: 5 });
  const freshTimes = await measured.countTextSender(entry('g1', fresh, 'c', T + 10), { since: T - 1, enough: 5 });

  // Assess: the common text reads its three senders in the window, as the fresh one does.
  expect(commonTimes.sort()).toEqual([T, T + 1, T + 10]);
  expect(freshTimes.sort()).toEqual([T, T + 1, T + 10]);
  expect(scanned).toEqual([3, 3]);
}, 60_000);
