/**
 * The callbacks endpoints' settings, read from their environment once at cold start; every
 * problem is reported at once, naming the variable.
 */
import * as z from 'zod';
import { ConfigError, setVariables } from '../config/index.js';
import type { RuleSet } from '../rules/index.js';
import { rulesFromEnvironment } from './rules-source.js';

/** 5 minutes either way: Agora retries a post-delivery callback once after a 60 s timeout. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** 3 days: how long Agora keeps failed callbacks to resend on request. */
export const MAX_TOLERANCE_SECONDS = 259_200;
/** 64 KiB: over ten times a text message's body with its `ext`, under every Lambda payload limit. */
export const DEFAULT_MAX_BODY_BYTES = 65_536;
/** How long a pre-delivery rejection waits for its report to be queued before answering anyway. */
export const DEFAULT_REPORT_TIMEOUT_MS = 100;

export const OnError = { Pass: 'pass', Reject: 'reject' } as const;
export type OnError = (typeof OnError)[keyof typeof OnError];

const whole = (what: string) =>
  z.coerce.number({ error: `expected a number of ${what}` }).int(`expected whole ${what}`);

export const callbacksEnvSchema = z.object({
  /** Where violations go. */
  MODERATION_QUEUE_URL: z.url({ error: 'expected the moderation queue URL' }),
  /** The ledger table, holding the counters of `flood` and `repeat` rules. */
  LEDGER_TABLE_NAME: z.string().min(3).max(255).optional(),
  /** The rules as JSON (see the README), or instead: */
  MODERATION_RULES: z.string().optional(),
  /** A JSON file of rules, read at init (see rules-source.ts); neither: every message passes. */
  MODERATION_RULES_FILE: z.string().optional(),
  /** @default 300 */
  CALLBACK_TOLERANCE_SECONDS: whole('seconds').min(1).max(MAX_TOLERANCE_SECONDS).default(DEFAULT_TOLERANCE_SECONDS),
  /** @default 65536 */
  CALLBACK_MAX_BODY_BYTES: whole('bytes').min(1_024).max(6_000_000).default(DEFAULT_MAX_BODY_BYTES),
  /** What a pre-delivery verdict that fails inside answers. @default pass */
  CALLBACK_ON_ERROR: z.enum([OnError.Pass, OnError.Reject], { error: 'expected pass or reject' }).default(OnError.Pass),
  /** @default 100 */
  CALLBACK_REPORT_TIMEOUT_MS: whole('milliseconds').min(10).max(5_000).default(DEFAULT_REPORT_TIMEOUT_MS),
});

export interface CallbacksSettings {
  queueUrl: string;
  ledgerTableName?: string;
  rules: RuleSet;
  toleranceMs: number;
  maxBodyBytes: number;
  onError: OnError;
  reportTimeoutMs: number;
}

/** @throws {ConfigError} naming each bad variable. */
export function callbacksSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CallbacksSettings {
  const parsed = callbacksEnvSchema.safeParse(setVariables(env));
  const rules = rulesFromEnvironment(setVariables(env));
  const problems = [
    ...(parsed.success ? [] : ConfigError.fromZod(parsed.error).problems),
    ...(rules.ok ? [] : rules.problems),
  ];
  if (!parsed.success || !rules.ok || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    queueUrl: e.MODERATION_QUEUE_URL,
    ...(e.LEDGER_TABLE_NAME && { ledgerTableName: e.LEDGER_TABLE_NAME }),
    rules: rules.rules,
    toleranceMs: e.CALLBACK_TOLERANCE_SECONDS * 1000,
    maxBodyBytes: e.CALLBACK_MAX_BODY_BYTES,
    onError: e.CALLBACK_ON_ERROR,
    reportTimeoutMs: e.CALLBACK_REPORT_TIMEOUT_MS,
  };
}
