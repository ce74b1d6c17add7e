/**
 * The moderation function's settings, read from its environment once at cold start. Every
 * problem is reported at once, naming the variable.
 */
import * as z from 'zod';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../../events/index.js';
import { ConfigError, setVariables } from '../../config/index.js';
import { DEFAULT_BACKOFF } from './failure-disposition.js';
import { policySchema, type Policy } from '../decision/index.js';
import { DEFAULT_RETRY_BUDGET, minReceiveCount, RETENTION_MARGIN_SECONDS, type RetryBudget } from './retry-budget.js';

const seconds = z.coerce
  .number({ error: 'expected a number of seconds' })
  .int('expected whole seconds')
  .min(1)
  .max(43_200);
const flag = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true');
const policyJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
});

export const moderationEnvSchema = z.object({
  /** The moderation FIFO queue (visibility changes, and the ban scheduler's target). */
  MODERATION_QUEUE_URL: z.url({ error: 'expected the queue URL' }),
  /** The FIFO DLQ that parked events go to. */
  MODERATION_DLQ_URL: z.url({ error: 'expected the dead-letter queue URL' }),
  LEDGER_TABLE_NAME: z.string({ error: 'required: the ledger table name' }).min(3).max(255),
  /** The policy as JSON; omitted fields take their defaults. */
  MODERATION_POLICY: policyJson.optional(),
  /** Overrides the policy's dryRun. */
  MODERATION_DRY_RUN: flag.optional(),
  /** First retry's visibility; it doubles per receive, with jitter. @default 5 */
  RETRY_BASE_SECONDS: seconds.default(DEFAULT_BACKOFF.baseSeconds),
  /** Longest retry visibility. @default 900 */
  RETRY_MAX_SECONDS: seconds.default(DEFAULT_BACKOFF.maxSeconds),
  /**
   * The queue's redrive `maxReceiveCount`: the handler parks a record still failing one receive
   * before it, its last net. It must hold two retry windows at the backoff (`minReceiveCount`). @default 500
   */
  MODERATION_MAX_RECEIVE_COUNT: z.coerce
    .number({ error: 'expected a number of receives' })
    .int('expected whole receives')
    .min(2)
    .max(1000)
    .default(500),
  /** How long an event is retried from its own first failure. @default 86400 */
  RETRY_WINDOW_SECONDS: z.coerce
    .number({ error: 'expected a number of seconds' })
    .int('expected whole seconds')
    .min(60)
    .max(1_209_600)
    .default(DEFAULT_RETRY_BUDGET.windowSeconds),
  /** The queue's `MessageRetentionPeriod`: a record is parked before a retry would outlive it. @default 345600 */
  MODERATION_QUEUE_RETENTION_SECONDS: z.coerce
    .number({ error: 'expected a number of seconds' })
    .int('expected whole seconds')
    .min(60)
    .max(1_209_600)
    .default(DEFAULT_RETRY_BUDGET.queueRetentionSeconds),
  /** How far ahead of the handler's clock an event may be dated; later ones are parked as invalid. @default 300 */
  EVENT_CLOCK_SKEW_SECONDS: z.coerce
    .number({ error: 'expected a number of seconds' })
    .int('expected whole seconds')
    .min(0)
    .max(86_400)
    .default(DEFAULT_CLOCK_SKEW_SECONDS),
  /** EventBridge Scheduler for timed bans (required in AWS; the local stack brings its own scheduler). */
  BAN_SCHEDULE_GROUP: z.string().min(1).max(64).optional(),
  BAN_SCHEDULER_ROLE_ARN: z.string().startsWith('arn:').optional(),
  MODERATION_QUEUE_ARN: z.string().startsWith('arn:').optional(),
  BAN_SCHEDULE_DLQ_ARN: z.string().startsWith('arn:').optional(),
});

export interface ModerationSettings {
  queueUrl: string;
  deadLetterQueueUrl: string;
  ledgerTableName: string;
  policy: Policy;
  backoff: { baseSeconds: number; maxSeconds: number };
  maxReceiveCount: number;
  budget: RetryBudget;
  clockSkewSeconds: number;
  banSchedule?: { groupName: string; roleArn: string; queueArn: string; deadLetterArn?: string };
}

