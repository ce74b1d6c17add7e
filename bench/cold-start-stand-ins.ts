/**
 * The AWS services a pre-delivery function talks to, served from a process of their own so that
 * the cold-start benchmark's figures are the function's work and its waits, not the stand-ins'
 * CPU: the local stack (DynamoDB on dynalite, the SQS queue on fauxqs) and a Secrets Manager
 * stand-in answering `GetSecretValue` with `{"callbackSecret": ...}`, so that init reads its
 * secret over the wire as it does in Lambda.
 *
 * Prints one line `READY {"env": {...}, "secret": "..."}` (the variables pointing a function at
 * these services, and the callback secret), then serves until stdin closes. Run by
 * bench/cold-start.ts.
 */
import '../local/quiet-sdk-notice.js';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalStack } from '../local/stack/local-stack.js';

/** The secret's name in the stand-in: any ARN-shaped value the function is given. */
export const CALLBACK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:cold-start-callbacks-AbCdEf';

/** `GetSecretValue` (AWS JSON 1.1) for one secret; anything else is answered 400. */
function startSecretsManager(arn: string, secretString: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const found = target === 'secretsmanager.GetSecretValue' && SecretId === arn;
      const body = found
        ? {
            ARN: arn,
            Name: 'cold-start-callbacks',
            SecretString: secretString,
            VersionId: 'v1',
            VersionStages: ['AWSCURRENT'],
            CreatedDate: 1_700_000_000,
          }
        : { __type: 'ResourceNotFoundException', message: `no secret ${SecretId} (${String(target)})` };
      response.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const secret = randomBytes(16).toString('hex');
const stack = await startLocalStack({
  client: { rateLimits: false },
  logLevel: 'SILENT',
  startPoller: false,
  callbacks: { secret },
});
const secretsManager = await startSecretsManager(CALLBACK_SECRET_ARN, JSON.stringify({ callbackSecret: secret }));
const { AGORA_CALLBACK_SECRET: _listed, ...env } = stack.env;
console.log(
  `READY ${JSON.stringify({ env: { ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url, AGORA_CALLBACK_SECRET_ARN: CALLBACK_SECRET_ARN }, secret })}`,
);

process.stdin.resume();
process.stdin.on('close', () => {
  secretsManager.server.close();
  void stack.close().then(() => process.exit(0));
});
