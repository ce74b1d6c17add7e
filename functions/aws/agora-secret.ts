/**
 * Agora credentials from Secrets Manager. With `AGORA_SECRET_ARN` set, the secret (JSON: either
 * `{"appId": "...", "appCertificate": "..."}` or `{"appToken": "..."}`) supplies the credentials;
 * the rest of the settings still come from `AGORA_*` variables.
 *
 * The secret is read when a function builds its dependencies. The stack creates it empty, so a
 * function started before it is filled fails its build, and builds again on its next invocation
 * (see the Lambda shell's lazy handler). Credentials changed later are picked up after a 401: the
 * token provider reads the secret again (at most once a minute) before minting anew.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { MintingTokenProvider, StaticTokenProvider, type AgoraChatClientOptions, type TokenProvider } from '../agora/index.js';
import { agoraClientOptionsFromEnv, ConfigError } from '../config/index.js';

const secretSchema = z.union([
  z.object({ appId: z.string().regex(/^[0-9a-fA-F]{32}$/), appCertificate: z.string().regex(/^[0-9a-fA-F]{32}$/) }),
  z.object({ appToken: z.string().min(1) }),
]);
type SecretCredentials = z.output<typeof secretSchema>;

type Secrets = Pick<SecretsManagerClient, 'send'>;

/** Reads the secret again after a 401 no sooner than this after the last read. */
export const SECRET_REREAD_INTERVAL_MS = 60_000;

async function readSecret(secrets: Secrets, arn: string): Promise<SecretCredentials> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  try {
    return secretSchema.parse(JSON.parse(SecretString ?? ''));
  } catch {
    throw new ConfigError([
      `AGORA_SECRET_ARN: the secret ${arn} must hold JSON {"appId": "<32 hex>", "appCertificate": "<32 hex>"} or {"appToken": "..."}; put the credentials in it (see the README's deploy section)`,
    ]);
  }
}

const providerFor = (credentials: SecretCredentials): TokenProvider =>
  'appToken' in credentials ? new StaticTokenProvider(credentials.appToken) : new MintingTokenProvider(credentials);

const sameCredentials = (a: SecretCredentials, b: SecretCredentials) => JSON.stringify(a) === JSON.stringify(b);

/** Tokens from the secret's credentials; a refused token makes it read the secret again first. */
export class SecretTokenProvider implements TokenProvider {
  private provider: TokenProvider;
  private lastRead: number;
  private rereading: Promise<void> | undefined;

  constructor(
    private credentials: SecretCredentials,
    private readonly read: () => Promise<SecretCredentials>,
    private readonly now: () => number = Date.now,
  ) {
    this.provider = providerFor(credentials);
    this.lastRead = now();
  }

  getToken(): Promise<string> {
    return this.provider.getToken();
  }

  async refresh(refused: string): Promise<boolean> {
    if (this.now() - this.lastRead >= SECRET_REREAD_INTERVAL_MS) {
      this.rereading ??= this.reread().finally(() => (this.rereading = undefined));
      await this.rereading;
    }
    return this.provider.refresh(refused);
  }

  private async reread(): Promise<void> {
    this.lastRead = this.now();
    let fresh: SecretCredentials;
    try {
      fresh = await this.read();
    } catch {
      // An unreadable secret leaves the credentials as they were; the 401 surfaces as it is.
      return;
    }
    if (sameCredentials(fresh, this.credentials)) return;
    this.credentials = fresh;
    this.provider = providerFor(fresh);
  }
}

/** Client options from the environment, with credentials from the secret when one is named. */
export async function agoraClientOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env, secrets: Secrets = new SecretsManagerClient({})): Promise<AgoraChatClientOptions> {
  const arn = env.AGORA_SECRET_ARN;
  if (!arn) return agoraClientOptionsFromEnv(env);
  const read = () => readSecret(secrets, arn);
  const credentials = await read();
  // The other settings are checked as for plain variables, with a placeholder token in place of the credentials.
  const options = agoraClientOptionsFromEnv({ ...env, AGORA_APP_TOKEN: 'from-secret', AGORA_APP_ID: '', AGORA_APP_CERTIFICATE: '' });
  return { ...options, credentials: { provider: new SecretTokenProvider(credentials, read) } };
}
