/**
 * `events send --file` reads and checks the whole file before anything is sent: an id used for
 * two different events is refused, naming the id and both lines; the same event twice (a resend)
 * is not.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFromFlags, eventsFromFile, reusedIdProblems } from '../../../functions/cli/event-input.js';
import type { ModerationEvent } from '../../../functions/events/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const A = '100000000000000001';
const B = '100000000000000002';
const TIME = '2026-01-01T00:00:00Z';
const event = (id: string, extra: Record<string, unknown> = {}) =>
  ({
    version: 1,
    id,
    type: 'group.disable',
    groupId: A,
    reason: 'spam',
    source: 'on-call',
    time: TIME,
    ...extra,
  }) as ModerationEvent;

const dir = tempDir('event-input');
let files = 0;
async function fileOf(lines: string[]): Promise<string> {
  const path = join(dir, `events-${(files += 1)}.jsonl`);
  await writeFile(path, lines.join('\n'));
  return path;
}

describe('eventsFromFile', () => {
  it('refuses a file that uses one id for two different events, naming the id and both lines', async () => {
    const path = await fileOf([
      JSON.stringify(event('e1')),
      JSON.stringify(event('e2')),
      '',
      JSON.stringify(event('e1', { type: 'group.enable', groupId: B })),
    ]);

    await expect(eventsFromFile(path)).rejects.toThrow(
      `nothing sent: ${path} has 1 problem(s)\nline 4: id e1 is already used by line 1 for a different event (group.disable of group ${A}); give every event its own id`,
    );
  });

  it('reads a file that starts with a BOM and ends its lines in CRLF or CR alone', async () => {
    const path = join(dir, 'windows.jsonl');
    await writeFile(
      path,
      `\uFEFF${JSON.stringify(event('e1'))}\r\n${JSON.stringify(event('e2'))}\r${JSON.stringify(event('e3'))}\r\n`,
    );

    expect((await eventsFromFile(path)).map((read) => read.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('names every reuse, each against the first line of its id', async () => {
    const path = await fileOf(
      [event('e1'), event('e1', { reason: 'other' }), event('e1', { reason: 'third' })].map((e) => JSON.stringify(e)),
    );

    const error = (await eventsFromFile(path).catch((e: unknown) => e)) as Error;

    expect(error.message.split('\n').slice(1)).toEqual([
      `line 2: id e1 is already used by line 1 for a different event (group.disable of group ${A}); give every event its own id`,
      `line 3: id e1 is already used by line 1 for a different event (group.disable of group ${A}); give every event its own id`,
    ]);
  });

  it('lists a reuse with the other problems of the file', async () => {
    const path = await fileOf([
      'not json',
      JSON.stringify(event('e1')),
      JSON.stringify(event('e1', { reason: 'other' })),
    ]);
    const error = (await eventsFromFile(path).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^nothing sent: .* has 2 problem\(s\)\nline 1: not JSON: .*\nline 3: id e1 is already used by line 2 /,
    );
  });

  it('takes the same event twice, written differently: a resend, which the queue deduplicates', async () => {
    const same = event('e1');
    const rewritten = { ...Object.fromEntries(Object.entries(same).reverse()), time: '2026-01-01T00:00:00.000+00:00' };
    const path = await fileOf([JSON.stringify(same), JSON.stringify(rewritten)]);

    expect((await eventsFromFile(path)).map((e) => e.id)).toEqual(['e1', 'e1']);
  });
});

describe('reusedIdProblems', () => {
  it('finds none among distinct ids', () => {
    expect(
      reusedIdProblems([
        { line: 1, event: event('e1') },
        { line: 2, event: event('e2') },
      ]),
    ).toEqual([]);
  });
});

describe('eventFromFlags', () => {
  it('takes the sender and the message of a violation; refuses them on a type that does not take them', () => {
    const flags = { group: A, reason: 'spam', sender: 'mallory', messageId: '1249' };

    expect(eventFromFlags({ ...flags, type: 'violation.reported' })).toMatchObject({
      sender: 'mallory',
      messageId: '1249',
    });
    expect(() => eventFromFlags({ ...flags, type: 'group.disable' })).toThrow(/sender|message/);
  });

  it('takes the members of a member event from --users, comma-separated, and the mute from --duration', () => {
    const flags = { group: A, reason: 'spam wave', type: 'member.mute', duration: '600' };

    expect(eventFromFlags({ ...flags, users: 'spammer1, spammer2,' })).toMatchObject({
      type: 'member.mute',
      users: ['spammer1', 'spammer2'],
      duration: 600,
    });
    expect(() => eventFromFlags({ ...flags, users: 'Spammer1' })).toThrow(/--users/);
    expect(() => eventFromFlags(flags)).toThrow(/--users/);
  });

  it('names a missing --duration of a member mute as missing, not as a bad value', () => {
    const flags = { group: A, reason: 'spam wave', type: 'member.mute', users: 'spammer1' };
    expect(() => eventFromFlags(flags)).toThrow(/^--duration is required for member\.mute$/);
    expect(() => eventFromFlags({ ...flags, duration: 'forever' })).toThrow(
      '--duration: expected whole seconds or "permanent", got "forever"',
    );
  });
});
