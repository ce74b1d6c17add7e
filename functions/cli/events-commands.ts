import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { EVENT_VERSION, InvalidEventsError, sendModerationEvents } from '../events/index.js';
import { ConfigError, sqsClientFromEnv } from '../shared/index.js';
import { integer, parse, str } from './args.js';
import { Progress, writeJsonLine } from './output.js';
import { UsageError } from './usage-error.js';

export const EVENTS_USAGE = `groupmod events send [options]

  send --type TYPE --group GROUP_ID --reason TEXT [--source NAME] [--duration SECONDS|permanent]
       [--category NAME] [--ban-id ID] [--id ID] [--time ISO]
                                           one event; id and time default to a new UUID and now
  send --file FILE                         JSON lines, one event each ("-" reads stdin); every
                                           line is checked before any is sent
  TYPE: violation.threshold_reached, violation.reported, group.disable, group.enable, ban.expire
  Needs MODERATION_QUEUE_URL and AWS credentials; AWS_ENDPOINT_URL_SQS points at a local queue.`;

const queueUrlSchema = z.url({ error: 'required: the URL of the moderation FIFO queue' }).endsWith('.fifo', 'expected a FIFO queue URL (ending in .fifo)');

export function queueUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const parsed = queueUrlSchema.safeParse(env.MODERATION_QUEUE_URL || undefined);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, 'MODERATION_QUEUE_URL');
  return parsed.data;
}

/** Events from a JSON-lines file: blank lines skipped, a line that is not JSON reported by number. */
async function eventsFromFile(path: string): Promise<unknown[]> {
  const text = path === '-' ? await readStdin() : await readFile(path, 'utf8').catch((error: Error) => {
    throw new UsageError(`cannot read ${path}: ${error.message}`);
  });
  const events: unknown[] = [];
  const problems: { index: number; reason: string }[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      problems.push({ index, reason: `not JSON: ${(error as Error).message}` });
    }
  });
  if (problems.length > 0) throw new InvalidEventsError(problems);
  return events;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function eventFromFlags(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  for (const flag of ['type', 'group', 'reason'] as const) if (!values[flag]) throw new UsageError(`--${flag} is required (or use --file)`);
  const duration = str(values.duration);
  return {
    version: EVENT_VERSION,
    id: str(values.id) ?? randomUUID(),
    type: str(values.type),
    groupId: str(values.group),
    reason: str(values.reason),
    source: str(values.source) ?? `groupmod:${userInfo().username}`,
    time: str(values.time) ?? new Date().toISOString(),
    ...(duration !== undefined && { duration: duration === 'permanent' ? duration : integer(duration, '--duration') }),
    ...(values.category !== undefined && { category: str(values.category) }),
    ...(values['ban-id'] !== undefined && { banId: str(values['ban-id']) }),
  };
}

/** Runs `groupmod events <command> ...`; returns the exit code. */
export async function runEventsCommand(command: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (command !== 'send') throw new UsageError(command ? `unknown events command "${command}"` : 'expected an events command');
  const { values } = parse(
    args,
    {
      file: { type: 'string' },
      type: { type: 'string' },
      group: { type: 'string' },
      reason: { type: 'string' },
      source: { type: 'string' },
      duration: { type: 'string' },
      category: { type: 'string' },
      'ban-id': { type: 'string' },
      id: { type: 'string' },
      time: { type: 'string' },
    },
    { min: 0, max: 0, name: 'no arguments' },
  );
  const queueUrl = queueUrlFromEnv(env);
  const file = str(values.file);
  if (file !== undefined && Object.keys(values).length > 1) throw new UsageError('--file cannot be combined with event flags');
  const events = file !== undefined ? await eventsFromFile(file) : [eventFromFlags(values)];

  const sqs = sqsClientFromEnv(env);
  const progress = new Progress();
  try {
    const report = await sendModerationEvents(sqs, queueUrl, events, {
      onBatch: (sofar) => progress.update(`sent ${sofar.sent.length} of ${events.length} events`),
    });
    progress.done(`sent ${report.sent.length} of ${events.length} events`);
    for (const sent of report.sent) await writeJsonLine(sent);
    for (const failed of report.failed) console.error(`groupmod: not sent: event ${failed.id} (group ${failed.groupId}): ${failed.reason}`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}
