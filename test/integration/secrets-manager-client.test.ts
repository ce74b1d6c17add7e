/**
 * The Secrets Manager client of the functions against an endpoint that accepts requests and never
 * answers: a stalled GetSecretValue must fail within the client's bounds, not hold the invocation.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { secretsManagerClientFromEnv } from '../../functions/aws/index.js';
import { SECRETS_MANAGER_BOUNDS } from '../../functions/aws/aws-clients.js';

let server: Server;
let requests = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      if (chunk.toString('latin1').startsWith('POST ')) requests += 1;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the Secrets Manager client', () => {
  test('a read that gets no answer fails after its bounded attempts', async () => {
    // Prepare
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = secretsManagerClientFromEnv(
      { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint },
      { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    );

    // Act
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: 'stalled' }))
      .catch((e: unknown) => e as Error);

    // Assess: the test's own timeout is the bound that an unbounded client would break.
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(requests).toBe(SECRETS_MANAGER_BOUNDS.maxAttempts);
    client.destroy();
  }, 15_000);
});
