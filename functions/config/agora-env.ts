import * as z from 'zod';
import type { AgoraChatClientOptions } from '../agora/index.js';
import { ConfigError, setVariables } from './config-error.js';

const hex32 = z.string().regex(/^[0-9a-fA-F]{32}$/, 'expected 32 hexadecimal digits');
const rate = z.coerce
  .number({ error: 'expected a number of calls per second' })
  .positive('expected a number of calls per second above 0');

/** The Agora settings every entry point reads from its environment. */
export const agoraEnvSchema = z.object({
  AGORA_BASE_URL: z.url({
    protocol: /^https?$/,
    error: (issue) =>
      `${issue.input === undefined ? 'required: ' : ''}expected an http(s) URL such as https://a41.chat.agora.io`,
  }),
  AGORA_ORG: z.string({ error: 'required: the org name from the Agora console' }).min(1, 'must not be empty'),
  AGORA_APP: z.string({ error: 'required: the app name from the Agora console' }).min(1, 'must not be empty'),
  AGORA_APP_TOKEN: z.string().min(1).optional(),
  AGORA_APP_ID: hex32.optional(),
  AGORA_APP_CERTIFICATE: hex32.optional(),
  /** Calls per second per endpoint (10 on the free plan). */
  AGORA_RATE_LIMIT: rate.optional(),
  /** Calls per second for joined groups. */
  AGORA_JOINED_RATE_LIMIT: rate.optional(),
});

/** Credentials are a token or an id and certificate: checked apart so every problem shows at once. */
function missingCredentials(env: Record<string, unknown>): string[] {
  if (env.AGORA_APP_TOKEN) return [];
  return (['AGORA_APP_ID', 'AGORA_APP_CERTIFICATE'] as const)
    .filter((name) => !env[name])
    .map((name) => `${name}: required (AGORA_APP_ID with AGORA_APP_CERTIFICATE) unless AGORA_APP_TOKEN is set`);
}

/**
 * Client options from `AGORA_*` variables only, synchronously: no secret is read (for that, the aws
 * module's `agoraClientOptionsWithSecret`).
 * @throws {ConfigError} naming each missing or malformed variable.
 */
export function agoraClientOptionsFromVariables(env: NodeJS.ProcessEnv = process.env): AgoraChatClientOptions {
  const present = setVariables(env);
  const parsed = agoraEnvSchema.safeParse(present);
  const problems = [
    ...(parsed.success ? [] : ConfigError.fromZod(parsed.error).problems),
    ...missingCredentials(present),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    baseUrl: e.AGORA_BASE_URL,
    org: e.AGORA_ORG,
    app: e.AGORA_APP,
    credentials: e.AGORA_APP_TOKEN
      ? { appToken: e.AGORA_APP_TOKEN }
      : { appId: e.AGORA_APP_ID!, appCertificate: e.AGORA_APP_CERTIFICATE! },
    rateLimits: {
      ...(e.AGORA_RATE_LIMIT !== undefined && { default: e.AGORA_RATE_LIMIT }),
      ...(e.AGORA_JOINED_RATE_LIMIT !== undefined && { joined: e.AGORA_JOINED_RATE_LIMIT }),
    },
  };
}
