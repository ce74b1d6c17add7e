/**
 * The member, mute and recall command lines: every problem at once, each naming the argument or
 * flag and the limit; what the client is given when all is well.
 */
import { describe, expect, it } from 'vitest';
import { MEMBER_BATCH_LIMIT, PERMANENT_MUTE_MS } from '../../../functions/agora/index.js';
import { UsageError } from '../../../functions/cli/errors.js';
import {
  inCallsOf,
  MAX_MUTE_SECONDS,
  membersCommandLine,
  muteCommandLine,
  recallCommandLine,
} from '../../../functions/cli/member-args.js';
import { MUTE_SECONDS_MAX_HELP, USERS_PER_CALL_HELP } from '../../../functions/cli/members-definitions.js';

const GROUP = '200000000000000001';

/** The lines of the usage error `run` throws. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message.split('\n');
  }
  throw new Error('no usage error');
}

describe('the help states the client’s limits', () => {
  it('users per call and the longest mute', () => {
    expect(USERS_PER_CALL_HELP).toBe(MEMBER_BATCH_LIMIT);
    expect(MUTE_SECONDS_MAX_HELP).toBe(MAX_MUTE_SECONDS);
    expect(MAX_MUTE_SECONDS * 1000).toBe(PERMANENT_MUTE_MS);
  });
});

describe('GROUP_ID USER...', () => {
  it('passes a valid group and users on, in the order given', () => {
    expect(membersCommandLine([GROUP, 'bob', 'ann', 'cy.2'])).toEqual({
      groupId: GROUP,
      users: ['bob', 'ann', 'cy.2'],
    });
  });

  it('names every bad user, every user named twice and a bad group, all at once', () => {
    expect(problemsOf(() => membersCommandLine(['12a', 'Ann', 'bob', 'bob', 'x/y', 'bob']))).toEqual([
      'GROUP_ID "12a": must be a string of digits',
      'USER "Ann": may contain only lowercase a-z, 0-9, "_", "-" and "."',
      'USER "x/y": may contain only lowercase a-z, 0-9, "_", "-" and "."',
      'USER "bob": named more than once',
    ]);
  });

  it('refuses a user name longer than the service takes', () => {
    expect(problemsOf(() => membersCommandLine([GROUP, 'a'.repeat(65)]))).toEqual([
      `USER "${'a'.repeat(65)}": must be at most 64 characters`,
    ]);
  });
});

describe('--duration of mute', () => {
  it.each([
    ['1', 1000],
    ['600', 600_000],
    [String(MAX_MUTE_SECONDS), PERMANENT_MUTE_MS],
    ['permanent', 'permanent'],
  ])('%s seconds are %s for the client', (value, duration) => {
    expect(muteCommandLine([GROUP, 'ann'], { duration: value })).toEqual({ groupId: GROUP, users: ['ann'], duration });
  });

  it.each([
    [undefined, `--duration is required: whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent"`],
    ['0', `--duration: must be whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent", got 0`],
    ['-5', `--duration: must be whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent", got -5`],
    [
      String(MAX_MUTE_SECONDS + 1),
      `--duration: must be whole seconds from 1 to ${MAX_MUTE_SECONDS}, or "permanent", got ${MAX_MUTE_SECONDS + 1}`,
    ],
    ['10m', '--duration: expected whole seconds or "permanent", got "10m"'],
    ['1.5', '--duration: expected whole seconds or "permanent", got "1.5"'],
    ['Permanent', '--duration: expected whole seconds or "permanent", got "Permanent"'],
  ])('%s is refused, naming the flag and its bounds', (value, problem) => {
    expect(problemsOf(() => muteCommandLine([GROUP, 'ann'], { duration: value }))).toEqual([problem]);
  });

  it('is reported with the users’ problems', () => {
    expect(problemsOf(() => muteCommandLine([GROUP, 'Ann'], { duration: 'soon' }))).toEqual([
      'USER "Ann": may contain only lowercase a-z, 0-9, "_", "-" and "."',
      '--duration: expected whole seconds or "permanent", got "soon"',
    ]);
  });
});

describe('MSG_ID --group GROUP_ID [--from USER] [--force]', () => {
  it('passes a valid command line on; --from and --force only when given', () => {
    expect(recallCommandLine(['1250000000000000001'], { group: GROUP })).toEqual({
      groupId: GROUP,
      msgId: '1250000000000000001',
    });
    expect(recallCommandLine(['1250000000000000001'], { group: GROUP, from: 'ann', force: true })).toEqual({
      groupId: GROUP,
      msgId: '1250000000000000001',
      from: 'ann',
      force: true,
    });
  });

  it('names a bad message id, a missing --group and a bad --from, all at once', () => {
    expect(problemsOf(() => recallCommandLine(['12e3'], { from: 'Ann' }))).toEqual([
      'MSG_ID "12e3": must be a string of digits',
      '--group is required: the group the message was sent to',
      '--from: may contain only lowercase a-z, 0-9, "_", "-" and "."',
    ]);
    expect(problemsOf(() => recallCommandLine(['1'], { group: 'abc' }))).toEqual([
      '--group: must be a string of digits',
    ]);
  });
});

describe('calls of 60', () => {
  const users = (count: number) => Array.from({ length: count }, (_, i) => `u${i}`);

  it.each([
    [1, [1]],
    [60, [60]],
    [61, [60, 1]],
    [150, [60, 60, 30]],
  ])('%i users go in calls of %j, every user once, in order', (count, sizes) => {
    const calls = inCallsOf(users(count));
    expect(calls.map((call) => call.length)).toEqual(sizes);
    expect(calls.flat()).toEqual(users(count));
  });
});
