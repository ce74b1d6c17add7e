/**
 * The callbacks endpoints behind a local HTTP server (see callbacks-server.ts), with the handlers
 * the function URLs run, claiming and counting in a ledger table and reporting to a queue; an
 * emulator, when given, is set to call them, signed with the first secret. The secrets are read
 * as the functions read `AGORA_CALLBACK_SECRET` (several separated by commas); locally there is
 * no secret in Secrets Manager.
 */
import { randomBytes } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  CALLBACK_SERVICE,
  callbackSecretsFromEnvironment,
  createCallbackHandler,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REPORT_TIMEOUT_MS,
  DEFAULT_TOLERANCE_SECONDS,
  handlePostDelivery,
  handlePreDelivery,
  type CallbackEndpoint,
} from '../../functions/callbacks/index.js';
import { compileRuleSet, parseRules } from '../../functions/rules/index.js';
import { createTelemetry, lambdaSettingsFromEnv, type LogLevel } from '../../functions/lambda/index.js';
import type { CallbackClaims, MessageCounters } from '../../functions/ledger/index.js';
import { ConfigError } from '../../functions/config/index.js';
import type { CallbackSettings, Emulator } from '../emulator/index.js';
import { startCallbacksServer } from './callbacks-server.js';

/** The function timeouts the stack deploys the callbacks endpoints with (infra/constructs/callbacks-functions.ts). */
export const CALLBACK_TIMEOUT_MS = { 'pre-delivery': 5_000, 'post-delivery': 15_000 } as const;

export interface LocalCallbacksOptions {
  /** Where both endpoints listen. @default 0 (any free port) */
  port?: number;
  /** The rules, as a rules file (`MODERATION_RULES_FILE`) or `MODERATION_RULES` holds them. @default none: every message passes */
  rules?: unknown;
  /** The callback secrets, as `AGORA_CALLBACK_SECRET` holds them (separated by commas). @default a random one */
  secret?: string;
  /** The pre-delivery verdict after an internal error. @default 'pass' */
  onError?: 'pass' | 'reject';
  /** How the embedded emulator calls the endpoints (timeouts, fallback, offline copies, callId style). */
  emulator?: Omit<CallbackSettings, 'preDelivery' | 'postDelivery'> & {
    preDelivery?: { timeoutMs?: number; fallback?: 'pass' | 'reject' } | false;
    postDelivery?: { timeoutMs?: number; offline?: boolean } | false;
  };
}

export async function startLocalCallbacks(
  options: LocalCallbacksOptions,
  parts: {
    sqs: SQSClient;
    queueUrl: string;
    counters: MessageCounters;
    claims: CallbackClaims;
    logLevel: LogLevel;
    emulator?: Emulator | undefined;
  },
) {
  const parsed = parseRules(options.rules ?? { rules: [] });
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((problem) => `MODERATION_RULES: ${problem}`));
  const rules = compileRuleSet(parsed.rules);
  const secrets = await callbackSecretsFromEnvironment({
    AGORA_CALLBACK_SECRET: options.secret ?? randomBytes(16).toString('hex'),
  });
  const secret = secrets[0]!;
  const dependencies = (endpoint: CallbackEndpoint) => ({
    ...createTelemetry({ serviceName: CALLBACK_SERVICE[endpoint], logLevel: parts.logLevel }),
    verification: { secrets, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, toleranceMs: DEFAULT_TOLERANCE_SECONDS * 1000 },
    rules,
    queue: { sqs: parts.sqs, queueUrl: parts.queueUrl },
    ...(endpoint === 'post-delivery' && { counters: parts.counters }),
    claims: parts.claims,
    onError: options.onError ?? 'pass',
    reportTimeoutMs: DEFAULT_REPORT_TIMEOUT_MS,
    clock: Date.now,
    deadlineMarginMs: lambdaSettingsFromEnv({}).deadlineMarginMs,
  });
  const server = await startCallbacksServer({
    port: options.port ?? 0,
    handlers: {
      'pre-delivery': () => createCallbackHandler(handlePreDelivery, dependencies('pre-delivery')),
      'post-delivery': () => createCallbackHandler(handlePostDelivery, dependencies('post-delivery')),
    },
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    timeoutMs: CALLBACK_TIMEOUT_MS,
  });
  const preDeliveryUrl = `${server.baseUrl}/pre-delivery`;
  const postDeliveryUrl = `${server.baseUrl}/post-delivery`;
  const { preDelivery, postDelivery, ...calling } = options.emulator ?? {};
  parts.emulator?.callbacks.set({
    ...calling,
    ...(preDelivery !== false && { preDelivery: { url: preDeliveryUrl, secret, ...preDelivery } }),
    ...(postDelivery !== false && { postDelivery: { url: postDeliveryUrl, secret, ...postDelivery } }),
  });
  /** `secret` signs (the emulator's and the tests' callbacks); `secrets` are all the endpoints accept. */
  return { preDeliveryUrl, postDeliveryUrl, secret, secrets, rules: parsed.rules, close: server.close };
}
