/**
 * AWS clients from the environment, for the CLI and the functions. In AWS nothing is set and the
 * SDK's defaults apply. An `AWS_ENDPOINT_URL_<SERVICE>` endpoint is passed explicitly: the SQS
 * client would otherwise prefer a queue URL's host (which for a local queue may not resolve), and
 * S3 on a local endpoint needs path-style addressing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CallOptions } from '../agora/index.js';

export const sqsClientFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  new SQSClient(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {});

export const s3ClientFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  new S3Client(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true } : {});

export const dynamoClientFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  new DynamoDBClient(env.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {});

/**
 * Bounds of every Secrets Manager call. A secret is read while a function builds its
 * dependencies, before it has an invocation's signal to pass: these bounds keep a stalled
 * `GetSecretValue` from holding that first invocation (a pre-delivery function has 5 s). The SDK
 * only warns when a request outlives `requestTimeout` unless told to throw. Reads made while an
 * event is handled (after a 401) also carry the invocation's signal.
 */
export const SECRETS_MANAGER_BOUNDS = { connectMs: 1_000, requestMs: 1_500, maxAttempts: 2 } as const;

/** @param overrides region and credentials for tests; the bounds above always apply. */
export const secretsManagerClientFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  overrides: Pick<SecretsManagerClientConfig, 'region' | 'credentials'> = {},
) =>
  new SecretsManagerClient({
    ...overrides,
    ...(env.AWS_ENDPOINT_URL_SECRETS_MANAGER && { endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER }),
    maxAttempts: SECRETS_MANAGER_BOUNDS.maxAttempts,
    requestHandler: {
      connectionTimeout: SECRETS_MANAGER_BOUNDS.connectMs,
      requestTimeout: SECRETS_MANAGER_BOUNDS.requestMs,
      throwOnRequestTimeout: true,
    },
  });

/**
 * @deprecated The Agora client's `CallOptions` (agora module) are the per-call options of every
 * adapter too; this alias remains only until the callbacks' files say `CallOptions`.
 */
export type Abortable = CallOptions;

/**
 * The AWS SDK's per-call options (`send(command, options)`) for `call`: an SDK call ends by the
 * signal (the deadline bounds only the Agora client's attempts and waits).
 */
export function sdkOptions(call: CallOptions = {}): { abortSignal?: AbortSignal } {
  return call.signal ? { abortSignal: call.signal } : {};
}
