import * as z from 'zod';
import { ConfigError } from '../config/index.js';
import { checkQueueEndpoint } from './aws-settings.js';

const queueUrlSchema = z
  .url({ error: 'required: the URL of the moderation FIFO queue' })
  .endsWith('.fifo', 'expected a FIFO queue URL (ending in .fifo)');

/** `MODERATION_QUEUE_URL`, and the endpoint it needs. @throws {ConfigError} naming what is missing. */
export function moderationQueueUrl(env: NodeJS.ProcessEnv): string {
  const parsed = queueUrlSchema.safeParse(env.MODERATION_QUEUE_URL || undefined);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((issue) => `MODERATION_QUEUE_URL: ${issue.message}`));
  checkQueueEndpoint('MODERATION_QUEUE_URL', parsed.data, env);
  return parsed.data;
}
