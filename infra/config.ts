/**
 * Every deployment setting, in one zod schema, read from the CDK context key `groupmod` (an
 * object in cdk.json, or JSON text with `-c groupmod='{...}'`). Omitted settings take the
 * documented defaults; an invalid one fails `cdk synth` naming it.
 */
import { z } from 'zod';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TOLERANCE_SECONDS,
  MAX_TOLERANCE_SECONDS,
} from '../functions/callbacks/index.js';
import { rulesSchema } from '../functions/rules/index.js';
import {
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_BUDGET,
  minReceiveCount,
  policySchema,
  RETENTION_MARGIN_SECONDS,
} from '../functions/moderation/index.js';
import { ConfigError } from '../functions/config/index.js';
import { ianaTimeZone, schedulerCron } from './schedule-settings.js';

const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Bounds on the settings that travel in a function's environment (4 KB in all, checked again
 * per function at synth): with both at their limit and every other setting at a usual length,
 * each function stays under it.
 */
export const MAX_BAN_DURATIONS = 20;
/** The banned terms as the audit function receives them: comma-separated, JSON-escaped. */
export const MAX_BANNED_TERMS_BYTES = 1536;

const bannedTerms = z
  .array(
    z
      .string()
      .min(1)
      .regex(/^[^,]+$/, 'a term may not contain a comma: the audit function receives the terms comma-separated'),
  )
  .refine((terms) => Buffer.byteLength(JSON.stringify(terms.join(','))) <= MAX_BANNED_TERMS_BYTES, {
    message: `at most ${MAX_BANNED_TERMS_BYTES} bytes comma-separated: the terms travel in the audit function's environment, 4 KB in all`,
  });
const boundedPolicy = policySchema.refine((policy) => policy.banDurations.length <= MAX_BAN_DURATIONS, {
  path: ['banDurations'],
  message: `at most ${MAX_BAN_DURATIONS} durations: the policy travels in the moderation function's environment, 4 KB in all`,
});

/**
 * CloudFormation names a FIFO queue `<stack>-<logical id>-<13 random characters>.fifo` without
 * shortening it to SQS's 80 characters; with the longest queue logical id here (24 characters),
 * a stack name up to this length fits.
 */
export const STACK_NAME_MAX_LENGTH = 36;

/** How long the moderation queue keeps a message: SQS then drops it, moved nowhere, so the handler parks one before. */
export const MODERATION_QUEUE_RETENTION_SECONDS = DEFAULT_RETRY_BUDGET.queueRetentionSeconds;
/** The moderation queue's visibility timeout is this many times the function's timeout. */
export const VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT = 6;
/** The retry window ends where the handler parks a record before the queue's retention would drop it. */
const RETRY_WINDOW_MAX_SECONDS = MODERATION_QUEUE_RETENTION_SECONDS - RETENTION_MARGIN_SECONDS;
// The complete ARN, with the six characters Secrets Manager appends to the name: a partial one
// would be granted as written and match no secret, and the first read would be denied.
const secretArn = z
  .string()
  .regex(
    /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
    'expected the complete ARN of a Secrets Manager secret, ending in "-" and six characters (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf)',
  );
const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/,
    'expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key id>',
  );
/** A key setting names the key of an existing secret: the secrets the stack creates use Secrets Manager's own. */
const keyOnlyWithSecret = (
  section: string,
): [
  (settings: { secretArn?: string | undefined; secretKeyArn?: string | undefined }) => boolean,
  { path: string[]; message: string },
] => [
  (settings) => !settings.secretKeyArn || Boolean(settings.secretArn),
  {
    path: ['secretKeyArn'],
    message: `only with ${section}.secretArn: the secret the stack creates uses Secrets Manager's own key`,
  },
];

const reservedConcurrency = z.number().int().min(1).max(1_000).nullable().default(20);

/**
 * The alarm on an endpoint's silence: fewer verified callbacks (received, less refused) than
 * `minimum` in `periodMinutes`, a period without any data counting as silent. Agora switches a
 * rule off after 90 failures in 30 s, and a rule removed, disabled or pointed elsewhere in the
 * Console sends nothing either. `null` switches it off (an endpoint no rule uses).
 */
const silenceAlarm = z
  .strictObject({
    /** @default 60 */
    periodMinutes: z.number().int().min(1).max(1_440).default(60),
    /** @default 1 */
    minimum: z.number().int().min(1).default(1),
  })
  .nullable()
  .prefault({});

