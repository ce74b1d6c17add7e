/** Settings of every job function (audit, export), from its environment at cold start. */
import * as z from 'zod';
import { ConfigError, setVariables } from '../config/index.js';
import { keyPathProblem } from './key-path.js';

export const jobsEnvSchema = z.object({
  OUTPUT_BUCKET: z.string({ error: 'required: the bucket runs are written to' }).min(3).max(63),
  /** Key prefix of every run: a relative path, without "." or ".." segments. @default '' */
  OUTPUT_PREFIX: z
    .string()
    .default('')
    .superRefine((prefix, ctx) => {
      const problem = keyPathProblem(prefix);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Where a job near its deadline sends its continuation. */
  JOBS_QUEUE_URL: z.url({ error: 'required: the URL of the jobs queue (continuations)' }),
  /** Checkpoint when less than this is left of the invocation. @default 120 */
  CHECKPOINT_MARGIN_SECONDS: z.coerce.number({ error: 'expected seconds' }).int().min(10).max(840).default(120),
});

export interface JobsSettings {
  /** `OUTPUT_BUCKET` */
  outputBucket: string;
  /** `OUTPUT_PREFIX` */
  outputPrefix: string;
  /** `JOBS_QUEUE_URL` */
  jobsQueueUrl: string;
  /** `CHECKPOINT_MARGIN_SECONDS` */
  checkpointMarginSeconds: number;
}

/** @throws {ConfigError} naming each bad variable. */
export function jobsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobsSettings {
  const parsed = jobsEnvSchema.safeParse(setVariables(env));
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const e = parsed.data;
  return {
    outputBucket: e.OUTPUT_BUCKET,
    outputPrefix: e.OUTPUT_PREFIX,
    jobsQueueUrl: e.JOBS_QUEUE_URL,
    checkpointMarginSeconds: e.CHECKPOINT_MARGIN_SECONDS,
  };
}
