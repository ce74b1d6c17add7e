/**
 * A ledger table on dynalite (DynamoDB's wire protocol) for one test file: started on a free port
 * before its tests and stopped after them. Returns the client, for use inside tests and hooks.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll } from 'vitest';
import { createLedgerTable } from '../../local/stack/ledger-table.js';
import { LOCAL_CREDENTIALS, REGION } from '../../local/stack/local-stack.js';

export function ledgerTableOnDynalite(tableName: string): () => DynamoDBClient {
  const server = dynalite({ createTableMs: 0 });
  let client: DynamoDBClient | undefined;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    client = new DynamoDBClient({
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    await createLedgerTable(client, tableName);
  });
  afterAll(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return () => client!;
}
