/** A secret in Secrets Manager that holds JSON, read and checked against what it must hold. */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { z } from 'zod';
import { ConfigError } from '../config/index.js';
import type { CallOptions } from '../agora/index.js';
import { sdkOptions } from './aws-clients.js';

/** What reading a secret needs of the Secrets Manager client (tests pass a stand-in). */
export type SecretsReader = Pick<SecretsManagerClient, 'send'>;

/**
 * The JSON the secret `arn` holds, parsed by `schema`.
 * @param problem what the operator is told when the secret holds anything else (the setting first).
 * @throws {ConfigError} with `problem`: the secret is not JSON, or not what `schema` takes.
 */
export async function readJsonSecret<S extends z.ZodType>(
  secrets: SecretsReader,
  arn: string,
  schema: S,
  problem: string,
  call?: CallOptions,
): Promise<z.output<S>> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }), sdkOptions(call));
  try {
    return schema.parse(JSON.parse(SecretString ?? ''));
  } catch {
    throw new ConfigError([problem]);
  }
}
