/**
 * `groupmod events send` and `groupmod ledger show` as a producer and on-call run them: the real
 * binary, configured by the environment, sending over the SQS wire protocol to the local stack,
 * whose handler then acts on the events.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GROUP_ID_MAX_DIGITS } from '../../functions/agora/identifiers.js';
import { EventType } from '../../functions/events/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { groupmod as run, jsonLines as lines } from '../helpers/groupmod.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { tempDir } from '../helpers/temp-dir.js';

let stack: LocalStack;
let dir: string;

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT' });
  dir = tempDir('groupmod-events');
});
afterAll(() => stack?.close());

const groupmod = (args: string[], env: Record<string, string> = stack.env, stdin?: string) => run(args, env, stdin);
const send = (args: string[], env?: Record<string, string>, stdin?: string) =>
  groupmod(['events', 'send', ...args], env, stdin);

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n'));
  return path;
}

describe('groupmod events send', () => {
  test('sends one event from flags; the pipeline disables the group', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });

    const result = await send([
      '--type',
      'group.disable',
      '--group',
      group!,
      '--reason',
      'raid',
      '--duration',
      'permanent',
      '--source',
      'on-call',
    ]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [sent] = lines(result.stdout);
    expect(sent).toMatchObject({ groupId: group, type: 'group.disable' });
    // The queue's id of the message, not to be read as a chat message's `messageId`.
    expect(Object.keys(sent!).sort()).toEqual(['groupId', 'id', 'queueMessageId', 'type']);
    const record = await waitFor('the event to be processed', () => stack.ledger.getProcessed(String(sent!.id)));
    expect(record.outcome).toMatch(/^disabled: ban .* until permanent$/);
    expect(stack.emulator!.store.get(group!)!.disabled).toBe(true);
    expect((await stack.ledger.listBans(group!))[0]).toMatchObject({ reason: 'raid', source: 'on-call' });
  });

  test('sends a ban.enforce: the group is disabled again for the ban in force, and no ban is added', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });
    const disable = moderationEvent('group.disable', group!, { duration: 'permanent' });
    await send(['--file', await file('enforce-setup.jsonl', [JSON.stringify(disable)])]);
    await waitFor('the ban', () => stack.ledger.getProcessed(disable.id));
    stack.emulator!.store.update(group!, { disabled: false });

    const result = await send([
      '--type',
      'ban.enforce',
      '--group',
      group!,
      '--reason',
      'bypassed',
      '--ban-id',
      `ban-${disable.id}`,
    ]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const record = await waitFor('the event to be processed', () =>
      stack.ledger.getProcessed(String(lines(result.stdout)[0]!.id)),
    );
    expect(record.outcome).toBe(`disabled again: ban ban-${disable.id} is in force until permanent`);
    expect(stack.emulator!.store.get(group!)!.disabled).toBe(true);
    expect((await stack.ledger.listBans(group!)).map((ban) => ban.status)).toEqual(['active']);
  });

  test('takes a reason that starts with a dash', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });
    const result = await send([
      '--type',
      'group.disable',
      '--group',
      group!,
      '--reason',
      '-spam wave',
      '--duration',
      '3600',
    ]);
    expect(result.code).toBe(0);
    await waitFor('the event to be processed', () => stack.ledger.getProcessed(String(lines(result.stdout)[0]!.id)));
    expect((await stack.ledger.listBans(group!))[0]).toMatchObject({ reason: '-spam wave', duration: 3600 });
  });

  test('sends a JSON-lines file in order, each event in its group', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const events = [
      moderationEvent('group.disable', first!),
      moderationEvent('group.enable', first!),
      moderationEvent('group.disable', first!, { duration: 'permanent' }),
    ];
    const path = await file('events.jsonl', [...events.map((event) => JSON.stringify(event)), '', '']);

    const result = await send(['--file', path]);

    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((sent) => sent.id)).toEqual(events.map((event) => event.id));
    await waitFor('the last event to be processed', () => stack.ledger.getProcessed(events[2]!.id));
    expect((await stack.ledger.listBans(first!)).map((ban) => ban.status)).toEqual(['lifted', 'active']);
  });

  test('reads the events from stdin with --file -', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const event = moderationEvent('violation.reported', first!, { category: 'spam' });
    const result = await send(['--file', '-'], stack.env, `${JSON.stringify(event)}\n`);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([expect.objectContaining({ id: event.id, type: 'violation.reported' })]);
  });

  test('a file with bad lines sends nothing and reports every problem at once, by its real line number', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const path = await file('bad.jsonl', [
      JSON.stringify(moderationEvent('group.disable', first!)),
      '',
      JSON.stringify({
        ...moderationEvent('ban.expire', first!, { banId: 'b' }),
        banId: undefined,
        time: '2026-11-25T10:00:00',
      }),
      'not json',
      '',
      JSON.stringify(moderationEvent('group.disable', '1'.repeat(GROUP_ID_MAX_DIGITS + 1))),
    ]);
    const before = stack.poller.stats.received;

    const result = await send(['--file', path]);

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      [
        `groupmod: nothing sent: ${path} has 4 problem(s)`,
        'groupmod: line 3: time: needs a zone, e.g. 2026-11-25T10:00:00Z',
        'groupmod: line 3: banId is required for ban.expire',
        `groupmod: line 4: not JSON: ${jsonError('not json')}`,
        `groupmod: line 6: groupId: at most ${GROUP_ID_MAX_DIGITS} digits`,
        '',
      ].join('\n'),
    );
    expect(stack.poller.stats.received).toBe(before);
  });

  test('a file that uses one id for two different events sends nothing, naming the id and both lines', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const disable = moderationEvent('group.disable', first!);
    const path = await file('reused-id.jsonl', [
      JSON.stringify(disable),
      JSON.stringify(disable),
      JSON.stringify(moderationEvent('group.enable', first!, { id: disable.id })),
    ]);
    const before = stack.poller.stats.received;

    const result = await send(['--file', path]);

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `groupmod: nothing sent: ${path} has 1 problem(s)\n` +
        `groupmod: line 3: id ${disable.id} is already used by line 1 for a different event (group.disable of group ${first}); give every event its own id\n`,
    );
    expect(stack.poller.stats.received).toBe(before);
  });

  test('a mistyped type on a line of a file gets the closest type as a suggestion, nothing sent', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const path = await file('mistyped.jsonl', [
      JSON.stringify({ ...moderationEvent('group.disable', first!), type: 'ban.expir' }),
    ]);
    const before = stack.poller.stats.received;

    const result = await send(['--file', path]);

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `groupmod: nothing sent: ${path} has 1 problem(s)\n` +
        `groupmod: line 1: type: (did you mean ban.expire?) one of ${Object.values(EventType).join(', ')}\n`,
    );
    expect(stack.poller.stats.received).toBe(before);
  });

  test('an empty file is an error', async () => {
    const result = await send(['--file', await file('empty.jsonl', ['', ''])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^groupmod: nothing sent: .*empty\.jsonl holds no event \(it is empty or blank\)\n$/);
  });

  test.each([
    [['--type', 'ban.expire', '--reason', 'over'], '--ban-id is required for ban.expire'],
    [['--type', 'ban.enforce', '--reason', 'bypassed'], '--ban-id is required for ban.enforce'],
    [
      ['--type', 'group.disable', '--reason', 'x', '--time', '2026-11-25T10:00:00'],
      '--time: needs a zone, e.g. 2026-11-25T10:00:00Z',
    ],
    [['--type', 'group.explode', '--reason', 'x'], `--type: one of ${Object.values(EventType).join(', ')}`],
    [
      ['--type', 'group.disabel', '--reason', 'x'],
      `--type: (did you mean group.disable?) one of ${Object.values(EventType).join(', ')}`,
    ],
    [['--type', 'group.disable', '--reason', 'x', '--duration', '-5'], '--duration: a ban lasts at least 1 second'],
    [['--type', 'group.enable', '--reason', 'x', '--duration', '60'], '--duration does not apply to group.enable'],
    [['--type', 'group.disable', '--reason', 'x'.repeat(1001)], '--reason: at most 1000 characters'],
  ])('flags %j: refused naming the flag and the limit, nothing sent', async (args, message) => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const before = stack.poller.stats.received;
    const result = await send([...args, '--group', first!]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `groupmod: ${message}\n` });
    expect(stack.poller.stats.received).toBe(before);
  });

  test('a time further ahead than the tolerated clock skew names --time (flags) or the line (file), nothing sent', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const before = stack.poller.stats.received;
    const flags = await send([
      '--type',
      'group.disable',
      '--reason',
      'x',
      '--group',
      first!,
      '--time',
      '2099-01-01T00:00:00Z',
    ]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(
      /^groupmod: --time: 2099-01-01T00:00:00Z is \d+ s ahead of this clock \(.*\); at most 300 s of clock skew is tolerated\n$/,
    );
    const future = {
      version: 1,
      id: 'late-clock',
      type: 'group.enable',
      groupId: first,
      reason: 'x',
      source: 's',
      time: '2099-01-01T00:00:00Z',
    };
    const fromFile = await send(['--file', await file('future.jsonl', ['', JSON.stringify(future)])]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain('groupmod: line 2: time: 2099-01-01T00:00:00Z is ');
    expect(stack.poller.stats.received).toBe(before);
  });

  test('a flag left without its value, so that it took the next flag, is named; written with = it is the value', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const swallowed = await send(['--type', 'group.disable', '--group', first!, '--reason', '--duration', '60']);
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr.split('\n')[0]).toBe(
      'groupmod: --reason needs a value, and got the flag --duration (if that is the value, write --reason=--duration)',
    );
    const meant = await send(['--type', 'group.disable', '--group', first!, '--reason=--duration']);
    expect(meant.code).toBe(0);
    expect(JSON.parse(meant.stdout)).toMatchObject({ groupId: first, type: 'group.disable' });
  });

  test('a group id over the limit names --group and the limit', async () => {
    const result = await send([
      '--type',
      'group.disable',
      '--reason',
      'x',
      '--group',
      '1'.repeat(GROUP_ID_MAX_DIGITS + 1),
    ]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `groupmod: --group: at most ${GROUP_ID_MAX_DIGITS} digits\n`,
    });
  });

  test('without MODERATION_QUEUE_URL it fails naming the variable', async () => {
    const { MODERATION_QUEUE_URL: _omitted, ...env } = stack.env;
    const result = await send(['--type', 'group.enable', '--group', '123456789012345', '--reason', 'x'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MODERATION_QUEUE_URL: required');
  });
});

describe('groupmod ledger show', () => {
  test('prints the group state and its bans', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });
    const sent = await send(['--type', 'group.disable', '--group', group!, '--reason', 'raid', '--duration', '3600']);
    await waitFor('the event to be processed', () => stack.ledger.getProcessed(String(lines(sent.stdout)[0]!.id)));

    const shown = await groupmod(['ledger', 'show', group!]);

    expect(shown.code).toBe(0);
    const [state, ban] = lines(shown.stdout) as [
      { state: { activeBanId: string } },
      { ban: { banId: string; reason: string; duration: number } },
    ];
    expect(state.state.activeBanId).toBe(ban.ban.banId);
    expect(ban.ban).toMatchObject({ reason: 'raid', duration: 3600 });
  });

  test('refuses an id that is not a group id', async () => {
    expect(await groupmod(['ledger', 'show', 'abc'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'groupmod: GROUP_ID "abc": must be a string of digits\n',
    });
  });
});

/** The message JSON.parse gives for `text` on this Node.js version. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is JSON`);
}
