/** `groupmod events send`: checks every event, then sends them all to the moderation queue. */
import { sendModerationEvents } from '../events/index.js';
import { sqsClientFromEnv } from '../aws/index.js';
import { text } from './args.js';
import { prepareAwsClient } from './aws-settings.js';
import { eventFromFlags, eventsFromFile } from './event-input.js';
import { Progress, writeJsonLine } from './output.js';
import { moderationQueueUrl } from './queue-url.js';
import type { CommandRun } from './session.js';
import { UsageError } from './errors.js';

export const send: CommandRun = async ({ options, env }) => {
  const file = text(options.file);
  if (file !== undefined && Object.keys(options).length > 1)
    throw new UsageError('--file cannot be combined with event flags');
  const events = file !== undefined ? await eventsFromFile(file) : [eventFromFlags(options)];
  const queueUrl = moderationQueueUrl(env);
  const sqs = sqsClientFromEnv(env);
  try {
    await prepareAwsClient(sqs);
    const progress = new Progress();
    const report = await sendModerationEvents(sqs, queueUrl, events, {
      onBatch: (sofar) => progress.update(`sent ${sofar.sent.length} of ${events.length} events`),
    });
    progress.done(`sent ${report.sent.length} of ${events.length} events`);
    for (const sent of report.sent) await writeJsonLine(sent);
    for (const failed of report.failed)
      console.error(`groupmod: not sent: event ${failed.id} (group ${failed.groupId}): ${failed.reason}`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    sqs.destroy();
  }
};
