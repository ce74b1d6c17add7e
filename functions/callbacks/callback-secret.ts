/**
 * The callback secrets: the secret of each Agora Console callback rule that calls the ingress.
 * Locally `AGORA_CALLBACK_SECRET` (several separated by commas); in AWS the `callbackSecret`
 * field (a string or a list) of the secret named by `AGORA_CALLBACK_SECRET_ARN`, read at cold
 * start, and read again after a signature that matches none of them (at most once a minute, as
 * the Agora credentials are after a 401): a rule added or whose secret changed in the Console,
 * then in the secret, is taken by the running instances too. That secret is the callbacks' own:
 * the public endpoints never read the Agora credentials, which could mint tokens for the whole
 * app.
 */
import * as z from 'zod';
import {
  readJsonSecret,
  RereadableSecret,
  secretsManagerClientFromEnv,
  type Abortable,
  type SecretsReader,
} from '../aws/index.js';
import { ConfigError } from '../config/index.js';

const secretText = z.string().trim().min(1);
const storedSchema = z.looseObject({ callbackSecret: z.union([secretText, z.array(secretText).min(1)]) });

async function readStored(secrets: SecretsReader, arn: string, call?: Abortable): Promise<string[]> {
  const problem = `AGORA_CALLBACK_SECRET_ARN: the secret ${arn} needs "callbackSecret": the secret of your Agora Console callback rule (or a list of them); see the README's callbacks section`;
  const stored = await readJsonSecret(secrets, arn, storedSchema, problem, call);
  return [stored.callbackSecret].flat();
}

/** The secrets in use, and, when they come from Secrets Manager, a way to read them again. */
export type CallbackSecrets = RereadableSecret<readonly string[]>;

/**
 * The secrets, from `AGORA_CALLBACK_SECRET` or the secret of `AGORA_CALLBACK_SECRET_ARN`. The
 * first read comes at cold start, before there is an invocation's signal: the Secrets Manager
 * client's own bounds keep a stalled read short (see `SECRETS_MANAGER_BOUNDS`).
 * @param now the clock of the once-a-minute bound on reading again, for tests
 * @throws {ConfigError} when no secret is configured, naming where to put one.
 */
export async function callbackSecretSourceFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  secrets: SecretsReader = secretsManagerClientFromEnv(env),
  now: () => number = Date.now,
): Promise<CallbackSecrets> {
  const listed = (env.AGORA_CALLBACK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (listed.length > 0) return new RereadableSecret<readonly string[]>(listed);
  const arn = env.AGORA_CALLBACK_SECRET_ARN;
  if (!arn)
    throw new ConfigError([
      'AGORA_CALLBACK_SECRET: required (the secret of each Agora Console callback rule, separated by commas), unless AGORA_CALLBACK_SECRET_ARN names a secret with "callbackSecret"',
    ]);
  const read = (call?: Abortable) => readStored(secrets, arn, call);
  return new RereadableSecret<readonly string[]>(await read(), read, now);
}

/**
 * The secrets as a list, read once (the local tools).
 * @throws {ConfigError} as `callbackSecretSourceFromEnvironment`.
 */
export async function callbackSecretsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  secrets: SecretsReader = secretsManagerClientFromEnv(env),
): Promise<string[]> {
  return [...(await callbackSecretSourceFromEnvironment(env, secrets)).current];
}
