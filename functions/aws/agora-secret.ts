/**
 * Agora credentials from Secrets Manager. With `AGORA_SECRET_ARN` set, the secret (JSON: either
 * `{"appId": "...", "appCertificate": "..."}` or `{"appToken": "..."}`) supplies the credentials;
 * the rest of the settings still come from `AGORA_*` variables.
 *
 * The secret is read when a function builds its dependencies. The stack creates it empty, so a
 * function started before it is filled fails its build, and builds again on its next invocation
 * (see the Lambda shell's lazy handler). Credentials changed later are picked up after a 401: the
 * token provider reads the secret again (at most once a minute) before minting anew. That read
 * happens inside the refused call, so it carries that call's signal: a stalled read ends with the
 * call's deadline, and the 401 then surfaces as it is.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { MintingTokenProvider, StaticTokenProvider, type AgoraChatClientOptions, type RefreshOptions, type TokenProvider } from '../agora/index.js';
import { agoraClientOptionsFromEnv, ConfigError } from '../config/index.js';
import { sdkOptions, secretsManagerClientFromEnv, type Abortable } from './aws-clients.js';

const secretSchema = z.union([
  z.object({ appId: z.string().regex(/^[0-9a-fA-F]{32}$/), appCertificate: z.string().regex(/^[0-9a-fA-F]{32}$/) }),
  z.object({ appToken: z.string().min(1) }),
]);
type SecretCredentials = z.output<typeof secretSchema>;

type Secrets = Pick<SecretsManagerClient, 'send'>;

/** Reads the secret again after a 401 no sooner than this after the last read. */
export const SECRET_REREAD_INTERVAL_MS = 60_000;

async function readSecret(secrets: Secrets, arn: string, call?: Abortable): Promise<SecretCredentials> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }), sdkOptions(call));
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

/** Resolves when `work` settles or `signal` aborts, whichever comes first. */
function settledOrAborted(work: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return work.then(() => undefined, () => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    work.then(done, done);
  });
}

/** Tokens from the secret's credentials; a refused token makes it read the secret again first. */
export class SecretTokenProvider implements TokenProvider {
  private provider: TokenProvider;
  private lastRead: number;
  private rereading: Promise<void> | undefined;

  constructor(
    private credentials: SecretCredentials,
    private readonly read: (call?: Abortable) => Promise<SecretCredentials>,
    private readonly now: () => number = Date.now,
  ) {
    this.provider = providerFor(credentials);
    this.lastRead = now();
  }

  getToken(): Promise<string> {
    return this.provider.getToken();
  }

  async refresh(refused: string, options: RefreshOptions = {}): Promise<boolean> {
    if (this.now() - this.lastRead >= SECRET_REREAD_INTERVAL_MS) {
      // Concurrent refusals share one read, under the signal of the call that started it; each
      // caller stops waiting at its own deadline.
      this.rereading ??= this.reread(options.signal).finally(() => (this.rereading = undefined));
      await settledOrAborted(this.rereading, options.signal);
    }
    return this.provider.refresh(refused, options);
  }

  private async reread(signal: AbortSignal | undefined): Promise<void> {
    this.lastRead = this.now();
    let fresh: SecretCredentials;
    try {
      fresh = await this.read({ signal });
    } catch {
      // An unreadable secret (or a read aborted by the deadline) leaves the credentials as they
      // were; the 401 surfaces as it is.
      return;
    }
    if (sameCredentials(fresh, this.credentials)) return;
    this.credentials = fresh;
    this.provider = providerFor(fresh);
  }
}

/**
 * Client options from the environment, with credentials from the secret when one is named. The
 * first read has no invocation's signal to carry: the client's own bounds limit it (see
 * `SECRETS_MANAGER_BOUNDS`).
 * @param now the token provider's clock, for tests
 */
export async function agoraClientOptionsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  secrets: Secrets = secretsManagerClientFromEnv(env),
  now: () => number = Date.now,
): Promise<AgoraChatClientOptions> {
  const arn = env.AGORA_SECRET_ARN;
  if (!arn) return agoraClientOptionsFromEnv(env);
  const read = (call?: Abortable) => readSecret(secrets, arn, call);
  const credentials = await read();
  // The other settings are checked as for plain variables, with a placeholder token in place of the credentials.
  const options = agoraClientOptionsFromEnv({ ...env, AGORA_APP_TOKEN: 'from-secret', AGORA_APP_ID: '', AGORA_APP_CERTIFICATE: '' });
  return { ...options, credentials: { provider: new SecretTokenProvider(credentials, read, now) } };
}
