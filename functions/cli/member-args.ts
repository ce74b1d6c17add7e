/**
 * The command lines of the member, mute-all and recall commands, checked whole before anything
 * is sent: every problem at once, each naming the argument or flag and the limit.
 */
import {
  groupIdSchema,
  MEMBER_BATCH_LIMIT,
  messageIdSchema,
  PERMANENT_MUTE_MS,
  usernameSchema,
} from '../agora/index.js';
import { UsageError } from './errors.js';
import { check, fixedName, type Checked } from './validation.js';

/** The longest mute `--duration` takes, in seconds: the client's own bound (a century), which `permanent` sends. */
export const MAX_MUTE_SECONDS = PERMANENT_MUTE_MS / 1000;

/** A mute's length as the client takes it: milliseconds, or `permanent`. */
export type MuteLength = number | 'permanent';

/** What a recall sends: the client's recall input. */
export interface RecallCommandLine {
  groupId: string;
  msgId: string;
  from?: string;
  force?: true;
}

export interface MembersCommandLine {
  groupId: string;
  users: string[];
}

/** Collects the problems of several checks, so that one error lists them all. */
class Problems {
  readonly lines: string[] = [];

  take<T>(checked: Checked<T>): T | undefined {
    if (checked.ok) return checked.data;
    this.lines.push(...checked.problems);
    return undefined;
  }

  add(line: string): void {
    this.lines.push(line);
  }

  /** @throws {UsageError} listing every problem, when there is any. */
  throwAny(): void {
    if (this.lines.length > 0) throw new UsageError(this.lines.join('\n'));
  }
}

const groupIdOf = (problems: Problems, id: unknown, name: string) =>
  problems.take(check(groupIdSchema, id, fixedName(name)));

/** Each user name checked, and each name given twice named once. */
function usersOf(problems: Problems, users: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const user of users) {
    problems.take(check(usernameSchema, user, fixedName(`USER "${user}"`)));
    if (seen.has(user)) twice.add(user);
    seen.add(user);
  }
  for (const user of twice) problems.add(`USER "${user}": named more than once`);
  return [...users];
}

/** `--duration`: whole seconds from 1 to a century, or `permanent`; what the client takes (milliseconds). */
function muteLengthOf(problems: Problems, value: unknown): MuteLength | undefined {
  const range = `must be whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent"`;
  if (value === undefined)
    problems.add(`--duration is required: whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent"`);
  else if (value === 'permanent') return 'permanent';
  else if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    problems.add(`--duration: expected whole seconds or "permanent", got "${String(value)}"`);
  else if (Number(value) < 1 || Number(value) > MAX_MUTE_SECONDS) problems.add(`--duration: ${range}, got ${value}`);
  else return Number(value) * 1000;
  return undefined;
}

/** `GROUP_ID USER...` of unmute, remove, block and unblock. @throws {UsageError} naming every problem. */
export function membersCommandLine(args: readonly string[]): MembersCommandLine {
  const problems = new Problems();
  const [id = '', ...users] = args;
  const groupId = groupIdOf(problems, id, `GROUP_ID "${id}"`);
  const checkedUsers = usersOf(problems, users);
  problems.throwAny();
  return { groupId: groupId!, users: checkedUsers };
}

/** `GROUP_ID USER... --duration SECONDS|permanent` of mute. @throws {UsageError} naming every problem. */
export function muteCommandLine(
  args: readonly string[],
  options: Record<string, unknown>,
): MembersCommandLine & { duration: MuteLength } {
  const problems = new Problems();
  const [id = '', ...users] = args;
  const groupId = groupIdOf(problems, id, `GROUP_ID "${id}"`);
  const checkedUsers = usersOf(problems, users);
  const duration = muteLengthOf(problems, options.duration);
  problems.throwAny();
  return { groupId: groupId!, users: checkedUsers, duration: duration! };
}

/** `MSG_ID --group GROUP_ID [--from USER] [--force]` of recall. @throws {UsageError} naming every problem. */
export function recallCommandLine(args: readonly string[], options: Record<string, unknown>): RecallCommandLine {
  const problems = new Problems();
  const [id = ''] = args;
  const msgId = problems.take(check(messageIdSchema, id, fixedName(`MSG_ID "${id}"`)));
  if (options.group === undefined) problems.add('--group is required: the group the message was sent to');
  const groupId = options.group === undefined ? undefined : groupIdOf(problems, options.group, '--group');
  const from =
    options.from === undefined ? undefined : problems.take(check(usernameSchema, options.from, fixedName('--from')));
  problems.throwAny();
  return {
    groupId: groupId!,
    msgId: msgId!,
    ...(from !== undefined && { from }),
    ...(options.force === true && { force: true }),
  };
}

/** `users` in calls of at most the service's limit (60), in the order given. */
export function inCallsOf<T>(users: readonly T[], size: number = MEMBER_BATCH_LIMIT): T[][] {
  const calls: T[][] = [];
  for (let start = 0; start < users.length; start += size) calls.push(users.slice(start, start + size));
  return calls;
}
