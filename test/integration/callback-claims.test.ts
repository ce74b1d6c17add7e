/** The DynamoDB callback claims against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DynamoDbCallbackClaims } from '../../functions/ledger/index.js';
import { createLedgerTable } from '../../local/stack/ledger-table.js';
import { LOCAL_CREDENTIALS, REGION } from '../../local/stack/local-stack.js';
import { describeCallbackClaims } from '../helpers/callback-claims-contract.js';

const server = dynalite({ createTableMs: 0 });
let client: DynamoDBClient;
let claims: DynamoDbCallbackClaims;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({ region: REGION, credentials: LOCAL_CREDENTIALS, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  await createLedgerTable(client, 'claims-test');
  claims = new DynamoDbCallbackClaims(client, 'claims-test');
});
afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describeCallbackClaims('dynamodb', () => claims);

test('a claim is one item under its own prefix, its expiry a number for the table\'s TTL', async () => {
  await claims.claimCallback({ callId: 'acme#chat_1249', digest: 'd1', expiresAt: 1_764_500_000 });

  const { Item } = await client.send(new GetItemCommand({ TableName: 'claims-test', Key: { pk: { S: 'CALL#acme#chat_1249' }, sk: { S: 'CLAIM' } } }));
  expect(Item).toEqual({ pk: { S: 'CALL#acme#chat_1249' }, sk: { S: 'CLAIM' }, digest: { S: 'd1' }, expiresAt: { N: '1764500000' } });
});
