/** What every function reads besides its own settings: the deadline margin and the metrics namespace. */
import * as z from 'zod';
import { ConfigError, setVariables } from '../config/index.js';

export const lambdaEnvSchema = z.object({
  /** Outbound calls stop this long before the Lambda's end, leaving it to report. @default 3 */
  DEADLINE_MARGIN_SECONDS: z.coerce
    .number({ error: 'expected a number of seconds' })
    .min(0.5, 'at least 0.5 s')
    .max(60, 'at most 60 s')
    .default(3),
  /** @default AgoraGroupModeration */
  METRICS_NAMESPACE: z.string().min(1).max(255).optional(),
});

export interface LambdaSettings {
  deadlineMarginMs: number;
  metricsNamespace?: string;
}

/** @throws {ConfigError} naming each bad variable. */
export function lambdaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LambdaSettings {
  const parsed = lambdaEnvSchema.safeParse(setVariables(env));
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  return {
    deadlineMarginMs: parsed.data.DEADLINE_MARGIN_SECONDS * 1000,
    ...(parsed.data.METRICS_NAMESPACE && { metricsNamespace: parsed.data.METRICS_NAMESPACE }),
  };
}