/** What Lambda keeps unreserved in every account: reservations may take only the rest. */
export const UNRESERVED_MINIMUM = 100;

export const deploymentSchema = z.strictObject({
  /** @default 'AgoraGroupModeration' */
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'expected letters, digits and hyphens, starting with a letter')
    .max(
      STACK_NAME_MAX_LENGTH,
      `at most ${STACK_NAME_MAX_LENGTH} characters: the generated FIFO queue names must fit in 80`,
    )
    .default('AgoraGroupModeration'),
  /** Retains the ledger and bucket on delete and protects the table from deletion. @default false */
  production: z.boolean().default(false),
  agora: z
    .strictObject({
      /** e.g. https://a41.chat.agora.io */
      baseUrl: z.url({
        protocol: /^https$/,
        error: 'expected the https URL of your Agora Chat host, e.g. https://a41.chat.agora.io',
      }),
      org: z.string().min(1),
      app: z.string().min(1),
      /** An existing secret with the credentials; without it the stack creates an empty one. */
      secretArn: secretArn.optional(),
      /** The customer-managed KMS key that secret is encrypted with; the functions get kms:Decrypt on it. */
      secretKeyArn: kmsKeyArn.optional(),
      /** The app's limit per endpoint, calls/s (10 on the free plan). @default 100 */
      rateLimit: z.number().positive().default(100),
      /** Joined groups' limit. @default 50 */
      joinedRateLimit: z.number().positive().default(50),
    })
    .refine(...keyOnlyWithSecret('agora')),
  moderation: z
    .strictObject({
      /** Calls/s one moderation instance may make; maximum concurrency = rateLimit ÷ this (at least 2). @default 20 */
      perInstanceRate: z.number().positive().default(20),
      /** @default 60 */
      timeoutSeconds: seconds(10, 900).default(60),
      /** @default 10 */
      batchSize: z.number().int().min(1).max(10).default(10),
      /**
       * Receives before SQS moves a record to the DLQ: the handler's last net. At least two retry
       * windows' worth at the backoff (about 200 receives for a day at the 15-minute cap), so an
       * event that waited a whole window behind another of its group still gets its own; at most
       * what a record whose invocations crash (back after each visibility timeout, six function
       * timeouts) makes within the queue's 4-day retention, so it reaches the DLQ before SQS
       * drops it. @default 500
       */
      maxReceiveCount: z.number().int().min(5).max(1000).default(500),
      /** How long an event is retried from its own first failure, in seconds; it ends an hour before the queue's 4-day retention. @default 86400 */
      retryWindowSeconds: seconds(60, RETRY_WINDOW_MAX_SECONDS).default(DEFAULT_RETRY_BUDGET.windowSeconds),
      /** The moderation policy (see the README); omitted fields take their defaults. */
      policy: boundedPolicy.prefault({}),
    })
    .prefault({}),
  audit: z
    .strictObject({
      /** @default 'cron(0 3 * * ? *)' */
      schedule: schedulerCron.default('cron(0 3 * * ? *)'),
      bannedTerms: bannedTerms.default([]),
      /** @default 0.9 */
      nearCapacity: z.number().gt(0).max(1).default(0.9),
      /** Send drift to the moderation queue. @default false */
      repair: z.boolean().default(false),
    })
    .prefault({}),
  callbacks: z
    .strictObject({
      /** The moderation rules of the callbacks ingress (see the README). @default no rules: every message passes */
      rules: rulesSchema.prefault({ rules: [] }),
      /** How far a callback's timestamp may be from the function's clock. @default 300 */
      toleranceSeconds: seconds(1, MAX_TOLERANCE_SECONDS).default(DEFAULT_TOLERANCE_SECONDS),
      /** Larger bodies are refused with 413. @default 65536 */
      maxBodyBytes: z.number().int().min(1_024).max(6_000_000).default(DEFAULT_MAX_BODY_BYTES),
      /** The pre-delivery verdict after an internal error. @default 'pass' */
      onError: z.enum(['pass', 'reject']).default('pass'),
      /** An existing secret with the Console rules' secrets (`callbackSecret`); without it the stack creates an empty one. */
      secretArn: secretArn.optional(),
      /** The customer-managed KMS key that secret is encrypted with; the callbacks functions get kms:Decrypt on it. */
      secretKeyArn: kmsKeyArn.optional(),
      preDelivery: z
        .strictObject({
          /**
           * Instances at most: bounds cost under a flood; the URL takes up to 10 × this many
           * requests/s. `null` reserves none (the function then shares the account's pool).
           * @default 20
           */
          reservedConcurrency: reservedConcurrency,
          /** Alarm when the URL's average latency over 5 minutes is above this (Agora waits 200 ms by default). @default 100 */
          latencyAlarmMs: z.number().int().min(10).max(1_000).default(100),
          /** Alarm when pre-delivery callbacks stop arriving. @default { periodMinutes: 60, minimum: 1 } */
          silenceAlarm,
          /**
           * Instances Lambda keeps initialised ahead of the callbacks (billed while configured,
           * whether used or not; see the README): the function URL then points at the alias `live`
           * that holds them. At most `reservedConcurrency`, which they count towards. @default 0: none
           */
          provisionedConcurrency: z.number().int().min(0).max(1_000).default(0),
        })
        .refine(
          (settings) =>
            settings.reservedConcurrency === null || settings.provisionedConcurrency <= settings.reservedConcurrency,
          {
            path: ['provisionedConcurrency'],
            message:
              "at most reservedConcurrency: Lambda refuses more provisioned concurrency than a function's reserved concurrency",
          },
        )
        .prefault({}),
      postDelivery: z
        .strictObject({
          /** As for pre-delivery. @default 20 */
          reservedConcurrency: reservedConcurrency,
          /** Alarm when post-delivery callbacks stop arriving. @default { periodMinutes: 60, minimum: 1 } */
          silenceAlarm,
        })
        .prefault({}),
    })
    .refine(...keyOnlyWithSecret('callbacks'))
    .prefault({}),
  exports: z
    .strictObject({
      /** A daily export of every group. @default 'cron(0 5 * * ? *)' */
      schedule: schedulerCron.default('cron(0 5 * * ? *)'),
    })
    .prefault({}),
  /** IANA time zone of the cron schedules. @default 'UTC' */
  scheduleTimeZone: ianaTimeZone.default('UTC'),
  /**
   * The account's Lambda concurrency quota in the region (new accounts may start at 10): synth
   * warns when the functions may run more instances at once. `npm run deploy` reads the quota
   * from the account and passes it instead (context `groupmod:accountConcurrencyLimit`), so this
   * matters only to `npm run synth` and a bare `cdk deploy`. @default 1000
   */
  accountConcurrencyLimit: z.number().int().min(1).default(1000),
  /** Alarm notifications go to this address when set. */
  alarmEmail: z.email().optional(),
  /** Days audit and export runs are kept. @default 90 */
  outputRetentionDays: z.number().int().min(1).default(90),
  /** Days function logs are kept. @default 30 */
  logRetentionDays: z.number().int().min(1).default(30),
});
export type DeploymentConfig = z.output<typeof deploymentSchema>;

