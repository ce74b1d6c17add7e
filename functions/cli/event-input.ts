/**
 * Moderation events as the command line gives them: built from flags, or read from a JSON-lines
 * file. Each is checked against the queue's event schema before anything is sent, and every
 * problem is reported at once: by flag, or by field with the file's real line number.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import {
  eventDigest,
  EVENT_VERSION,
  futureTimeProblem,
  moderationEventSchema,
  type ModerationEvent,
} from '../events/index.js';
import { missingFlags, text, wholeNumber } from './args.js';
import { UsageError } from './errors.js';
import { check, fieldNames, flagNames, type Checked, type NameOf } from './validation.js';

/** The queue's own checks, as the producer makes them: the schema, then the time against this clock. */
function checkEvent(candidate: unknown, nameOf: NameOf): Checked<ModerationEvent> {
  const checked = check(moderationEventSchema, candidate, nameOf);
  const ahead = checked.ok ? futureTimeProblem(checked.data.time, { now: new Date() }) : undefined;
  return ahead ? { ok: false, problems: [ahead.replace(/^time:/, `${nameOf(['time'])}:`)] } : checked;
}

/** Event fields whose flag is not the field's own name. */
const EVENT_FLAGS = { groupId: '--group' };

/** `--duration`: whole seconds (the schema checks the range) or `permanent`. */
function duration(value: unknown): number | 'permanent' | undefined {
  if (value === 'permanent') return value;
  try {
    return wholeNumber(value, '--duration');
  } catch {
    throw new UsageError(`--duration: expected whole seconds or "permanent", got "${String(value)}"`);
  }
}

/** `--users a,b`: the names as given (the schema checks each); blanks between commas are dropped. */
function userList(value: unknown): string[] | undefined {
  const given = text(value);
  return given === undefined
    ? undefined
    : given
        .split(',')
        .map((user) => user.trim())
        .filter((user) => user !== '');
}

/** One event from `events send` flags; id, time and source get their defaults. @throws {UsageError} */
export function eventFromFlags(options: Record<string, unknown>): ModerationEvent {
  const missing = missingFlags(options, ['type', 'group', 'reason']);
  const candidate = {
    version: EVENT_VERSION,
    type: text(options.type),
    id: text(options.id) ?? randomUUID(),
    groupId: text(options.group),
    reason: text(options.reason),
    source: text(options.source) ?? `groupmod:${userInfo().username}`,
    time: text(options.time) ?? new Date().toISOString(),
    duration: duration(options.duration),
    category: text(options.category),
    sender: text(options.sender),
    messageId: text(options.messageId),
    banId: text(options.banId),
    users: userList(options.users),
    muteId: text(options.muteId),
  };
  // Flags not given are left out: a field the event's type does not take is then only reported when given.
  const checked = checkEvent(
    Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)),
    flagNames(EVENT_FLAGS),
  );
  // Every problem at once: the missing flags, then what the schema says of the given ones.
  const named = new Set(missing.map((line) => line.split(' ')[0]));
  const problems = [
    ...missing,
    ...(checked.ok ? [] : checked.problems.filter((line) => !named.has(line.split(/[: ]/)[0]!))),
  ];
  if (problems.length > 0 || !checked.ok) throw new UsageError(problems.join('\n'));
  return checked.data;
}

async function readText(path: string): Promise<string> {
  if (path !== '-') {
    return readFile(path, 'utf8').catch((error: Error) => {
      throw new UsageError(`--file: cannot read ${path}: ${error.message}`);
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An event read from a file, with its line number. */
interface EventLine {
  line: number;
  event: ModerationEvent;
}

/**
 * Lines that reuse the id of an earlier line for a different event: the queue would take both,
 * and the handler would park the later one. The same event twice (a resend) is no conflict.
 */
export function reusedIdProblems(lines: EventLine[]): string[] {
  const first = new Map<string, EventLine & { digest: string }>();
  const problems: string[] = [];
  for (const { line, event } of lines) {
    const digest = eventDigest(event);
    const earlier = first.get(event.id);
    if (!earlier) first.set(event.id, { line, event, digest });
    else if (earlier.digest !== digest) {
      problems.push(
        `line ${line}: id ${event.id} is already used by line ${earlier.line} for a different event (${earlier.event.type} of group ${earlier.event.groupId}); give every event its own id`,
      );
    }
  }
  return problems;
}

/**
 * Events from a JSON-lines file (`-` reads stdin); blank lines are skipped.
 * @throws {UsageError} listing every bad line by its number (an id used for two different events
 * names both lines), or when the file holds no event.
 */
export async function eventsFromFile(path: string): Promise<ModerationEvent[]> {
  const events: EventLine[] = [];
  const problems: string[] = [];
  // A BOM (as Windows editors write) is no part of the first line; lines end in LF, CRLF or CR.
  (await readText(path))
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `line ${index + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        problems.push(`${where}: not JSON: ${(error as Error).message}`);
        return;
      }
      const checked = checkEvent(json, fieldNames);
      if (checked.ok) events.push({ line: index + 1, event: checked.data });
      else problems.push(...checked.problems.map((problem) => `${where}: ${problem}`));
    });
  problems.push(...reusedIdProblems(events));
  const name = path === '-' ? 'stdin' : path;
  if (problems.length > 0)
    throw new UsageError([`nothing sent: ${name} has ${problems.length} problem(s)`, ...problems].join('\n'));
  if (events.length === 0) throw new UsageError(`nothing sent: ${name} holds no event (it is empty or blank)`);
  return events.map(({ event }) => event);
}
