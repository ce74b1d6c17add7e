/** The DynamoDB ledger against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbLedger } from '../../functions/ledger/index.js';
import { createLedgerTable } from '../../local/stack/ledger-table.js';
import { LOCAL_CREDENTIALS, REGION } from '../../local/stack/local-stack.js';
import { describeLedger } from '../helpers/ledger-contract.js';

const server = dynalite({ createTableMs: 0 });
let client: DynamoDBClient;
let ledger: DynamoDbLedger;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({ region: REGION, credentials: LOCAL_CREDENTIALS, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  await createLedgerTable(client, 'ledger-test');
  ledger = new DynamoDbLedger(client, 'ledger-test');
});
afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describeLedger('dynamodb', () => ledger);
