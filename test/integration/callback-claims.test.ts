/** The DynamoDB callback claims against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { DynamoDbCallbackClaims } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeCallbackClaims } from '../helpers/callback-claims-contract.js';

const client = ledgerTableOnDynalite('claims-test');
// By default a clock before every expiry in the contract.
const claims = (clock: () => number = () => 0) => new DynamoDbCallbackClaims(client(), 'claims-test', clock);

describeCallbackClaims('dynamodb', claims);

test("a claim is one item under its own prefix, its expiry a number for the table's TTL", async () => {
  await claims().claimCallback({ callId: 'acme#chat_1249', digest: 'd1', expiresAt: 1_764_500_000 });

  const { Item } = await client().send(
    new GetItemCommand({ TableName: 'claims-test', Key: { pk: { S: 'CALL#acme#chat_1249' }, sk: { S: 'CLAIM' } } }),
  );
  expect(Item).toEqual({
    pk: { S: 'CALL#acme#chat_1249' },
    sk: { S: 'CLAIM' },
    digest: { S: 'd1' },
    expiresAt: { N: '1764500000' },
  });
});

test('prepare opens the connection with a put that cannot succeed: nothing written, the next claim as usual', async () => {
  const store = claims();
  await expect(store.prepare()).resolves.toBeUndefined();

  const { Count } = await client().send(
    new ScanCommand({
      TableName: 'claims-test',
      Select: 'COUNT',
      FilterExpression: 'sk = :prepare',
      ExpressionAttributeValues: { ':prepare': { S: 'PREPARE' } },
    }),
  );
  expect(Count).toBe(0);
  await expect(
    store.claimCallback({ callId: 'acme#chat_prepared', digest: 'd1', expiresAt: 1_764_500_000 }),
  ).resolves.toBe('claimed');
});

test('prepare against a table that does not exist rejects: the caller logs it and goes on', async () => {
  await expect(new DynamoDbCallbackClaims(client(), 'no-such-table').prepare()).rejects.toThrow(/resource not found/i);
});
