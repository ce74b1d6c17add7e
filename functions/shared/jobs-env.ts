/** Settings of the scheduled audit and export functions, from their environment at cold start. */
import { z } from 'zod';
import { ConfigError, setVariables } from './config-error.js';

export const jobsEnvSchema = z.object({
  OUTPUT_BUCKET: z.string({ error: 'required: the bucket runs are written to' }).min(3).max(63),
  OUTPUT_PREFIX: z.string().default(''),
  /** Where a job near its deadline sends its continuation. */
  JOBS_QUEUE_URL: z.url({ error: 'required: the URL of the jobs queue (continuations)' }),
  /** Checkpoint when less than this is left of the invocation. @default 120 */
  CHECKPOINT_MARGIN_SECONDS: z.coerce.number({ error: 'expected seconds' }).int().min(10).max(840).default(120),
  LEDGER_TABLE_NAME: z.string().min(3).optional(),
  AUDIT_BANNED_TERMS: z
    .string()
    .transform((text) => text.split(',').map((term) => term.trim()).filter(Boolean))
    .optional(),
  // Only the type's message is given: the bounds' messages say the bound.
  AUDIT_NEAR_CAPACITY: z.coerce
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'expected a ratio such as 0.9' : undefined) })
    .gt(0)
    .max(1)
    .default(0.9),
  AUDIT_REPAIR: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false').transform((value) => value === 'true'),
  MODERATION_QUEUE_URL: z.url().optional(),
});
export type JobsSettings = z.output<typeof jobsEnvSchema>;

/** @throws {ConfigError} naming each bad variable. */
export function jobsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobsSettings {
  const present = setVariables(env);
  const parsed = jobsEnvSchema.safeParse(present);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const problems: string[] = [];
  if (parsed.data.AUDIT_REPAIR && !parsed.data.LEDGER_TABLE_NAME) problems.push('LEDGER_TABLE_NAME: required when AUDIT_REPAIR is true');
  if (parsed.data.AUDIT_REPAIR && !parsed.data.MODERATION_QUEUE_URL) problems.push('MODERATION_QUEUE_URL: required when AUDIT_REPAIR is true');
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}
