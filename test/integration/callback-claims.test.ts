/** The DynamoDB callback claims against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { DynamoDbCallbackClaims } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeCallbackClaims } from '../helpers/callback-claims-contract.js';

const client = ledgerTableOnDynalite('claims-test');
// By default a clock before every expiry in the contract.
const claims = (clock: () => number = () => 0) => new DynamoDbCallbackClaims(client(), 'claims-test', clock);

describeCallbackClaims('dynamodb', claims);

test('a claim is one item under its own prefix, its expiry a number for the table\'s TTL', async () => {
  await claims().claimCallback({ callId: 'acme#chat_1249', digest: 'd1', expiresAt: 1_764_500_000 });

  const { Item } = await client().send(new GetItemCommand({ TableName: 'claims-test', Key: { pk: { S: 'CALL#acme#chat_1249' }, sk: { S: 'CLAIM' } } }));
  expect(Item).toEqual({ pk: { S: 'CALL#acme#chat_1249' }, sk: { S: 'CLAIM' }, digest: { S: 'd1' }, expiresAt: { N: '1764500000' } });
});
