/**
 * The CLI's AWS clients, readied by `prepareAwsClient`, against loopback servers that misbehave:
 * a call that gets no answer, or an answer that is no AWS answer, ends in one error naming the
 * service and the endpoint, within the bounds, after the SDK's retries.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AwsEndpointError, prepareAwsClient } from '../../../functions/cli/aws-settings.js';
import { ScriptedServer } from '../../helpers/scripted-server.js';

const BOUNDS = { connectMs: 500, idleMs: 200 } as const;

describe('prepareAwsClient', () => {
  let server: ScriptedServer;
  let client: DynamoDBClient;
  const getItem = () =>
    client.send(new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: 'GROUP#1' }, sk: { S: 'STATE' } } }));

  beforeEach(async () => {
    server = await ScriptedServer.start();
    client = new DynamoDBClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 2,
    });
    await prepareAwsClient(client, BOUNDS);
  });
  afterEach(() => server.close());

  test('an endpoint that accepts the request and never answers: no answer for the idle bound, after the retries', async () => {
    server.fallback = 'hang';
    const error = await getItem().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsEndpointError);
    expect((error as Error).message).toBe(`DynamoDB at ${new URL(server.url).origin}: no answer for 0.2 s`);
    expect(server.requests).toHaveLength(2);
  });

  test.each([
    [503, '<html><body>Service Unavailable</body></html>'],
    [500, 'oops'],
    [200, 'not json'],
  ])('an answer of HTTP %i that is no AWS answer is named so, with its status', async (status, body) => {
    server.fallback = { status, body, headers: { 'content-type': 'text/html' } };
    const error = await getItem().catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      `DynamoDB at ${new URL(server.url).origin}: answered HTTP ${status} with a body that is not an AWS answer`,
    );
  });

  test("AWS's own refusals pass through as they are", async () => {
    server.fallback = {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    };
    const error = await getItem().catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(AwsEndpointError);
    expect((error as Error).name).toBe('ResourceNotFoundException');
  });

  test('a client readied twice is readied once', async () => {
    await expect(prepareAwsClient(client, BOUNDS)).resolves.toBeUndefined();
    server.fallback = 'hang';
    expect(((await getItem().catch((e: unknown) => e)) as Error).message).toMatch(/no answer for 0.2 s$/);
  });
});
