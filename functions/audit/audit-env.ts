/** The audit function's own settings, besides the jobs' (`OUTPUT_BUCKET`, ...), from its environment at cold start. */
import * as z from 'zod';
import { ConfigError, setVariables } from '../config/index.js';

export const auditEnvSchema = z.object({
  /** The moderation ledger: bans in force. Without it every disabled group counts as disabled by hand. */
  LEDGER_TABLE_NAME: z.string().min(3).optional(),
  AUDIT_BANNED_TERMS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((term) => term.trim())
        .filter(Boolean),
    )
    .optional(),
  // Only the type's message is given: the bounds' messages say the bound.
  AUDIT_NEAR_CAPACITY: z.coerce
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'expected a ratio such as 0.9' : undefined) })
    .gt(0)
    .max(1)
    .default(0.9),
  AUDIT_REPAIR: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Where `AUDIT_REPAIR` sends its events. */
  MODERATION_QUEUE_URL: z.url().optional(),
});

export interface AuditSettings {
  /** `LEDGER_TABLE_NAME` */
  ledgerTableName?: string;
  /** `AUDIT_BANNED_TERMS`, split at commas */
  bannedTerms?: string[];
  /** `AUDIT_NEAR_CAPACITY` */
  nearCapacity: number;
  /** `AUDIT_REPAIR`, with where it sends its events (`MODERATION_QUEUE_URL`): checked to be set. */
  repair?: { queueUrl: string };
}

/** @throws {ConfigError} naming each bad variable. */
export function auditSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AuditSettings {
  const parsed = auditEnvSchema.safeParse(setVariables(env));
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const e = parsed.data;
  const problems: string[] = [];
  if (e.AUDIT_REPAIR && !e.LEDGER_TABLE_NAME) problems.push('LEDGER_TABLE_NAME: required when AUDIT_REPAIR is true');
  if (e.AUDIT_REPAIR && !e.MODERATION_QUEUE_URL)
    problems.push('MODERATION_QUEUE_URL: required when AUDIT_REPAIR is true');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(e.LEDGER_TABLE_NAME && { ledgerTableName: e.LEDGER_TABLE_NAME }),
    ...(e.AUDIT_BANNED_TERMS && { bannedTerms: e.AUDIT_BANNED_TERMS }),
    nearCapacity: e.AUDIT_NEAR_CAPACITY,
    ...(e.AUDIT_REPAIR && e.MODERATION_QUEUE_URL && { repair: { queueUrl: e.MODERATION_QUEUE_URL } }),
  };
}