/** Concurrency the stack reserves for its functions (the callbacks'). */
export const reservedConcurrencyOf = (config: DeploymentConfig): number =>
  (config.callbacks.preDelivery.reservedConcurrency ?? 0) + (config.callbacks.postDelivery.reservedConcurrency ?? 0);

/**
 * A deploy fails when reservations would leave the account less than Lambda's unreserved minimum:
 * refuse it at synth, naming where the quota came from (the setting, or the account itself when
 * `npm run deploy` measured it, which no setting changes).
 */
function reservationProblem(config: DeploymentConfig, measured: boolean): string | undefined {
  const reserved = reservedConcurrencyOf(config);
  if (reserved === 0 || config.accountConcurrencyLimit - reserved >= UNRESERVED_MINIMUM) return undefined;
  const quota = measured
    ? `the account's Lambda concurrency quota, as read from the account (${MEASURED_CONCURRENCY_LIMIT_CONTEXT}), is ${config.accountConcurrencyLimit}`
    : `groupmod.accountConcurrencyLimit is ${config.accountConcurrencyLimit}`;
  const ways = measured
    ? 'Ask AWS for a higher quota (Service Quotas, AWS Lambda, "Concurrent executions") and deploy again once it is raised'
    : 'Ask AWS for a higher quota and set accountConcurrencyLimit to it';
  return (
    `groupmod.callbacks.preDelivery.reservedConcurrency, groupmod.callbacks.postDelivery.reservedConcurrency: together ${reserved}, ` +
    `but Lambda keeps ${UNRESERVED_MINIMUM} of the account's concurrency unreserved and ${quota}: ` +
    `the deploy would fail. ${ways}, or lower the reservations (null reserves none)`
  );
}

