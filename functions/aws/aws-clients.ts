/**
 * AWS clients from the environment, for the CLI and the functions. In AWS nothing is set and the
 * SDK's defaults apply. An `AWS_ENDPOINT_URL_<SERVICE>` endpoint is passed explicitly: the SQS
 * client would otherwise prefer a queue URL's host (which for a local queue may not resolve), and
 * S3 on a local endpoint needs path-style addressing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqsClientFromEnv = (env: NodeJS.ProcessEnv = process.env) => new SQSClient(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {});

export const s3ClientFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  new S3Client(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true } : {});

export const dynamoClientFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  new DynamoDBClient(env.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {});

/** Per-call options of every adapter over an AWS client: the invocation's abort signal. */
export interface Abortable {
  /** Aborts the call (a Lambda's deadline). */
  signal?: AbortSignal | undefined;
}

/** The AWS SDK's per-call options (`send(command, options)`) for `call`. */
export function sdkOptions(call: Abortable = {}): { abortSignal?: AbortSignal } {
  return call.signal ? { abortSignal: call.signal } : {};
}
