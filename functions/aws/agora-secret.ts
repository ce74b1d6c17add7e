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
import * as z from 'zod';
import {
  MintingTokenProvider,
  StaticTokenProvider,
  type AgoraChatClientOptions,
  type RefreshOptions,
  type TokenProvider,
  type CallOptions,
} from '../agora/index.js';
import { agoraClientOptionsFromVariables } from '../config/index.js';
import { secretsManagerClientFromEnv } from './aws-clients.js';
import { readJsonSecret, type SecretsReader } from './json-secret.js';
import { RereadableSecret } from './rereadable-secret.js';

const secretSchema = z.union([
  z.object({ appId: z.string().regex(/^[0-9a-fA-F]{32}$/), appCertificate: z.string().regex(/^[0-9a-fA-F]{32}$/) }),
  z.object({ appToken: z.string().min(1) }),
]);
type SecretCredentials = z.output<typeof secretSchema>;

const readSecret = (secrets: SecretsReader, arn: string, call?: CallOptions): Promise<SecretCredentials> =>
  readJsonSecret(
    secrets,
    arn,
    secretSchema,
    `AGORA_SECRET_ARN: the secret ${arn} must hold JSON {"appId": "<32 hex>", "appCertificate": "<32 hex>"} or {"appToken": "..."}; put the credentials in it (see the README's deploy section)`,
    call,
  );

const providerFor = (credentials: SecretCredentials): TokenProvider =>
  'appToken' in credentials ? new StaticTokenProvider(credentials.appToken) : new MintingTokenProvider(credentials);

/** Tokens from the secret's credentials; a refused token makes it read the secret again first. */
export class SecretTokenProvider implements TokenProvider {
  private readonly secret: RereadableSecret<SecretCredentials>;
  private provider: TokenProvider;
  /** The credentials `provider` was made from. */
  private providing: SecretCredentials;

  constructor(
    credentials: SecretCredentials,
    read: (call?: CallOptions) => Promise<SecretCredentials>,
    now: () => number = Date.now,
  ) {
    this.secret = new RereadableSecret(credentials, read, now);
    this.providing = credentials;
    this.provider = providerFor(credentials);
  }

  getToken(): Promise<string> {
    return this.provider.getToken();
  }

  async refresh(refused: string, options: RefreshOptions = {}): Promise<boolean> {
    // The read happens inside the refused call: it carries that call's signal.
    await this.secret.reread({ signal: options.signal });
    if (this.secret.current !== this.providing) {
      this.providing = this.secret.current;
      this.provider = providerFor(this.providing);
    }
    return this.provider.refresh(refused, options);
  }
}

/**
 * Client options from the `AGORA_*` variables, with the credentials read from Secrets Manager when
 * `AGORA_SECRET_ARN` names a secret (without it, the same as `agoraClientOptionsFromVariables`). The
 * first read has no invocation's signal to carry: the client's own bounds limit it (see
 * `SECRETS_MANAGER_BOUNDS`).
 * @param now the token provider's clock, for tests
 */
export async function agoraClientOptionsWithSecret(
  env: NodeJS.ProcessEnv = process.env,
  secrets: SecretsReader = secretsManagerClientFromEnv(env),
  now: () => number = Date.now,
): Promise<AgoraChatClientOptions> {
  const arn = env.AGORA_SECRET_ARN;
  if (!arn) return agoraClientOptionsFromVariables(env);
  const read = (call?: CallOptions) => readSecret(secrets, arn, call);
  const credentials = await read();
  // The other settings are checked as for plain variables, with a placeholder token in place of the credentials.
  const options = agoraClientOptionsFromVariables({
    ...env,
    AGORA_APP_TOKEN: 'from-secret',
    AGORA_APP_ID: '',
    AGORA_APP_CERTIFICATE: '',
  });
  return { ...options, credentials: { provider: new SecretTokenProvider(credentials, read, now) } };
}
