/**
 * The callback secrets: the secret of each Agora Console callback rule that calls the ingress.
 * Locally `AGORA_CALLBACK_SECRET` (several separated by commas); in AWS the `callbackSecret`
 * field (a string or a list) of the secret named by `AGORA_CALLBACK_SECRET_ARN`, read once at
 * cold start. That secret is the callbacks' own: the public endpoints never read the Agora
 * credentials, which could mint tokens for the whole app.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { secretsManagerClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';

const secretText = z.string().trim().min(1);
const storedSchema = z.looseObject({ callbackSecret: z.union([secretText, z.array(secretText).min(1)]) });

/**
 * Read at cold start, before there is an invocation's signal: the Secrets Manager client's own
 * bounds keep a stalled read short (see `SECRETS_MANAGER_BOUNDS`).
 * @throws {ConfigError} when no secret is configured, naming where to put one.
 */
export async function callbackSecretsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  secrets: Pick<SecretsManagerClient, 'send'> = secretsManagerClientFromEnv(env),
): Promise<string[]> {
  const listed = (env.AGORA_CALLBACK_SECRET ?? '').split(',').map((secret) => secret.trim()).filter(Boolean);
  if (listed.length > 0) return listed;
  const arn = env.AGORA_CALLBACK_SECRET_ARN;
  if (!arn) throw new ConfigError(['AGORA_CALLBACK_SECRET: required (the secret of each Agora Console callback rule, separated by commas), unless AGORA_CALLBACK_SECRET_ARN names a secret with "callbackSecret"']);
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  let stored: z.output<typeof storedSchema> | undefined;
  try {
    stored = storedSchema.parse(JSON.parse(SecretString ?? ''));
  } catch {
    throw new ConfigError([`AGORA_CALLBACK_SECRET_ARN: the secret ${arn} needs "callbackSecret": the secret of your Agora Console callback rule (or a list of them); see the README's callbacks section`]);
  }
  return [stored.callbackSecret].flat();
}