const SCHEDULER_VARIABLES = ['BAN_SCHEDULE_GROUP', 'BAN_SCHEDULER_ROLE_ARN', 'MODERATION_QUEUE_ARN'] as const;

/**
 * @param requireBanSchedule whether the EventBridge scheduler variables must be set (in AWS).
 * @throws {ConfigError} naming each bad variable.
 */
export function moderationSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  requireBanSchedule = true,
): ModerationSettings {
  const present = setVariables(env);
  const parsed = moderationEnvSchema.safeParse(present);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const e = parsed.data;

  const problems: string[] = [];
  const policy = policySchema.safeParse(e.MODERATION_POLICY ?? {});
  if (!policy.success) problems.push(...ConfigError.fromZod(policy.error, 'MODERATION_POLICY').problems);
  if (e.RETRY_MAX_SECONDS < e.RETRY_BASE_SECONDS)
    problems.push('RETRY_MAX_SECONDS: must be at least RETRY_BASE_SECONDS');
  const backoff = { baseSeconds: e.RETRY_BASE_SECONDS, maxSeconds: e.RETRY_MAX_SECONDS };
  const receivesNeeded = minReceiveCount(e.RETRY_WINDOW_SECONDS, backoff);
  if (e.RETRY_WINDOW_SECONDS + RETENTION_MARGIN_SECONDS > e.MODERATION_QUEUE_RETENTION_SECONDS) {
    problems.push(
      `RETRY_WINDOW_SECONDS: must end at least ${RETENTION_MARGIN_SECONDS} s before the queue's retention (MODERATION_QUEUE_RETENTION_SECONDS, ${e.MODERATION_QUEUE_RETENTION_SECONDS})`,
    );
  } else if (e.RETRY_MAX_SECONDS >= e.RETRY_BASE_SECONDS && e.MODERATION_MAX_RECEIVE_COUNT < receivesNeeded) {
    problems.push(
      `MODERATION_MAX_RECEIVE_COUNT: must be at least ${receivesNeeded} to hold two retry windows (RETRY_WINDOW_SECONDS ${e.RETRY_WINDOW_SECONDS} at RETRY_MAX_SECONDS ${e.RETRY_MAX_SECONDS}), ` +
        "an event's own and one it waited through behind another of its group; or shorten RETRY_WINDOW_SECONDS",
    );
  }
  if (requireBanSchedule)
    problems.push(...SCHEDULER_VARIABLES.filter((name) => !e[name]).map((name) => `${name}: required for timed bans`));
  if (problems.length > 0 || !policy.success) throw new ConfigError(problems);

  return {
    queueUrl: e.MODERATION_QUEUE_URL,
    deadLetterQueueUrl: e.MODERATION_DLQ_URL,
    ledgerTableName: e.LEDGER_TABLE_NAME,
    policy: { ...policy.data, ...(e.MODERATION_DRY_RUN !== undefined && { dryRun: e.MODERATION_DRY_RUN }) },
    backoff,
    maxReceiveCount: e.MODERATION_MAX_RECEIVE_COUNT,
    budget: { windowSeconds: e.RETRY_WINDOW_SECONDS, queueRetentionSeconds: e.MODERATION_QUEUE_RETENTION_SECONDS },
    clockSkewSeconds: e.EVENT_CLOCK_SKEW_SECONDS,
    ...(e.BAN_SCHEDULE_GROUP &&
      e.BAN_SCHEDULER_ROLE_ARN &&
      e.MODERATION_QUEUE_ARN && {
        banSchedule: {
          groupName: e.BAN_SCHEDULE_GROUP,
          roleArn: e.BAN_SCHEDULER_ROLE_ARN,
          queueArn: e.MODERATION_QUEUE_ARN,
          ...(e.BAN_SCHEDULE_DLQ_ARN && { deadLetterArn: e.BAN_SCHEDULE_DLQ_ARN }),
        },
      }),
  };
}
