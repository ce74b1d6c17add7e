/**
 * Agora credentials from Secrets Manager. With `AGORA_SECRET_ARN` set, the secret (JSON: either
 * `{"appId": "...", "appCertificate": "..."}` or `{"appToken": "..."}`) supplies the credentials,
 * read once at cold start; the rest of the settings still come from `AGORA_*` variables.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { AgoraChatClientOptions } from '../agora/index.js';
import { agoraClientOptionsFromEnv } from './agora-env.js';
import { ConfigError } from './config-error.js';

const secretSchema = z.union([
  z.object({ appId: z.string().regex(/^[0-9a-fA-F]{32}$/), appCertificate: z.string().regex(/^[0-9a-fA-F]{32}$/) }),
  z.object({ appToken: z.string().min(1) }),
]);

/** Client options from the environment, with credentials from the secret when one is named. */
export async function agoraClientOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env, secrets: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({})): Promise<AgoraChatClientOptions> {
  const arn = env.AGORA_SECRET_ARN;
  if (!arn) return agoraClientOptionsFromEnv(env);
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  let parsed: z.output<typeof secretSchema> | undefined;
  try {
    parsed = secretSchema.parse(JSON.parse(SecretString ?? ''));
  } catch {
    throw new ConfigError([
      `AGORA_SECRET_ARN: the secret ${arn} must hold JSON {"appId": "<32 hex>", "appCertificate": "<32 hex>"} or {"appToken": "..."}; put the credentials in it (see the README's deploy section)`,
    ]);
  }
  const credentials = 'appToken' in parsed ? { AGORA_APP_TOKEN: parsed.appToken } : { AGORA_APP_ID: parsed.appId, AGORA_APP_CERTIFICATE: parsed.appCertificate };
  return agoraClientOptionsFromEnv({ ...env, AGORA_APP_TOKEN: '', AGORA_APP_ID: '', AGORA_APP_CERTIFICATE: '', ...credentials });
}