/**
 * The moderation queue's receive limit against the retry window and the function's timeout: it
 * must hold two retry windows at the handler's backoff (an event's own, and one it waited through
 * behind another of its group, whose receive count climbed meanwhile), and a record whose
 * invocations fail, back after every visibility timeout, must reach it before the queue's
 * retention drops the message without moving it to the DLQ.
 */
function receiveLimitProblems({ moderation }: DeploymentConfig): string[] {
  const problems: string[] = [];
  const setting = 'groupmod.moderation.maxReceiveCount';
  const needed = minReceiveCount(moderation.retryWindowSeconds, DEFAULT_BACKOFF);
  if (moderation.maxReceiveCount < needed) {
    problems.push(
      `${setting}: at least ${needed} to hold two retry windows of ${moderation.retryWindowSeconds} s at the ${DEFAULT_BACKOFF.maxSeconds} s backoff cap ` +
        `(an event's own, and one it waited through behind another of its group); or shorten groupmod.moderation.retryWindowSeconds`,
    );
  }
  const visibility = VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT * moderation.timeoutSeconds;
  const crashReceives = Math.floor(MODERATION_QUEUE_RETENTION_SECONDS / visibility);
  if (moderation.maxReceiveCount > crashReceives) {
    problems.push(
      `${setting}: at most ${crashReceives}: a record whose invocations fail comes back every ${visibility} s (${VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT} × groupmod.moderation.timeoutSeconds), ` +
        `and the queue drops a message after ${MODERATION_QUEUE_RETENTION_SECONDS} s without moving it to the DLQ; ` +
        `a shorter groupmod.moderation.timeoutSeconds or retryWindowSeconds lets a smaller maxReceiveCount do`,
    );
  }
  return problems;
}

/**
 * The context key `npm run deploy` sets to the concurrency quota it has just read from Lambda
 * (GetAccountSettings): it takes the place of `accountConcurrencyLimit`, so the synth checks the
 * reservations and the functions' concurrency against the account's real quota.
 */
export const MEASURED_CONCURRENCY_LIMIT_CONTEXT = 'groupmod:accountConcurrencyLimit';

/** The `groupmod` context as given: an object, or JSON text. @throws {ConfigError} when it is absent or not JSON */
export function groupmodSettings(context: unknown): unknown {
  let value = context;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new ConfigError([`groupmod: not JSON: ${(error as Error).message}`]);
    }
  }
  if (value === undefined)
    throw new ConfigError(['groupmod: required context; set it in cdk.json or with -c groupmod=\'{"agora": {...}}\'']);
  return value;
}

/**
 * @param context the value of the `groupmod` context key: an object or JSON text
 * @param measuredConcurrencyLimit the quota read from the account (context `groupmod:accountConcurrencyLimit`), which replaces the setting
 * @throws {ConfigError} naming every invalid setting as `groupmod.<path>`
 */
export function parseDeploymentConfig(context: unknown, measuredConcurrencyLimit?: unknown): DeploymentConfig {
  let value = groupmodSettings(context);
  if (measuredConcurrencyLimit !== undefined) {
    const limit = Number(measuredConcurrencyLimit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ConfigError([
        `${MEASURED_CONCURRENCY_LIMIT_CONTEXT}: expected the account's Lambda concurrency quota, a whole number of at least 1; got ${JSON.stringify(measuredConcurrencyLimit)}`,
      ]);
    }
    if (typeof value === 'object' && value !== null) value = { ...value, accountConcurrencyLimit: limit };
  }
  const parsed = deploymentSchema.safeParse(value);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, 'groupmod');
  const problems = [
    reservationProblem(parsed.data, measuredConcurrencyLimit !== undefined),
    ...receiveLimitProblems(parsed.data),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/** The moderation event source's maximum concurrency and each instance's share of the rate. */
export function moderationConcurrency(config: DeploymentConfig): { maxConcurrency: number; perInstanceRate: number } {
  const maxConcurrency = Math.max(2, Math.floor(config.agora.rateLimit / config.moderation.perInstanceRate));
  return { maxConcurrency, perInstanceRate: config.agora.rateLimit / maxConcurrency };
}
